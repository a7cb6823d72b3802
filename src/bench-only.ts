/**
 * Native bindings only the benchmarks use (kept out of the modules' API): the memory-read floor
 * each reduce row is compared with.
 */
import { nativeAddon, resolveBackend, resolveThreads } from './backend.js';
import { invalidType } from './errors.js';
import type { ReduceArray } from './reduce/matrix.js';

/** Reads every byte of `data` once, natively on `threads` threads (a wrapping sum of 64-bit words). */
export function readFloor(data: ReduceArray, threads?: number): bigint {
  if (!ArrayBuffer.isView(data) || data instanceof DataView) throw invalidType('data', 'typed array', data);
  resolveBackend('native');
  return nativeAddon().readFloor(data, resolveThreads(threads));
}
