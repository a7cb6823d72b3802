// hotloop's public API in Node: everything a user imports comes from here. The kernels and functions
// are src/api.ts, shared with the browser entry (hotloop/wasm); the rest needs Node.
export * from './api.js';
export { alloc, backend, free, threads, nativeInfo, nativeUnavailableReason, wasmInfo, wasmUnavailableReason, type BackendName, type BackendOptions } from './backend.js';
export type { TypedArray, TypedArrayConstructor } from './wasm/abi.js';
export type { WasmInfo } from './wasm/runtime.js';
export { largeArray } from './reduce/large-array.js';
export { Geofence, type GeofenceOptions } from './geofence/api.js';
export type { FenceId, GeofenceEvent, PositionBatch } from './geofence/events.js';
export { arrowPoints } from './io/arrow.js';
export { readPointBatches, readPoints, openResultSink, formatOf, type FileFormat, type PointsRead } from './io/points.js';
export type { ByteSink, ColumnNames, PointBatch, ReadOptions, ReadStats, ResultBatch, ResultSink } from './io/columns.js';
