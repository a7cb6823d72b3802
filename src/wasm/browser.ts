/**
 * hotloop in a browser (or any ESM host without the addon), imported as `hotloop/wasm`: every
 * kernel and function of the Node entry that needs no Node built-in (src/api.ts, the same code),
 * on the wasm backend once `loadWasm` has compiled hotloop.wasm over one shared memory, on the
 * TypeScript backend before (or with `backend: 'js'`). Results are the Node API's, bit for bit.
 * Async calls run on a pool of module Web Workers sharing the memory (which needs a cross-origin
 * isolated page: COOP + COEP headers); sync calls run on the calling thread (see README: sync calls
 * and threads).
 *
 * @example
 * import { loadWasm, julia, solveCubicsSync } from 'hotloop/wasm';
 * await loadWasm({ threads: navigator.hardwareConcurrency });
 * const image = await julia({ resolution: 800, onProgress: (f) => bar.value = f });
 */
import { invalidRange, invalidType } from '../errors.js';
import { BACKENDS, type BackendName, type Host, hostInstalled, installHost, withHost } from '../host.js';
import type { JuliaImage, JuliaOptions, JuliaRenderOptions } from '../julia/render.js';
import { julia as juliaAsync, juliaSync as juliaBlocking } from '../julia/render.js';
import { pakoDeflater } from '../png/pako-deflate.js';
import { checkNumber, checkOptions } from '../validate.js';
import { type WasmModule, engine } from './engine.js';
import type { TypedArray, TypedArrayConstructor } from './abi.js';
import type { SpawnWorker, WorkerLike } from './pool.js';
import { type WasmInfo, WasmRuntime } from './runtime.js';

export * from '../api.js';
export type { BackendName, BackendOptions } from '../host.js';
export type { TypedArray, TypedArrayConstructor } from './abi.js';
export type { WasmInfo } from './runtime.js';

export interface LoadWasmOptions {
  /** Where hotloop.wasm is; default: `../../wasm/hotloop.wasm` from this file (the package's dist/wasm/). */
  url?: string | URL;
  /** The module's bytes, instead of fetching `url`. */
  bytes?: ArrayBuffer | ArrayBufferView;
  /** Most threads a call uses (its workers); default `navigator.hardwareConcurrency`, else 4. */
  threads?: number;
  /** The worker script; default `./worker-browser.js` beside this file. A bundler that does not copy it needs this. */
  workerUrl?: string | URL;
  /** Most bytes the wasm memory may grow to (default 4 GiB, wasm32's limit; at least 2 MiB); past it an allocation is a RangeError. */
  maximumMemory?: number;
}

