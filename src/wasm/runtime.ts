/**
 * The wasm backend's runtime: one instance of hotloop.wasm on the calling thread over a shared
 * memory, the heap of that memory (heap.ts), and a worker pool (pool.ts) created on first async
 * use. It runs any kernel of the contract (src/addon.ts) from its arguments in the contract's
 * order: typed arrays that already live in the wasm memory (from `alloc`) are passed as they are,
 * other inputs are copied in before the call and other outputs out after it (kernels write every
 * element of their outputs, so these are not copied in). Sync forms run on the calling thread,
 * with the pool's idle workers where it may block (runSync); async forms on the pool. No Node
 * built-ins: Node (node.ts) and browsers (browser.ts) hand in the compiled module and how to start
 * a worker.
 */
import { engine, type WasmMemory, type WasmModule, type WasmGlobal } from './engine.js';
import type { KernelSignature } from '../addon.js';
import {
  CONTROL_BYTES,
  GATE_CLOSED,
  JOB_BYTES,
  JOB_GATE,
  JOB_READY,
  OUTPUTS_READ,
  PACKED_ZONES_FIELDS,
  READY_ALL,
  STATUS_BAD_ARGUMENTS,
  STATUS_CANCELLED,
  STATUS_DONE,
  type TypedArray,
  type TypedArrayConstructor,
  isTypedArrayType,
  typeCode,
} from './abi.js';
import { Heap } from './heap.js';
import { STAGED_KERNELS, type StageThreads } from './staged.js';
import { STREAMED_KERNELS, type StreamedCopy, type StreamedInputs, copyStreamed } from './streamed.js';
import { FINISHED_BYTES, FINISHED_TRAP, type SpawnWorker, WORKER_STACK_BYTES, WorkerPool } from './pool.js';

/** Pages the module asks for at least (scripts/build-wasm.mjs INITIAL_PAGES). */
const INITIAL_PAGES = 32;
const MAX_PAGES = 65536;
const PAGE_BYTES = 65536;

type Exports = Record<string, unknown> & { __heap_base: WasmGlobal; __stack_pointer: WasmGlobal; hl_set_simd128(on: number): number };
type Export = (...args: number[]) => number;

/** What `info` says about the wasm backend. */
export interface WasmInfo {
  /** SIMD128 paths in use (HOTLOOP_SIMD=scalar or `setSimd128(false)` turns them off). */
  simd128: boolean;
  /** Bytes of the wasm memory now, and in blocks handed out. */
  memoryBytes: number;
  heapBytesInUse: number;
  /** Workers started so far (async calls start up to `threads` of them). */
  workers: number;
  /** The kernels of the contract this module has a form of. */
  kernels: string[];
  /** Whether this thread may block (Atomics.wait), so that sync calls can use the workers. */
  syncThreads: boolean;
  /** Workers that joined the last sync call (its last stage), besides the calling thread. */
  lastSyncWorkers: number;
}

/** A call prepared for the module: its flat arguments, and what to do once it ran. */
interface Prepared {
  list: number[];
  /** Inputs left for the calling thread to copy while the kernel runs (streamed.ts), and their units. */
  streamed: StreamedCopy[];
  units: number;
  /** Copies the outputs that were copied in back to the caller's arrays. */
  copyBack(): void;
  /** Frees the blocks this call allocated. */
  release(): void;
}

export class WasmRuntime {
  readonly memory: WasmMemory;
  readonly heap: Heap;
  private readonly exports: Exports;
  private readonly buffers = new WeakSet<object>();
  private pool: WorkerPool | undefined;
  /** The stack block of each pool worker, by index. */
  private readonly stacks: number[] = [];
  private simd128 = true;
  /** By control slots (their pointer): closes the gate of the stage an async call is waiting for. */
  private readonly gates = new Map<number, () => void>();
  /**
   * pip's packed zones in the wasm memory (their flat arguments), by zones object: an Engine's
   * zones are frozen once packed and read by every call, and copying them per call (7.4 MB for
   * the built-in zones' grid, on the calling thread before any worker starts) is wasted work.
   * Freed once the zones are gone.
   */
  private readonly zones = new WeakMap<object, number[]>();
  private readonly zonesGone = new FinalizationRegistry<number[]>((blocks) => {
    for (const start of blocks) this.heap.release(start);
  });
  /** Workers that joined the last sync call's last stage (for info, and tests). */
  private lastSyncWorkers = 0;

