/**
 * `julia` / `juliaSync`: escape counts over the grid, on the native kernel (SIMD, every core) or the
 * TypeScript reference, with identical results.
 */
import { BACKEND_OPTION_KEYS, type BackendOptions, nativeAddon, resolveBackend, resolveThreads } from '../backend.js';
import { PROGRESS_OPTION_KEYS, type ProgressOptions, checkProgressOptions, runChunked, withNativeControl } from '../control.js';
import { invalidType } from '../errors.js';
import { checkOptions } from '../validate.js';
import { PARAMETER_KEYS, type JuliaParameters, type ResolvedJuliaParameters, regionOf, resolveParameters } from './params.js';
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

const SYNC_KEYS = [...PARAMETER_KEYS, ...BACKEND_OPTION_KEYS, 'smooth'] as const;
const ASYNC_KEYS = [...SYNC_KEYS, ...PROGRESS_OPTION_KEYS] as const;
// Rows per step of the async TypeScript form: about 10 ms at the defaults, so a signal is seen promptly.
const JS_ROW_PIXELS = 40_000;

interface JuliaAddon {
  juliaSync(xs: Float64Array, ys: Float64Array, cr: number, ci: number, t2: number, itermax: number, counts: Counts, norms: Float64Array | undefined, threads: number): void;
  juliaAsync(xs: Float64Array, ys: Float64Array, cr: number, ci: number, t2: number, itermax: number, counts: Counts, norms: Float64Array | undefined, threads: number, control?: Int32Array): Promise<void>;
}
const native = () => nativeAddon() as unknown as JuliaAddon;

interface Prepared {
  image: JuliaImage;
  input: KernelInput;
  backend: 'native' | 'js';
  threads: number;
}

// A typed array too large for this process is a RangeError that says which image, not V8's bare one.
function allocate<T>(what: string, make: () => T, width: number, height: number): T {
  try {
    return make();
  } catch (error) {
    throw new RangeError(`Cannot allocate the ${what} of a ${width} x ${height} image: ${(error as Error).message}`);
  }
}

function prepare(options: JuliaRenderOptions): Prepared {
  const parameters = resolveParameters(options);
  if (options.smooth !== undefined && typeof options.smooth !== 'boolean') throw invalidType('smooth', 'boolean', options.smooth);
  const backend = resolveBackend(options.backend);
  const threads = resolveThreads(options.threads);
  const { width, height, xs, ys } = regionOf(parameters).build(parameters.resolution);
  const n = width * height;
  const counts: Counts = allocate('counts', () => (parameters.itermax > 65535 ? new Uint32Array(n) : new Uint16Array(n)), width, height);
  const norms = options.smooth ? allocate('norms', () => new Float64Array(n), width, height) : undefined;
  const { c, threshold, itermax } = parameters;
  return {
    image: { width, height, counts, ...(norms ? { norms } : {}), parameters },
    input: { xs, ys, cr: c.re, ci: c.im, t2: threshold * threshold, itermax },
    backend,
    threads,
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
  const opts = checkOptions<JuliaRenderOptions>('juliaSync', options, SYNC_KEYS);
  const { image, input, backend, threads } = prepare(opts);
  if (backend === 'native') {
    native().juliaSync(input.xs, input.ys, input.cr, input.ci, input.t2, input.itermax, image.counts, image.norms, threads);
  } else {
    juliaRows(input, image.counts, image.norms, 0, image.height);
  }
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
  const opts = checkOptions<JuliaOptions>('julia', options, ASYNC_KEYS);
  checkProgressOptions(opts);
  const { image, input, backend, threads } = prepare(opts);
  if (backend === 'native') {
    await withNativeControl(opts, image.height, (control) =>
      native().juliaAsync(input.xs, input.ys, input.cr, input.ci, input.t2, input.itermax, image.counts, image.norms, threads, control),
    );
  } else {
    const rows = Math.max(1, Math.floor(JS_ROW_PIXELS / image.width));
    await runChunked(opts, image.height, rows, (begin, end) => juliaRows(input, image.counts, image.norms, begin, end));
  }
  return image;
}
