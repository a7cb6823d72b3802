/**
 * A render's image and kernel input from its options: the parameters checked, the grid built, the
 * counts (and norms) allocated. No Node built-ins: the Node API (render.ts) and the wasm browser
 * entry (src/wasm/browser.ts) share it, so both check and lay out an image the same way.
 */
import { invalidType } from '../errors.js';
import { checkOut } from '../validate.js';
import { type JuliaParameters, type ResolvedJuliaParameters, regionOf, resolveParameters } from './params.js';
import type { Kernels } from '../addon.js';
import type { Counts, KernelInput } from './reference.js';

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
export function prepare<C>(options: JuliaParameters & { smooth?: boolean; out?: Counts }, resolve: () => C): { image: JuliaImage; input: KernelInput; call: C } {
  const parameters = resolveParameters(options);
  if (typeof options.smooth !== 'boolean') throw invalidType('smooth', 'boolean', options.smooth);
  const call = resolve();
  const { width, height, xs, ys } = regionOf(parameters).build(parameters.resolution);
  const n = width * height;
  const wide = parameters.itermax > 65535;
  const length = { count: n, what: `the ${width} x ${height} pixels` };
  const given = wide ? checkOut('out', options.out, Uint32Array, length, [xs, ys]) : checkOut('out', options.out, Uint16Array, length, [xs, ys]);
  const counts: Counts = given ?? allocate('counts', () => (wide ? new Uint32Array(n) : new Uint16Array(n)), width, height);
  const norms = options.smooth ? allocate('norms', () => new Float64Array(n), width, height) : undefined;
  const { c, threshold, itermax } = parameters;
  return {
    image: { width, height, counts, ...(norms ? { norms } : {}), parameters },
    input: { xs, ys, cr: c.re, ci: c.im, t2: threshold * threshold, itermax },
    call,
  };
}

/** The julia kernel's arguments in the contract's order (src/addon.ts). */
export function juliaArguments(input: KernelInput, image: JuliaImage): Kernels['julia'] {
  return { inputs: [input.xs, input.ys], outputs: [image.counts, image.norms], scalars: [input.cr, input.ci, input.t2, input.itermax] };
}
