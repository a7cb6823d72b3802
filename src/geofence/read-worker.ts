/**
 * The read-ahead worker of a geofence consumer (read-ahead.ts): on its own Redis connection it
 * runs the consumer's non-blocking XREADGROUPs, so that receiving a reply (socket reads, ioredis's
 * copy of each packed field into a fresh Buffer, the page faults of that fresh memory) and
 * decoding its entries happen on another core while the consumer's thread runs the state machine.
 * Each entry's columns go back in one ArrayBuffer that is transferred, not copied: the reply's own
 * buffer when it holds nothing else, else a compact copy made here.
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

export type ReadReply = { seq: number; entries: ReadEntry[] } | { seq: number; error: string };

/** Columns whose memory holds only them (the reply's own buffer), to transfer as they are; else null. */
function exclusiveBuffer(p: WirePositions): ArrayBuffer | null {
  const buffer = p.time.buffer;
  const numericIds = p.id instanceof Float64Array;
  if (p.lon.buffer !== buffer || p.lat.buffer !== buffer || (numericIds && (p.id as Float64Array).buffer !== buffer)) return null;
  // At most the columns and the header (8 bytes), rounded: not a socket chunk shared with other replies.
  const used = (numericIds ? 4 : 3) * p.time.byteLength;
  return buffer instanceof ArrayBuffer && buffer.byteLength <= used + 64 ? buffer : null;
}

/** The columns copied into one Float64Array of their own (a view of a shared buffer would be cloned whole). */
function compact(p: WirePositions): WirePositions {
  const n = p.time.length;
  const numericIds = p.id instanceof Float64Array;
  const all = new Float64Array((numericIds ? 4 : 3) * n);
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
  port.on('message', (request: ReadRequest | 'close') => {
    if (request === 'close') {
      redis.disconnect();
      port.close();
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
            let buffer = exclusiveBuffer(entry.positions);
            if (buffer === null || transfer.includes(buffer)) {
              entry.positions = compact(entry.positions);
              buffer = entry.positions.time.buffer as ArrayBuffer;
            }
            transfer.push(buffer);
          }
          entries.push(entry);
        }
        try {
          port.postMessage({ seq, entries } satisfies ReadReply, transfer);
        } catch {
          // A buffer that cannot be transferred (memory Node marked as shared): every column copied.
          for (const entry of entries) if (entry.positions) entry.positions = compact(entry.positions);
          port.postMessage({ seq, entries } satisfies ReadReply, entries.flatMap((entry) => (entry.positions ? [entry.positions.time.buffer as ArrayBuffer] : [])));
        }
      },
      (error: unknown) => port.postMessage({ seq, error: (error as Error).message } satisfies ReadReply),
    );
  });
}

void serve();
