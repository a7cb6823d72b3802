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

function chunk(type: string, data: Uint8Array, crc: Crc32): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  out.set(latin1(type), 4);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc(out.subarray(4, 8 + data.length)));
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

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/**
 * The zlib stream of raw-deflate pieces (each ended by a sync flush, the last by Z_FINISH): header
 * (deflate, 32 KiB window, check bits making the pair a multiple of 31), the pieces, the Adler-32.
 */
export function zlibStream(pieces: Uint8Array[], adler: number): Uint8Array {
  const trailer = new Uint8Array(4);
  new DataView(trailer.buffer).setUint32(0, adler);
  return concat([Uint8Array.of(0x78, 0x01), ...pieces, trailer]);
}

/** The file: signature, IHDR, tEXt chunks (checked first), one IDAT with the zlib stream, IEND. */
export function pngFile(image: PngImage, text: Record<string, string> | undefined, idat: Uint8Array, crc: Crc32): Uint8Array {
  checkPngText(text);
  const texts = Object.entries(text ?? {}).map(([keyword, value]) => chunk('tEXt', latin1(`${keyword}\0${value}`), crc));
  return concat([SIGNATURE, header(image, crc), ...texts, chunk('IDAT', idat, crc), chunk('IEND', new Uint8Array(0), crc)]);
}
