/**
 * The few WebAssembly APIs the wasm backend uses, typed here: the project compiles against ES2022
 * and Node's types, which do not declare `WebAssembly` (lib.dom does), and declaring it globally
 * would clash with a browser project's own lib.dom. Same objects, local names.
 */

export interface WasmMemory {
  readonly buffer: ArrayBuffer | SharedArrayBuffer;
  grow(pages: number): number;
}
/** A compiled module: opaque, postable to workers. */
export interface WasmModule {
  readonly __wasmModule?: never;
}
export interface WasmGlobal {
  value: number;
}
export interface WasmInstance {
  readonly exports: Record<string, unknown>;
}

interface Engine {
  Memory: new (descriptor: { initial: number; maximum: number; shared: boolean }) => WasmMemory;
  Module: {
    new (bytes: BufferSource): WasmModule;
    imports(module: WasmModule): { module: string; name: string; kind: string }[];
  };
  Instance: new (module: WasmModule, imports: Record<string, Record<string, unknown>>) => WasmInstance;
  compile(bytes: BufferSource): Promise<WasmModule>;
  compileStreaming?(source: unknown): Promise<WasmModule>;
}

type BufferSource = ArrayBufferView | ArrayBuffer;

/** The engine's WebAssembly namespace. */
export const engine = (globalThis as unknown as { WebAssembly: Engine }).WebAssembly;