  /**
   * `maximumBytes` caps the wasm memory (whole 64 KiB pages, at least the module's 2 MiB; default
   * 4 GiB, the wasm32 limit): an allocation past it is a RangeError that names what it was for.
   */
  constructor(
    readonly module: WasmModule,
    private readonly spawn: SpawnWorker | undefined,
    maximumBytes = MAX_PAGES * PAGE_BYTES,
  ) {
    const maximum = Math.floor(maximumBytes / PAGE_BYTES);
    if (!(maximum >= INITIAL_PAGES && maximum <= MAX_PAGES)) {
      throw new RangeError(`Expected a number of bytes between ${INITIAL_PAGES * PAGE_BYTES} and ${MAX_PAGES * PAGE_BYTES} for maximumMemory but received ${String(maximumBytes)}`);
    }
    this.memory = new engine.Memory({ initial: INITIAL_PAGES, maximum, shared: true });
    const instance = new engine.Instance(module, { env: { memory: this.memory } });
    this.exports = instance.exports as Exports;
    this.heap = new Heap(this.memory, this.exports.__heap_base.value as number);
  }

  /** True when the module has a form of the contract's kernel `native`. */
  has(native: string): boolean {
    return typeof this.exports[`hl_${native}`] === 'function';
  }

  /** A typed array of `length` elements living in the wasm memory (zeroed), for zero-copy calls. */
  alloc<T extends TypedArray>(type: TypedArrayConstructor<T>, length: number): T {
    if (!isTypedArrayType(type)) throw new TypeError(`Expected a typed array constructor (Float64Array, Int32Array, ...) for type but received ${String((type as { name?: string })?.name ?? type)}`);
    if (!Number.isInteger(length) || length < 0) throw new RangeError(`Expected a non-negative integer for length but received ${String(length)}`);
    const bytes = length * type.BYTES_PER_ELEMENT;
    const start = this.heap.alloc(bytes, `alloc(${type.name}, ${length})`);
    const view = new type(this.buffer(), start, length);
    new Uint8Array(view.buffer, start, bytes).fill(0);
    return view;
  }

  /** Gives back an array from `alloc`; using it afterwards reads memory that others may reuse. */
  free(view: TypedArray): void {
    if (!this.owns(view)) throw new TypeError('Expected a typed array from alloc() for free but received one that does not live in the wasm memory');
    this.heap.release(view.byteOffset);
  }

  /** True when `view` lives in this runtime's memory (so a call passes it without a copy). */
  owns(view: ArrayBufferView): boolean {
    return this.buffers.has(view.buffer);
  }

  /** Turns the SIMD128 paths on or off, here and in every worker. */
  setSimd128(on: boolean): void {
    this.simd128 = on;
    this.exports.hl_set_simd128(on ? 1 : 0);
    this.pool?.setSimd128(on);
  }

  info(): WasmInfo {
    return {
      simd128: this.simd128,
      memoryBytes: this.memory.buffer.byteLength,
      heapBytesInUse: this.heap.inUse(),
      workers: this.pool?.size ?? 0,
      syncThreads: canBlock(),
      lastSyncWorkers: this.lastSyncWorkers,
      kernels: Object.keys(this.exports)
        .filter((name) => /^hl_[A-Za-z0-9]+$/.test(name)) // not hl_set_simd128 nor a stage's hl_<kernel>_scratch
        .map((name) => name.slice(3)),
    };
  }

