/**
 * reduce: findMax/findMin/argMax/argMin, sync and async, every dtype, row-major, column-major and
 * arbitrary strides (zero included), both axes: every backend gives the same bytes, and they are the
 * spec's: NaN propagates (first NaN's position, the canonical NaN), the values follow IEEE 754-2019
 * maximum/minimum (Math.max/Math.min), positions are the first element equal to the extreme (-0
 * equal to +0, as numpy). Shapes that do not fit are a TypeError or RangeError, never a crash.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { argMax, argMaxSync, argMin, argMinSync, findMax, findMaxSync, findMin, findMinSync } from '../../src/index.js';
import type { Matrix, ReduceArray } from '../../src/index.js';
import { agreeOnEveryBackend, assertUsageError, eachBackend, referenceRow, type Options } from './backends.js';
import { type Property, property } from './harness.js';
import { anyDouble } from './values.js';

type Ctor = { new (length: number): ReduceArray; readonly name: string; BYTES_PER_ELEMENT: number };

const TYPES: Ctor[] = [BigInt64Array, BigUint64Array, Int32Array, Uint32Array, Int16Array, Uint16Array, Int8Array, Uint8Array, Float32Array, Float64Array];

/**
 * Data of one of two kinds: raw bytes with values written over some of them (every bit pattern: NaN
 * payloads, subnormals; and the extremes), or every element drawn from a pool of two to four
 * values, so that ties, signed zeros and NaN meet in the same lane.
 */
function dataOf(type: Ctor, length: number): fc.Arbitrary<ReduceArray> {
  const isFloat = type === Float32Array || type === Float64Array;
  const isBig = type === BigInt64Array || type === BigUint64Array;
  const special: fc.Arbitrary<number | bigint> = isFloat
    ? fc.oneof(anyDouble(), fc.constantFrom(0, -0, -0, NaN, 1, -1))
    : isBig
      ? fc.constantFrom(0n, 1n, -1n, 2n ** 63n - 1n, -(2n ** 63n), 2n ** 64n - 1n)
      : fc.constantFrom(0, 1, -1, 127, -128, 255, 32767, -32768, 65535, 2 ** 31 - 1, -(2 ** 31), 2 ** 32 - 1);
  // Typed arrays store what they are given modulo their range (BigUint64Array takes -1n as 2^64-1).
  const store = (data: ReduceArray, i: number, v: number | bigint) => {
    const view = data as unknown as { [i: number]: number | bigint };
    view[i] = type === BigInt64Array ? BigInt.asIntN(64, BigInt(v)) : type === BigUint64Array ? BigInt.asUintN(64, BigInt(v)) : Number(v);
  };
  const raw = fc
    .tuple(fc.uint8Array({ minLength: length * type.BYTES_PER_ELEMENT, maxLength: length * type.BYTES_PER_ELEMENT }),
      fc.array(fc.tuple(fc.nat(Math.max(0, length - 1)), special), { maxLength: length }))
    .map(([bytes, writes]) => {
      const data = new type(length);
      new Uint8Array(data.buffer).set(bytes);
      if (length > 0) for (const [i, v] of writes) store(data, i, v);
      return data;
    });
  const pooled = fc
    .tuple(fc.array(special, { minLength: 2, maxLength: 4 }), fc.array(fc.nat(3), { minLength: length, maxLength: length }))
    .map(([pool, picks]) => {
      const data = new type(length);
      picks.forEach((k, i) => store(data, i, pool[k % pool.length]));
      return data;
    });
  return fc.oneof(raw, pooled);
}

interface Case {
  matrix: Matrix;
  axis: 0 | 1;
}

/** Shapes with C, F or explicit strides (zero, overlapping, and large strides on a length-1 axis). */
function caseOf(maxSide: number): fc.Arbitrary<Case> {
  const side = fc.oneof({ weight: 1, arbitrary: fc.constantFrom(0, 1) }, { weight: 4, arbitrary: fc.integer({ min: 1, max: maxSide }) });
  return fc
    .tuple(fc.oneof(fc.constantFrom(...TYPES), fc.constantFrom<Ctor>(Float32Array, Float64Array)), side, side, fc.constantFrom<'C' | 'F' | 'strides'>('C', 'F', 'strides'), fc.constantFrom<0 | 1>(0, 1),
      fc.tuple(fc.integer({ min: 0, max: 2 * maxSide }), fc.integer({ min: 0, max: 2 * maxSide })), fc.nat(3))
    .filter(([, rows, cols, , axis]) => (axis === 0 ? rows : cols) > 0)
    .chain(([type, rows, cols, layout, axis, [rs, cs], slack]) => {
      // A length-1 axis may have any stride, even one far past the data.
      const rowStride = rows === 1 && rs % 3 === 0 ? 2 ** 53 - 1 : rs;
      const colStride = cols === 1 && cs % 3 === 0 ? 2 ** 52 : cs;
      const length = layout === 'strides'
        ? (rows > 0 && cols > 0 ? (rows - 1) * (rows === 1 ? 0 : rowStride) + (cols - 1) * (cols === 1 ? 0 : colStride) + 1 : 0) + slack
        : rows * cols;
      return dataOf(type, length).map((data): Case => ({
        axis,
        matrix: layout === 'strides'
          ? { data, rows, cols, strides: [rowStride, colStride] }
          : { data, rows, cols, order: layout },
      }));
    });
}

