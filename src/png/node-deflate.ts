/**
 * PNG's raw deflate on node:zlib (the `hotloop` entry's host, src/backend.ts): bands are compressed
 * on libuv's thread pool, in parallel, and the chunk checksums use Node's native crc32.
 */
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { Deflater } from '../host.js';

const deflateRawAsync = promisify(zlib.deflateRaw);
const STRATEGIES = { default: zlib.constants.Z_DEFAULT_STRATEGY, rle: zlib.constants.Z_RLE } as const;

export const nodeDeflater: Deflater = {
  deflate: (data, level, strategy) => zlib.deflateSync(data, { level, strategy: STRATEGIES[strategy] }),
  deflateRawBand: (data, level, strategy, last) =>
    deflateRawAsync(data, { level, strategy: STRATEGIES[strategy], finishFlush: last ? zlib.constants.Z_FINISH : zlib.constants.Z_SYNC_FLUSH }),
  crc32: (data) => zlib.crc32(data),
};
