/**
 * Where the explorer's pixels are computed, behind one small interface: `render(parameters, smooth,
 * signal)` gives the escape counts (and norms) of the image `hotloop julia` would render with those
 * parameters. The page knows nothing else about the engine.
 *
 * Two engines: hotloop's WebAssembly backend (web/wasm-engine.ts), which needs a cross-origin
 * isolated page, and hotloop's TypeScript kernel in Web Workers, one per core (web/worker-pool.ts),
 * which needs no shared memory and so works on any static host: the fallback.
 */
import type { ComputeEngine } from './engine.js';
import { loadWasmEngine } from './wasm-engine.js';
import { WorkerPool } from './worker-pool.js';

/**
 * The engine for this page: hotloop's WebAssembly backend where it loads (web/wasm-engine.ts),
 * else the TypeScript workers, one per logical core. `prefer` forces one ('js' or 'wasm', from the
 * address's `engine=`; a forced wasm that cannot load falls back all the same). `note` says why the
 * TypeScript workers run when wasm was wanted.
 */
export async function createCompute(folder: URL, prefer: string | null): Promise<{ engine: ComputeEngine; note?: string }> {
  const cores = Math.max(1, Math.min(64, navigator.hardwareConcurrency || 1));
  const typescript = () => new WorkerPool(new URL('./julia-worker.js', folder), cores);
  if (prefer === 'js') return { engine: typescript() };
  const wasm = await loadWasmEngine(folder, cores);
  if (typeof wasm !== 'string') return { engine: wasm };
  return { engine: typescript(), note: wasm };
}
