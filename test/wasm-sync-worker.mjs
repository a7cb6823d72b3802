// Run by test/wasm.test.ts in a worker_thread: a sync wasm call there blocks that thread and forks
// onto its own pool's idle workers, as on the main thread. Loader hooks do not reach workers, so
// this plain module registers tsx itself.
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { julia, juliaSync, wasmInfo } = await import('../src/index.ts');
const options = { resolution: 200, itermax: 300, backend: 'wasm' };
await julia({ ...options, resolution: 20, threads: 3 }); // the pool's workers are up
const image = juliaSync({ ...options, threads: 3 });
const info = wasmInfo();
parentPort.postMessage({ counts: Array.from(image.counts), lastSyncWorkers: info.lastSyncWorkers, syncThreads: info.syncThreads });