/** A loaded wasm backend: what `loadWasm` gives. The module's functions use the last one loaded. */
export interface HotloopWasm {
  /** Most threads a call uses; the default of `threads`. */
  readonly threads: number;
  /** `julia` on this backend (`backend: 'js'` still asks for the TypeScript one). */
  julia(options?: JuliaOptions): Promise<JuliaImage>;
  /** `juliaSync` on this backend. */
  juliaSync(options?: JuliaRenderOptions): JuliaImage;
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

const MAX_THREADS = 1024;

/** The backend the module's functions use: the last `loadWasm`'s, or none yet. */
let active: { runtime: WasmRuntime; threads: number } | undefined;

/**
 * The host of a wasm backend (src/host.ts): `'auto'` is wasm once loaded (else js), `'native'` an
 * Error (a browser cannot load the addon), `threads` at most the backend's.
 */
function browserHost(backend: () => { runtime: WasmRuntime; threads: number } | undefined): Host {
  return {
    resolveBackend(requested: unknown): BackendName {
      if (requested === undefined || requested === 'auto') return backend() ? 'wasm' : 'js';
      if (requested === 'js') return 'js';
      if (requested === 'wasm') {
        if (!backend()) throw new Error('The wasm backend is not loaded: await loadWasm() from hotloop/wasm first');
        return 'wasm';
      }
      if (requested === 'native') throw new Error("The native backend is not available in hotloop/wasm (a browser cannot load the addon): use backend 'wasm' or 'js'");
      throw invalidType('backend', `${[...BACKENDS, 'auto'].map((name) => `'${name}'`).join(', ').replace(/, ([^,]*)$/, ' or $1')}`, requested);
    },
    resolveThreads(requested: unknown): number {
      const most = backend()?.threads ?? 1;
      if (requested === undefined) return most;
      if (typeof requested !== 'number') throw invalidType('threads', `integer between 1 and ${MAX_THREADS}`, requested);
      if (!Number.isInteger(requested) || requested < 1 || requested > MAX_THREADS) throw invalidRange('threads', `integer between 1 and ${MAX_THREADS}`, requested);
      return Math.min(requested, most);
    },
    nativeAddon() {
      throw new Error('The native backend is not available in hotloop/wasm');
    },
    wasmRuntime() {
      const loaded = backend();
      if (!loaded) throw new Error('The wasm backend is not loaded: await loadWasm() from hotloop/wasm first');
      return loaded.runtime;
    },
    // Browsers cannot pin a buffer; the wasm backend copies inputs into its memory as a call starts.
    keepAttached: () => {},
    yieldToEventLoop,
    deflater: pakoDeflater,
  };
}

/** The module's host: calls before `loadWasm` run on the TypeScript backend. */
const moduleHost = browserHost(() => active);
// Node's entry installs its own host; a process that imports both (tests) keeps Node's.
if (!hostInstalled()) installHost(moduleHost);

/**
 * Compiles hotloop.wasm and makes it the backend of this module's functions; returns it. Rejects
 * with a clear Error where shared memory is unavailable (a page that is not cross-origin isolated).
 */
export async function loadWasm(options: LoadWasmOptions = {}): Promise<HotloopWasm> {
  const opts = checkOptions<LoadWasmOptions>('loadWasm', options, ['url', 'bytes', 'threads', 'workerUrl', 'maximumMemory']);
  const hardware = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency;
  const threads = opts.threads === undefined ? Math.max(1, hardware ?? 4) : checkNumber('threads', opts.threads, { integer: true, min: 1, max: MAX_THREADS });
  if (typeof SharedArrayBuffer === 'undefined') {
    throw new Error('hotloop/wasm needs SharedArrayBuffer: serve the page cross-origin isolated (Cross-Origin-Opener-Policy: same-origin, Cross-Origin-Embedder-Policy: require-corp)');
  }
  const maximumMemory = opts.maximumMemory === undefined ? undefined : checkNumber('maximumMemory', opts.maximumMemory, { min: 2 ** 21, max: 2 ** 32 });
  const module = await compile(opts);
  const workerUrl = opts.workerUrl ?? new URL('./worker-browser.js', import.meta.url);
  const runtime = new WasmRuntime(module, browserWorkers(workerUrl), maximumMemory);
  active = { runtime, threads };
  return handleOver(runtime, threads);
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

/**
 * The handle of a runtime: its julia forms run on it whatever backend the module's functions use.
 * Exported for tests, which give it a Node runtime.
 */
export function handleOver(runtime: WasmRuntime, threads: number): HotloopWasm {
  const host = browserHost(() => ({ runtime, threads }));
  return {
    threads,
    julia: (options) => withHost(host, () => juliaAsync(options)),
    juliaSync: (options) => withHost(host, () => juliaBlocking(options)),
    alloc: (type, length) => runtime.alloc(type, checkNumber('length', length, { integer: true, min: 0, max: 2 ** 32 })),
    free: (array) => runtime.free(array),
    setSimd128: (on) => runtime.setSimd128(on === true),
    info: () => runtime.info(),
    terminate: () => runtime.terminate(),
  };
}

// The Node entry's reports of its backends (src/backend.ts), for this entry's.

/** The backend calls use when they do not choose one: `'wasm'` once loaded, else `'js'`. */
export function backend(): BackendName {
  return moduleHost.resolveBackend(undefined);
}

/** The default thread count: the loaded backend's `threads` (1 before `loadWasm`). */
export function threads(): number {
  return moduleHost.resolveThreads(undefined);
}

/** A zeroed typed array in the loaded backend's wasm memory, which calls read without a copy. */
export function alloc<T extends TypedArray>(type: TypedArrayConstructor<T>, length: number): T {
  return moduleHost.wasmRuntime().alloc(type, checkNumber('length', length, { integer: true, min: 0, max: 2 ** 32 }));
}

/** Gives back an array from `alloc`. */
export function free(array: TypedArray): void {
  moduleHost.wasmRuntime().free(array);
}

/** Always null here: no addon in a browser. */
export function nativeInfo(): null {
  return null;
}

export function nativeUnavailableReason(): string {
  return 'hotloop/wasm has no native backend (a browser cannot load the addon)';
}

/** What the loaded wasm backend reports, or null before `loadWasm`. */
export function wasmInfo(): WasmInfo | null {
  return active ? active.runtime.info() : null;
}

/** Why the wasm backend is not available, or undefined once loaded. */
export function wasmUnavailableReason(): string | undefined {
  return active ? undefined : 'loadWasm() has not been called (or has not finished)';
}

/**
 * Lets the event loop run between two steps of an async TypeScript kernel: a message to a channel
 * of our own (a timer would be clamped to 4 ms once nested).
 */
function yieldToEventLoop(): Promise<void> {
  const Channel = (globalThis as unknown as { MessageChannel?: new () => { port1: { onmessage: (() => void) | null; close(): void }; port2: { postMessage(m: unknown): void; close(): void } } }).MessageChannel;
  if (!Channel) return new Promise((resolve) => setTimeout(resolve, 0));
  return new Promise((resolve) => {
    const channel = new Channel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      channel.port2.close();
      resolve();
    };
    channel.port2.postMessage(0);
  });
}
