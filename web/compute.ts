/**
 * Where the explorer's pixels are computed, behind one small interface: `render(parameters, smooth,
 * signal)` gives the escape counts (and norms) of the image `hotloop julia` would render with those
 * parameters. The page knows nothing else about the engine, so a faster one (hotloop's WebAssembly
 * backend, issue 13) replaces this one without touching the page.
 *
 * Today's engine: hotloop's TypeScript kernel in Web Workers, one per core (web/worker-pool.ts).
 * It needs no cross-origin isolation (no shared memory), so it works on any static host.
 */
import type { ResolvedJuliaParameters } from '../src/julia/params.js';
import type { Counts } from '../src/julia/reference.js';
import { WorkerPool } from './worker-pool.js';

export interface RenderResult {
  width: number;
  height: number;
  /** Escape counts, rows from the top (the CLI's image of the same parameters, count for count). */
  counts: Counts;
  /** |z|^2 at escape, when rendered with smooth. */
  norms?: Float64Array;
  parameters: ResolvedJuliaParameters;
  /** Iterations of z -> z^2 + c computed in all. */
  iterations: number;
  /** Wall time of the render. */
  milliseconds: number;
}

export interface ComputeEngine {
  /** What renders, for the page's corner: e.g. "TypeScript, 2 workers". */
  readonly description: string;
  /** Renders, or rejects with an AbortError once `signal` aborts (promptly: at most one band per worker later). */
  render(parameters: ResolvedJuliaParameters, smooth: boolean, signal: AbortSignal): Promise<RenderResult>;
}

/** The engine for this browser: TypeScript workers, one per logical core. */
export function createCompute(workerUrl: URL): ComputeEngine {
  const cores = Math.max(1, Math.min(64, navigator.hardwareConcurrency || 1));
  return new WorkerPool(workerUrl, cores);
}
