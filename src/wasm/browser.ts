/**
 * hotloop in a browser (or any ESM host without the addon): the wasm backend with no Node
 * built-ins, imported as `hotloop/wasm`. `loadWasm` compiles hotloop.wasm over one shared memory
 * and returns an object whose `julia` / `juliaSync` take the options of the Node API's (minus
 * `backend`) and return the same `JuliaImage`, bit for bit. Async calls run on a pool of module
 * Web Workers sharing the memory (which needs a cross-origin isolated page: COOP + COEP
 * headers); sync calls run on the calling thread and block it.
 *
 * @example
 * import { loadWasm } from 'hotloop/wasm';
 * const hotloop = await loadWasm({ threads: navigator.hardwareConcurrency });
 * const image = await hotloop.julia({ resolution: 800, onProgress: (f) => bar.value = f });
 */
import { checkFunction, checkNumber, checkOptions, checkSignal } from '../validate.js';
import { type JuliaImage, juliaArguments, prepare } from '../julia/image.js';
import { DEFAULTS, type JuliaParameters } from '../julia/params.js';
import type { ProgressOptions } from '../progress.js';
import { runNative } from '../run-control.js';
import { type WasmModule, engine } from './engine.js';
import type { TypedArray, TypedArrayConstructor } from './abi.js';
import type { SpawnWorker, WorkerLike } from './pool.js';
import { type WasmInfo, WasmRuntime } from './runtime.js';

export { COLORMAPS, colormapTable, type ColormapName } from '../julia/colormap.js';
export type { JuliaImage } from '../julia/image.js';
export { DEFAULTS as JULIA_DEFAULTS, type ComplexInput, type JuliaParameters, type ResolvedJuliaParameters } from '../julia/params.js';
export type { Counts } from '../julia/reference.js';
export { ComplexRegion, linspace } from '../julia/region.js';
export type { TypedArray, TypedArrayConstructor } from './abi.js';
export type { WasmInfo } from './runtime.js';

export interface LoadWasmOptions {
  /** Where hotloop.wasm is; default: `../../wasm/hotloop.wasm` from this file (the package's dist/wasm/). */
  url?: string | URL;
  /** The module's bytes, instead of fetching `url`. */
  bytes?: ArrayBuffer | ArrayBufferView;
  /** Workers of async calls (started on first use); default `navigator.hardwareConcurrency`, else 4. */
  threads?: number;
  /** The worker script; default `./worker-browser.js` beside this file. A bundler that does not copy it needs this. */
  workerUrl?: string | URL;
}

/** Options of a sync render: the Node API's, without `backend`. */
export interface WasmJuliaRenderOptions extends JuliaParameters {
  /** Also return `norms` (|z|^2 at escape). Default false. */
  smooth?: boolean;
  /** Ignored by sync renders (one thread); async renders use up to the pool's `threads`. */
  threads?: number;
}
export type WasmJuliaOptions = WasmJuliaRenderOptions & ProgressOptions;

/** What `loadWasm` gives. */
export interface HotloopWasm {
  /** Workers async calls use at most. */
  readonly threads: number;
  /** Renders on the workers; `signal` cancels, `onProgress` hears the fraction of rows done. */
  julia(options?: WasmJuliaOptions): Promise<JuliaImage>;
  /** Renders on the calling thread, blocking it (a page's main thread too). */
  juliaSync(options?: WasmJuliaRenderOptions): JuliaImage;
  /** A zeroed typed array in the wasm memory (a view of a SharedArrayBuffer): calls read it without a copy. */
  alloc<T extends TypedArray>(type: TypedArrayConstructor<T>, length: number): T;
  /** Gives back an array from `alloc`. */
  free(array: TypedArray): void;
  /** SIMD128 paths on (the default) or off. */
  setSimd128(on: boolean): void;
  info(): WasmInfo;
  /** Stops the workers; later async calls start new ones. */
  terminate(): void;
}

const RENDER_KEYS = [...Object.keys(DEFAULTS), 'smooth', 'threads'];
const ASYNC_KEYS = [...RENDER_KEYS, 'signal', 'onProgress'];

/**
 * Compiles hotloop.wasm and returns the backend. Rejects with a clear Error where shared memory is
 * unavailable (a page that is not cross-origin isolated).
 */
