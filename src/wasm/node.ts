/**
 * The wasm backend in Node: compiles dist/wasm/hotloop.wasm (built by `npm run build:wasm`) once,
 * synchronously, so Sync forms work at the first call, and starts pool workers with worker_threads.
 * src/backend.ts calls `loadWasmOnce` when a call asks for the wasm backend or when the addon is
 * missing; a missing module is a reason, never an exception.
 */
import { engine } from './engine.js';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { packageRoot } from '../native-loader.js';
import type { SpawnWorker, WorkerLike } from './pool.js';
import { WasmRuntime } from './runtime.js';

/** Where `npm run build:wasm` writes the module (scripts/build-wasm.mjs). */
export const WASM_MODULE = path.join('dist', 'wasm', 'hotloop.wasm');

// Under tsx (tests, the repository's bin) this file is .ts, and so is the worker beside it: a worker
// does not inherit tsx's loader, so a small bootstrap registers it first.
const fromSource = import.meta.url.endsWith('.ts');
const workerUrl = new URL(fromSource ? './worker-node.ts' : './worker-node.js', import.meta.url);
const tsxBootstrap = `import('tsx/esm/api').then((api) => { api.register(); return import(${JSON.stringify(workerUrl.href)}); })`;

const spawnNodeWorker: SpawnWorker = (): WorkerLike => {
  const worker = fromSource ? new Worker(tsxBootstrap, { eval: true }) : new Worker(workerUrl);
  return {
    postMessage: (message) => worker.postMessage(message),
    onMessage: (handler) => worker.on('message', handler),
    onError: (handler) => {
      worker.on('error', handler);
      worker.on('exit', (code) => handler(new Error(`the worker exited (code ${code})`)));
    },
    ref: () => worker.ref(),
    unref: () => worker.unref(),
    terminate: () => void worker.terminate(),
  };
};

export type WasmLoad = { runtime: WasmRuntime; path: string } | { reason: string };
let loaded: WasmLoad | undefined;

/** The runtime over the built module, or why there is none; loaded at the first call only. */
export function loadWasmOnce(): WasmLoad {
  if (loaded) return loaded;
  const file = path.join(packageRoot(), WASM_MODULE);
  if (!existsSync(file)) {
    loaded = { reason: `${WASM_MODULE} is not built (npm run build:wasm, which needs clang-19 and lld-19)` };
    return loaded;
  }
  try {
    const module = new engine.Module(readFileSync(file));
    loaded = { runtime: new WasmRuntime(module, spawnNodeWorker), path: file };
  } catch (error) {
    loaded = { reason: `${file} does not load: ${(error as Error).message}` };
  }
  return loaded;
}
