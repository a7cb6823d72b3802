/**
 * The dispatcher: every module's kernels run through here. A module declares each kernel once (its
 * TypeScript range function and its native arguments, typed by the contract in src/addon.ts);
 * a call resolves its backend and threads once (`syncCall`/`asyncCall`), then `runSync` or
 * `runAsync` runs the kernel on that backend. The async form is the same on every backend:
 * `signal` cancels, `onProgress` hears progress, an `onProgress` that throws stops the work and
 * rejects the Promise, and the buffers of the inputs are made untransferable for good (see
 * `keepAttached`). A new backend is one more case in each switch below (the compiler lists them).
 */
import type { Addon, KernelName, KernelSignature, Kernels } from './addon.js';
import { type BackendName, type BackendOptions, type Host, currentHost } from './host.js';
import { Progress, type ProgressOptions, checkAborted } from './progress.js';
import { runNative } from './run-control.js';

export { CONTROL_SLOTS, runNative } from './run-control.js';
import { checkFunction, checkSignal } from './validate.js';

/** A call's resolved settings. */
export interface Call {
  backend: BackendName;
  threads: number;
  /** The host the call started under (src/host.ts): its addon, its wasm runtime. */
  host: Host;
}

export interface AsyncCall extends Call {
  signal?: AbortSignal;
  onProgress?: (fraction: number) => void;
  /** Made where the call started: an error raised on a worker thread gets this JavaScript stack. */
  site: Error;
}

/**
 * A kernel over work units [0, units): the TypeScript reference runs any sub-range (the async form
 * runs it step by step, yielding between steps), the native kernel the whole range on its pool.
 */
export interface RangeKernel<N extends KernelName, A> {
  /** The addon's `<native>Sync` / `<native>Async`. */
  native: N;
  /** Its arguments, grouped in the contract's order. */
  args(a: A): Kernels[N];
  /** Work units of the TypeScript form. */
  units(a: A): number;
  /** Units per step of the async TypeScript form: about 10 ms, so a signal is seen promptly. */
  step: number | ((a: A) => number);
  /** The TypeScript reference over units [begin, end). */
  js(a: A, begin: number, end: number): void;
}

/** Declares a kernel (an identity that lets the compiler check the declaration against the contract). */
export function defineKernel<N extends KernelName, A>(kernel: RangeKernel<N, A>): RangeKernel<N, A> {
  return kernel;
}

/** Resolves a sync call's backend and threads (`defaults` fill options left undefined, e.g. an Engine's). */
export function syncCall(options: BackendOptions, defaults: BackendOptions = {}): Call {
  const host = currentHost();
  return {
    backend: host.resolveBackend(options.backend ?? defaults.backend),
    threads: host.resolveThreads(options.threads ?? defaults.threads),
    host,
  };
}

/** Resolves an async call: backend, threads, and checked `signal` and `onProgress`. */
export function asyncCall(options: BackendOptions & ProgressOptions, defaults: BackendOptions = {}): AsyncCall {
  const signal = checkSignal(options.signal);
  if (options.onProgress !== undefined) checkFunction('onProgress', options.onProgress);
  return { ...syncCall(options, defaults), signal, onProgress: options.onProgress, site: new Error() };
}

/**
 * Runs the form of a small synchronous function (no range, a return value) for the call's
 * backend. Every backend needs a form: adding one to BACKENDS makes each call site a compile error
 * until it has one.
 */
export function byBackend<R>(call: Call, forms: Record<BackendName, () => R>): R {
  return forms[call.backend]();
}

/**
 * The wasm form of a function of the contract (`Functions` in src/addon.ts): its arguments grouped
 * as the contract orders them, without threads; runs on the calling thread and returns the
 * function's value (src/wasm/runtime.ts callSync).
 */
export function wasmFunction(call: Call, name: 'polygonStats' | 'closeIndices' | 'juliaLevels' | 'pngScanlines', args: KernelSignature): number {
  return call.host.wasmRuntime().callSync(name, args);
}

/** The addon of a call that resolved to 'native'. */
export function nativeAddon(call: Call): Addon {
  return call.host.nativeAddon();
}

function unreachable(backend: never): never {
  throw new Error(`hotloop: no dispatch for backend ${String(backend)}`);
}

type Untyped = (...args: unknown[]) => unknown;
const nativeForms = new WeakMap<object, { Sync: Untyped; Async: Untyped }>();

/**
 * The native forms of a kernel, looked up once. The one untyped step: TypeScript cannot relate
 * `${N}Sync` to N's arguments generically; the declarations (RangeKernel.args) are checked against
 * the contract instead.
 */
