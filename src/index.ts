// hotloop's public API: everything a user imports comes from here.
export { alloc, backend, free, threads, nativeInfo, nativeUnavailableReason, wasmInfo, wasmUnavailableReason, type BackendName, type BackendOptions } from './backend.js';
export type { TypedArray, TypedArrayConstructor } from './wasm/abi.js';
export type { WasmInfo } from './wasm/runtime.js';
export type { ProgressOptions } from './progress.js';
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
export type {
  Area,
  Density,
  Dimension,
  Dimensionless,
  Energy,
  GravitationalConstant,
  Length,
  Mass,
  MassRate,
  Over,
  Power,
  Time,
  Times,
  Velocity,
  Volume,
} from './units/dimension.js';
export {
  abs,
  add,
  arrayFromSI,
  cube,
  dimensionless,
  div,
  fromSI,
  max,
  mul,
  quantityAt,
  reciprocal,
  scale,
  sqrt,
  square,
  sub,
  type Quantity,
  type QuantityArray,
  type Scalar,
} from './units/quantity.js';
export {
  J,
  W,
  au,
  cm,
  erg,
  ergPerSecond,
  g,
  gPerCubicCentimetre,
  gravitationalRadius,
  inUnit,
  kg,
  kgPerCubicMetre,
  km,
  kmPerSecond,
  m,
  metresPerSecond,
  s,
  solarMass,
  unit,
  year,
  type Unit,
} from './units/units.js';
export { G, M_sun, c } from './units/constants.js';
export {
  jetLuminosities,
  jetLuminositiesSync,
  jetLuminosity,
  shockLuminosities,
  shockLuminositiesSync,
  shockLuminosity,
  type LumAsyncOptions,
  type LumOptions,
} from './lum/api.js';
export { Disk, disk, powerLaw, tabulated, type DiskModel, type DiskProfiles } from './lum/disk.js';
export { Profile, type Extrapolation, type PowerLawOptions, type TabulatedOptions } from './lum/profile.js';
export type { SplineEnd } from './lum/spline.js';
export { DEMO_SMBH_MASS_IN_SUN, demoDisk } from './lum/demo-disk.js';
export {
  bondiHoyleLyttletonRate,
  diskSoundSpeed,
  gravitationalRadiusOf,
  hillGasVolume,
  hillRadius,
  jetLuminosityOf,
  shockLuminosityOf,
} from './lum/physics.js';
export { portableCbrt, portableExp, portableLog } from './lum/portable-math.js';
export { Geofence, type GeofenceOptions } from './geofence/api.js';
export type { FenceId, GeofenceEvent, PositionBatch } from './geofence/events.js';
export { arrowPoints } from './io/arrow.js';
export { readPointBatches, readPoints, openResultSink, formatOf, type FileFormat, type PointsRead } from './io/points.js';
export type { ByteSink, ColumnNames, PointBatch, ReadOptions, ReadStats, ResultBatch, ResultSink } from './io/columns.js';
