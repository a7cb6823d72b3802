// Run by test/wasm.test.ts in a worker_thread: a sync wasm call there blocks that thread and forks
// onto its own pool's idle workers, as on the main thread. Loader hooks do not reach workers, so
// this plain module registers tsx itself.
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { julia, juliaSync, wasmInfo } = await import('../src/index.ts');
const { findMaxSync } = await import('../src/reduce/api.ts');
const options = { resolution: 200, itermax: 300, backend: 'wasm' };
await julia({ ...options, resolution: 20, threads: 3 }); // the pool's workers are up
const image = juliaSync({ ...options, threads: 3 });
const info = wasmInfo();
// A streamed sync call too (rows of a row-major matrix: its inputs go in while the workers start).
const matrix = { data: Float64Array.from({ length: 301 * 4099 }, (_, i) => Math.sin(i * 0.37) * 1000), rows: 301, cols: 4099 };
const maxima = findMaxSync(matrix, { axis: 1, backend: 'wasm', threads: 3 });
parentPort.postMessage({
  counts: Array.from(image.counts),
  lastSyncWorkers: info.lastSyncWorkers,
  syncThreads: info.syncThreads,
  maxima: Array.from(maxima),
  expectedMaxima: Array.from(findMaxSync(matrix, { axis: 1, backend: 'js' })),
  streamedSyncWorkers: wasmInfo().lastSyncWorkers,
});
