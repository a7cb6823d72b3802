/**
 * Julia-set renderer (seed 004): escape counts of z -> z^2 + c over a region of the complex plane,
 * to arrays and PNG, with the seed's parameters as defaults and its vocabulary (`ComplexRegion`,
 * `JuliaDiv#over`). Counts are exact across backends and thread counts.
 */
import type { BackendOptions } from '../backend.js';
import { invalidType } from '../errors.js';
import { BACKEND_OPTIONS, PROGRESS_OPTIONS, defineOptions } from '../options.js';
import type { ProgressOptions } from '../progress.js';
import { type ComplexInput, resolveParameters } from './params.js';
import { juliaValues } from './pixels.js';
import { ComplexRegion } from './region.js';
import { type JuliaImage, julia, juliaSync } from './render.js';

export { COLORMAPS, colormapTable, type ColormapName } from './colormap.js';
export { juliaCommand, juliaPng, juliaPngSync, type JuliaPngOptions } from './image-png.js';
export { DEFAULTS as JULIA_DEFAULTS, type ComplexInput, type JuliaParameters, type ResolvedJuliaParameters } from './params.js';
export { juliaGrey, juliaRgb, juliaValues, type ColorOptions } from './pixels.js';
export { encodePng, encodePngSync, type PngImage, type PngOptions } from '../png/encode.js';
export { ComplexRegion, linspace, type JuliaGridAxes } from './region.js';
export type { Counts } from './reference.js';
export { julia, juliaSync, type JuliaImage, type JuliaOptions, type JuliaRenderOptions } from './render.js';

/** The seed's `JuliaDiv` settings: everything but the region. */
export interface JuliaDivOptions {
  c?: ComplexInput;
  threshold?: number;
  itermin?: number;
  itermax?: number;
  resolution?: number;
}

// Defaults are the seed's, applied by resolveParameters (params.ts).
const DIV_OPTIONS = defineOptions<JuliaDivOptions>()({ c: undefined, threshold: undefined, itermin: undefined, itermax: undefined, resolution: undefined });
type RenderOptions = BackendOptions & { smooth?: boolean };
const RENDER_OPTIONS = defineOptions<RenderOptions>()({ ...BACKEND_OPTIONS, smooth: undefined });
const ASYNC_RENDER_OPTIONS = defineOptions<RenderOptions & ProgressOptions>()({ ...BACKEND_OPTIONS, smooth: undefined, ...PROGRESS_OPTIONS });

/**
 * The seed's `JuliaDiv`: a Julia set's divergence settings (c, threshold, iterations, resolution),
 * applied to a {@link ComplexRegion} with `over` (normalised values, as the seed) or `render` (counts).
 *
 * @example
 * const div = new JuliaDiv({ c: [-0.835, -0.2321], itermin: 20, itermax: 100, resolution: 4000 });
 * const values = await div.over(new ComplexRegion(-0.1, 0.1, -0.1, 0.1)); // Float64Array(16e6) in [0, 1]
 */
export class JuliaDiv {
  readonly c: { re: number; im: number };
  readonly threshold: number;
  /** `[itermin, itermax]`, the seed's `n_iterations`. */
  readonly nIterations: readonly [number, number];
  readonly resolution: number;

  constructor(options?: JuliaDivOptions) {
    const opts = DIV_OPTIONS.read('JuliaDiv', options);
    const p = resolveParameters(opts);
    this.c = p.c;
    this.threshold = p.threshold;
    this.nIterations = [p.itermin, p.itermax];
    this.resolution = p.resolution;
  }

  private parameters(plane: ComplexRegion) {
    if (!(plane instanceof ComplexRegion)) throw invalidType('plane', 'ComplexRegion', plane);
    const { xMin, xMax, yMin, yMax } = plane;
    const [itermin, itermax] = this.nIterations;
    return { c: this.c, threshold: this.threshold, itermin, itermax, resolution: this.resolution, xMin, xMax, yMin, yMax };
  }

  /**
   * Escape counts over `plane`, blocking.
   *
   * @example
   * const { counts } = new JuliaDiv({ resolution: 400 }).renderSync(new ComplexRegion());
   */
  renderSync(plane: ComplexRegion = new ComplexRegion(), options?: RenderOptions): JuliaImage {
    return juliaSync({ ...this.parameters(plane), ...RENDER_OPTIONS.read('JuliaDiv#renderSync', options) });
  }

  /**
   * Escape counts over `plane`, off the main thread (with `signal` and `onProgress`).
   *
   * @example
   * const image = await new JuliaDiv().render(new ComplexRegion(-0.1, 0.1, -0.1, 0.1));
   */
  async render(plane: ComplexRegion = new ComplexRegion(), options?: RenderOptions & ProgressOptions): Promise<JuliaImage> {
    return julia({ ...this.parameters(plane), ...ASYNC_RENDER_OPTIONS.read('JuliaDiv#render', options) });
  }

  /**
   * The seed's `over`: `(max(count, itermin) - itermin) / (itermax - itermin)` per pixel, rows from
   * the top, blocking.
   *
   * @example
   * const values = new JuliaDiv({ resolution: 400 }).overSync(new ComplexRegion()); // Float64Array(160000)
   */
  overSync(plane: ComplexRegion = new ComplexRegion(), options?: BackendOptions): Float64Array {
    return juliaValues(this.renderSync(plane, options));
  }

  /**
   * Async form of {@link JuliaDiv.overSync}.
   *
   * @example
   * const values = await new JuliaDiv().over(new ComplexRegion());
   */
  async over(plane: ComplexRegion = new ComplexRegion(), options?: BackendOptions & ProgressOptions): Promise<Float64Array> {
    return juliaValues(await this.render(plane, options));
  }
}
