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
export {
  COLORMAPS,
  ComplexRegion,
  JULIA_DEFAULTS,
  JuliaDiv,
  colormapTable,
  encodePng,
  encodePngSync,
  julia,
  juliaCommand,
  juliaGrey,
  juliaPng,
  juliaPngSync,
  juliaRgb,
  juliaSync,
  juliaValues,
  linspace,
  type ColorOptions,
  type ColormapName,
  type ComplexInput,
  type Counts,
  type JuliaDivOptions,
  type JuliaGridAxes,
  type JuliaImage,
  type JuliaOptions,
  type JuliaParameters,
  type JuliaPngOptions,
  type JuliaRenderOptions,
  type PngImage,
  type PngOptions,
  type ResolvedJuliaParameters,
} from './julia/api.js';
export {
  Engine,
  type Boundary,
  type EngineOptions,
  type PipAsyncOptions,
  type LonLatPoints,
  type PipCallOptions,
  type ZoneCounts,
  type ZoneInput,
  type ZoneMatches,
} from './pip/api.js';
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
export { Geofence, type GeofenceOptions } from './geofence/api.js';
export type { FenceId, GeofenceEvent, PositionBatch } from './geofence/events.js';
export { arrowPoints } from './io/arrow.js';
export { readPointBatches, readPoints, openResultSink, formatOf, type FileFormat } from './io/points.js';
export type { ColumnNames, PointBatch, ReadOptions, ResultBatch, ResultSink } from './io/columns.js';
export { runGeofenceConsumer, type ConsumerOptions, type ConsumerStats } from './geofence/consumer.js';
export { publishPositions, type PublishOptions } from './geofence/publish.js';
