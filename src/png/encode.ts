/**
 * A PNG encoder for 8-bit grey or RGB images, written chunk by chunk (signature, IHDR, tEXt, IDAT,
 * IEND) on node:zlib. The async form compresses bands of rows in parallel on libuv's thread pool:
 * each band is an independent raw-deflate piece ended by a sync flush (byte-aligned, not final),
 * the last one by Z_FINISH, so their concatenation is one valid deflate stream; the zlib header
 * and the Adler-32 of the whole are added here. One zlib stream on one core is otherwise the
 * slowest step of writing a 4000x4000 image.
 */
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { type BackendOptions, nativeAddon } from '../backend.js';
import { invalidType } from '../errors.js';
import { type Call, byBackend, syncCall } from '../kernel.js';
import { BACKEND_OPTIONS, defineOptions } from '../options.js';
import { checkNumber } from '../validate.js';
import type { PngImage } from './image.js';
import { Adler32, scanlines } from './scanlines.js';

export type { PngImage } from './image.js';

const deflateRaw = promisify(zlib.deflateRaw);

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

const STRATEGIES = { default: zlib.constants.Z_DEFAULT_STRATEGY, rle: zlib.constants.Z_RLE } as const;
const FILTERS = { none: 0, up: 2 } as const;

const SIGNATURE = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);
// Band size for parallel compression: big enough that restarting the compressor per band costs
// little ratio, small enough that 16 MB gives the pool several bands to share.
const BAND_BYTES = 2 << 20;

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  out.set(Buffer.from(type, 'latin1'), 4);
  out.set(data, 8);
  view.setUint32(8 + data.length, zlib.crc32(out.subarray(4, 8 + data.length)));
  return out;
}

function header(image: PngImage): Uint8Array {
  const data = new Uint8Array(13);
  const view = new DataView(data.buffer);
  view.setUint32(0, image.width);
  view.setUint32(4, image.height);
  data[8] = 8; // bit depth
  data[9] = image.channels === 1 ? 0 : 2; // colour type: grey or RGB
  return chunk('IHDR', data); // compression, filter and interlace methods 0
}

function textChunks(text: Record<string, string> = {}): Uint8Array[] {
  return Object.entries(text).map(([keyword, value]) => {
    if (!/^[\x20-\x7e\xa1-\xff]{1,79}$/.test(keyword) || keyword !== keyword.trim()) {
      throw new RangeError(`Expected a PNG keyword of 1 to 79 Latin-1 characters but received ${JSON.stringify(keyword)}`);
    }
    if (/[^\x0a\x20-\x7e\xa0-\xff]/.test(value)) {
      throw new RangeError(`Expected Latin-1 text for PNG keyword ${keyword} but received other characters`);
    }
    return chunk('tEXt', Buffer.from(`${keyword}\0${value}`, 'latin1'));
  });
}

interface Settings {
  level: number;
  strategy: number;
  filter: 0 | 2;
  call: Call;
}

function checkImage(image: PngImage, options: PngOptions): Settings {
  const opts = OPTIONS.read('encodePng', options);
  const { width, height, channels, pixels } = image;
  checkNumber('width', width, { integer: true, min: 1, max: 2 ** 31 - 1 });
  checkNumber('height', height, { integer: true, min: 1, max: 2 ** 31 - 1 });
  if (channels !== 1 && channels !== 3) throw new RangeError(`Expected 1 or 3 for channels but received ${String(channels)}`);
  if (!(pixels instanceof Uint8Array) || pixels.length !== width * height * channels) {
    throw new RangeError(`Expected a Uint8Array of ${width * height * channels} bytes for pixels but received ${pixels?.length ?? String(pixels)}`);
  }
  const level = checkNumber('level', opts.level, { integer: true, min: 0, max: 9 });
  if (!Object.hasOwn(STRATEGIES, opts.strategy)) throw invalidType('strategy', "'default' or 'rle'", opts.strategy);
  if (!Object.hasOwn(FILTERS, opts.filter)) throw invalidType('filter', "'none' or 'up'", opts.filter);
  const strategy = STRATEGIES[opts.strategy];
  const filter = FILTERS[opts.filter];
  textChunks(opts.text);
  return { level, strategy, filter, call: syncCall(opts) };
}

function assemble(image: PngImage, options: PngOptions, idat: Uint8Array): Uint8Array {
  const parts = [SIGNATURE, header(image), ...textChunks(options.text), chunk('IDAT', idat), chunk('IEND', new Uint8Array(0))];
  return Buffer.concat(parts);
}

/**
 * Encodes a PNG on this thread, one zlib stream.
 *
 * @example
 * const png = encodePngSync({ width: 2, height: 1, channels: 1, pixels: Uint8Array.of(0, 255) });
 */
export function encodePngSync(image: PngImage, options: PngOptions = {}): Uint8Array {
  const { level, strategy, filter } = checkImage(image, options);
  return assemble(image, options, zlib.deflateSync(scanlines(image, filter, 0, image.height), { level, strategy }));
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
  const rowsPerBand = Math.max(1, Math.ceil(BAND_BYTES / rowBytes));
  const bands = Math.ceil(image.height / rowsPerBand);
  const rowsOf = (k: number) => [k * rowsPerBand, Math.min(image.height, (k + 1) * rowsPerBand)] as const;
  const compress = (band: Uint8Array, k: number) =>
    deflateRaw(band, { level, strategy, finishFlush: k === bands - 1 ? zlib.constants.Z_FINISH : zlib.constants.Z_SYNC_FLUSH });
  const pieces: Array<Promise<Buffer>> = [];
  const scanlinesJs = () => {
    const sum = new Adler32();
    for (let k = 0; k < bands; k++) {
      const band = scanlines(image, filter, ...rowsOf(k));
      pieces.push(compress(band, k));
      sum.update(band); // while the pool compresses this band
    }
    return sum.value();
  };
  const adler = byBackend(settings.call, {
    native: () => {
      // Filtering and checksumming 16 MB natively on every core takes a few ms, then the pool compresses.
      const raw = new Uint8Array(image.height * rowBytes);
      const sum = nativeAddon().pngScanlines(image.pixels, raw, rowBytes - 1, image.height, filter, settings.call.threads);
      for (let k = 0; k < bands; k++) pieces.push(compress(raw.subarray(rowsOf(k)[0] * rowBytes, rowsOf(k)[1] * rowBytes), k));
      return sum;
    },
    js: scanlinesJs,
    wasm: scanlinesJs, // no wasm form yet: the TypeScript scanlines
  });
  const trailer = new Uint8Array(4);
  new DataView(trailer.buffer).setUint32(0, adler);
  // zlib header: deflate, 32 KiB window (0x78), check bits making the pair a multiple of 31.
  return assemble(image, options, Buffer.concat([Uint8Array.of(0x78, 0x01), ...(await Promise.all(pieces)), trailer]));
}