  /**
   * Runs kernel `native` blocking the calling thread, which takes part: with `threads` > 1, where
   * this thread may block (Node's main thread, any worker; not a page's main thread), the pool's
   * workers that are up and idle join it, up to threads - 1 (a sync call never waits for a worker
   * to start or to finish other work: it starts the missing ones for later calls, and runs with
   * those there are, or alone). A streamed kernel (streamed.ts) with helpers streams its inputs
   * as an async call does: the helpers start on the pieces that arrived while the calling thread
   * copies the rest, and it joins them once its copy is done, so the copy counts as its share
   * instead of running before everyone's.
   */
  runSync(native: string, args: KernelSignature, threads = 1): void {
    const run = this.exportOf(native);
    const streamedInputs = STREAMED_KERNELS.get(native);
    // Streamed kernels have one stage, on every thread: its helpers are taken before the copies.
    const early = streamedInputs ? this.helpersFor(threads) : [];
    const call = this.prepare(native, args, early.length > 0 ? streamedInputs : undefined);
    const stack = this.exports.__stack_pointer.value; // a trap leaves it where the trap was
    let scratch = 0;
    try {
      scratch = this.scratchFor(native, call.list);
      for (const [index, [stage, on]] of this.stagesOf(native, scratch).entries()) {
        const helpers = index === 0 && early.length > 0 ? early : on === 'all' ? this.helpersFor(threads) : [];
        const streaming = call.streamed.length > 0;
        const job = this.newJob(1 + helpers.length, streaming ? 1 : READY_ALL);
        try {
          const list = [...call.list, ...stage, 0, job];
          if (helpers.length === 0) this.check(native, run(...list));
          else this.forkJoin(native, run, list, helpers, job, streaming ? () => this.stream(call, job) : undefined);
          // The job's gate counts the workers that joined the call.
          this.lastSyncWorkers = helpers.length === 0 ? 0 : Atomics.load(new Int32Array(this.buffer(), job, JOB_BYTES / 4), JOB_GATE);
        } finally {
          this.heap.release(job);
        }
      }
      call.copyBack();
    } finally {
      this.exports.__stack_pointer.value = stack;
      if (scratch) this.heap.release(scratch);
      call.release();
    }
  }

  /** The idle workers a sync call on `threads` threads takes besides the calling thread (none where it may not block). */
  private helpersFor(threads: number): number[] {
    return threads > 1 && this.spawn && canBlock() ? this.workers().idle(threads - 1) : [];
  }

  /**
   * One stage of a sync call on the calling thread and the idle workers `helpers`: they get the
   * same export and arguments, and the caller, once its own part is done, waits (Atomics.wait) until
   * each one that joined through the job's gate has left it; the memory of the call is then free.
   * `first`: the calling thread's work before its part of the kernel (copying streamed inputs in).
   */
  private forkJoin(native: string, run: Export, list: number[], helpers: number[], job: number, first?: () => void): void {
    const finished = this.heap.alloc(FINISHED_BYTES, `the join slots of a sync ${native}`);
    const slots = new Int32Array(this.buffer(), finished, 2);
    slots.fill(0);
    try {
      this.workers().runBlocking(helpers, `hl_${native}`, list, { job, control: 0 }, finished);
      let own: number | undefined;
      let trap: unknown;
      try {
        first?.();
        own = run(...list);
      } catch (error) {
        trap = error;
      }
      // A shared memory's buffer is never detached, so `slots` stays valid whatever grows.
      for (let done = Atomics.load(slots, 0); done < helpers.length; done = Atomics.load(slots, 0)) Atomics.wait(slots, 0, done);
      if (trap !== undefined) throw trap;
      this.check(native, own!);
      const bits = Atomics.load(slots, 1);
      if (bits & FINISHED_TRAP) throw new Error(`hotloop wasm: ${native}: the kernel failed on a worker (a trap; the async form gives its message)`);
      if (bits & (1 << STATUS_BAD_ARGUMENTS)) this.check(native, STATUS_BAD_ARGUMENTS);
    } finally {
      this.heap.release(finished);
    }
  }

  /**
   * Runs function `native` of the contract (src/addon.ts Functions) on the calling thread and
   * returns its value: the export takes the arguments without threads and returns the value, or
   * -1 when it refused them (native/wasm/exports.cc HL_FUNCTION).
   */
  callSync(native: string, args: KernelSignature): number {
    const run = this.exportOf(native);
    const call = this.prepare(native, args);
    const stack = this.exports.__stack_pointer.value;
    try {
      const value = run(...call.list);
      if (value < 0) this.check(native, STATUS_BAD_ARGUMENTS);
      call.copyBack();
      return value;
    } finally {
      this.exports.__stack_pointer.value = stack;
      call.release();
    }
  }

