/** A wasm pool worker in a browser (a module Web Worker; see worker-serve.ts). */
import type { FromWorker, ToWorker } from './pool.js';
import { serve } from './worker-serve.js';

const scope = globalThis as unknown as { postMessage(message: unknown): void; addEventListener(type: 'message', handler: (event: { data: unknown }) => void): void };
serve(
  (message: FromWorker) => scope.postMessage(message),
  (handler) => scope.addEventListener('message', (event) => handler(event.data as ToWorker)),
);
