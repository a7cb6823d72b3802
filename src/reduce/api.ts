/**
 * Reductions along an axis of a 2-D typed-array matrix (seed 002): the seed's `findMax` (its
 * `find_max`) and `findMin`, `argMax`, `argMin`, over every integer and float typed array, row- or
 * column-major or any strides, without copying. Exact: every backend and thread count gives the
 * same result, bit for bit. The native kernels read memory once, in order, vectorised and split
 * across threads; each `xSync` blocks, each `x` returns a Promise and runs off the main thread.
 */
import type { BackendOptions } from '../backend.js';
import { asyncCall, defineKernel, keepAttached, runAsync, runSync, syncCall } from '../kernel.js';
import { type TypedArrayType, checkOut } from '../validate.js';
import { BACKEND_OPTIONS, PROGRESS_OPTIONS, defineOptions } from '../options.js';
import type { ProgressOptions } from '../progress.js';
import { type Layout, type Matrix, type ReduceArray, checkLayout } from './matrix.js';
import { reduceRange } from './reference.js';

export type { Axis, Matrix, ReduceArray } from './matrix.js';
export type { ReduceArrayType } from './large-array.js';

/** `O`: the result's type, which a preallocated `out` must have (the matrix's type, or Int32Array for the arg forms). */
export interface ReduceOptions<O extends ReduceArray = ReduceArray> extends BackendOptions {
  /** 0 (default): one result per column, as the seed; 1: one result per row. */
  axis?: 0 | 1;
  /** Preallocated result to fill and return (numpy's `out=`): one element per column (axis 0) or row (axis 1). */
  out?: O;
}

export type ReduceAsyncOptions<O extends ReduceArray = ReduceArray> = ReduceOptions<O> & ProgressOptions;

const SYNC_OPTIONS = defineOptions<ReduceOptions>()({ axis: 0, ...BACKEND_OPTIONS, out: undefined });
const ASYNC_OPTIONS = defineOptions<ReduceAsyncOptions>()({ ...SYNC_OPTIONS.defaults, ...PROGRESS_OPTIONS });
const MAX_INDEX = 2 ** 31 - 1; // the arg forms return Int32Array positions
const JS_STEP_ELEMENTS = 1 << 20; // elements per step of the async TypeScript form

/** One reduction: what to read, and where to write. */
interface Reduction<A extends ReduceArray> {
  layout: Layout<A>;
  max: boolean;
  /** The extremes (findMax/findMin), or null for the arg forms. */
  values: A | null;
  /** The first positions of the extremes (argMax/argMin), or null. */
  index: Int32Array | null;
  /** Where the TypeScript form keeps the extremes: `values`, or scratch it makes for the arg forms. */
  best?: A;
}

const REDUCE = defineKernel({
  native: 'reduce',
  args: ({ layout, max, values, index }: Reduction<ReduceArray>) => ({
    inputs: [layout.data],
    outputs: [values ?? undefined, index ?? undefined],
    scalars: [layout.rows, layout.cols, layout.rowStride, layout.colStride, layout.axis, max],
  }),
  units: (r) => r.layout.nOut,
  step: (r) => Math.floor(JS_STEP_ELEMENTS / r.layout.nRed),
  js: (r, begin, end) => {
    r.best ??= r.values ?? allocate(r.layout.data, r.layout.nOut);
    reduceRange(r.layout, r.max, r.best.subarray(begin, end), r.index, begin, end);
  },
});

function allocate<A extends ReduceArray>(like: A, length: number): A {
  return new (like.constructor as new (length: number) => A)(length);
}

function prepare<A extends ReduceArray>(fn: string, matrix: unknown, axis: unknown, max: boolean, arg: boolean, out: unknown): Reduction<A> {
  const layout = checkLayout<A>(fn, matrix, axis, arg ? MAX_INDEX : undefined);
  const length = { count: layout.nOut, what: layout.axis === 0 ? 'the number of columns' : 'the number of rows' };
  if (arg) {
    const index = checkOut('out', out, Int32Array, length, [layout.data]) ?? new Int32Array(layout.nOut);
    return { layout, max, values: null, index };
  }
  const Type = layout.data.constructor as TypedArrayType<A>;
  return { layout, max, values: checkOut('out', out, Type, length, [layout.data]) ?? allocate(layout.data, layout.nOut), index: null };
}

function runReduceSync<A extends ReduceArray>(fn: string, matrix: unknown, options: unknown, max: boolean, arg: boolean): Reduction<A> {
  const opts = SYNC_OPTIONS.read(fn, options);
  const r = prepare<A>(fn, matrix, opts.axis, max, arg, opts.out);
  runSync(REDUCE, r, syncCall(opts));
  return r;
}

