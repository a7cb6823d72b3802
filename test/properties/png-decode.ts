/**
 * A small PNG reader for the properties (8-bit grey or RGB, not interlaced): checks the signature,
 * every chunk's CRC and the zlib stream, undoes the five row filters, and returns the pixels, so a
 * test can compare an encoded image with the pixels it was made from.
 */
import assert from 'node:assert/strict';
import zlib from 'node:zlib';

const SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10];

export interface DecodedPng {
  width: number;
  height: number;
  channels: 1 | 3;
  pixels: Uint8Array;
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

export function decodePng(bytes: Uint8Array): DecodedPng {
  assert.deepEqual(Array.from(bytes.subarray(0, 8)), SIGNATURE, 'PNG signature');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 8;
  let header: DataView | undefined;
  const data: Uint8Array[] = [];
  let ended = false;
  while (at < bytes.length) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    const body = bytes.subarray(at + 8, at + 8 + length);
    assert.equal(view.getUint32(at + 8 + length), zlib.crc32(bytes.subarray(at + 4, at + 8 + length)), `CRC of the ${type} chunk`);
    if (type === 'IHDR') header = new DataView(body.buffer, body.byteOffset, body.byteLength);
    if (type === 'IDAT') data.push(body);
    if (type === 'IEND') ended = true;
    at += 12 + length;
  }
  assert.ok(header && ended && at === bytes.length, 'IHDR first, IEND last, nothing after');
  const width = header.getUint32(0);
  const height = header.getUint32(4);
  assert.equal(header.getUint8(8), 8, 'bit depth');
  const colour = header.getUint8(9);
  assert.ok(colour === 0 || colour === 2, `colour type ${colour}`);
  const channels = colour === 0 ? 1 : 3;
  const raw = zlib.inflateSync(Buffer.concat(data));
  const stride = width * channels;
  assert.equal(raw.length, height * (stride + 1), 'inflated size');
  const pixels = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? pixels[y * stride + x - channels] : 0;
      const b = y > 0 ? pixels[(y - 1) * stride + x] : 0;
      const c = x >= channels && y > 0 ? pixels[(y - 1) * stride + x - channels] : 0;
      const predictor = [0, a, b, (a + b) >> 1, paeth(a, b, c)][filter];
      assert.ok(predictor !== undefined, `row ${y}: filter type ${filter}`);
      pixels[y * stride + x] = (line[x] + predictor) & 255;
    }
  }
  return { width, height, channels, pixels };
}
