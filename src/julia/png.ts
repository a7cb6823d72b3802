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
import { checkNumber } from '../validate.js';

const deflateRaw = promisify(zlib.deflateRaw);

export interface PngImage {
  width: number;
  height: number;
  /** 1 (grey) or 3 (RGB) bytes per pixel. */
  channels: 1 | 3;
  /** Pixels, rows from the top, `width * height * channels` bytes. */
  pixels: Uint8Array;
}

export interface PngOptions {
  /** zlib level 0..9 (default 6, as PIL and the seed's default). */
  level?: number;
  /** Text metadata as tEXt chunks: Latin-1 keywords of 1..79 characters. */
  text?: Record<string, string>;
}

const SIGNATURE = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);
// Bands of at least this many bytes: smaller pieces compress worse and cost more in overhead.
const MIN_BAND_BYTES = 1 << 20;

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

/**
 * Scanlines with filter None: measured on the seed's image, deflate at level 6 compresses unfiltered
 * rows smaller and 2x faster than with the Up or Sub filter (its matcher finds the repeated runs itself).
 */
function scanlines(image: PngImage): Uint8Array {
  const { width, height, channels, pixels } = image;
  const stride = width * channels;
  const out = new Uint8Array(height * (stride + 1));
  for (let y = 0; y < height; y++) out.set(pixels.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  return out;
}

function adler32(data: Uint8Array): number {
  let a = 1;
  let b = 0;
  // 5552 bytes is the most that cannot overflow 2^32 in b before the modulo (zlib's NMAX).
  for (let begin = 0; begin < data.length; begin += 5552) {
    const end = Math.min(data.length, begin + 5552);
    for (let i = begin; i < end; i++) {
      a += data[i];
      b += a;
    }
    a %= 65521;
    b %= 65521;
  }
  return ((b << 16) | a) >>> 0;
}

function checkImage(image: PngImage, options: PngOptions): number {
  const { width, height, channels, pixels } = image;
  checkNumber('width', width, { integer: true, min: 1, max: 2 ** 31 - 1 });
  checkNumber('height', height, { integer: true, min: 1, max: 2 ** 31 - 1 });
  if (channels !== 1 && channels !== 3) throw new RangeError(`Expected 1 or 3 for channels but received ${String(channels)}`);
  if (!(pixels instanceof Uint8Array) || pixels.length !== width * height * channels) {
    throw new RangeError(`Expected a Uint8Array of ${width * height * channels} bytes for pixels but received ${pixels?.length ?? String(pixels)}`);
  }
  return checkNumber('level', options.level ?? 6, { integer: true, min: 0, max: 9 });
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
  const level = checkImage(image, options);
  textChunks(options.text);
  return assemble(image, options, zlib.deflateSync(scanlines(image), { level }));
}

/**
 * Encodes a PNG with bands of rows compressed in parallel (libuv's thread pool), for large images.
 *
 * @example
 * const png = await encodePng({ width: 4000, height: 4000, channels: 1, pixels: grey }, { level: 1 });
 */
export async function encodePng(image: PngImage, options: PngOptions = {}): Promise<Uint8Array> {
  const level = checkImage(image, options);
  textChunks(options.text);
  const raw = scanlines(image);
  const rowBytes = image.width * image.channels + 1;
  const pool = Number(process.env.UV_THREADPOOL_SIZE) || 4;
  const rowsPerBand = Math.ceil(image.height / Math.max(1, Math.min(pool, Math.floor(raw.length / MIN_BAND_BYTES))));
  const bands = Math.ceil(image.height / rowsPerBand);
  const compressing = Promise.all(
    Array.from({ length: bands }, (_, k) => {
      const band = raw.subarray(k * rowsPerBand * rowBytes, Math.min(image.height, (k + 1) * rowsPerBand) * rowBytes);
      const last = k === bands - 1;
      return deflateRaw(band, { level, finishFlush: last ? zlib.constants.Z_FINISH : zlib.constants.Z_SYNC_FLUSH });
    }),
  );
  // The checksum is computed here while the pool compresses, so it costs no extra wall time.
  const trailer = new Uint8Array(4);
  new DataView(trailer.buffer).setUint32(0, adler32(raw));
  const pieces = await compressing;
  // zlib header: deflate, 32 KiB window (0x78), check bits making the pair a multiple of 31.
  return assemble(image, options, Buffer.concat([Uint8Array.of(0x78, 0x01), ...pieces, trailer]));
}