  /** Control slots (core/control.h) in the wasm memory, where the workers see them; free with freeControl. */
  allocControl(): Int32Array {
    return this.alloc(Int32Array, CONTROL_BYTES / 4);
  }

  freeControl(control: Int32Array): void {
    this.free(control);
  }

  /** The ControlSlots (src/run-control.ts) of async calls on this runtime. */
  controlSlots(): { make(): Int32Array; free(control: Int32Array): void; stopped(control: Int32Array): void } {
    return {
      make: () => this.allocControl(),
      free: (control) => this.freeControl(control),
      stopped: (control) => this.gates.get(control.byteOffset)?.(),
    };
  }

  /**
   * Runs kernel `native` on `threads` workers; `control` from allocControl, or undefined. A call
   * cancelled before any worker joined it rejects at once (the workers, when they come to it, see
   * its closed gate and leave; its memory is freed once they did).
   */
  async runAsync(native: string, args: KernelSignature, threads: number, control: Int32Array | undefined): Promise<void> {
    this.exportOf(native);
    if (control && !this.owns(control)) throw new Error('hotloop wasm: control slots must live in the wasm memory');
    const call = this.prepare(native, args, STREAMED_KERNELS.get(native));
    let scratch = 0;
    let answers: Promise<unknown> | undefined; // the workers' answers to a stage rejected before they came
    try {
      scratch = this.scratchFor(native, call.list);
      for (const [stage, on] of this.stagesOf(native, scratch)) {
        if (control && Atomics.load(control, 0) !== 0) this.check(native, STATUS_CANCELLED);
        const n = on === 'one' ? 1 : threads;
        // Streamed inputs go in with the first stage (streamed kernels have one).
        const streaming = call.streamed.length > 0;
        const job = this.newJob(n, streaming ? 1 : READY_ALL);
        let answered: Promise<number[]>;
        try {
          answered = this.workers().run(`hl_${native}`, [...call.list, ...stage, control ? control.byteOffset : 0, job], n, {
            job,
            control: control ? control.byteOffset : 0,
          });
        } catch (error) {
          this.heap.release(job); // no worker got it (starting one failed: out of memory for its stack)
          throw error;
        }
        try {
          if (streaming) this.stream(call, job);
          const statuses = await (control ? this.untilCancelled(answered, control, job) : answered);
          for (const status of statuses) this.check(native, status);
        } catch (error) {
          answers = answered.catch(() => {});
          throw error;
        } finally {
          if (answers) void answers.then(() => this.heap.release(job));
          else this.heap.release(job);
        }
      }
      call.copyBack();
    } finally {
      const release = () => {
        if (scratch) this.heap.release(scratch);
        call.release();
      };
      if (answers) void answers.then(release);
      else release();
    }
  }

  /** The workers' answers, or STATUS_CANCELLED for every thread as soon as the call is cancelled before any joined. */
  private untilCancelled(answered: Promise<number[]>, control: Int32Array, job: number): Promise<number[]> {
    return new Promise<number[]>((resolve, reject) => {
      this.gates.set(control.byteOffset, () => {
        const words = new Int32Array(this.buffer(), job, JOB_BYTES / 4);
        if (Atomics.compareExchange(words, JOB_GATE, 0, GATE_CLOSED) === 0) resolve([STATUS_CANCELLED]);
      });
      answered.then(resolve, reject);
    }).finally(() => this.gates.delete(control.byteOffset));
  }

  /**
   * The calls a kernel takes: one with no extra arguments, or for a staged kernel (staged.ts) one
   * per stage with (stage, scratch) and whether it runs on one thread or all.
   */
  private stagesOf(native: string, scratch: number): [number[], StageThreads][] {
    const stages = STAGED_KERNELS.get(native);
    if (!stages) return [[[], 'all']];
    return stages.map((on, stage) => [[stage, scratch], on]);
  }

