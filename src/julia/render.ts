/**
 * `julia` / `juliaSync`: escape counts over the grid, on the native kernel (SIMD, every core) or the
 * TypeScript reference, with identical results.
 */
import type { BackendOptions } from '../backend.js';
import { asyncCall, defineKernel, keepAttached, runAsync, runSync, syncCall } from '../kernel.js';
import { BACKEND_OPTIONS, PROGRESS_OPTIONS, defineOptions } from '../options.js';
import type { ProgressOptions } from '../progress.js';
import { type JuliaImage, juliaArguments, prepare } from './image.js';
import { DEFAULTS, type JuliaParameters } from './params.js';
import { type Counts, type KernelInput, juliaRows } from './reference.js';

export type { JuliaImage } from './image.js';

export interface JuliaRenderOptions extends JuliaParameters, BackendOptions {
  /** Also return `norms` (|z|^2 at escape), which smooth colouring needs. Default false. */
  smooth?: boolean;
  /**
   * Preallocated counts to fill and return as the image's `counts` (numpy's `out=`): width x height
   * elements, a Uint16Array (a Uint32Array when itermax > 65535). `norms` is still allocated.
   */
  out?: Counts;
}
export type JuliaOptions = JuliaRenderOptions & ProgressOptions;

const RENDER_OPTIONS = defineOptions<JuliaRenderOptions>()({ ...DEFAULTS, ...BACKEND_OPTIONS, smooth: false, out: undefined });
const ASYNC_OPTIONS = defineOptions<JuliaOptions>()({ ...RENDER_OPTIONS.defaults, ...PROGRESS_OPTIONS });
// Pixels per step of the async TypeScript form: about 10 ms at the defaults, so a signal is seen promptly.
const JS_STEP_PIXELS = 40_000;

const JULIA = defineKernel({
  native: 'julia',
  args: ({ input, image }: { input: KernelInput; image: JuliaImage }) => juliaArguments(input, image),
  units: ({ image }) => image.height,
  step: ({ image }) => Math.floor(JS_STEP_PIXELS / image.width),
  js: ({ input, image }, begin, end) => juliaRows(input, image.counts, image.norms, begin, end),
});

/**
 * Renders the Julia set of z -> z^2 + c: escape counts per pixel, row-major from the top row. Every
 * option has the seed's default (c = -0.835 - 0.2321i, [-0.1, 0.1]^2, 4000 pixels, 20..100
 * iterations, threshold 2). Blocks until done; see {@link julia} for the async form.
 *
 * @example
 * const { width, height, counts } = juliaSync({ resolution: 400 });
 * // width = height = 400, counts: Uint16Array(160000) of escape counts in 0..100
 */
export function juliaSync(options?: JuliaRenderOptions): JuliaImage {
  const opts = RENDER_OPTIONS.read('juliaSync', options);
  const { image, input, call } = prepare(opts, () => syncCall(opts));
  runSync(JULIA, { input, image }, call);
  return image;
}

/**
 * Async form of {@link juliaSync}: renders off the main thread. `signal` cancels (the Promise
 * rejects with an AbortError, promptly), `onProgress` gets the fraction of rows done.
 *
 * @example
 * const controller = new AbortController();
 * const image = await julia({ c: [-0.8, 0.156], xMin: -1.6, xMax: 1.6, yMin: -1, yMax: 1, resolution: 1000,
 *   signal: controller.signal, onProgress: (f) => console.log(`${Math.round(f * 100)}%`) });
 * // image.width = 1000, image.height = 625
 */
export async function julia(options?: JuliaOptions): Promise<JuliaImage> {
  const opts = ASYNC_OPTIONS.read('julia', options);
  const { image, input, call } = prepare(opts, () => asyncCall(opts));
  if (opts.out !== undefined) keepAttached([image.counts]);
  await runAsync(JULIA, { input, image }, call);
  return image;
}
