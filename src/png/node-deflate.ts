/**
 * PNG's raw deflate on node:zlib (the `hotloop` entry's host, src/backend.ts): bands are compressed
 * on libuv's thread pool, in parallel, and the chunk checksums use Node's native crc32.
 */
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { Deflater } from '../host.js';

const deflateRawAsync = promisify(zlib.deflateRaw);
const STRATEGIES = { default: zlib.constants.Z_DEFAULT_STRATEGY, rle: zlib.constants.Z_RLE } as const;

// zlib's output buffer: large enough for the whole compressed band (stored blocks included), so that
// node:zlib hands back one view of it, where its default 16 KiB chunks cost a stream event each and
// a final copy of them all (about a tenth of a 4000x4000 PNG's time). Only the written part of it
// is ever touched: the rest is never faulted in.
const chunkSize = (bytes: number) => Math.max(zlib.constants.Z_MIN_CHUNK, bytes + (bytes >> 3) + 1024);

export const nodeDeflater: Deflater = {
  deflate: (data, level, strategy) => zlib.deflateSync(data, { level, strategy: STRATEGIES[strategy], chunkSize: chunkSize(data.length) }),
  deflateRawBand: (data, level, strategy, last) =>
    deflateRawAsync(data, { level, strategy: STRATEGIES[strategy], chunkSize: chunkSize(data.length), finishFlush: last ? zlib.constants.Z_FINISH : zlib.constants.Z_SYNC_FLUSH }),
  crc32: (data) => zlib.crc32(data),
};
