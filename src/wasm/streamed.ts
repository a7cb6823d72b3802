/**
 * Inputs a call copies into the wasm memory while the kernel already runs (an async call, or a
 * sync call that has idle workers to start on them, src/wasm/runtime.ts). A kernel reads
 * its inputs once, so copying them all before the call cost as much as the kernel itself (a
 * reduction) or a third of it (pip), on one thread while the workers waited. For the kernels
 * listed here, the call is posted to the workers first; the calling thread then copies the
 * streamed inputs in order, piece by piece, and after each piece raises the job's ready count
 * (native/wasm/chunks.h ChunkJob.ready); a worker starts a piece of work once the inputs it reads
 * have arrived (claim_streamed). Other inputs are copied before the call, as always. The caller's
 * arrays may live in any ArrayBuffer (only the calling thread can read a non-shared one).
 * No Node built-ins: the browser entry uses this file.
 */
import type { TypedArray } from './abi.js';

/**
 * Per kernel: the positions of its streamed inputs in the contract's inputs, and the unit of the
 * ready count the export waits in: `units(inputs, scalars)` of them in all, each streamed input
 * holding a whole number of elements per unit, in unit order; 0 when the call gains nothing by
 * streaming (then every input is copied before it).
 */
export interface StreamedInputs {
  positions: readonly number[];
  units(inputs: readonly unknown[], scalars: readonly unknown[]): number;
}

const lengthOf = (position: number, per = 1) => (inputs: readonly unknown[]) => (inputs[position] as TypedArray).length / per;

/**
 * A reduction streams when its items read the matrix front to back: along a contiguous reduced
 * axis (a row-major matrix's rows, a column-major one's columns) its tiles do; across it, when the
 * reduced axis is the outer one (a row-major matrix's columns), the module cuts the rows into
 * pieces of 16 MiB taken in order (native/core/reduce.cc kInOrderPieceBytes). Other strides (a
 * view whose reduced axis is inner but not contiguous) read to the matrix's end from the first item.
 */
function reducedElements(inputs: readonly unknown[], scalars: readonly unknown[]): number {
  const [, , rowStride, colStride, axis] = scalars as number[];
  const [reduced, kept] = axis === 0 ? [rowStride, colStride] : [colStride, rowStride];
  return reduced === 1 || reduced > kept ? (inputs[0] as TypedArray).length : 0;
}

export const STREAMED_KERNELS: ReadonlyMap<string, StreamedInputs> = new Map([
  // Points: lat and lon (the zones are read whole by every point, so they are copied first).
  ['pip', { positions: [1, 2], units: lengthOf(1) }],
  ['pipMatchCount', { positions: [1, 2], units: lengthOf(1) }],
  ['pipCount', { positions: [1, 2], units: lengthOf(1) }],
  // Cubics: four coefficients, or x0 and y0, each.
  ['solveCubics', { positions: [0], units: lengthOf(0, 4) }],
  ['cubicYRoots', { positions: [0, 1], units: lengthOf(0) }],
  // Remnants (the disk profiles are read whole).
  ['shockLuminosities', { positions: [0, 1, 2], units: lengthOf(0) }],
  ['jetLuminosities', { positions: [0, 1, 2, 3], units: lengthOf(0) }],
  // Elements of the matrix, in memory order (exports.cc hl_reduce asks reduce_items_end).
  ['reduce', { positions: [0], units: reducedElements }],
]);

/**
 * Bytes copied between two raises of the ready count: small enough that the workers start soon (a
 * fraction of a millisecond), large enough that waking them costs little. Workers that outrun the
 * copy wake at every raise, and a wake through memory.atomic.wait costs tens of microseconds: with
 * 1 MiB pieces the wakes of an 80 MB reduction cost about half its kernel's CPU time.
 */
export const STREAM_PIECE_BYTES = 4 * 1024 * 1024;

/** A streamed input: copied from `from` to byte `to` of the wasm memory, `per` elements per unit. */
export interface StreamedCopy {
  from: TypedArray;
  to: number;
  per: number;
}

/**
 * Copies `copies` (each `units` units long) into `memory` piece by piece, calling `ready(units
 * so far)` after each piece.
 */
export function copyStreamed(memory: ArrayBufferLike, copies: readonly StreamedCopy[], units: number, ready: (upto: number) => void): void {
  let bytesPerUnit = 0;
  for (const { from, per } of copies) bytesPerUnit += per * from.BYTES_PER_ELEMENT;
  const step = Math.max(1, Math.floor(STREAM_PIECE_BYTES / Math.max(bytesPerUnit, 1)));
  for (let at = 0; at < units; at += step) {
    const upto = Math.min(units, at + step);
    for (const { from, to, per } of copies) {
      const size = from.BYTES_PER_ELEMENT * per;
      new Uint8Array(memory, to + at * size, (upto - at) * size).set(new Uint8Array(from.buffer, from.byteOffset + at * size, (upto - at) * size));
    }
    ready(upto);
  }
}
