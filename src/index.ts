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
  Polygon,
  PolygonSet,
  findClosePolygons,
  generateExample,
  generateExampleSet,
  main,
  matchPoints,
  matchPointsSync,
  selectBestPolygon,
  type ExampleOptions,
  type MatchAsyncOptions,
  type MatchOptions,
  type Point,
  type Points,
} from './polymatch/api.js';
