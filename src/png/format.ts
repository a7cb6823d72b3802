/**
 * The PNG file around a compressed image, with no dependency on Node: chunks (length, type, data,
 * CRC), the header, tEXt metadata, the zlib wrapper of the deflate pieces, and how rows are cut
 * into bands for parallel compression. src/png/encode.ts uses it with node:zlib, the browser explorer (web/)
 * with pako, which gives the same deflate bytes, so both write the same file.
 */
import type { PngImage } from './image.js';

/** CRC-32 of bytes (zlib's crc32: node:zlib's, or {@link crc32} here). */
export type Crc32 = (data: Uint8Array) => number;

const SIGNATURE = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);

/**
 * Band size for parallel compression: big enough that restarting the compressor per band costs
 * little ratio, small enough that 16 MB gives the pool several bands to share.
 */
export const BAND_BYTES = 2 << 20;

/** Rows [begin, end) of each band, for scanlines of `rowBytes` bytes (filter byte included). */
export function pngBands(height: number, rowBytes: number): Array<readonly [number, number]> {
  const rowsPerBand = Math.max(1, Math.ceil(BAND_BYTES / rowBytes));
  const bands: Array<readonly [number, number]> = [];
  for (let begin = 0; begin < height; begin += rowsPerBand) bands.push([begin, Math.min(height, begin + rowsPerBand)]);
  return bands;
}

let crcTable: Uint32Array | undefined;

/** CRC-32 (the PNG and zlib polynomial), table-driven: for hosts without node:zlib. */
export function crc32(data: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let c = 0xffffffff;
  for (let i = 0; i < data.length; i++) c = crcTable[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function latin1(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
  return out;
}

const byteLength = (parts: readonly Uint8Array[]) => parts.reduce((n, p) => n + p.length, 0);

/** Writes a chunk (length, type, the parts' bytes, CRC of type and data) at `offset`; returns its end. */
function chunkInto(out: Uint8Array, offset: number, type: string, parts: readonly Uint8Array[], crc: Crc32): number {
  const length = byteLength(parts);
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  view.setUint32(offset, length);
  out.set(latin1(type), offset + 4);
  let at = offset + 8;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  view.setUint32(at, crc(out.subarray(offset + 4, at)));
  return at + 4;
}

function chunk(type: string, data: Uint8Array, crc: Crc32): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  chunkInto(out, 0, type, [data], crc);
  return out;
}

function header(image: PngImage, crc: Crc32): Uint8Array {
  const data = new Uint8Array(13);
  const view = new DataView(data.buffer);
  view.setUint32(0, image.width);
  view.setUint32(4, image.height);
  data[8] = 8; // bit depth
  data[9] = image.channels === 1 ? 0 : 2; // colour type: grey or RGB
  return chunk('IHDR', data, crc); // compression, filter and interlace methods 0
}

/** Throws a RangeError for a keyword or text that a tEXt chunk cannot hold. */
export function checkPngText(text: Record<string, string> = {}): void {
  for (const [keyword, value] of Object.entries(text)) {
    if (!/^[\x20-\x7e\xa1-\xff]{1,79}$/.test(keyword) || keyword !== keyword.trim()) {
      throw new RangeError(`Expected a PNG keyword of 1 to 79 Latin-1 characters but received ${JSON.stringify(keyword)}`);
    }
    if (/[^\x0a\x20-\x7e\xa0-\xff]/.test(value)) {
      throw new RangeError(`Expected Latin-1 text for PNG keyword ${keyword} but received other characters`);
    }
  }
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(byteLength(parts));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/**
 * The zlib stream of raw-deflate pieces (each ended by a sync flush, the last by Z_FINISH) as its
 * parts, uncopied: header (deflate, 32 KiB window, check bits making the pair a multiple of 31),
 * the pieces, the Adler-32.
 */
export function zlibParts(pieces: readonly Uint8Array[], adler: number): Uint8Array[] {
  const trailer = new Uint8Array(4);
  new DataView(trailer.buffer).setUint32(0, adler);
  return [Uint8Array.of(0x78, 0x01), ...pieces, trailer];
}

/** {@link zlibParts} in one array. */
export function zlibStream(pieces: readonly Uint8Array[], adler: number): Uint8Array {
  return concat(zlibParts(pieces, adler));
}

/**
 * The file: signature, IHDR, tEXt chunks (checked first), one IDAT with the zlib stream (one array,
 * or its parts: they are copied once, straight into the file), IEND.
 */
export function pngFile(image: PngImage, text: Record<string, string> | undefined, idat: Uint8Array | readonly Uint8Array[], crc: Crc32): Uint8Array {
  checkPngText(text);
  const texts = Object.entries(text ?? {}).map(([keyword, value]) => chunk('tEXt', latin1(`${keyword}\0${value}`), crc));
  const head = [SIGNATURE, header(image, crc), ...texts];
  const data = idat instanceof Uint8Array ? [idat] : idat;
  const out = new Uint8Array(byteLength(head) + 12 + byteLength(data) + 12);
  out.set(concat(head));
  const end = chunkInto(out, byteLength(head), 'IDAT', data, crc);
  chunkInto(out, end, 'IEND', [], crc);
  return out;
}
