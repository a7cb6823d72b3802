/**
 * The flat calling convention of hotloop.wasm (native/wasm/exports.cc): each typed array is passed
 * as (pointer, element count, element type), each scalar as a double, then the control slots and
 * the chunk job. No Node built-ins here: the browser entry uses this file.
 */

/** Element types in the order native/wasm/exports.cc numbers them. */
const TYPE_CODES = new Map<unknown, number>([
  [Int8Array, 0],
  [Uint8Array, 1],
  [Uint8ClampedArray, 2],
  [Int16Array, 3],
  [Uint16Array, 4],
  [Int32Array, 5],
  [Uint32Array, 6],
  [Float32Array, 7],
  [Float64Array, 8],
  [BigInt64Array, 9],
  [BigUint64Array, 10],
]);

export type TypedArray =
  | Int8Array
  | Uint8Array
  | Uint8ClampedArray
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | Float32Array
  | Float64Array
  | BigInt64Array
  | BigUint64Array;

export type TypedArrayConstructor<T extends TypedArray> = {
  new (buffer: ArrayBufferLike, byteOffset: number, length: number): T;
  readonly BYTES_PER_ELEMENT: number;
  readonly name: string;
};

/** The element type code of a typed array, or -1 for anything else. */
export function typeCode(value: unknown): number {
  if (!ArrayBuffer.isView(value) || value instanceof DataView) return -1;
  return TYPE_CODES.get(value.constructor) ?? -1;
}

/** True for the constructors above (what `alloc` accepts). */
export function isTypedArrayType(type: unknown): boolean {
  return TYPE_CODES.has(type);
}

/** What an export returns (native/wasm/chunks.h WasmStatus). */
export const STATUS_DONE = 0;
export const STATUS_CANCELLED = 1;
export const STATUS_BAD_ARGUMENTS = 2;

/** Bytes of a ChunkJob (native/wasm/chunks.h): next piece, announced, threads, threads left, first offer (64 bits), gate, ready. */
export const JOB_BYTES = 32;
/** The job's ready count (an Int32Array index; streamed.ts): READY_ALL when every input is in, else 1 + the units copied in. */
export const JOB_READY = 7;
export const READY_ALL = 0;
/** The job's gate (an Int32Array index): workers that joined the call, or GATE_CLOSED (worker-serve.ts). */
export const JOB_GATE = 6;
export const GATE_CLOSED = -1;
/** Bytes of the control slots (native/core/control.h): cancel, chunks done, chunks announced. */
export const CONTROL_BYTES = 12;

/**
 * pip's packed zones (src/pip/packed.ts) as native/wasm/exports.cc reads them: `zoneCount` as a
 * double, then these arrays in this order.
 */
export const PACKED_ZONES_FIELDS = [
  'gridBox',
  'cellAnswer',
  'gridStart',
  'gridZones',
  'zoneBox',
  'zonePolygons',
  'polygonRings',
  'ringBox',
  'ringSlab',
  'ringSlabBase',
  'slabStart',
  'slabEdges',
] as const;

/** Kernels whose outputs are also read (pipCount adds to its counts): copied in as well as out. */
export const OUTPUTS_READ = new Set(['pipCount']);
