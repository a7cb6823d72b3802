/**
 * Where the kernels run, as the host sees it: which backend a call's `backend` option names, how
 * many threads its `threads` option gives, the addon, the wasm runtime, and the few services that
 * differ between Node and a browser (raw deflate for PNG, keeping a buffer attached). The
 * dispatcher (src/kernel.ts) and the modules ask the host, never Node directly, so the same API
 * modules serve both entries: src/backend.ts installs the Node host when it is imported (the
 * `hotloop` entry), src/wasm/browser.ts the browser host (the `hotloop/wasm` entry). No Node
 * built-ins here.
 */
import type { Addon } from './addon.js';
import type { WasmRuntime } from './wasm/runtime.js';

/** Every backend, in the order `'auto'` tries them. */
export const BACKENDS = ['native', 'wasm', 'js'] as const;
export type BackendName = (typeof BACKENDS)[number];

/** Options every kernel with a native form accepts. */
export interface BackendOptions {
  /** `'native'`, `'wasm'`, `'js'` (the TypeScript reference), or `'auto'` (default: native when loaded, else wasm when built, else js). */
  backend?: BackendName | 'auto';
  /** Threads for native and wasm kernels; default `HOTLOOP_THREADS`, else `os.availableParallelism()`. */
  threads?: number;
}

/** zlib's deflate as PNG's IDAT needs it, at zlib's levels and strategies. */
export interface Deflater {
  /** The whole input as one zlib stream (RFC 1950: header, deflate, Adler-32). */
  deflate(data: Uint8Array, level: number, strategy: 'default' | 'rle'): Uint8Array;
  /**
   * One band of a raw-deflate stream (RFC 1951) compressed in pieces: byte-aligned and not final (a sync flush) unless
   * `last`, so the pieces in order are one valid stream. May run off the calling thread.
   */
  deflateRawBand(data: Uint8Array, level: number, strategy: 'default' | 'rle', last: boolean): Promise<Uint8Array>;
  /** zlib's CRC-32. */
  crc32(data: Uint8Array): number;
}

export interface Host {
  /** The backend a call's `backend` option resolves to; a clear Error for one this host cannot give. */
  resolveBackend(requested: unknown): BackendName;
  /** A call's `threads` option as a positive integer (its default when undefined). */
  resolveThreads(requested: unknown): number;
  /** The addon; only after resolveBackend returned 'native'. */
  nativeAddon(): Addon;
  /** The wasm runtime; only after resolveBackend returned 'wasm'. */
  wasmRuntime(): WasmRuntime;
  /** Makes a buffer that an async call reads stay attached (Node: untransferable for good). */
  keepAttached(buffer: ArrayBuffer): void;
  /** Lets the event loop run (timers, I/O, an abort) between two steps of an async TypeScript kernel. */
  yieldToEventLoop(): Promise<void>;
  readonly deflater: Deflater;
}

let installed: Host | undefined;
let scoped: Host | undefined;

/** Makes `host` the one calls use (each entry installs its own at import). */
export function installHost(host: Host): void {
  installed = host;
}

/** True when an entry has installed its host. */
export function hostInstalled(): boolean {
  return installed !== undefined;
}

/** The host of the call now starting. */
export function currentHost(): Host {
  const host = scoped ?? installed;
  if (!host) throw new Error("hotloop: no host is installed: import 'hotloop' (Node) or 'hotloop/wasm' (browsers) before calling a kernel");
  return host;
}

/**
 * Runs `fn` with `host` as the current host: a call resolves its host once, as it starts (src/kernel.ts
 * Call.host), so an async call keeps it after `fn` returned its Promise.
 */
export function withHost<R>(host: Host, fn: () => R): R {
  const saved = scoped;
  scoped = host;
  try {
    return fn();
  } finally {
    scoped = saved;
  }
}
