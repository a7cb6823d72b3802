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
  Engine,
  type Boundary,
  type EngineOptions,
  type PipAsyncOptions,
  type PipCallOptions,
  type Points,
  type ZoneCounts,
  type ZoneInput,
  type ZoneMatches,
} from './pip/api.js';