/** Element (i, j) of a matrix, by the documented layout rules. */
function element(m: Matrix, i: number, j: number): number | bigint {
  const [rs, cs] = m.strides ?? (m.order === 'F' ? [1, m.rows] : [m.cols, 1]);
  return (m.data as unknown as ArrayLike<number | bigint>)[(m.rows === 1 ? 0 : i * rs) + (m.cols === 1 ? 0 : j * cs)];
}

/** The spec, computed the plain way: one lane at a time. */
function spec(c: Case): { max: (number | bigint)[]; min: (number | bigint)[]; argMax: number[]; argMin: number[] } {
  const { matrix: m, axis } = c;
  const nOut = axis === 0 ? m.cols : m.rows;
  const nRed = axis === 0 ? m.rows : m.cols;
  const out = { max: [] as (number | bigint)[], min: [] as (number | bigint)[], argMax: [] as number[], argMin: [] as number[] };
  for (let o = 0; o < nOut; o++) {
    const lane = Array.from({ length: nRed }, (_, r) => (axis === 0 ? element(m, r, o) : element(m, o, r)));
    if (typeof lane[0] === 'bigint') {
      const big = lane as bigint[];
      const max = big.reduce((a, b) => (b > a ? b : a));
      const min = big.reduce((a, b) => (b < a ? b : a));
      out.max.push(max);
      out.min.push(min);
      out.argMax.push(big.indexOf(max));
      out.argMin.push(big.indexOf(min));
      continue;
    }
    const nums = lane as number[];
    const max = Math.max(...nums); // IEEE 754-2019 maximum: NaN wins, -0 < +0
    const min = Math.min(...nums);
    const firstNaN = nums.findIndex(Number.isNaN);
    out.max.push(max);
    out.min.push(min);
    out.argMax.push(firstNaN >= 0 ? firstNaN : nums.findIndex((x) => x === max));
    out.argMin.push(firstNaN >= 0 ? firstNaN : nums.findIndex((x) => x === min));
  }
  return out;
}

function bytesOf(a: ArrayBufferView): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

function sameBytes(a: ArrayBufferView, b: ArrayBufferView): string | undefined {
  if (a.constructor !== b.constructor) return `${a.constructor.name} vs ${b.constructor.name}`;
  const x = bytesOf(a);
  const y = bytesOf(b);
  if (x.length !== y.length) return `length ${x.length} vs ${y.length}`;
  const i = x.findIndex((v, k) => v !== y[k]);
  return i < 0 ? undefined : `byte ${i}: ${x[i]} vs ${y[i]}`;
}

const CANONICAL_NAN = { Float64Array: new Uint8Array(new Float64Array([NaN]).buffer), Float32Array: new Uint8Array(new Float32Array([NaN]).buffer) };

function assertSpec(what: string, got: ReduceArray | Int32Array, expected: (number | bigint)[]): void {
  assert.equal(got.length, expected.length, `${what}: length`);
  for (let o = 0; o < expected.length; o++) {
    const g = (got as unknown as ArrayLike<number | bigint>)[o];
    assert.ok(Object.is(g, expected[o]), `${what}[${o}] = ${Object.is(g, -0) ? '-0' : g} but the spec says ${Object.is(expected[o], -0) ? '-0' : expected[o]}`);
    if (typeof g === 'number' && Number.isNaN(g) && (got instanceof Float64Array || got instanceof Float32Array)) {
      const size = got.BYTES_PER_ELEMENT;
      const bits = bytesOf(got).subarray(o * size, (o + 1) * size);
      assert.deepEqual(bits, CANONICAL_NAN[got.constructor.name as 'Float64Array'], `${what}[${o}]: a NaN other than the canonical one`);
    }
  }
}

