/**
 * Chooses the backend every call runs on. The addon is loaded once, at import; importing hotloop
 * never throws: a missing or broken addon is reported once and the wasm backend (when built) or
 * the TypeScript backend serves. The wasm module is compiled at its first use (src/wasm/node.ts).
 * The names of the backends are one constant, switched on by the dispatcher (src/kernel.ts).
 */
import os from 'node:os';
import { markAsUntransferable } from 'node:worker_threads';
import { type Addon, type NativeInfo, SIMD_LEVELS } from './addon.js';
import { envChoice, envInteger } from './env.js';
import { invalidRange, invalidType } from './errors.js';
import { BACKENDS, type BackendName, installHost } from './host.js';
import { nodeDeflater } from './png/node-deflate.js';
import { readInstallReport } from './install-report.js';
import { describeSkipped, loadNativeOnce, noAddonReason, packageRoot } from './native-loader.js';
import { loadWasmOnce } from './wasm/node.js';
import type { TypedArray, TypedArrayConstructor } from './wasm/abi.js';
import type { WasmInfo, WasmRuntime } from './wasm/runtime.js';

export { BACKENDS, type BackendName, type BackendOptions } from './host.js';
/** What the `backend` option and HOTLOOP_BACKEND accept. */
export const BACKEND_CHOICES = [...BACKENDS, 'auto'] as const;

const MAX_THREADS = 1024;

/**
 * Loads the addon: a local build, else the prebuild for this platform (src/native-loader.ts); a
 * broken one that another replaced is said once, here.
 */
function loadAddon(): { addon: Addon } | { reason: string } {
  const root = packageRoot();
  const native = loadNativeOnce(root);
  const skipped = describeSkipped(native);
  if (skipped) process.emitWarning(skipped, { code: 'HOTLOOP_BROKEN_ADDON' });
  if (native.addon) return { addon: native.addon as Addon };
  return { reason: noAddonReason(native, readInstallReport(root)) };
}

const forced = envChoice('HOTLOOP_BACKEND', BACKEND_CHOICES, 'auto');
let addon: Addon | null = null;
let missingReason: string | undefined;
if (forced === 'js') {
  missingReason = 'HOTLOOP_BACKEND=js forces the TypeScript backend';
} else {
  const loaded = loadAddon();
  if ('addon' in loaded) addon = loaded.addon;
  else missingReason = loaded.reason;
}
// HOTLOOP_SIMD caps the vector unit the addon's kernels use (to compare paths on one machine).
const simdCap = envChoice('HOTLOOP_SIMD', SIMD_LEVELS, 'the best the CPU has');
if (addon && simdCap) addon.capSimd(simdCap);

/** The wasm runtime, loaded at its first use (HOTLOOP_SIMD=scalar turns its SIMD128 paths off then). */
let wasmCapped = false;
function loadWasm(): WasmRuntime | undefined {
  const loaded = loadWasmOnce();
  if (!('runtime' in loaded)) return undefined;
  if (!wasmCapped && simdCap === 'scalar') loaded.runtime.setSimd128(false);
  wasmCapped = true;
  return loaded.runtime;
}
let warnOnFallback = !addon && forced !== 'js' && forced !== 'wasm'; // cleared once said

/** Says once, at the first call that falls back, which backend serves and why. */
function fallbackWarning(chosen: BackendName): void {
  if (!warnOnFallback) return;
  warnOnFallback = false;
  const name = chosen === 'wasm' ? 'WebAssembly' : 'TypeScript';
  process.emitWarning(`hotloop is using its ${name} backend: ${missingReason}`, { code: 'HOTLOOP_NO_ADDON' });
}

/** For the CLI, which reports the backend itself (`hotloop info`, the demo's header). */
export function silenceFallbackWarning(): void {
  warnOnFallback = false;
}

/**
 * The backend calls use when they do not choose one: HOTLOOP_BACKEND when set, else `'native'`
 * when the addon is loaded, else `'wasm'` when its module is built, else `'js'`.
 */
export function backend(): BackendName {
  if (forced === 'wasm' || forced === 'js') return forced;
  if (addon) return 'native';
  return loadWasm() ? 'wasm' : 'js';
}

