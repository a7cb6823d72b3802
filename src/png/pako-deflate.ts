/**
 * PNG's raw deflate in a browser (the `hotloop/wasm` entry's host, src/wasm/browser.ts), on pako: a
 * port of zlib's deflate to JavaScript, with zlib's levels and strategies. It runs on the calling
 * thread (a band's Promise settles after it is compressed), so the async form yields to the event
 * loop between bands. The chunk checksums use the table crc32 of src/png/format.ts.
 */
import { Deflate, Z_DEFAULT_STRATEGY, Z_FINISH, Z_RLE, Z_SYNC_FLUSH, deflate } from 'pako';
import type { Deflater } from '../host.js';
import { crc32 } from './format.js';

const STRATEGIES = { default: Z_DEFAULT_STRATEGY, rle: Z_RLE } as const;

export const pakoDeflater: Deflater = {
  deflate: (data, level, strategy) => deflate(data, { level: level as 0, strategy: STRATEGIES[strategy] }),
  async deflateRawBand(data, level, strategy, last) {
    await new Promise<void>((resolve) => setTimeout(resolve, 0));
    const stream = new Deflate({ raw: true, level: level as 0, strategy: STRATEGIES[strategy] });
    stream.push(data, last ? Z_FINISH : Z_SYNC_FLUSH);
    if (stream.err) throw new Error(`hotloop: deflate failed: ${stream.msg}`);
    // Z_FINISH joins the output into `result` (and empties `chunks`); a sync flush leaves it in `chunks`.
    if (last) return stream.result;
    const out = new Uint8Array(stream.chunks.reduce((total, chunk) => total + chunk.length, 0));
    let at = 0;
    for (const chunk of stream.chunks) {
      out.set(chunk, at);
      at += chunk.length;
    }
    return out;
  },
  crc32,
};
