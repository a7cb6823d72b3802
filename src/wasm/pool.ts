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
  | { type: 'run'; id: number; name: string; args: number[]; gate?: Gate; finished?: number }
  | { type: 'simd128'; on: boolean };
/** Messages from a worker: its module is instantiated (`ready`), or a call's answer. */
export type FromWorker = { type: 'ready' } | { type: 'done'; id: number; status: number } | { type: 'error'; id: number; message: string };

/**
 * Where a worker tells a blocked caller (a sync call, src/wasm/runtime.ts) that it is done with the
 * call: two Int32 slots in the wasm memory, the workers finished and the bits `1 << status` of
 * their statuses (FINISHED_TRAP for a trap). The caller waits on the first with Atomics.wait.
 */
export const FINISHED_BYTES = 8;
export const FINISHED_TRAP = 1 << 30;

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
  /** The worker has instantiated the module and answers calls without the caller's event loop. */
  ready = false;
  constructor(
    readonly worker: WorkerLike,
    private readonly settle: (id: number, status: number | undefined, message: string | undefined) => void,
  ) {
    worker.onMessage((message) => {
      const m = message as FromWorker;
      if (m.type === 'ready') {
        this.ready = true;
        return;
      }
      const at = this.outstanding.indexOf(m.id);
      if (at < 0) return; // a blocking call's answer: its caller read it from shared memory
      this.outstanding.splice(at, 1);
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
    if (message.type === 'run' && !message.finished && this.outstanding.push(message.id) === 1) this.worker.ref();
    this.worker.postMessage(message);
  }
  get failed(): boolean {
    return this.crashed !== undefined;
  }
  /** Up and with no call queued: a message now is served at once. */
  get idle(): boolean {
    return this.ready && !this.failed && this.outstanding.length === 0;
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
    this.startUpTo(threads);
    return this.runOn(this.workers.slice(0, threads), name, args, gate);
  }

  /**
   * For a caller that blocks (a sync call): up to `most` workers that are up and idle, which serve
   * a message without the caller's event loop. Starts workers up to `most` for later calls (they
   * come up while the event loop runs); a worker still starting is never counted on.
   */
  idle(most: number): number[] {
    try {
      this.startUpTo(most);
    } catch {
      // No more workers now (no memory for a stack, no Worker in this host): the call runs with those there are.
    }
    const found: number[] = [];
    for (let i = 0; i < this.workers.length && found.length < most; i++) if (this.workers[i].idle) found.push(i);
    return found;
  }

  /**
   * Runs export `name` on the workers `indices` (from idle) for a caller that blocks until each
   * marked `finished` (FINISHED_BYTES): it reads their statuses there, so they stay idle in the
   * pool's books and the next sync call, before any event loop turn, finds them free again.
   */
  runBlocking(indices: number[], name: string, args: number[], gate: Gate, finished: number): void {
    const id = this.nextId++;
    for (const i of indices) this.workers[i].post({ type: 'run', id, name, args, gate, finished });
  }

  /** Starts workers up to `threads`; a failed worker is replaced (its failure was the error of the calls it owed). */
  private startUpTo(threads: number): void {
    for (let i = 0; i < this.workers.length; i++) {
      if (this.workers[i].failed) {
        this.workers[i].worker.terminate();
        this.workers[i] = this.create(i);
      }
    }
    while (this.workers.length < threads) this.workers.push(this.create(this.workers.length));
  }

  private runOn(workers: PoolWorker[], name: string, args: number[], gate?: Gate): Promise<number[]> {
    const id = this.nextId++;
    return new Promise<number[]>((resolve, reject) => {
      this.pending.set(id, { statuses: [], errors: [], left: workers.length, resolve, reject });
      for (const worker of workers) {
        try {
          worker.post({ type: 'run', id, name, args, gate });
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
    const init = this.init(index); // first: it allocates the worker's stack, which may fail (no worker is left behind)
    const worker = new PoolWorker(this.spawn(), (id, status, message) => this.settle(id, status, message));
    worker.worker.unref();
    worker.post(init);
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
