/**
 * "Save PNG": the file `hotloop julia` writes for the same view, byte for byte. Same pixels
 * (web/paint.ts), same metadata and compression settings (src/julia/png-text.ts), same bands of rows
 * each deflated with a sync flush (src/png/format.ts), and pako for deflate: a port of zlib
 * whose output at these settings is node:zlib's (test/explore.test.ts checks the bytes).
 */
import { Deflate } from 'pako';
import { crc32, pngBands, pngFile, zlibStream } from '../src/png/format.js';
import { Adler32, scanlines } from '../src/png/scanlines.js';
import { juliaCompression, juliaPngText } from '../src/julia/png-text.js';
import type { RenderResult } from './engine.js';
import { pixelsOf } from './paint.js';
import type { View } from './view.js';

// zlib's constants (pako's own typings name them in an enum its code does not export).
const Z_SYNC_FLUSH = 2;
const Z_FINISH = 4;
const STRATEGY = { default: 0, rle: 3 } as const;
const FILTER = { none: 0, up: 2 } as const;

function deflateRaw(data: Uint8Array, level: number, strategy: number, last: boolean): Uint8Array {
  const deflate = new Deflate({ level: level as 6, strategy: strategy as 0, raw: true });
  deflate.push(data, last ? Z_FINISH : Z_SYNC_FLUSH);
  if (deflate.err) throw new Error(`deflate failed: ${deflate.msg}`);
  // After a sync flush pako keeps the output in its chunk list (result is set by Z_FINISH only).
  const chunks = (deflate as unknown as { chunks: Uint8Array[] }).chunks;
  if (last) return deflate.result;
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

/** The PNG bytes of a full-resolution render, as `hotloop julia` with the view's flags writes them. */
export function pngOf(result: RenderResult, colormap: View['colormap'], smooth: boolean): Uint8Array {
  const smoothNow = smooth && result.norms !== undefined;
  const { channels, pixels } = pixelsOf(result, colormap, smoothNow);
  const image = { width: result.width, height: result.height, channels, pixels };
  const { level, strategy, filter } = juliaCompression({});
  const rowBytes = image.width * channels + 1;
  const bands = pngBands(image.height, rowBytes);
  const sum = new Adler32();
  const pieces = bands.map(([begin, end], k) => {
    const rows = scanlines(image, FILTER[filter], begin, end);
    sum.update(rows);
    return deflateRaw(rows, level, STRATEGY[strategy], k === bands.length - 1);
  });
  const text = juliaPngText(result.parameters, colormap, smoothNow);
  return pngFile(image, text, zlibStream(pieces, sum.value()), crc32);
}