  /** A staged kernel's scratch block (0 for other kernels). */
  private scratchFor(native: string, list: number[]): number {
    if (!STAGED_KERNELS.has(native)) return 0;
    const bytes = (this.exports[`hl_${native}_scratch`] as Export)(...list);
    return this.heap.alloc(Math.max(bytes, 1), `the scratch block of ${native}`);
  }

  /** Stops the workers (a browser page that is done with the backend; Node needs not: they are unref'd). */
  terminate(): void {
    this.pool?.terminate();
    this.pool = undefined;
    for (const start of this.stacks.splice(0)) this.heap.release(start);
  }

  /**
   * A ChunkJob (native/wasm/chunks.h) for a call that `threads` threads enter, its ready count
   * `ready` (READY_ALL, or 1 for none of its streamed inputs yet); free with heap.release.
   */
  private newJob(threads: number, ready = READY_ALL): number {
    const job = this.heap.alloc(JOB_BYTES, 'the job of a call');
    const slots = new Int32Array(this.buffer(), job, JOB_BYTES / 4);
    slots.fill(0);
    slots[2] = threads;
    slots[JOB_READY] = ready;
    return job;
  }

  /**
   * Copies the call's streamed inputs in while the workers already run, raising the job's ready
   * count after each piece (the workers wait on it); every input is in when it returns, and the
   * count says so even if a copy failed (the call then fails with that error).
   */
  private stream(call: Prepared, job: number): void {
    const words = new Int32Array(this.buffer(), job, JOB_BYTES / 4);
    const raise = (ready: number) => {
      Atomics.store(words, JOB_READY, ready);
      Atomics.notify(words, JOB_READY);
    };
    try {
      copyStreamed(this.buffer(), call.streamed, call.units, (upto) => raise(upto + 1)); // uint32 in the module
    } finally {
      raise(READY_ALL);
      call.streamed = [];
    }
  }

  private exportOf(native: string): Export {
    const run = this.exports[`hl_${native}`];
    if (typeof run !== 'function') throw new Error(`hotloop wasm: the module has no form of the kernel ${native}`);
    return run as Export;
  }

  private check(native: string, status: number): void {
    if (status === STATUS_DONE) return;
    if (status === STATUS_CANCELLED) {
      const error = new Error('The operation was aborted');
      error.name = 'AbortError';
      throw error;
    }
    throw new Error(`hotloop wasm: ${native}: the module refused its arguments (status ${status}${status === STATUS_BAD_ARGUMENTS ? ', bad arguments' : ''})`);
  }

  /** The memory's buffer now (a new object after each growth), remembered as ours. */
  private buffer(): SharedArrayBuffer {
    const buffer = this.memory.buffer as unknown as SharedArrayBuffer;
    this.buffers.add(buffer);
    return buffer;
  }

  private workers(): WorkerPool {
    if (!this.spawn) throw new Error('hotloop wasm: this runtime has no way to start workers; async calls need one');
    if (!this.pool) {
      this.pool = new WorkerPool(this.spawn, (index) => {
        // A worker replacing a dead one takes over its stack block.
        this.stacks[index] ??= this.heap.alloc(WORKER_STACK_BYTES, `the stack of wasm worker ${index + 1}`);
        return { type: 'init', module: this.module, memory: this.memory, stackTop: this.stacks[index] + WORKER_STACK_BYTES, simd128: this.simd128 };
      });
    }
    return this.pool;
  }

  /** The flat arguments of frozen packed zones (zoneCount, then each array as pointer, count, type), copied in once. */
  private residentZones(native: string, zones: PackedZonesLike): number[] {
    const known = this.zones.get(zones);
    if (known) return known;
    const list = [zones.zoneCount];
    const blocks: number[] = [];
    try {
      for (const field of PACKED_ZONES_FIELDS) {
        const view = zones[field] as TypedArray;
        const code = typeCode(view);
        if (code < 0) throw new Error(`hotloop wasm: ${native}: cannot pass the zones' ${field} to the module`);
        if (this.owns(view)) {
          list.push(view.byteOffset, view.length, code);
          continue;
        }
        const start = this.heap.alloc(view.byteLength, `pip's zones (${field})`);
        blocks.push(start);
        new Uint8Array(this.buffer(), start, view.byteLength).set(new Uint8Array(view.buffer, view.byteOffset, view.byteLength));
        list.push(start, view.length, code);
      }
    } catch (error) {
      for (const start of blocks) this.heap.release(start);
      throw error;
    }
    this.zones.set(zones, list);
    this.zonesGone.register(zones, blocks);
    return list;
  }

