// hotloop's public API: everything a user imports comes from here.
export { backend, threads, nativeInfo, nativeUnavailableReason, type BackendName, type BackendOptions } from './backend.js';
export type { ProgressOptions } from './control.js';
export {
  cubicYRoot,
  cubicYRoots,
  cubicYRootsSync,
  polyRoots,
  solveCubic,
  solveCubics,
  solveCubicsSync,
  type Complex,
  type CubicBatch,
  type CubicBatchOptions,
} from './cubic/api.js';
export {
  argMax,
  argMaxSync,
  argMin,
  argMinSync,
  findMax,
  findMaxSync,
  findMin,
  findMinSync,
  largeArray,
  type Axis,
  type Matrix,
  type ReduceArray,
  type ReduceArrayType,
  type ReduceAsyncOptions,
  type ReduceOptions,
} from './reduce/api.js';
