/**
 * Reductions along an axis of a 2-D typed-array matrix (seed 002): the seed's `findMax` (its
 * `find_max`) and `findMin`, `argMax`, `argMin`, over every integer and float typed array, row- or
 * column-major or any strides, without copying. Exact: every backend and thread count gives the
 * same result, bit for bit. The native kernels read memory once, in order, vectorised and split
 * across threads; each `xSync` blocks, each `x` returns a Promise and runs off the main thread.
 */
import { BACKEND_OPTION_KEYS, type BackendOptions, nativeAddon, resolveBackend, resolveThreads } from '../backend.js';
import { PROGRESS_OPTION_KEYS, type ProgressOptions, checkProgressOptions, runChunked, withNativeControl } from '../control.js';
import { invalidType } from '../errors.js';
import { checkOptions } from '../validate.js';
import { type Layout, type Matrix, type ReduceArray, checkLayout } from './matrix.js';
import { reduceRange } from './reference.js';

export type { Axis, Matrix, ReduceArray } from './matrix.js';
export { largeArray, type ReduceArrayType } from './large-array.js';

export interface ReduceOptions extends BackendOptions {
  /** 0 (default): one result per column, as the seed; 1: one result per row. */
  axis?: 0 | 1;
}

export type ReduceAsyncOptions = ReduceOptions & ProgressOptions;

const SYNC_KEYS = ['axis', ...BACKEND_OPTION_KEYS] as const;
const ASYNC_KEYS = [...SYNC_KEYS, ...PROGRESS_OPTION_KEYS] as const;
const MAX_INDEX = 2 ** 31 - 1; // the arg forms return Int32Array positions
const JS_CHUNK_ELEMENTS = 1 << 20; // elements per chunk of the TypeScript async form
const NATIVE_PROGRESS_UNIT = 4096; // elements per progress unit the native kernel reports

type Addon = {
  reduceSync(data: ReduceArray, rows: number, cols: number, rowStride: number, colStride: number, axis: number,
    max: boolean, values: ReduceArray | undefined, index: Int32Array | undefined, threads: number): void;
  reduceAsync(data: ReduceArray, rows: number, cols: number, rowStride: number, colStride: number, axis: number,
    max: boolean, values: ReduceArray | undefined, index: Int32Array | undefined, threads: number, control?: Int32Array): Promise<void>;
  readFloor(data: ReduceArray, threads: number): bigint;
};
const native = () => nativeAddon() as unknown as Addon;

/** One checked call: what to read, where to write, on which backend. */
interface Call<A extends ReduceArray> {
  layout: Layout<A>;
  max: boolean;
  backend: 'native' | 'js';
  threads: number;
  /** The extremes (findMax/findMin), or null for the arg forms. */
  values: A | null;
  /** The first positions of the extremes (argMax/argMin), or null. */
  index: Int32Array | null;
}

function allocate<A extends ReduceArray>(like: A, length: number): A {
  return new (like.constructor as new (length: number) => A)(length);
}

function prepare<A extends ReduceArray>(fn: string, matrix: unknown, opts: ReduceOptions, max: boolean, arg: boolean): Call<A> {
  const layout = checkLayout<A>(fn, matrix, opts.axis, arg ? MAX_INDEX : undefined);
  return {
    layout,
    max,
    backend: resolveBackend(opts.backend),
    threads: resolveThreads(opts.threads),
    values: arg ? null : allocate(layout.data, layout.nOut),
    index: arg ? new Int32Array(layout.nOut) : null,
  };
}

function nativeArgs<A extends ReduceArray>(c: Call<A>) {
  const { data, rows, cols, rowStride, colStride, axis } = c.layout;
  return [data, rows, cols, rowStride, colStride, axis, c.max, c.values ?? undefined, c.index ?? undefined, c.threads] as const;
}

function runSync<A extends ReduceArray>(fn: string, matrix: unknown, options: unknown, max: boolean, arg: boolean): Call<A> {
  const opts = checkOptions<ReduceOptions>(fn, options, SYNC_KEYS);
  const c = prepare<A>(fn, matrix, opts, max, arg);
  if (c.backend === 'native') native().reduceSync(...nativeArgs(c));
  else reduceRange(c.layout, max, c.values ?? allocate(c.layout.data, c.layout.nOut), c.index, 0, c.layout.nOut);
  return c;
}