type Reducer = (m: Matrix, o: Options & { axis: 0 | 1 }) => ReduceArray | Int32Array | Promise<ReduceArray | Int32Array>;
const OPS: Array<[string, Reducer, Reducer, 'max' | 'min' | 'argMax' | 'argMin']> = [
  ['findMax', findMaxSync, findMax, 'max'],
  ['findMin', findMinSync, findMin, 'min'],
  ['argMax', argMaxSync, argMax, 'argMax'],
  ['argMin', argMinSync, argMin, 'argMin'],
];

async function assertAllOps(c: Case): Promise<void> {
  const expected = spec(c);
  for (const [name, sync, async, key] of OPS) {
    const got = await agreeOnEveryBackend(`${name}Sync`, (o) => sync(c.matrix, { ...o, axis: c.axis }), sameBytes);
    await agreeOnEveryBackend(name, (o) => async(c.matrix, { ...o, axis: c.axis }), (_, b) => sameBytes(got, b));
    assertSpec(`${name} (axis ${c.axis})`, got, expected[key]);
  }
}

/** A matrix argument that is wrong in one way or another, or any value at all. */
const badMatrix = fc.oneof(
  fc.anything(),
  fc.record({
    data: fc.oneof(fc.constantFrom<unknown>(new Float64Array(6), new Int8Array(6), new BigInt64Array(6)), fc.anything()),
    rows: fc.constantFrom<unknown>(0, 1, 2, 3, 6, -1, 1.5, NaN, Infinity, 2 ** 31, 2 ** 53, '2', undefined),
    cols: fc.constantFrom<unknown>(0, 1, 2, 3, 6, -1, 1.5, NaN, Infinity, 2 ** 31, 2 ** 53, '3', undefined),
    order: fc.constantFrom<unknown>(undefined, 'C', 'F', 'c', 1),
    strides: fc.constantFrom<unknown>(undefined, [1, 1], [0, 0], [3, 1], [-1, 1], [1.5, 1], [2 ** 53, 1], [1], 'x'),
  }, { requiredKeys: ['data'] }),
);

export const properties: Property<unknown>[] = [
  property('every reduction, sync and async, gives the same bytes on every backend and follows the spec', 80, caseOf(12), assertAllOps),

  property('matrices past the work splits (64 KB pieces, 512 KB chunks) agree on every backend', 4,
    fc.tuple(fc.constantFrom<Ctor>(Float64Array, BigInt64Array, Float32Array, Int8Array), fc.constantFrom<0 | 1>(0, 1), fc.constantFrom('C', 'F'),
      fc.integer({ min: 1, max: 600 }), fc.uint8Array({ minLength: 64, maxLength: 256 })),
    async ([type, axis, order, cols, pattern]) => {
      const rows = Math.ceil((1.2 * (1 << 20)) / type.BYTES_PER_ELEMENT / cols);
      const data = new type(rows * cols);
      const bytes = new Uint8Array(data.buffer);
      for (let i = 0; i < bytes.length; i++) bytes[i] = pattern[(i * 7 + (i >> 11)) % pattern.length];
      const c: Case = { matrix: { data, rows, cols, order: order as 'C' | 'F' }, axis };
      for (const [name, sync, async] of OPS) {
        const got = await agreeOnEveryBackend(`${name}Sync (large)`, (o) => sync(c.matrix, { ...o, axis }), sameBytes);
        await agreeOnEveryBackend(`${name} (large)`, (o) => async(c.matrix, { ...o, axis }), (_, b) => sameBytes(got, b));
      }
    }),

  property('a wrong matrix is a TypeError or RangeError on every backend, or a result they all agree on', 80,
    fc.tuple(badMatrix, fc.constantFrom<unknown>(0, 1, undefined, 2, -1, '0')),
    async ([matrix, axis]) => {
      const m = matrix as Matrix;
      const shape = m && typeof m === 'object' ? (m as { rows?: unknown; cols?: unknown }) : {};
      if (typeof shape.rows === 'number' && typeof shape.cols === 'number' && shape.rows * shape.cols > 1e6) return; // valid but long
      for (const [name, sync, async] of OPS) {
        let expected: ArrayBufferView | undefined;
        try {
          expected = (await sync(m, { ...referenceRow.options, axis: axis as 0 })) as ArrayBufferView;
        } catch {
          expected = undefined;
        }
        for (const b of eachBackend()) {
          const options = { ...b.options, axis: axis as 0 };
          if (expected) {
            assert.equal(sameBytes(expected, (await sync(m, options)) as ArrayBufferView), undefined, `${name}Sync on ${b.name}`);
            assert.equal(sameBytes(expected, (await async(m, options)) as ArrayBufferView), undefined, `${name} on ${b.name}`);
          } else {
            await assertUsageError(`${name}Sync on ${b.name}`, () => sync(m, options));
            await assertUsageError(`${name} on ${b.name}`, () => async(m, options));
          }
        }
      }
    }),
];