/** Why the wasm backend is not available, or undefined when it is. */
export function wasmUnavailableReason(): string | undefined {
  const loaded = loadWasmOnce();
  return 'reason' in loaded ? loaded.reason : undefined;
}

/** What the wasm backend reports (module path, SIMD128, workers, kernels), or null without it. */
export function wasmInfo(): (WasmInfo & { path: string }) | null {
  const loaded = loadWasmOnce();
  if (!('runtime' in loaded)) return null;
  loadWasm();
  return { path: loaded.path, ...loaded.runtime.info() };
}

/** The wasm runtime; only call after resolveBackend returned 'wasm'. */
export function wasmRuntime(): WasmRuntime {
  const runtime = loadWasm();
  if (!runtime) throw new Error(`The wasm backend is not available: ${wasmUnavailableReason()}`);
  return runtime;
}

/** Why the native addon is not in use, or undefined when it is. */
export function nativeUnavailableReason(): string | undefined {
  return missingReason;
}

/** What the loaded addon reports (vector unit in use, CPU features), or null without it. */
export function nativeInfo(): NativeInfo | null {
  return addon ? addon.info() : null;
}

/** The default thread count: `HOTLOOP_THREADS` when set and valid, else `os.availableParallelism()`. */
export function threads(): number {
  return envInteger('HOTLOOP_THREADS', 1, MAX_THREADS, () => `os.availableParallelism() = ${os.availableParallelism()}`) ?? os.availableParallelism();
}

/** Resolves a call's `backend` option; asking for native without the addon is an error that says why. */
export function resolveBackend(requested: unknown): BackendName {
  if (requested === undefined || requested === 'auto') {
    const chosen = backend();
    if (chosen === 'wasm') wasmRuntime();
    if (!addon) fallbackWarning(chosen);
    return chosen;
  }
  if (requested === 'js') return 'js';
  if (requested === 'wasm') {
    wasmRuntime();
    return 'wasm';
  }
  if (requested === 'native') {
    if (!addon) throw new Error(`The native backend is not available: ${missingReason}`);
    return 'native';
  }
  throw invalidType('backend', BACKEND_CHOICES.map((name) => `'${name}'`).join(', ').replace(/, ([^,]*)$/, ' or $1'), requested);
}

/** Resolves a call's `threads` option to a positive integer. */
export function resolveThreads(requested: unknown): number {
  if (requested === undefined) return threads();
  if (typeof requested !== 'number') throw invalidType('threads', `integer between 1 and ${MAX_THREADS}`, requested);
  if (!Number.isInteger(requested) || requested < 1 || requested > MAX_THREADS) {
    throw invalidRange('threads', `integer between 1 and ${MAX_THREADS}`, requested);
  }
  return requested;
}

/** The loaded addon, typed by its contract; only call after resolveBackend returned 'native'. */
export function nativeAddon(): Addon {
  if (!addon) throw new Error(`The native backend is not available: ${missingReason}`);
  return addon;
}

/**
 * A zeroed typed array living in the wasm memory (a view of its SharedArrayBuffer): every backend
 * accepts it, and the wasm backend reads and writes it in place instead of copying. Give it back
 * with `free`. Needs the wasm module (an Error says why when it is missing).
 *
 * @example
 * const coeffs = alloc(Float64Array, 4 * n); // fill it, then
 * const { roots } = solveCubicsSync(coeffs, { backend: 'wasm' }); // no copy in
 * free(coeffs);
 */
export function alloc<T extends TypedArray>(type: TypedArrayConstructor<T>, length: number): T {
  return wasmRuntime().alloc(type, length);
}

/** Gives back an array from `alloc`; a TypeError for any other array. */
export function free(array: TypedArray): void {
  wasmRuntime().free(array);
}

// The host of the `hotloop` entry (src/host.ts): every module's calls resolve through the functions above.
installHost({
  resolveBackend,
  resolveThreads,
  nativeAddon,
  wasmRuntime,
  keepAttached: (buffer) => markAsUntransferable(buffer),
  yieldToEventLoop: () => new Promise<void>((resolve) => setImmediate(resolve)),
  deflater: nodeDeflater,
});