export async function loadWasm(options: LoadWasmOptions = {}): Promise<HotloopWasm> {
  const opts = checkOptions<LoadWasmOptions>('loadWasm', options, ['url', 'bytes', 'threads', 'workerUrl']);
  const hardware = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency;
  const threads = opts.threads === undefined ? Math.max(1, hardware ?? 4) : checkNumber('threads', opts.threads, { integer: true, min: 1, max: 1024 });
  if (typeof SharedArrayBuffer === 'undefined') {
    throw new Error('hotloop/wasm needs SharedArrayBuffer: serve the page cross-origin isolated (Cross-Origin-Opener-Policy: same-origin, Cross-Origin-Embedder-Policy: require-corp)');
  }
  const module = await compile(opts);
  const workerUrl = opts.workerUrl ?? new URL('./worker-browser.js', import.meta.url);
  return backendOver(new WasmRuntime(module, browserWorkers(workerUrl)), threads);
}

async function compile(opts: Partial<LoadWasmOptions>): Promise<WasmModule> {
  if (opts.bytes !== undefined) {
    if (!(opts.bytes instanceof ArrayBuffer) && !ArrayBuffer.isView(opts.bytes)) {
      throw new TypeError('Expected an ArrayBuffer or typed array for bytes but received ' + typeof opts.bytes);
    }
    return engine.compile(opts.bytes);
  }
  const url = opts.url ?? new URL('../../wasm/hotloop.wasm', import.meta.url);
  const response = await fetch(url);
  if (!response.ok) throw new Error(`hotloop/wasm: fetching ${String(url)} gave HTTP ${response.status}`);
  return engine.compile(await response.arrayBuffer());
}

/** Module Web Workers running worker-browser.js. */
function browserWorkers(url: string | URL): SpawnWorker {
  const WorkerClass = (globalThis as { Worker?: new (url: string | URL, options: { type: 'module' }) => BrowserWorker }).Worker;
  return (): WorkerLike => {
    if (!WorkerClass) throw new Error('hotloop/wasm: this host has no Web Workers; use the sync forms');
    const worker = new WorkerClass(url, { type: 'module' });
    return {
      postMessage: (message) => worker.postMessage(message),
      onMessage: (handler) => worker.addEventListener('message', (event) => handler((event as { data: unknown }).data)),
      onError: (handler) => worker.addEventListener('error', (event) => handler(new Error((event as { message?: string }).message ?? 'the worker failed to start'))),
      ref: () => {},
      unref: () => {},
      terminate: () => worker.terminate(),
    };
  };
}

interface BrowserWorker {
  postMessage(message: unknown): void;
  addEventListener(type: 'message' | 'error', handler: (event: unknown) => void): void;
  terminate(): void;
}

/** The backend object over a runtime; exported for tests, which give it a Node runtime. */
export function backendOver(runtime: WasmRuntime, threads: number): HotloopWasm {
  const callThreads = (requested: unknown) => (requested === undefined ? threads : checkNumber('threads', requested, { integer: true, min: 1, max: 1024 }));
  const read = (fn: string, options: unknown, keys: string[]) => {
    const given = checkOptions<WasmJuliaOptions>(fn, options, keys) as WasmJuliaOptions;
    const filled: WasmJuliaOptions = { smooth: false, ...given };
    for (const key of Object.keys(DEFAULTS) as (keyof JuliaParameters)[]) {
      if (filled[key] === undefined) (filled as Record<string, unknown>)[key] = DEFAULTS[key];
    }
    return filled;
  };
  return {
    threads,
    juliaSync(options) {
      const opts = read('juliaSync', options, RENDER_KEYS);
      const { image, input } = prepare(opts, () => callThreads(opts.threads));
      runtime.runSync('julia', juliaArguments(input, image));
      return image;
    },
    async julia(options) {
      const opts = read('julia', options, ASYNC_KEYS);
      const signal = checkSignal(opts.signal);
      if (opts.onProgress !== undefined) checkFunction('onProgress', opts.onProgress);
      const { image, input, call } = prepare(opts, () => ({ threads: callThreads(opts.threads), signal, onProgress: opts.onProgress, site: new Error() }));
      const args = juliaArguments(input, image);
      await runNative(call, (control) => runtime.runAsync('julia', args, Math.min(call.threads, threads), control), [0, 1], runtime.controlSlots());
      return image;
    },
    alloc: (type, length) => runtime.alloc(type, checkNumber('length', length, { integer: true, min: 0, max: 2 ** 32 })),
    free: (array) => runtime.free(array),
    setSimd128: (on) => runtime.setSimd128(on === true),
    info: () => runtime.info(),
    terminate: () => runtime.terminate(),
  };
}
