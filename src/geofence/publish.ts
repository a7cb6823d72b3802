/**
 * A producer for tests and demos: positions to a Redis stream, one per entry (text fields any
 * consumer can read) or packed in binary batches (wire.ts), written through pipelined XADDs; or
 * to N partition streams `<stream>:0` .. `<stream>:N-1`, each id always to the same one
 * ({@link partitionOf}), so that each partition has its own consumer group and state.
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
  /** Shard the positions by id over this many streams `<stream>:<p>` (p from 0); default 1: `stream` itself. */
  partitions?: number;
}

const PUBLISH_OPTIONS = defineOptions<PublishOptions>()({ batch: undefined, maxlen: undefined, partitions: undefined });
/** At most this many partitions (a consumer group and state per partition). */
export const MAX_PARTITIONS = 4096;

/**
 * The partition of an id among `partitions`: FNV-1a (32 bits) of the id written as text (UTF-8;
 * a number as JavaScript writes it, so 211 and "211" are one id, as on the wire) modulo the count.
 * Any producer in any language can shard the same way.
 */
export function partitionOf(id: string | number, partitions: number): number {
  const text = String(id);
  let hash = 0x811c9dc5;
  let ascii = true;
  for (let i = 0; i < text.length && ascii; i++) {
    const c = text.charCodeAt(i);
    ascii = c < 0x80;
    hash = Math.imul(hash ^ c, 0x01000193);
  }
  if (!ascii) {
    hash = 0x811c9dc5;
    for (const byte of Buffer.from(text, 'utf8')) hash = Math.imul(hash ^ byte, 0x01000193);
  }
  return (hash >>> 0) % partitions;
}

/** The stream of partition `p` of `stream`. */
export function partitionStream(stream: string, p: number): string {
  return `${stream}:${p}`;
}

export interface PositionColumns {
  id: ArrayLike<string | number>;
  time: ArrayLike<number>;
  lon: ArrayLike<number>;
  lat: ArrayLike<number>;
}

const PIPELINE = 1000;

/**
 * Adds positions to `stream` (or its partition streams); returns the entries and positions written.
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
  const partitions = opts.partitions === undefined ? 1 : checkNumber('partitions', opts.partitions, { integer: true, min: 1, max: MAX_PARTITIONS });
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
  /** Adds positions begin..end of a batch to one stream, as entries of `size` positions. */
  const add = async (target: string, { id, time, lon, lat }: PositionColumns, begin: number, end: number) => {
    for (let from = begin; from < end; from += size) {
      const to = Math.min(end, from + size);
      if (size === 1) pipeline.xadd(target, ...(trim as []), '*', ...positionFields(id[from], time[from], lon[from], lat[from]));
      else pipeline.xadd(target, ...(trim as []), '*', 'positions', packPositions(id, time, lon, lat, from, to));
      entries++;
      positions += to - from;
      if (++queued >= PIPELINE) await flush();
    }
  };
  for await (const batch of batches) {
    const n = batch.time.length;
    if (partitions === 1) {
      await add(stream, batch, 0, n);
      continue;
    }
    // Each partition's positions of this batch, in their order, gathered into columns of their own.
    const members: number[][] = Array.from({ length: partitions }, () => []);
    for (let i = 0; i < n; i++) members[partitionOf(batch.id[i], partitions)].push(i);
    for (let p = 0; p < partitions; p++) {
      const rows = members[p];
      if (rows.length === 0) continue;
      const part: PositionColumns = {
        id: rows.map((i) => batch.id[i]),
        time: Float64Array.from(rows, (i) => batch.time[i]),
        lon: Float64Array.from(rows, (i) => batch.lon[i]),
        lat: Float64Array.from(rows, (i) => batch.lat[i]),
      };
      await add(partitionStream(stream, p), part, 0, rows.length);
    }
  }
  await flush();
  return { entries, positions };
}
