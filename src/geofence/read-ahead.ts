/**
 * A consumer's reads ahead on a worker thread (read-worker.ts): the worker opens its own
 * connection (resp-reader.ts) to the client's server, as the client's user and database, and runs
 * the XREADGROUPs, so receiving and decoding a reply overlaps the consumer's state machine on
 * another core (and an idle consumer's blocking read, when a backlog arrives, lands there too).
 * Entries read by the
 * worker are pending under the consumer's name, exactly as if the client had read them. Each
 * entry's columns lie in one buffer of the worker's pool (`ReadEntry.buffer`): give it back with
 * {@link ReadAheadWorker.recycle} once the entry is no longer used (the columns are then detached
 * here: empty).
 */
import { Worker } from 'node:worker_threads';
import type { Redis, RedisOptions } from 'ioredis';
import type { ReadReply, ReadRequest, ReadWorkerData, RecycleRequest } from './read-worker.js';
import type { ReadEntry } from './wire.js';

// Under tsx (tests, the repository's bin) this file is .ts, and so is the worker: a worker does not
// inherit tsx's loader, so a small bootstrap registers it first (as src/wasm/node.ts does).
const fromSource = import.meta.url.endsWith('.ts');
const workerUrl = new URL(fromSource ? './read-worker.ts' : './read-worker.js', import.meta.url);
const tsxBootstrap = `import('tsx/esm/api').then((api) => { api.register(); return import(${JSON.stringify(workerUrl.href)}); })`;

/** Where and as whom the client connects; null for what the worker's connection does not do (TLS, Sentinel, Cluster): the client reads then. */
function connectionOf(redis: Redis): ReadWorkerData | null {
  const o = (redis as { options?: RedisOptions }).options;
  if (!o || o.tls || o.sentinels || typeof (redis as { duplicate?: unknown }).duplicate !== 'function') return null;
  return {
    connection: {
      host: o.host,
      port: o.port,
      path: o.path,
      username: o.username ?? undefined,
      password: o.password ?? undefined,
      db: o.db,
      connectionName: o.connectionName ? `${o.connectionName}-read` : undefined,
    },
    keyPrefix: o.keyPrefix ?? '',
  };
}

export class ReadAheadWorker {
  readonly #worker: Worker;
  readonly #waiting = new Map<number, { resolve: (entries: ReadEntry[]) => void; reject: (error: Error) => void }>();
  readonly #exited: Promise<unknown>;
  #seq = 0;
  #failed: Error | null = null;
  #ready = false;

  private constructor(workerData: ReadWorkerData) {
    this.#worker = fromSource ? new Worker(tsxBootstrap, { eval: true, workerData }) : new Worker(workerUrl, { workerData });
    this.#worker.on('message', (reply: ReadReply | 'ready') => {
      if (reply === 'ready') {
        this.#ready = true;
        return;
      }
      const waiting = this.#waiting.get(reply.seq);
      this.#waiting.delete(reply.seq);
      if ('error' in reply) waiting?.reject(new Error(reply.error));
      else {
        for (const entry of reply.entries) if (entry.positions) entry.buffer = entry.positions.time.buffer as ArrayBuffer;
        waiting?.resolve(reply.entries);
      }
    });
    const fail = (error: Error) => {
      this.#failed ??= error;
      for (const { reject } of this.#waiting.values()) reject(this.#failed);
      this.#waiting.clear();
    };
    this.#exited = new Promise((resolve) => this.#worker.once('exit', resolve));
    this.#worker.on('error', fail);
    this.#worker.on('exit', (code) => fail(new Error(`the consumer's read-ahead worker exited (code ${code})`)));
  }

  /** A worker reading with `redis`'s connection options, or null when they cannot be passed to one. */
  static start(redis: Redis): ReadAheadWorker | null {
    const data = connectionOf(redis);
    return data ? new ReadAheadWorker(data) : null;
  }

  /**
   * Whether the worker has started (loaded its modules and listens): a blocking read sent before
   * would wait for its start-up too, so an idle consumer reads with its client until then.
   */
  get ready(): boolean {
    return this.#ready && !this.#failed;
  }

  /** XREADGROUP GROUP group consumer COUNT count [BLOCK blockMs] STREAMS stream >, decoded ([] when a blocking read times out). */
  read(stream: string, group: string, consumer: string, count: number, blockMs?: number): Promise<ReadEntry[]> {
    if (this.#failed) return Promise.reject(this.#failed);
    const seq = this.#seq++;
    return new Promise((resolve, reject) => {
      this.#waiting.set(seq, { resolve, reject });
      this.#worker.postMessage({ seq, stream, group, consumer, count, blockMs } satisfies ReadRequest);
    });
  }

  /** Gives entries' buffers back to the worker's pool: their columns must not be read again (they become empty here). */
  recycle(buffers: ArrayBuffer[]): void {
    if (buffers.length === 0 || this.#failed) return;
    this.#worker.postMessage({ recycle: buffers } satisfies RecycleRequest, buffers);
  }

  /** Closes the worker's connection and ends it. */
  async close(): Promise<void> {
    this.#failed ??= new Error('the read-ahead worker is closed');
    this.#worker.postMessage('close');
    // A worker whose port is closed exits once its connection is gone; terminate() if it lingers.
    const timer = setTimeout(() => void this.#worker.terminate(), 1000);
    await this.#exited;
    clearTimeout(timer);
  }
}
