/** A wasm pool worker under Node's worker_threads (see worker-serve.ts). */
import { parentPort } from 'node:worker_threads';
import type { FromWorker, ToWorker } from './pool.js';
import { serve } from './worker-serve.js';

const port = parentPort;
if (!port) throw new Error('hotloop wasm: worker-node runs only as a worker thread');
serve(
  (message: FromWorker) => port.postMessage(message),
  (handler) => port.on('message', (message: ToWorker) => handler(message)),
);
