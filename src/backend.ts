/**
 * Chooses the backend every call runs on. The addon is loaded once, at import; importing hotloop
 * never throws: a missing or broken addon is reported once and the TypeScript backend serves.
 * The names of the backends are one constant: a new backend (wasm) is added there and in the
 * dispatcher (src/kernel.ts).
 */
import os from 'node:os';
import { type Addon, type NativeInfo, SIMD_LEVELS } from './addon.js';
import { envChoice, envInteger } from './env.js';
import { invalidRange, invalidType } from './errors.js';
import { readInstallReport } from './install-report.js';
import { describeSkipped, loadNativeOnce, noAddonReason, packageRoot } from './native-loader.js';

/** Every backend, in the order `'auto'` tries them. */
export const BACKENDS = ['native', 'js'] as const;
export type BackendName = (typeof BACKENDS)[number];
/** What the `backend` option and HOTLOOP_BACKEND accept. */
export const BACKEND_CHOICES = [...BACKENDS, 'auto'] as const;

/** Options every kernel with a native form accepts. */
export interface BackendOptions {
  /** `'native'`, `'js'` (the TypeScript reference), or `'auto'` (default: native when loaded). */
  backend?: BackendName | 'auto';
  /** Threads for native kernels; default `HOTLOOP_THREADS`, else `os.availableParallelism()`. */
  threads?: number;
}

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
let warnOnFallback = !addon && forced !== 'js'; // cleared once said

/** Says once, at the first call that falls back, that the TypeScript backend serves and why. */
function fallbackWarning(): void {
  if (!warnOnFallback) return;
  warnOnFallback = false;
  process.emitWarning(`hotloop is using its TypeScript backend: ${missingReason}`, { code: 'HOTLOOP_NO_ADDON' });
}

/** For the CLI, which reports the backend itself (`hotloop info`, the demo's header). */
export function silenceFallbackWarning(): void {
  warnOnFallback = false;
}

/** The backend calls use when they do not choose one: `'native'` when the addon is loaded, else `'js'`. */
export function backend(): BackendName {
  return addon ? 'native' : 'js';
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
    if (!addon) fallbackWarning();
    return backend();
  }
  if (requested === 'js') return 'js';
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
