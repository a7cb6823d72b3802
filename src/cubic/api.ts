/**
 * Real roots of cubics (seed 000): the seed's `cubic_y_root` for x0*y^3 + 1.5*y - y0 = 0, any real
 * cubic, and batches of either over typed arrays. Single calls always run in TypeScript (a native
 * call costs about as much as the whole solve); batches run natively on every core.
 */
import type { BackendOptions } from '../backend.js';
import { invalidRange, invalidType } from '../errors.js';
import { asyncCall, defineKernel, keepAttached, runAsync, runSync, syncCall } from '../kernel.js';
import { BACKEND_OPTIONS, PROGRESS_OPTIONS, defineOptions } from '../options.js';
import type { ProgressOptions } from '../progress.js';
import { checkNumber, checkOut, checkSameLength, toFloat64Array } from '../validate.js';
import { cubicYRootsRange, solveCubicInto, solveCubicsRange } from './reference.js';

export { polyRoots, type Complex } from './poly-roots.js';

/** Batch result: 3 slots of roots per input, ascending and NaN-padded, and the number of real roots. */
export interface CubicBatch {
  /** `roots[3*i .. 3*i+2]`: the real roots of input i, ascending, then NaN. */
  roots: Float64Array;
  /** `count[i]`: how many of input i's slots hold roots (0 to 3). */
  count: Uint8Array;
}

export interface CubicSyncOptions extends BackendOptions {
  /** Preallocated result to fill and return (numpy's `out=`): `roots` of 3n, `count` of n elements. */
  out?: CubicBatch;
}
export type CubicBatchOptions = CubicSyncOptions & ProgressOptions;

const BATCH = defineOptions<CubicSyncOptions>()({ ...BACKEND_OPTIONS, out: undefined });
const ASYNC_BATCH = defineOptions<CubicBatchOptions>()({ ...BACKEND_OPTIONS, ...PROGRESS_OPTIONS, out: undefined });
const JS_STEP = 65536; // cubics per step of the async TypeScript form

const SOLVE_CUBICS = defineKernel({
  native: 'solveCubics',
  args: ({ coeffs, out }: { coeffs: Float64Array; out: CubicBatch }) => ({ inputs: [coeffs], outputs: [out.roots, out.count], scalars: [] }),
  units: ({ out }) => out.count.length,
  step: JS_STEP,
  js: ({ coeffs, out }, begin, end) => solveCubicsRange(coeffs, out.roots, out.count, begin, end),
});

const CUBIC_Y_ROOTS = defineKernel({
  native: 'cubicYRoots',
  args: ({ x0, y0, out }: { x0: Float64Array; y0: Float64Array; out: CubicBatch }) => ({ inputs: [x0, y0], outputs: [out.roots, out.count], scalars: [] }),
  units: ({ out }) => out.count.length,
  step: JS_STEP,
  js: ({ x0, y0, out }, begin, end) => cubicYRootsRange(x0, y0, out.roots, out.count, begin, end),
});

const scratch = new Float64Array(3);

function rootsArray(count: number): number[] {
  return count === 3 ? [scratch[0], scratch[1], scratch[2]] : count === 2 ? [scratch[0], scratch[1]] : count === 1 ? [scratch[0]] : [];
}

/**
 * Real roots of the seed's cubic `x0*y^3 + 1.5*y - y0 = 0`, ascending, repeated roots listed as
 * often as their multiplicity. `x0 = 0` gives the linear root `y0 / 1.5`.
 *
 * @example
 * cubicYRoot(-0.5, 1); // [-2, 1, 1]
 * cubicYRoot(1, 2.5);  // [1]
 */
export function cubicYRoot(x0: number, y0: number): number[] {
  // The common case costs two subtractions; checkNumber then names whatever is wrong.
  if (!(typeof x0 === 'number' && x0 - x0 === 0)) checkNumber('x0', x0);
  if (!(typeof y0 === 'number' && y0 - y0 === 0)) checkNumber('y0', y0);
  return rootsArray(solveCubicInto(x0, 0, 1.5, -y0, scratch, 0));
}

/**
 * Real roots of `a*x^3 + b*x^2 + c*x + d = 0`, ascending, with multiplicity. A zero leading
 * coefficient (or one so small that its root would overflow) degrades to the quadratic, then the
 * linear case; all-zero coefficients are a RangeError (every x is a root).
 *
 * @example
 * solveCubic(1, -7, 14, -8); // [1, 2, 4]
 * solveCubic(0, 1, -3, 2);   // [1, 2]
 */
export function solveCubic(a: number, b: number, c: number, d: number): number[] {
  checkNumber('a', a);
  checkNumber('b', b);
  checkNumber('c', c);
  checkNumber('d', d);
  if (a === 0 && b === 0 && c === 0 && d === 0) {
    throw new RangeError('Expected at least one non-zero coefficient for solveCubic but received a = b = c = d = 0');
  }
  return rootsArray(solveCubicInto(a, b, c, d, scratch, 0));
}

