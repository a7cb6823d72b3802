/**
 * The read-ahead worker of a geofence consumer (read-ahead.ts): on its own Redis connection it
 * runs the consumer's non-blocking XREADGROUPs, so that receiving a reply (socket reads, ioredis's
 * copy of each packed field into a fresh Buffer, the page faults of that fresh memory) and
 * decoding its entries happen on another core while the consumer's thread runs the state machine.
 * Each entry's columns are copied here into one ArrayBuffer that is transferred, not copied, to the
 * consumer, which sends it back once the entry is committed: the buffers go round between the two
 * threads, so the consumer's thread neither allocates nor collects memory per entry (ioredis's
 * fresh reply buffers die here). A buffer is in one place at a time (a transferred ArrayBuffer is
 * detached from its sender), so it cannot be reused while its entry is held.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { RedisOptions } from 'ioredis';
import { optionalImport } from '../io/optional.js';
import { redisOptions } from '../redis/connect.js';
import { type ReadEntry, type WirePositions, readEntry } from './wire.js';

/** What the consumer asks for: one XREADGROUP ... COUNT count STREAMS stream >. */
export interface ReadRequest {
  seq: number;
  stream: string;
  group: string;
  consumer: string;
  count: number;
}

/** Buffers the consumer is done with (their entries are committed), for the next replies. */
export interface RecycleRequest {
  recycle: ArrayBuffer[];
}

/** Free buffers kept per byte length, at most this many each (a consumer holds about two reads' worth). */
const KEEP = 64;

export type ReadReply = { seq: number; entries: ReadEntry[] } | { seq: number; error: string };

/** Free buffers by byte length. */
const free = new Map<number, ArrayBuffer[]>();

/** The columns copied into one buffer of their own (a free one of the right length when there is one). */
function pooled(p: WirePositions): WirePositions {
  const n = p.time.length;
  const numericIds = p.id instanceof Float64Array;
  const bytes = (numericIds ? 4 : 3) * n * 8;
  const all = new Float64Array(free.get(bytes)?.pop() ?? new ArrayBuffer(bytes));
  all.set(p.time, 0);
  all.set(p.lon, n);
  all.set(p.lat, 2 * n);
  if (numericIds) all.set(p.id as Float64Array, 3 * n);
  return { time: all.subarray(0, n), lon: all.subarray(n, 2 * n), lat: all.subarray(2 * n, 3 * n), id: numericIds ? all.subarray(3 * n) : p.id };
}

async function serve(): Promise<void> {
  const port = parentPort!;
  const { Redis } = await optionalImport<typeof import('ioredis')>('ioredis', 'Redis support');
  const { state, ...reconnect } = redisOptions({ name: (workerData.connection as RedisOptions).connectionName });
  const redis = new Redis({ ...(workerData.connection as RedisOptions), ...reconnect });
  redis.on('error', () => {}); // reported through the failing command
  redis.on('ready', () => (state.connected = true));
  // Lazy: the first read connects (commands wait for the connection).
  redis.connect().catch(() => {});
  port.on('message', (request: ReadRequest | RecycleRequest | 'close') => {
    if (request === 'close') {
      redis.disconnect();
      port.close();
      return;
    }
    if ('recycle' in request) {
      for (const buffer of request.recycle) {
        const list = free.get(buffer.byteLength) ?? [];
        if (list.length < KEEP) list.push(buffer);
        free.set(buffer.byteLength, list);
      }
      return;
    }
    const { seq, stream, group, consumer, count } = request;
    (redis.xreadgroupBuffer('GROUP', group, consumer, 'COUNT', count, 'STREAMS', stream, '>') as Promise<[Buffer, [Buffer, Buffer[]][]][] | null>).then(
      (read) => {
        const entries: ReadEntry[] = [];
        const transfer: ArrayBuffer[] = [];
        for (const [id, fields] of read ? read[0][1] : []) {
          const entry = readEntry(id.toString(), fields);
          if (!entry) continue;
          if (entry.positions) {
            entry.positions = pooled(entry.positions);
            transfer.push(entry.positions.time.buffer as ArrayBuffer);
          }
          entries.push(entry);
        }
        port.postMessage({ seq, entries } satisfies ReadReply, transfer);
      },
      (error: unknown) => port.postMessage({ seq, error: (error as Error).message } satisfies ReadReply),
    );
  });
}

void serve();