  /**
   * The flat arguments of a call; inputs not in the wasm memory are copied in, except those of
   * `streamed` (an async call's), which the call copies while the kernel runs (stream).
   */
  private prepare(native: string, { inputs, outputs, scalars }: KernelSignature, streamed?: StreamedInputs): Prepared {
    const list: number[] = [];
    const blocks: number[] = [];
    const copies: { from: TypedArray; to: number }[] = [];
    const deferred: StreamedCopy[] = [];
    const held: object[] = [];
    const units = streamed ? streamed.units(inputs, scalars) : 0;
    // The ready count, 1 + units, is a uint32.
    const streams = streamed !== undefined && Number.isInteger(units) && units > 0 && units < 2 ** 32 - 1;
    try {
      const readsOutputs = OUTPUTS_READ.has(native);
      const pass = (value: unknown, output: boolean, position = -1) => {
        if (value === undefined) {
          list.push(0, 0, -1);
          return;
        }
        if (isPackedZones(value)) {
          if (Object.isFrozen(value)) {
            list.push(...this.residentZones(native, value));
            held.push(value); // kept alive (and its blocks) until the call released its own
            return;
          }
          list.push(value.zoneCount);
          for (const field of PACKED_ZONES_FIELDS) pass(value[field], false);
          return;
        }
        const code = typeCode(value);
        if (code < 0) throw new Error(`hotloop wasm: ${native}: cannot pass ${Object.prototype.toString.call(value)} to the module`);
        const view = value as TypedArray;
        if (this.owns(view)) {
          list.push(view.byteOffset, view.length, code);
          return;
        }
        const start = this.heap.alloc(view.byteLength, `a copy of ${native}'s ${output ? 'output' : 'input'} (${view.constructor.name} of ${view.length} elements)`);
        blocks.push(start);
        const per = view.length / units;
        if (streams && streamed.positions.includes(position) && Number.isInteger(per) && per > 0) {
          deferred.push({ from: view, to: start, per });
          list.push(start, view.length, code);
          return;
        }
        // Kernels write every element of their outputs, so only inputs are copied in (and the
        // outputs of the few kernels that add to them, OUTPUTS_READ).
        if (output) copies.push({ from: view, to: start });
        if (!output || readsOutputs) new Uint8Array(this.buffer(), start, view.byteLength).set(new Uint8Array(view.buffer, view.byteOffset, view.byteLength));
        list.push(start, view.length, code);
      };
      inputs.forEach((value, position) => pass(value, false, position));
      for (const value of outputs) pass(value, true);
      for (const value of scalars) list.push(typeof value === 'boolean' ? Number(value) : (value as number));
    } catch (error) {
      for (const start of blocks) this.heap.release(start);
      throw error;
    }
    return {
      list,
      streamed: deferred,
      units,
      copyBack: () => {
        for (const { from, to } of copies) new Uint8Array(from.buffer, from.byteOffset, from.byteLength).set(new Uint8Array(this.buffer(), to, from.byteLength));
      },
      release: () => {
        for (const start of blocks) this.heap.release(start);
        held.length = 0;
      },
    };
  }
}

let blocking: boolean | undefined;

/** True where Atomics.wait is allowed (not on a page's main thread), checked once. */
function canBlock(): boolean {
  if (blocking === undefined) {
    try {
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 1, 0);
      blocking = true;
    } catch {
      blocking = false;
    }
  }
  return blocking;
}

type PackedZonesLike = { zoneCount: number } & Record<(typeof PACKED_ZONES_FIELDS)[number], unknown>;

function isPackedZones(value: unknown): value is PackedZonesLike {
  return typeof value === 'object' && value !== null && !ArrayBuffer.isView(value) && 'zoneCount' in value && 'slabEdges' in value;
}