function nativeForm<N extends KernelName>(kernel: RangeKernel<N, never>, call: Call, form: 'Sync' | 'Async'): Untyped {
  let forms = nativeForms.get(kernel);
  if (!forms) {
    const addon = call.host.nativeAddon() as unknown as Record<string, Untyped>;
    forms = { Sync: addon[`${kernel.native}Sync`], Async: addon[`${kernel.native}Async`] };
    nativeForms.set(kernel, forms);
  }
  return forms[form];
}

/** The arguments of a native call in the contract's order, then threads. */
function argumentList({ inputs, outputs, scalars }: KernelSignature, threads: number): unknown[] {
  const list: unknown[] = [];
  for (const value of inputs) list.push(value);
  for (const value of outputs) list.push(value);
  for (const value of scalars) list.push(value);
  list.push(threads);
  return list;
}

/** Runs a kernel over all its units, blocking. */
export function runSync<N extends KernelName, A>(kernel: RangeKernel<N, A>, a: A, call: Call): void {
  switch (call.backend) {
    case 'native':
      nativeForm(kernel as RangeKernel<N, never>, call, 'Sync').apply(undefined, argumentList(kernel.args(a), call.threads));
      return;
    case 'wasm': {
      // A kernel the module has no form of yet runs its TypeScript reference (README, backends).
      const runtime = call.host.wasmRuntime();
      if (runtime.has(kernel.native)) runtime.runSync(kernel.native, kernel.args(a), call.threads);
      else kernel.js(a, 0, kernel.units(a));
      return;
    }
    case 'js':
      kernel.js(a, 0, kernel.units(a));
      return;
    default:
      unreachable(call.backend);
  }
}

/**
 * Runs a kernel over all its units off the main thread (native) or in steps between which the
 * event loop runs (js). `span` is the part of the call's progress this run covers (a call of two
 * passes gives each one half).
 */
export async function runAsync<N extends KernelName, A>(
  kernel: RangeKernel<N, A>,
  a: A,
  call: AsyncCall,
  span: readonly [number, number] = [0, 1],
): Promise<void> {
  checkAborted(call.signal);
  const args = kernel.args(a);
  keepAttached(args.inputs, call.host);
  switch (call.backend) {
    case 'native': {
      const list = argumentList(args, call.threads);
      return runNative(call, (control) => nativeForm(kernel as RangeKernel<N, never>, call, 'Async').apply(undefined, [...list, control]) as Promise<void>, span);
    }
    case 'wasm': {
      const runtime = call.host.wasmRuntime();
      if (!runtime.has(kernel.native)) return runSteps(kernel, a, call, span);
      return runNative(call, (control) => runtime.runAsync(kernel.native, args, call.threads, control), span, runtime.controlSlots());
    }
    case 'js':
      return runSteps(kernel, a, call, span);
    default:
      unreachable(call.backend);
  }
}

/**
 * An async call may outlive the caller's attention. A buffer transferred meanwhile
 * (`postMessage(x, [x.buffer])`, `structuredClone(x, { transfer })`) would be freed under the
 * kernel: Node-API cannot pin a buffer for a while, so the inputs' buffers are marked
 * untransferable, which lasts (as for Node's own Buffer pool): a later transfer copies them
 * (Node 20) or throws a DataCloneError (Node 21+). A caller's `out` is caller memory too: each async
 * API passes it here before its run (outputs the call allocates stay transferable). A resizable ArrayBuffer could shrink under the
 * kernel (a crash, measured): refused. Shared buffers can be neither transferred nor shrunk.
 */
export function keepAttached(inputs: readonly unknown[], host: Host = currentHost()): void {
  const buffers = inputs.filter((input) => ArrayBuffer.isView(input) && input.buffer instanceof ArrayBuffer) as ArrayBufferView[];
  for (const input of buffers) {
    if ((input.buffer as ArrayBuffer & { resizable?: boolean }).resizable) {
      throw new TypeError(
        `Expected typed arrays on fixed-length buffers for the inputs (and out) of an async call but received a ${input.constructor.name} on a resizable ArrayBuffer, ` +
          'which could shrink while the kernel reads it (use the Sync form, or a copy)',
      );
    }
  }
  for (const input of buffers) host.keepAttached(input.buffer as ArrayBuffer);
}

async function runSteps<N extends KernelName, A>(kernel: RangeKernel<N, A>, a: A, call: AsyncCall, span: readonly [number, number]): Promise<void> {
  const progress = new Progress(call.onProgress, span);
  const total = kernel.units(a);
  const step = Math.max(1, typeof kernel.step === 'number' ? kernel.step : kernel.step(a));
  for (let begin = 0; begin < total; begin += step) {
    checkAborted(call.signal);
    kernel.js(a, begin, Math.min(total, begin + step));
    progress.report((begin + step) / total);
    progress.check();
    await call.host.yieldToEventLoop();
  }
  checkAborted(call.signal);
  progress.report(1, true);
  progress.check();
}
