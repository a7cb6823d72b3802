/**
 * The WebAssembly engine: hotloop's wasm backend (issue 13: SIMD128, a pool of workers over one
 * shared memory) through its browser entry, `hotloop/wasm`. `npm run build:web` puts that entry,
 * its worker and hotloop.wasm in dist/web/wasm/ when the checkout has them (src/wasm/browser.ts and
 * `npm run build:wasm`'s dist/wasm/hotloop.wasm); the page loads them at run time, so it builds and
 * runs without them, on the TypeScript workers.
 */
import type { ResolvedJuliaParameters } from '../src/julia/params.js';
import type { Counts } from '../src/julia/reference.js';
import type { ComputeEngine, RenderResult } from './engine.js';

/** The part of `hotloop/wasm` the page uses (its `loadWasm` and `HotloopWasm.julia`). */
interface WasmEntry {
  loadWasm(options: { url: URL; workerUrl: URL; threads: number }): Promise<HotloopWasm>;
}
interface HotloopWasm {
  readonly threads: number;
  julia(options: Record<string, unknown>): Promise<{ width: number; height: number; counts: Counts; norms?: Float64Array; parameters: ResolvedJuliaParameters }>;
}

/** Iterations of an image: n + 1 for an orbit that escaped at step n, itermax for one that never did. */
export function iterationsOf(counts: Counts, itermax: number): number {
  let iterations = 0;
  for (let i = 0; i < counts.length; i++) iterations += counts[i] >= itermax ? itermax : counts[i] + 1;
  return iterations;
}

/**
 * The wasm engine, or why there is none: no cross-origin isolation (shared memory needs it), no
 * WebAssembly, or a page built without the wasm backend.
 */
export async function loadWasmEngine(folder: URL, threads: number): Promise<ComputeEngine | string> {
  if (typeof WebAssembly !== 'object') return 'no WebAssembly in this browser';
  if (!crossOriginIsolated) return 'the page is not cross-origin isolated (COOP/COEP headers), so no shared memory';
  const entryUrl = new URL('./wasm/browser.js', folder);
  const probe = await fetch(entryUrl, { method: 'HEAD' }).catch(() => undefined);
  if (!probe?.ok) return 'the page was built without the wasm backend';
  let hotloop: HotloopWasm;
  try {
    const entry = (await import(/* @vite-ignore */ entryUrl.href)) as WasmEntry;
    hotloop = await entry.loadWasm({ url: new URL('./wasm/hotloop.wasm', folder), workerUrl: new URL('./wasm/worker.js', folder), threads });
  } catch (error) {
    return `the wasm backend did not load: ${(error as Error).message}`;
  }
  return {
    description: `WebAssembly, ${hotloop.threads} worker${hotloop.threads === 1 ? '' : 's'}`,
    async render(parameters: ResolvedJuliaParameters, smooth: boolean, signal: AbortSignal): Promise<RenderResult> {
      const started = performance.now();
      const image = await hotloop.julia({ ...parameters, c: [parameters.c.re, parameters.c.im], smooth, signal });
      const milliseconds = performance.now() - started;
      return { ...image, parameters, iterations: iterationsOf(image.counts, parameters.itermax), milliseconds };
    },
  };
}
