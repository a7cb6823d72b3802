/**
 * PNG scanlines (filter byte + filtered row) and the Adler-32 that ends the zlib stream: the
 * TypeScript form of native/core/png_rows, used on the js backend.
 */
import type { PngImage } from './image.js';

/**
 * Rows [begin, end) as PNG scanlines: a filter byte, then the row, raw ('none') or minus the row
 * above ('up'; the first row has nothing above and stays unfiltered).
 */
export function scanlines(image: PngImage, filter: 0 | 2, begin: number, end: number): Uint8Array {
  const { width, channels, pixels } = image;
  const stride = width * channels;
  const out = new Uint8Array((end - begin) * (stride + 1));
  for (let y = begin; y < end; y++) {
    const o = (y - begin) * (stride + 1);
    const row = y * stride;
    if (filter === 0 || y === 0) {
      out.set(pixels.subarray(row, row + stride), o + 1);
      continue;
    }
    out[o] = filter;
    for (let x = 0; x < stride; x++) out[o + 1 + x] = pixels[row + x] - pixels[row - stride + x];
  }
  return out;
}

/** Adler-32 carried across pieces: the checksum zlib puts after the deflate stream. */
export class Adler32 {
  private a = 1;
  private b = 0;

  update(data: Uint8Array): void {
    let { a, b } = this;
    // 5552 bytes is the most that cannot overflow b before the modulo (zlib's NMAX).
    for (let begin = 0; begin < data.length; begin += 5552) {
      const end = Math.min(data.length, begin + 5552);
      for (let i = begin; i < end; i++) {
        a += data[i];
        b += a;
      }
      a %= 65521;
      b %= 65521;
    }
    this.a = a;
    this.b = b;
  }

  value(): number {
    return ((this.b << 16) | this.a) >>> 0;
  }
}
