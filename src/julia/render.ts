/**
 * `julia` / `juliaSync`: escape counts over the grid, on the native kernel (SIMD, every core) or the
 * TypeScript reference, with identical results.
 */
import type { BackendOptions } from '../backend.js';
import { invalidType } from '../errors.js';
import { type Call, asyncCall, defineKernel, runAsync, runSync, syncCall } from '../kernel.js';
import { BACKEND_OPTIONS, PROGRESS_OPTIONS, defineOptions } from '../options.js';
import type { ProgressOptions } from '../progress.js';
import { DEFAULTS, type JuliaParameters, type ResolvedJuliaParameters, regionOf, resolveParameters } from './params.js';
import { type Counts, type KernelInput, juliaRows } from './reference.js';

export interface JuliaRenderOptions extends JuliaParameters, BackendOptions {
  /** Also return `norms` (|z|^2 at escape), which smooth colouring needs. Default false. */
  smooth?: boolean;
}
export type JuliaOptions = JuliaRenderOptions & ProgressOptions;

/** A rendered image: escape counts, row-major from the top row. */
export interface JuliaImage {
  width: number;
  height: number;
  /** Escape count per pixel (itermax where the orbit never escaped); Uint32Array when itermax > 65535. */
  counts: Counts;
  /** |z|^2 at escape per pixel (0 where it never escaped), only with `smooth: true`. */
  norms?: Float64Array;
  /** The parameters the image was made with, defaults applied. */
  parameters: ResolvedJuliaParameters;
}

const RENDER_OPTIONS = defineOptions<JuliaRenderOptions>()({ ...DEFAULTS, ...BACKEND_OPTIONS, smooth: false });
const ASYNC_OPTIONS = defineOptions<JuliaOptions>()({ ...RENDER_OPTIONS.defaults, ...PROGRESS_OPTIONS });
// Pixels per step of the async TypeScript form: about 10 ms at the defaults, so a signal is seen promptly.
const JS_STEP_PIXELS = 40_000;

const JULIA = defineKernel({
  native: 'julia',
  args: ({ input, image }: { input: KernelInput; image: JuliaImage }) => ({
    inputs: [input.xs, input.ys],
    outputs: [image.counts, image.norms],
    scalars: [input.cr, input.ci, input.t2, input.itermax],
  }),
  units: ({ image }) => image.height,
  step: ({ image }) => Math.floor(JS_STEP_PIXELS / image.width),
  js: ({ input, image }, begin, end) => juliaRows(input, image.counts, image.norms, begin, end),
});

// A typed array too large for this process is a RangeError that says which image, not V8's bare one.
function allocate<T>(what: string, make: () => T, width: number, height: number): T {
  try {
    return make();
  } catch (error) {
    throw new RangeError(`Cannot allocate the ${what} of a ${width} x ${height} image: ${(error as Error).message}`);
  }
}

// The checked parameters, the grid and the allocated image; the backend is resolved (by
// `resolve`) after the parameters are checked and before the image is allocated.
function prepare<C extends Call>(options: JuliaRenderOptions, resolve: () => C): { image: JuliaImage; input: KernelInput; call: C } {
  const parameters = resolveParameters(options);
  if (typeof options.smooth !== 'boolean') throw invalidType('smooth', 'boolean', options.smooth);
  const call = resolve();
  const { width, height, xs, ys } = regionOf(parameters).build(parameters.resolution);
  const n = width * height;
  const counts: Counts = allocate('counts', () => (parameters.itermax > 65535 ? new Uint32Array(n) : new Uint16Array(n)), width, height);
  const norms = options.smooth ? allocate('norms', () => new Float64Array(n), width, height) : undefined;
  const { c, threshold, itermax } = parameters;
  return {
    image: { width, height, counts, ...(norms ? { norms } : {}), parameters },
    input: { xs, ys, cr: c.re, ci: c.im, t2: threshold * threshold, itermax },
    call,
  };
}

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
  await runAsync(JULIA, { input, image }, call);
  return image;
}
