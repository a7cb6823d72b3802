/**
 * The element types reductions accept, alone in a file with no imports so that the addon's contract
 * (src/addon.ts) can name it without depending on the reduce module's code.
 */

/** Every typed array a reduction accepts; results come back in the same type. */
export type ReduceArray =
  | BigInt64Array
  | BigUint64Array
  | Int32Array
  | Uint32Array
  | Int16Array
  | Uint16Array
  | Int8Array
  | Uint8Array
  | Float32Array
  | Float64Array;
