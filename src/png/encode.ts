/**
 * A PNG encoder for 8-bit grey or RGB images, written chunk by chunk (signature, IHDR, tEXt, IDAT,
 * IEND) on the host's raw deflate (src/host.ts: node:zlib, or pako in a browser). The async form
 * compresses bands of rows apart (in parallel on libuv's thread pool in Node): each band is an
 * independent raw-deflate piece ended by a sync flush (byte-aligned, not final), the last one by
 * Z_FINISH, so their concatenation is one valid deflate stream; the zlib header and the Adler-32 of
 * the whole are added here. One zlib stream on one core is otherwise the slowest step of writing a
 * 4000x4000 image.
 */
import type { BackendOptions } from '../host.js';
import { invalidType } from '../errors.js';
import { type Call, byBackend, nativeAddon, syncCall, wasmFunction } from '../kernel.js';
import { BACKEND_OPTIONS, defineOptions } from '../options.js';
import { checkAttached, checkNumber } from '../validate.js';
import { checkPngText, pngBands, pngFile, zlibParts } from './format.js';
import type { PngImage } from './image.js';
import { Adler32, scanlines } from './scanlines.js';

export type { PngImage } from './image.js';

export interface PngOptions extends BackendOptions {
  /** zlib level 0..9 (default 6). */
  level?: number;
  /** zlib strategy: 'default', or 'rle' (run lengths only: far faster, and on fractal images about as small). */
  strategy?: 'default' | 'rle';
  /** PNG row filter: 'none', or 'up' (each byte minus the one above; pairs well with 'rle'). Default 'none'. */
  filter?: 'none' | 'up';
  /** Text metadata as tEXt chunks: Latin-1 keywords of 1..79 characters. */
  text?: Record<string, string>;
}

const OPTIONS = defineOptions<PngOptions>()({ level: 6, strategy: 'default', filter: 'none', text: undefined, ...BACKEND_OPTIONS });

const STRATEGIES = ['default', 'rle'] as const;
const FILTERS = { none: 0, up: 2 } as const;

interface Settings {
  level: number;
  strategy: (typeof STRATEGIES)[number];
  filter: 0 | 2;
  call: Call;
}

function checkImage(image: PngImage, options: PngOptions): Settings {
  const opts = OPTIONS.read('encodePng', options);
  const { width, height, channels, pixels } = image;
  checkNumber('width', width, { integer: true, min: 1, max: 2 ** 31 - 1 });
  checkNumber('height', height, { integer: true, min: 1, max: 2 ** 31 - 1 });
  if (channels !== 1 && channels !== 3) throw new RangeError(`Expected 1 or 3 for channels but received ${String(channels)}`);
  if (pixels instanceof Uint8Array) checkAttached('pixels', pixels);
  if (!(pixels instanceof Uint8Array) || pixels.length !== width * height * channels) {
    throw new RangeError(`Expected a Uint8Array of ${width * height * channels} bytes for pixels but received ${pixels?.length ?? String(pixels)}`);
  }
  const level = checkNumber('level', opts.level, { integer: true, min: 0, max: 9 });
  if (!STRATEGIES.includes(opts.strategy)) throw invalidType('strategy', "'default' or 'rle'", opts.strategy);
  if (!Object.hasOwn(FILTERS, opts.filter)) throw invalidType('filter', "'none' or 'up'", opts.filter);
  const strategy = opts.strategy;
  const filter = FILTERS[opts.filter];
  checkPngText(opts.text);
  return { level, strategy, filter, call: syncCall(opts) };
}

// The file around the compressed rows, with the host's crc32 for the chunk checksums.
function assemble(image: PngImage, options: PngOptions, idat: Uint8Array | readonly Uint8Array[], call: Call): Uint8Array {
  return pngFile(image, options.text, idat, (data) => call.host.deflater.crc32(data));
}

/**
 * Encodes a PNG on this thread, one zlib stream.
 *
 * @example
 * const png = encodePngSync({ width: 2, height: 1, channels: 1, pixels: Uint8Array.of(0, 255) });
 */
export function encodePngSync(image: PngImage, options: PngOptions = {}): Uint8Array {
  const { level, strategy, filter, call } = checkImage(image, options);
  return assemble(image, options, call.host.deflater.deflate(scanlines(image, filter, 0, image.height), level, strategy), call);
}

/**
 * Encodes a PNG with bands of rows compressed in parallel on libuv's thread pool, for large images.
 * Rows are filtered and checksummed natively on every core, or (js backend) here band by band
 * while the pool compresses the previous bands.
 *
 * @example
 * const png = await encodePng({ width: 4000, height: 4000, channels: 1, pixels: grey }, { level: 1 });
 */
export async function encodePng(image: PngImage, options: PngOptions = {}): Promise<Uint8Array> {
  const settings = checkImage(image, options);
  const { level, strategy, filter } = settings;
  const rowBytes = image.width * image.channels + 1;
  const rowsOf = pngBands(image.height, rowBytes);
  const bands = rowsOf.length;
  const compress = (band: Uint8Array, k: number) => settings.call.host.deflater.deflateRawBand(band, level, strategy, k === bands - 1);
  const pieces: Array<Promise<Uint8Array>> = [];
  const compressBands = (raw: Uint8Array) => {
    for (let k = 0; k < bands; k++) pieces.push(compress(raw.subarray(rowsOf[k][0] * rowBytes, rowsOf[k][1] * rowBytes), k));
  };
  const scanlinesJs = () => {
    const sum = new Adler32();
    for (let k = 0; k < bands; k++) {
      const band = scanlines(image, filter, ...rowsOf[k]);
      pieces.push(compress(band, k));
      sum.update(band); // while the pool compresses this band
    }
    return sum.value();
  };
  const adler = byBackend(settings.call, {
    native: () => {
      // Filtering and checksumming 16 MB natively on every core takes a few ms, then the pool compresses.
      const raw = new Uint8Array(image.height * rowBytes);
      const sum = nativeAddon(settings.call).pngScanlines(image.pixels, raw, rowBytes - 1, image.height, filter, settings.call.threads);
      compressBands(raw);
      return sum;
    },
    js: scanlinesJs,
    wasm: () => {
      // On the calling thread (one band: the wasm form has no threads of its own), then the pool compresses.
      const raw = new Uint8Array(image.height * rowBytes);
      const sum = wasmFunction(settings.call, 'pngScanlines', { inputs: [image.pixels], outputs: [raw], scalars: [rowBytes - 1, image.height, filter] });
      compressBands(raw);
      return sum;
    },
  });
  return assemble(image, options, zlibParts(await Promise.all(pieces), adler), settings.call);
}
