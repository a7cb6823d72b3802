/**
 * The read-ahead worker of a geofence consumer (read-ahead.ts): on its own Redis connection
 * (resp-reader.ts) it runs the consumer's XREADGROUPs, so that receiving a reply and
 * decoding its entries happen on another core while the consumer's thread runs the state machine.
 * Each packed field is read from the socket straight into a buffer of a pool kept here; an entry's
 * columns (views of that buffer for HLP2 batches) are transferred, not copied, to the consumer,
 * which sends the buffer back once the entry is committed. The buffers go round between the two
 * threads, so neither allocates memory per entry. A buffer is in one place at a time (a
 * transferred ArrayBuffer is detached from its sender), so it cannot be reused while its entry is
 * held.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { LengthPool } from './length-pool.js';
import { RespConnection, type RespConnectionOptions } from './resp-reader.js';
import { type ReadEntry, type WirePositions, readEntry } from './wire.js';

/** What the consumer asks for: one XREADGROUP ... COUNT count [BLOCK blockMs] STREAMS stream >. */
export interface ReadRequest {
  seq: number;
  stream: string;
  group: string;
  consumer: string;
  count: number;
  /** Wait up to this long for a first entry (an idle consumer); undefined: answer at once. */
  blockMs?: number;
}

/** Buffers the consumer is done with (their entries are committed), for the next replies. */
export interface RecycleRequest {
  recycle: ArrayBuffer[];
}

export type ReadReply = { seq: number; entries: ReadEntry[] } | { seq: number; error: string };

/** How the worker connects: the client's options, and the key prefix it puts before stream names. */
export interface ReadWorkerData {
  connection: RespConnectionOptions;
  keyPrefix: string;
}

/** Free buffers, at most 64 kept (a consumer holds about two reads' worth of entries). */
const pool = new LengthPool(64, (length) => new ArrayBuffer(length), (buffer: ArrayBuffer) => buffer.byteLength);

/** A buffer of exactly `length` bytes from the pool (its own ArrayBuffer, so its Float64 columns are aligned views). */
function take(length: number): Buffer {
  return Buffer.from(pool.take(length));
}

/** The one buffer that holds all of an entry's columns and nothing else (a packed field read into the pool, or a decoded copy), or null. */
function exclusiveBuffer(p: WirePositions): ArrayBuffer | null {
  const buffer = p.time.buffer;
  const numericIds = p.id instanceof Float64Array;
  if (p.lon.buffer !== buffer || p.lat.buffer !== buffer || (numericIds && (p.id as Float64Array).buffer !== buffer)) return null;
  // The columns and at most the 8-byte header.
  return buffer instanceof ArrayBuffer && buffer.byteLength <= (numericIds ? 4 : 3) * p.time.byteLength + 8 ? buffer : null;
}

/** The columns copied into one buffer of their own (a free one of the right length when there is one). */
function pooled(p: WirePositions): WirePositions {
  const n = p.time.length;
  const numericIds = p.id instanceof Float64Array;
  const bytes = (numericIds ? 4 : 3) * n * 8;
  const all = new Float64Array(pool.take(bytes));
  all.set(p.time, 0);
  all.set(p.lon, n);
  all.set(p.lat, 2 * n);
  if (numericIds) all.set(p.id as Float64Array, 3 * n);
  return { time: all.subarray(0, n), lon: all.subarray(n, 2 * n), lat: all.subarray(2 * n, 3 * n), id: numericIds ? all.subarray(3 * n) : p.id };
}

type Reply = null | Buffer | Reply[];

function serve(): void {
  const port = parentPort!;
  const { connection, keyPrefix } = workerData as ReadWorkerData;
  const redis = new RespConnection(connection, take);
  port.on('message', (request: ReadRequest | RecycleRequest | 'close') => {
    if (request === 'close') {
      redis.close();
      port.close();
      return;
    }
    if ('recycle' in request) {
      for (const buffer of request.recycle) pool.give(buffer);
      return;
    }
    const { seq, stream, group, consumer, count, blockMs } = request;
    const block = blockMs === undefined ? [] : ['BLOCK', blockMs];
    redis.call(['XREADGROUP', 'GROUP', group, consumer, 'COUNT', count, ...block, 'STREAMS', keyPrefix + stream, '>']).then(
      (reply) => {
        const read = reply as Reply[] | null;
        const entries: ReadEntry[] = [];
        const transfer: ArrayBuffer[] = [];
        for (const [id, fields] of (read ? (read[0] as Reply[])[1] : []) as [Buffer, Buffer[] | null][]) {
          const entry = readEntry(id.toString(), fields);
          if (entry?.positions) {
            let buffer = exclusiveBuffer(entry.positions);
            if (buffer === null || transfer.includes(buffer)) {
              entry.positions = pooled(entry.positions);
              buffer = entry.positions.time.buffer as ArrayBuffer;
            }
            transfer.push(buffer);
          }
          if (entry) entries.push(entry);
          // Fields read into the pool that no entry keeps (text ids, an unreadable entry) go back to it.
          for (const field of fields ?? []) if (field.byteOffset === 0 && field.buffer.byteLength === field.length && field.length >= 1024 && !transfer.includes(field.buffer as ArrayBuffer)) pool.give(field.buffer as ArrayBuffer);
        }
        port.postMessage({ seq, entries } satisfies ReadReply, transfer);
      },
      (error: unknown) => port.postMessage({ seq, error: (error as Error).message } satisfies ReadReply),
    );
  });
  port.postMessage('ready');
}

serve();
