/**
 * The 2-D view a reduction reads: a typed array with a shape and a layout (row-major, column-major
 * or explicit strides, so a transpose such as the seed's `arr.T` is only a different view of the
 * same memory). Checking a matrix yields a Layout, the one form both backends consume.
 */
import { invalidRange, invalidType } from '../errors.js';
import { defineOptions } from '../options.js';
import { checkAttached, checkNumber } from '../validate.js';
import type { ReduceArray } from './array-type.js';

export type { ReduceArray } from './array-type.js';

/** A 2-D matrix over a typed array, read without copying. */
export interface Matrix<A extends ReduceArray = ReduceArray> {
  data: A;
  rows: number;
  cols: number;
  /** `'C'`: row-major (default), element (i, j) at `data[i*cols + j]`; `'F'`: column-major, at `data[i + j*rows]`. */
  order?: 'C' | 'F';
  /** Instead of `order`: `[rowStride, colStride]` in elements, element (i, j) at `data[i*rowStride + j*colStride]`. */
  strides?: readonly [number, number];
}

/** Which way a reduction runs: 0 reduces each column (one result per column), 1 each row. */
export type Axis = 0 | 1;

export type ElementKind = 'int' | 'bigint' | 'float';

/** A checked matrix seen along the reduced axis: output o, position r at `data[o*sOut + r*sRed]`. */
export interface Layout<A extends ReduceArray = ReduceArray> {
  data: A;
  kind: ElementKind;
  rows: number;
  cols: number;
  rowStride: number;
  colStride: number;
  axis: Axis;
  nOut: number;
  nRed: number;
  sOut: number;
  sRed: number;
}

export const ARRAY_TYPES = [
  BigInt64Array,
  BigUint64Array,
  Int32Array,
  Uint32Array,
  Int16Array,
  Uint16Array,
  Int8Array,
  Uint8Array,
  Float32Array,
  Float64Array,
] as const;
const ARRAY_NAMES = ARRAY_TYPES.map((t) => t.name).join(', ');
// The matrix's keys, checked like options (a misspelled key suggests the closest).
const MATRIX_KEYS = defineOptions<Matrix>()({ data: undefined, rows: undefined, cols: undefined, order: undefined, strides: undefined });
const MAX_SIZE = Number.MAX_SAFE_INTEGER;

function kindOf(data: ReduceArray): ElementKind {
  if (data instanceof BigInt64Array || data instanceof BigUint64Array) return 'bigint';
  return data instanceof Float32Array || data instanceof Float64Array ? 'float' : 'int';
}

function checkStrides(value: unknown): [number, number] {
  if (!Array.isArray(value) || value.length !== 2) {
    throw invalidType('matrix.strides', '[rowStride, colStride] (two non-negative integers)', value);
  }
  return [
    checkNumber('matrix.strides[0]', value[0], { integer: true, min: 0, max: MAX_SIZE }),
    checkNumber('matrix.strides[1]', value[1], { integer: true, min: 0, max: MAX_SIZE }),
  ];
}

function checkAxis(fn: string, axis: unknown): Axis {
  if (axis === undefined) return 0;
  if (typeof axis !== 'number') throw invalidType(`${fn} axis`, '0 (each column) or 1 (each row)', axis);
  if (axis !== 0 && axis !== 1) throw invalidRange(`${fn} axis`, '0 (each column) or 1 (each row)', axis);
  return axis;
}

/**
 * Checks `matrix` and the axis of a reduction named `fn`: a TypeError for a wrong kind of value, a
 * RangeError naming the numbers for a shape that does not fit the data or an empty reduced axis.
 * `maxReduced` bounds the reduced length (the arg forms return Int32 indices).
 */
export function checkLayout<A extends ReduceArray>(fn: string, matrix: unknown, axisOption: unknown, maxReduced = MAX_SIZE): Layout<A> {
  if (matrix === null || typeof matrix !== 'object' || Array.isArray(matrix) || ArrayBuffer.isView(matrix)) {
    throw invalidType('matrix', 'object { data, rows, cols, order?, strides? }', matrix);
  }
  const m = MATRIX_KEYS.read(`${fn} matrix`, matrix);
  const data = m.data;
  if (!ARRAY_TYPES.some((type) => data instanceof type)) throw invalidType('matrix.data', `one of ${ARRAY_NAMES}`, data);
  checkAttached('matrix.data', data as ReduceArray);
  const rows = checkNumber('matrix.rows', m.rows, { integer: true, min: 0, max: MAX_SIZE });
  const cols = checkNumber('matrix.cols', m.cols, { integer: true, min: 0, max: MAX_SIZE });
  const axis = checkAxis(fn, axisOption);
  const length = (data as ReduceArray).length;
  let rowStride: number;
  let colStride: number;
  if (m.strides !== undefined) {
    if (m.order !== undefined) throw new TypeError(`Expected either matrix.order or matrix.strides for ${fn} but received both`);
    [rowStride, colStride] = checkStrides(m.strides);
    const last = rows > 0 && cols > 0 ? (rows - 1) * rowStride + (cols - 1) * colStride : -1;
    if (last >= length) {
      throw new RangeError(
        `Expected strides [${rowStride}, ${colStride}] of a ${rows} x ${cols} matrix to stay inside matrix.data of length ${length} but element (${rows - 1}, ${cols - 1}) is at index ${last}`,
      );
    }
  } else {
    if (m.order !== undefined && m.order !== 'C' && m.order !== 'F') throw invalidType('matrix.order', "'C' or 'F'", m.order);
    if (rows * cols !== length) {
      throw new RangeError(`Expected rows * cols = matrix.data length for ${fn} but received ${rows} x ${cols} = ${rows * cols} and a length of ${length}`);
    }
    [rowStride, colStride] = m.order === 'F' ? [1, rows] : [cols, 1];
  }
  const nRed = axis === 0 ? rows : cols;
  if (nRed === 0) {
    throw new RangeError(`Expected a non-empty axis ${axis} for ${fn} but the ${rows} x ${cols} matrix has no ${axis === 0 ? 'rows' : 'columns'} to reduce`);
  }
  if (nRed > maxReduced) throw invalidRange(`${fn} reduced axis length`, `integer of at most ${maxReduced}`, nRed);
  return {
    data: data as A,
    kind: kindOf(data as ReduceArray),
    rows,
    cols,
    rowStride,
    colStride,
    axis,
    nOut: axis === 0 ? cols : rows,
    nRed,
    sOut: axis === 0 ? colStride : rowStride,
    sRed: axis === 0 ? rowStride : colStride,
  };
}
