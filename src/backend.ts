/**
 * Chooses between the native addon and the TypeScript reference. The addon is loaded once, at
 * import; importing hotloop never throws: a missing or broken addon is reported once and the
 * TypeScript backend serves every call.
 */
import os from 'node:os';
import { invalidRange, invalidType } from './errors.js';
import { readInstallReport } from './install-report.js';
import { describeSkipped, loadNativeOnce, noAddonReason, packageRoot } from './native-loader.js';

export type BackendName = 'native' | 'js';

/** Options every kernel with a native form accepts. */
export interface BackendOptions {
  /** `'native'`, `'js'` (the TypeScript reference), or `'auto'` (default: native when loaded). */
  backend?: BackendName | 'auto';
  /** Threads for native kernels; default `HOTLOOP_THREADS`, else `os.availableParallelism()`. */
  threads?: number;
}

export const BACKEND_OPTION_KEYS = ['backend', 'threads'] as const;

// The addon's exports: typed per module where used (each module's native.ts narrows it).
export type Addon = Record<string, (...args: never[]) => unknown> & {
  info(): { simd: string; cpuFeatures: string; poolThreads: number; compiler?: string };
};

const root = packageRoot();
let addon: Addon | null = null;
let missingReason: string | undefined;
let warnOnFallback = false; // set by load(), cleared once said

function load(): void {
  const forced = process.env.HOTLOOP_BACKEND;
  if (forced === 'js') {
    missingReason = 'HOTLOOP_BACKEND=js forces the TypeScript backend';
    return;
  }
  // A local build, else the prebuild for this platform (src/native-loader.ts); a broken one that
  // another replaced is said once, here.
  const native = loadNativeOnce(root);
  addon = native.addon as Addon | null;
  if (!addon) missingReason = noAddonReason(native, readInstallReport(root));
  const skipped = describeSkipped(native);
  if (skipped) process.emitWarning(skipped, { code: 'HOTLOOP_BROKEN_ADDON' });
  if (!addon && forced !== undefined && forced !== 'native' && forced !== 'auto') {
    missingReason = `${missingReason}; also HOTLOOP_BACKEND=${forced} is not one of js, native, auto`;
  }
  warnOnFallback = !addon && forced !== 'js';
}
load();

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
export function nativeInfo(): ReturnType<Addon['info']> | null {
  return addon ? addon.info() : null;
}

/** The default thread count: `HOTLOOP_THREADS` when set, else `os.availableParallelism()`. */
export function threads(): number {
  const env = process.env.HOTLOOP_THREADS;
  if (env !== undefined && env !== '') {
    const n = Number(env);
    if (Number.isInteger(n) && n >= 1 && n <= 1024) return n;
    throw invalidRange('HOTLOOP_THREADS', 'integer between 1 and 1024', env);
  }
  return os.availableParallelism();
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
  throw invalidType('backend', "'native', 'js' or 'auto'", requested);
}

/** Resolves a call's `threads` option to a positive integer. */
export function resolveThreads(requested: unknown): number {
  if (requested === undefined) return threads();
  if (typeof requested !== 'number') throw invalidType('threads', 'integer between 1 and 1024', requested);
  if (!Number.isInteger(requested) || requested < 1 || requested > 1024) {
    throw invalidRange('threads', 'integer between 1 and 1024', requested);
  }
  return requested;
}

/** The loaded addon; only call after resolveBackend returned 'native'. */
export function nativeAddon(): Addon {
  if (!addon) throw new Error(`The native backend is not available: ${missingReason}`);
  return addon;
}