function coefficientsOf(coeffs: unknown): Float64Array {
  const packed = toFloat64Array('coeffs', coeffs);
  if (packed.length % 4 !== 0) {
    throw invalidRange('coeffs', 'a length that is a multiple of 4 ([a, b, c, d] per cubic)', packed);
  }
  return packed;
}

function yInputs(x0s: unknown, y0s: unknown): [Float64Array, Float64Array] {
  const x0 = toFloat64Array('x0s', x0s);
  const y0 = toFloat64Array('y0s', y0s);
  checkSameLength(['x0s', 'y0s'], x0, y0);
  return [x0, y0];
}

/** The caller's `out` (checked) or a fresh result for n cubics. */
function allocate(n: number, out: unknown, inputs: readonly Float64Array[]): CubicBatch {
  if (out === undefined) return { roots: new Float64Array(3 * n), count: new Uint8Array(n) };
  if (out === null || typeof out !== 'object') throw invalidType('out', '{ roots: Float64Array, count: Uint8Array }', out);
  const given = out as Partial<CubicBatch>;
  const roots = checkOut('out.roots', given.roots, Float64Array, { count: 3 * n, what: '3 per cubic' }, inputs);
  const count = checkOut('out.count', given.count, Uint8Array, { count: n, what: 'the number of cubics' }, [...inputs, roots]);
  if (!roots || !count) throw invalidType('out', '{ roots: Float64Array, count: Uint8Array }', out);
  return given as CubicBatch;
}

/** An async call's `out` is caller memory: kept attached while the kernel writes it. */
function keepOut(out: CubicBatch, given: unknown): void {
  if (given !== undefined) keepAttached([out.roots, out.count]);
}

/**
 * Real roots of many cubics at once: `coeffs` packs `[a, b, c, d]` per cubic. Each element's roots
 * are exactly `solveCubic`'s; a non-finite or all-zero element gives count 0 (never an exception).
 *
 * @example
 * const { roots, count } = solveCubicsSync(new Float64Array([1, -7, 14, -8, 1, 0, 0, -8]));
 * // count = [3, 1], roots = [1, 2, 4, 2, NaN, NaN]
 */
export function solveCubicsSync(coeffs: Float64Array | number[], options?: CubicSyncOptions): CubicBatch {
  const opts = BATCH.read('solveCubicsSync', options);
  const packed = coefficientsOf(coeffs);
  const call = syncCall(opts);
  const out = allocate(packed.length / 4, opts.out, [packed]);
  runSync(SOLVE_CUBICS, { coeffs: packed, out }, call);
  return out;
}

/** Async form of {@link solveCubicsSync}: runs off the main thread; accepts `signal` and `onProgress`. */
export async function solveCubics(coeffs: Float64Array | number[], options?: CubicBatchOptions): Promise<CubicBatch> {
  const opts = ASYNC_BATCH.read('solveCubics', options);
  const call = asyncCall(opts);
  const packed = coefficientsOf(coeffs);
  const out = allocate(packed.length / 4, opts.out, [packed]);
  keepOut(out, opts.out);
  await runAsync(SOLVE_CUBICS, { coeffs: packed, out }, call);
  return out;
}

/**
 * The seed's cubic over arrays: roots of `x0s[i]*y^3 + 1.5*y - y0s[i] = 0` for every i, each exactly
 * `cubicYRoot(x0s[i], y0s[i])`; NaN or infinite input gives count 0 for that element.
 *
 * @example
 * const { roots, count } = cubicYRootsSync(new Float64Array([-0.5, 1]), new Float64Array([1, 2.5]));
 * // count = [3, 1], roots = [-2, 1, 1, 1, NaN, NaN]
 */
export function cubicYRootsSync(x0s: Float64Array | number[], y0s: Float64Array | number[], options?: CubicSyncOptions): CubicBatch {
  const opts = BATCH.read('cubicYRootsSync', options);
  const [x0, y0] = yInputs(x0s, y0s);
  const call = syncCall(opts);
  const out = allocate(x0.length, opts.out, [x0, y0]);
  runSync(CUBIC_Y_ROOTS, { x0, y0, out }, call);
  return out;
}

/** Async form of {@link cubicYRootsSync}: runs off the main thread; accepts `signal` and `onProgress`. */
export async function cubicYRoots(x0s: Float64Array | number[], y0s: Float64Array | number[], options?: CubicBatchOptions): Promise<CubicBatch> {
  const opts = ASYNC_BATCH.read('cubicYRoots', options);
  const call = asyncCall(opts);
  const [x0, y0] = yInputs(x0s, y0s);
  const out = allocate(x0.length, opts.out, [x0, y0]);
  keepOut(out, opts.out);
  await runAsync(CUBIC_Y_ROOTS, { x0, y0, out }, call);
  return out;
}
