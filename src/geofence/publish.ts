/**
 * A producer for tests and demos: positions to a Redis stream, one per entry (text fields any
 * consumer can read) or packed in binary batches (wire.ts), written through pipelined XADDs.
 */
import type { Redis } from 'ioredis';
import { defineOptions } from '../options.js';
import { checkNumber } from '../validate.js';
import { invalidType } from '../errors.js';
import { packPositions, positionFields } from './wire.js';

export interface PublishOptions {
  /** Positions per entry: 1 (default) writes one position per entry, more packs them in binary. */
  batch?: number;
  /** Trim the stream to about this many entries (XADD MAXLEN ~). */
  maxlen?: number;
}

const PUBLISH_OPTIONS = defineOptions<PublishOptions>()({ batch: undefined, maxlen: undefined });

export interface PositionColumns {
  id: ArrayLike<string | number>;
  time: ArrayLike<number>;
  lon: ArrayLike<number>;
  lat: ArrayLike<number>;
}

const PIPELINE = 1000;

/**
 * Adds positions to `stream`; returns the entries and positions written.
 *
 * @example
 * await publishPositions(redis, 'ais:positions', [{ id: ['211'], time: [0], lon: [9.9], lat: [53.5] }], { batch: 4096 });
 */
export async function publishPositions(
  redis: Redis,
  stream: string,
  batches: Iterable<PositionColumns> | AsyncIterable<PositionColumns>,
  options?: PublishOptions,
): Promise<{ entries: number; positions: number }> {
  if (typeof stream !== 'string' || stream === '') throw invalidType('stream', 'non-empty string', stream);
  const opts = PUBLISH_OPTIONS.read('publishPositions', options);
  const size = opts.batch === undefined ? 1 : checkNumber('batch', opts.batch, { integer: true, min: 1, max: 1_000_000 });
  const trim = opts.maxlen === undefined ? [] : ['MAXLEN', '~', checkNumber('maxlen', opts.maxlen, { integer: true, min: 1 })];
  let entries = 0;
  let positions = 0;
  let pipeline = redis.pipeline();
  let queued = 0;
  const flush = async () => {
    if (queued === 0) return;
    const results = (await pipeline.exec()) ?? [];
    const failed = results.find(([error]) => error);
    if (failed) throw failed[0];
    pipeline = redis.pipeline();
    queued = 0;
  };
  for await (const { id, time, lon, lat } of batches) {
    const n = time.length;
    for (let begin = 0; begin < n; begin += size) {
      const end = Math.min(n, begin + size);
      if (size === 1) pipeline.xadd(stream, ...(trim as []), '*', ...positionFields(id[begin], time[begin], lon[begin], lat[begin]));
      else pipeline.xadd(stream, ...(trim as []), '*', 'positions', packPositions(id, time, lon, lat, begin, end));
      entries++;
      positions += end - begin;
      if (++queued >= PIPELINE) await flush();
    }
  }
  await flush();
  return { entries, positions };
}