async function runAsync<A extends ReduceArray>(fn: string, matrix: unknown, options: unknown, max: boolean, arg: boolean): Promise<Call<A>> {
  const opts = checkOptions<ReduceAsyncOptions>(fn, options, ASYNC_KEYS);
  checkProgressOptions(opts);
  const c = prepare<A>(fn, matrix, opts, max, arg);
  const { nOut, nRed, rows, cols } = c.layout;
  if (c.backend === 'native') {
    const units = Math.floor((rows * cols) / NATIVE_PROGRESS_UNIT);
    await withNativeControl(opts, units, (control) => native().reduceAsync(...nativeArgs(c), control));
  } else {
    const best = c.values ?? allocate(c.layout.data, nOut);
    const chunk = Math.max(1, Math.floor(JS_CHUNK_ELEMENTS / nRed));
    await runChunked(opts, nOut, chunk, (begin, end) => reduceRange(c.layout, max, best.subarray(begin, end) as A, c.index, begin, end));
  }
  return c;
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
export function findMaxSync<A extends ReduceArray>(matrix: Matrix<A>, options?: ReduceOptions): A {
  return runSync<A>('findMaxSync', matrix, options, true, false).values as A;
}

/**
 * Async form of {@link findMaxSync}: runs off the main thread; accepts `signal` and `onProgress`.
 *
 * @example
 * const max = await findMax({ data: new Float64Array([1, NaN, 3, 2]), rows: 2, cols: 2 }); // [3, NaN]
 */
export async function findMax<A extends ReduceArray>(matrix: Matrix<A>, options?: ReduceAsyncOptions): Promise<A> {
  return (await runAsync<A>('findMax', matrix, options, true, false)).values as A;
}

/**
 * The minimum of each column (`axis: 0`, default) or each row (`axis: 1`), in the matrix's own type.
 *
 * @example
 * findMinSync({ data: new Int8Array([3, -9, 4, 7, 1, -8]), rows: 2, cols: 3 }); // Int8Array [3, -9, -8]
 */
export function findMinSync<A extends ReduceArray>(matrix: Matrix<A>, options?: ReduceOptions): A {
  return runSync<A>('findMinSync', matrix, options, false, false).values as A;
}

/**
 * Async form of {@link findMinSync}.
 *
 * @example
 * const min = await findMin({ data: new Uint16Array([5, 2, 7, 1]), rows: 2, cols: 2 }, { axis: 1 }); // [2, 1]
 */
export async function findMin<A extends ReduceArray>(matrix: Matrix<A>, options?: ReduceAsyncOptions): Promise<A> {
  return (await runAsync<A>('findMin', matrix, options, false, false)).values as A;
}

/**
 * The position of the first maximum of each column (`axis: 0`, a row number) or row (`axis: 1`, a
 * column number); the first NaN when there is one, as numpy's `argmax`.
 *
 * @example
 * argMaxSync({ data: new Float32Array([1, 5, 5, 2, 5, 9]), rows: 2, cols: 3 }); // Int32Array [1, 0, 1]
 */
export function argMaxSync(matrix: Matrix, options?: ReduceOptions): Int32Array {
  return runSync('argMaxSync', matrix, options, true, true).index as Int32Array;
}

/**
 * Async form of {@link argMaxSync}.
 *
 * @example
 * const at = await argMax({ data: new Int32Array([4, 8, 8, 1]), rows: 1, cols: 4 }, { axis: 1 }); // [1]
 */
export async function argMax(matrix: Matrix, options?: ReduceAsyncOptions): Promise<Int32Array> {
  return (await runAsync('argMax', matrix, options, true, true)).index as Int32Array;
}

/**
 * The position of the first minimum of each column (`axis: 0`) or row (`axis: 1`); the first NaN
 * when there is one, as numpy's `argmin`.
 *
 * @example
 * argMinSync({ data: new Uint8Array([4, 1, 1, 0]), rows: 2, cols: 2, order: 'F' }); // Int32Array [1, 1]
 */
export function argMinSync(matrix: Matrix, options?: ReduceOptions): Int32Array {
  return runSync('argMinSync', matrix, options, false, true).index as Int32Array;
}

/**
 * Async form of {@link argMinSync}.
 *
 * @example
 * const at = await argMin({ data: new BigUint64Array([7n, 2n, 2n]), rows: 3, cols: 1 }); // [1]
 */
export async function argMin(matrix: Matrix, options?: ReduceAsyncOptions): Promise<Int32Array> {
  return (await runAsync('argMin', matrix, options, false, true)).index as Int32Array;
}

/**
 * Internal, for the benchmark: reads every byte of `data` once, natively on `threads` threads (a
 * wrapping sum of 64-bit words), the memory-read floor each reduce row is compared with.
 */
export function _readFloor(data: ReduceArray, threads?: number): bigint {
  if (!ArrayBuffer.isView(data) || data instanceof DataView) throw invalidType('data', 'typed array', data);
  resolveBackend('native');
  return native().readFloor(data, resolveThreads(threads));
}
