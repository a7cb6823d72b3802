/** What an explorer engine is (web/compute.ts picks one): its own file so the engines and the picker import it without a circle. */
import type { ResolvedJuliaParameters } from '../src/julia/params.js';
import type { Counts } from '../src/julia/reference.js';

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