async function runReduceAsync<A extends ReduceArray>(fn: string, matrix: unknown, options: unknown, max: boolean, arg: boolean): Promise<Reduction<A>> {
  const opts = ASYNC_OPTIONS.read(fn, options);
  const call = asyncCall(opts);
  const r = prepare<A>(fn, matrix, opts.axis, max, arg, opts.out);
  if (opts.out !== undefined) keepAttached([opts.out]);
  await runAsync(REDUCE, r, call);
  return r;
}

/**
 * The seed's `find_max`: the maximum of each column (`axis: 0`, default) or each row (`axis: 1`), in
 * the matrix's own typed-array type. NaN propagates as in numpy; -0 counts below +0.
 *
 * @example
 * const data = new BigInt64Array([3n, 9n, 4n, 7n, 1n, 8n]);
 * findMaxSync({ data, rows: 2, cols: 3 });                 // BigInt64Array [7n, 9n, 8n]
 * findMaxSync({ data, rows: 2, cols: 3 }, { axis: 1 });    // BigInt64Array [9n, 8n]
 * findMaxSync({ data, rows: 3, cols: 2, order: 'F' });     // the transpose: BigInt64Array [9n, 8n]
 */
export function findMaxSync<A extends ReduceArray>(matrix: Matrix<A>, options?: ReduceOptions<A>): A {
  return runReduceSync<A>('findMaxSync', matrix, options, true, false).values as A;
}

/**
 * Async form of {@link findMaxSync}: runs off the main thread; accepts `signal` and `onProgress`.
 *
 * @example
 * const max = await findMax({ data: new Float64Array([1, NaN, 3, 2]), rows: 2, cols: 2 }); // [3, NaN]
 */
export async function findMax<A extends ReduceArray>(matrix: Matrix<A>, options?: ReduceAsyncOptions<A>): Promise<A> {
  return (await runReduceAsync<A>('findMax', matrix, options, true, false)).values as A;
}

/**
 * The minimum of each column (`axis: 0`, default) or each row (`axis: 1`), in the matrix's own type.
 *
 * @example
 * findMinSync({ data: new Int8Array([3, -9, 4, 7, 1, -8]), rows: 2, cols: 3 }); // Int8Array [3, -9, -8]
 */
export function findMinSync<A extends ReduceArray>(matrix: Matrix<A>, options?: ReduceOptions<A>): A {
  return runReduceSync<A>('findMinSync', matrix, options, false, false).values as A;
}

/**
 * Async form of {@link findMinSync}.
 *
 * @example
 * const min = await findMin({ data: new Uint16Array([5, 2, 7, 1]), rows: 2, cols: 2 }, { axis: 1 }); // [2, 1]
 */
export async function findMin<A extends ReduceArray>(matrix: Matrix<A>, options?: ReduceAsyncOptions<A>): Promise<A> {
  return (await runReduceAsync<A>('findMin', matrix, options, false, false)).values as A;
}

/**
 * The position of the first maximum of each column (`axis: 0`, a row number) or row (`axis: 1`, a
 * column number); the first NaN when there is one, as numpy's `argmax`.
 *
 * @example
 * argMaxSync({ data: new Float32Array([1, 5, 5, 2, 5, 9]), rows: 2, cols: 3 }); // Int32Array [1, 0, 1]
 */
export function argMaxSync(matrix: Matrix, options?: ReduceOptions<Int32Array>): Int32Array {
  return runReduceSync('argMaxSync', matrix, options, true, true).index as Int32Array;
}

/**
 * Async form of {@link argMaxSync}.
 *
 * @example
 * const at = await argMax({ data: new Int32Array([4, 8, 8, 1]), rows: 1, cols: 4 }, { axis: 1 }); // [1]
 */
export async function argMax(matrix: Matrix, options?: ReduceAsyncOptions<Int32Array>): Promise<Int32Array> {
  return (await runReduceAsync('argMax', matrix, options, true, true)).index as Int32Array;
}

/**
 * The position of the first minimum of each column (`axis: 0`) or row (`axis: 1`); the first NaN
 * when there is one, as numpy's `argmin`.
 *
 * @example
 * argMinSync({ data: new Uint8Array([4, 1, 1, 0]), rows: 2, cols: 2, order: 'F' }); // Int32Array [1, 1]
 */
export function argMinSync(matrix: Matrix, options?: ReduceOptions<Int32Array>): Int32Array {
  return runReduceSync('argMinSync', matrix, options, false, true).index as Int32Array;
}

/**
 * Async form of {@link argMinSync}.
 *
 * @example
 * const at = await argMin({ data: new BigUint64Array([7n, 2n, 2n]), rows: 3, cols: 1 }); // [1]
 */
export async function argMin(matrix: Matrix, options?: ReduceAsyncOptions<Int32Array>): Promise<Int32Array> {
  return (await runReduceAsync('argMin', matrix, options, false, true)).index as Int32Array;
}
