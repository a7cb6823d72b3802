/**
 * The worker pool of the wasm backend: workers (worker_threads in Node, Web Workers in browsers)
 * that each instantiate the module over the one shared memory, with a stack of their own from the
 * heap. A call posts the same export and arguments to `threads` workers; they claim chunks from one
 * counter in shared memory (native/wasm/chunks.h), so the call settles when every worker answered.
 * A trap in a worker rejects the call (after the other workers finished, so no memory is freed
 * under them). No Node built-ins: the environment hands in how to start a worker.
 */
import { type WasmMemory, type WasmModule } from './engine.js';

/** What the pool needs of a worker; src/wasm/node.ts and src/wasm/browser.ts adapt theirs. */
export interface WorkerLike {
  postMessage(message: unknown): void;
  onMessage(handler: (message: unknown) => void): void;
  onError(handler: (error: unknown) => void): void;
  /** Node: keeps the process alive while the worker has work (a no-op in browsers). */
  ref(): void;
  unref(): void;
  terminate(): void;
}
export type SpawnWorker = () => WorkerLike;

/** Messages to a worker (src/wasm/worker-serve.ts). */
export type ToWorker =
  | { type: 'init'; module: WasmModule; memory: WasmMemory; stackTop: number; simd128: boolean }
  | { type: 'run'; id: number; name: string; args: number[]; gate?: Gate }
  | { type: 'simd128'; on: boolean };
/** Messages from a worker. */
export type FromWorker = { type: 'done'; id: number; status: number } | { type: 'error'; id: number; message: string };

/**
 * Where a worker checks, as it joins a call and before it enters the export, whether the call is
 * still wanted: the job's gate (abi.ts JOB_GATE) and the control slots (pointers; control 0: none).
 */
export interface Gate {
  job: number;
  control: number;
}

/** Stack of each worker: the kernels need little (a group of Julia lanes, a few frames). */
export const WORKER_STACK_BYTES = 256 * 1024;

interface Pending {
  statuses: number[];
  errors: string[];
  left: number;
  resolve(statuses: number[]): void;
  reject(error: Error): void;
}

class PoolWorker {
  /** Ids of the calls this worker has not answered yet, in order. */
  private readonly outstanding: number[] = [];
  private crashed: string | undefined;
  constructor(
    readonly worker: WorkerLike,
    private readonly settle: (id: number, status: number | undefined, message: string | undefined) => void,
  ) {
    worker.onMessage((message) => {
      const m = message as FromWorker;
      this.outstanding.splice(this.outstanding.indexOf(m.id), 1);
      if (this.outstanding.length === 0) this.worker.unref();
      this.settle(m.id, m.type === 'done' ? m.status : undefined, m.type === 'error' ? m.message : undefined);
    });
    // A worker that fails to start or dies fails every call it owed an answer, never a hang.
    worker.onError((error) => {
      this.crashed = error instanceof Error ? error.message : String(error);
      for (const id of this.outstanding.splice(0)) this.settle(id, undefined, this.crashed);
      this.worker.unref();
    });
  }
  post(message: ToWorker): void {
    if (this.crashed) throw new Error(`hotloop wasm: a worker of the pool failed: ${this.crashed}`);
    if (message.type === 'run' && this.outstanding.push(message.id) === 1) this.worker.ref();
    this.worker.postMessage(message);
  }
  get failed(): boolean {
    return this.crashed !== undefined;
  }
}

export class WorkerPool {
  private readonly workers: PoolWorker[] = [];
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  constructor(
    private readonly spawn: SpawnWorker,
    private readonly init: (index: number) => Extract<ToWorker, { type: 'init' }>,
  ) {}

  /** Workers started so far. */
  get size(): number {
    return this.workers.length;
  }

  /** Runs export `name` with `args` on `threads` workers; resolves with each one's status. */
  run(name: string, args: number[], threads: number, gate?: Gate): Promise<number[]> {
    // A failed worker is replaced (its failure was the error of the calls it owed).
    for (let i = 0; i < this.workers.length; i++) {
      if (this.workers[i].failed) {
        this.workers[i].worker.terminate();
        this.workers[i] = this.create(i);
      }
    }
    while (this.workers.length < threads) this.workers.push(this.create(this.workers.length));
    const id = this.nextId++;
    return new Promise<number[]>((resolve, reject) => {
      this.pending.set(id, { statuses: [], errors: [], left: threads, resolve, reject });
      for (let i = 0; i < threads; i++) {
        try {
          this.workers[i].post({ type: 'run', id, name, args, gate });
        } catch (error) {
          this.settle(id, undefined, (error as Error).message);
        }
      }
    });
  }

  /** Switches the SIMD128 paths of every worker (each has its own copy of the module's globals). */
  setSimd128(on: boolean): void {
    for (const worker of this.workers) worker.post({ type: 'simd128', on });
  }

  terminate(): void {
    for (const worker of this.workers) worker.worker.terminate();
    this.workers.length = 0;
  }

  private create(index: number): PoolWorker {
    const worker = new PoolWorker(this.spawn(), (id, status, message) => this.settle(id, status, message));
    worker.worker.unref();
    worker.post(this.init(index));
    return worker;
  }

  private settle(id: number, status: number | undefined, message: string | undefined): void {
    const call = this.pending.get(id);
    if (!call) return;
    if (status !== undefined) call.statuses.push(status);
    if (message !== undefined) call.errors.push(message);
    if (--call.left > 0) return;
    this.pending.delete(id);
    if (call.errors.length > 0) call.reject(new Error(`hotloop wasm: the kernel failed on a worker: ${call.errors[0]}`));
    else call.resolve(call.statuses);
  }
}
