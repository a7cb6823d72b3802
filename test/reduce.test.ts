// reduce (seed 002): every case runs on every backend of the table, against an oracle written here
// from the spec (numpy's rules), and native results must match the TypeScript ones byte for byte
// whatever the thread count.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { nativeAddon, nativeInfo } from '../src/backend.js';
import { argMax, argMaxSync, argMin, argMinSync, findMax, findMaxSync, findMin, findMinSync, largeArray } from '../src/index.js';
import { readFloor as _readFloor } from '../src/bench-only.js';
import type { Matrix, ReduceArray } from '../src/reduce/matrix.js';
import { parseNpy } from '../src/reduce/npy.js';
import { backendHooks, backends, nativeAvailable, seededRandom } from './backends.js';

type Ctor = new (length: number) => ReduceArray;
const TYPES: Ctor[] = [BigInt64Array, BigUint64Array, Int32Array, Uint32Array, Int16Array, Uint16Array, Int8Array, Uint8Array, Float32Array, Float64Array];
type Element = number | bigint;

const isFloat = (data: ReduceArray) => data instanceof Float32Array || data instanceof Float64Array;
const bytes = (a: ArrayBufferView) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

/** Values that stress the rules: ties (small range), the dtype's extremes, and for floats NaN (any sign and payload), -0, infinities. */
function fill(data: ReduceArray, random: () => number, nanRate = 0): ReduceArray {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const size = data.BYTES_PER_ELEMENT;
  for (let i = 0; i < data.length; i++) {
    const pick = random();
    if (isFloat(data)) {
      const specials = [0, -0, Infinity, -Infinity, 1.5, -1.5];
      const value = pick < 0.3 ? specials[Math.floor(random() * specials.length)] : Math.round((random() - 0.5) * 20) / 4;
      (data as Float64Array)[i] = value;
      if (random() < nanRate) {
        // A NaN with a random sign and payload: it must still propagate and come out as the canonical NaN.
        if (size === 8) view.setBigUint64(i * 8, (random() < 0.5 ? 0xfff0000000000000n : 0x7ff0000000000000n) | BigInt(1 + Math.floor(random() * 0xffff)), true);
        else view.setUint32(i * 4, (random() < 0.5 ? 0xff800000 : 0x7f800000) | (1 + Math.floor(random() * 0xffff)), true);
      }
    } else {
      // Raw bytes give the extremes of every integer dtype; a small range gives ties.
      if (pick < 0.2) for (let b = 0; b < size; b++) view.setUint8(i * size + b, random() < 0.5 ? 0 : 255);
      else if (pick < 0.4) for (let b = 0; b < size; b++) view.setUint8(i * size + b, Math.floor(random() * 256));
      else for (let b = 0; b < size; b++) view.setUint8(i * size + b, b === 0 ? Math.floor(random() * 4) : 0);
    }
  }
  return data;
}

/**
 * The spec's order: NaN above everything (handled first), ties keep the first. For the values -0
 * ranks below +0 (IEEE 754-2019 maximum/minimum); for the positions the two zeros are equal (numpy).
 */
function compare(a: Element, b: Element, signedZeros: boolean): number {
  if (a < b) return -1;
  if (a > b) return 1;
  if (signedZeros && a === 0 && b === 0) return Number(!Object.is(a, -0)) - Number(!Object.is(b, -0));
  return 0;
}

function oracle(m: Required<Pick<Matrix, 'data' | 'rows' | 'cols'>> & { strides: [number, number] }, axis: 0 | 1, max: boolean) {
  const [rs, cs] = m.strides;
  const nOut = axis === 0 ? m.cols : m.rows;
  const nRed = axis === 0 ? m.rows : m.cols;
  const values: Element[] = [];
  const index: number[] = [];
  for (let o = 0; o < nOut; o++) {
    const line: Element[] = [];
    for (let r = 0; r < nRed; r++) line.push((m.data as unknown as Element[])[axis === 0 ? r * rs + o * cs : o * rs + r * cs]);
    const nan = line.findIndex((x) => x !== x);
    const first = (signedZeros: boolean) => {
      let at = 0;
      line.forEach((x, r) => {
        if (compare(x, line[at], signedZeros) * (max ? 1 : -1) > 0) at = r;
      });
      return at;
    };
    values.push(nan >= 0 ? NaN : line[first(true)]);
    index.push(nan >= 0 ? nan : first(false));
  }
  return { values, index };
}

interface Case {
  name: string;
  matrix: Matrix;
  strides: [number, number];
}

/** One data set seen as C order, F order, padded rows, a transposed padded view, non-unit strides and a broadcast row. */
function layouts(type: Ctor, rows: number, cols: number, seed: number, nanRate = 0): Case[] {
  const random = seededRandom(seed);
  const make = (length: number) => fill(new type(length), random, nanRate);
  const padded = rows > 0 && cols > 0 ? (rows - 1) * (cols + 3) + cols : 0;
  const transposed = rows > 0 && cols > 0 ? rows - 1 + (cols - 1) * (rows + 2) + 1 : 0;
  const spread = rows > 0 && cols > 0 ? (rows - 1) * (2 * cols + 1) + (cols - 1) * 2 + 1 : 0;
  return [
    { name: 'C', matrix: { data: make(rows * cols), rows, cols }, strides: [cols, 1] },
    { name: 'F', matrix: { data: make(rows * cols), rows, cols, order: 'F' }, strides: [1, rows] },
    { name: 'padded rows', matrix: { data: make(padded), rows, cols, strides: [cols + 3, 1] }, strides: [cols + 3, 1] },
    { name: 'transposed view', matrix: { data: make(transposed), rows, cols, strides: [1, rows + 2] }, strides: [1, rows + 2] },
    { name: 'spread', matrix: { data: make(spread), rows, cols, strides: [2 * cols + 1, 2] }, strides: [2 * cols + 1, 2] },
    { name: 'broadcast row', matrix: { data: make(cols), rows, cols, strides: [0, 1] }, strides: [0, 1] },
  ];
}

function sameElements(actual: ReduceArray, expected: Element[], label: string): void {
  assert.equal(actual.length, expected.length, label);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i] as Element;
    const e = expected[i];
    assert.ok(Object.is(a, e) || (a !== a && e !== e), `${label}: element ${i} is ${String(a)}, expected ${String(e)}`);
  }
}

const SYNC = { findMaxSync, findMinSync, argMaxSync, argMinSync };

/** Runs the four reductions on `c` with `options` and checks them against the oracle. Returns the results. */
function checkCase(c: Case, axis: 0 | 1, options: object): ReduceArray[] {
  const label = `${c.matrix.data.constructor.name} ${c.matrix.rows}x${c.matrix.cols} ${c.name} axis ${axis}`;
  const results: ReduceArray[] = [];
  for (const max of [true, false]) {
    const expected = oracle({ ...c.matrix, strides: c.strides }, axis, max);
    const values = (max ? findMaxSync : findMinSync)(c.matrix, { axis, ...options });
    const index = (max ? argMaxSync : argMinSync)(c.matrix, { axis, ...options });
    assert.equal(values.constructor, c.matrix.data.constructor, `${label}: result type`);
    sameElements(values, expected.values, `${label} ${max ? 'max' : 'min'} values`);
    assert.deepEqual(Array.from(index), expected.index, `${label} ${max ? 'max' : 'min'} index`);
    results.push(values, index);
  }
  return results;
}

const SHAPES: Array<[number, number]> = [[1, 1], [1, 7], [7, 1], [3, 5], [17, 33], [37, 131], [130, 9]];

for (const b of backends) {
  describe(`reduce on ${b.name}`, () => {
    backendHooks(b);

    test('every dtype, order and axis gives the TypeScript bytes at this vector unit', () => {
      if (b.simd) assert.equal(nativeInfo()!.simd, b.simd);
      for (const type of [BigInt64Array, BigUint64Array, Float64Array, Float32Array, Int16Array, Uint8Array]) {
        const data = new type(257 * 129);
        for (let i = 0; i < data.length; i++) {
          (data as ReduceArray)[i] = (typeof data[0] === 'bigint' ? BigInt((i * 7919) % 1000) : (i * 7919) % 1000 - (type === Uint8Array ? 0 : 300)) as never;
        }
        if (type === Float64Array || type === Float32Array) (data as Float64Array)[4000] = NaN;
        for (const order of ['C', 'F'] as const) {
          for (const axis of [0, 1] as const) {
            for (const fn of [findMaxSync, argMinSync]) {
              const a = fn({ data: data as ReduceArray, rows: 257, cols: 129, order }, { axis, ...b.options, threads: 2 });
              const c = fn({ data: data as ReduceArray, rows: 257, cols: 129, order }, { axis, backend: 'js' });
              assert.ok(Buffer.from(a.buffer).equals(Buffer.from(c.buffer)), `${type.name} ${order} ${axis} ${fn.name}`);
            }
          }
        }
      }
    });

    test('the documented examples', async () => {
      const o = b.options;
      const data = new BigInt64Array([3n, 9n, 4n, 7n, 1n, 8n]);
      assert.deepEqual(findMaxSync({ data, rows: 2, cols: 3 }, o), new BigInt64Array([7n, 9n, 8n]));
      assert.deepEqual(findMaxSync({ data, rows: 2, cols: 3 }, { ...o, axis: 1 }), new BigInt64Array([9n, 8n]));
      assert.deepEqual(findMaxSync({ data, rows: 3, cols: 2, order: 'F' }, o), new BigInt64Array([9n, 8n]));
      assert.deepEqual(await findMax({ data: new Float64Array([1, NaN, 3, 2]), rows: 2, cols: 2 }, o), new Float64Array([3, NaN]));
      assert.deepEqual(findMinSync({ data: new Int8Array([3, -9, 4, 7, 1, -8]), rows: 2, cols: 3 }, o), new Int8Array([3, -9, -8]));
      assert.deepEqual(await findMin({ data: new Uint16Array([5, 2, 7, 1]), rows: 2, cols: 2 }, { ...o, axis: 1 }), new Uint16Array([2, 1]));
      assert.deepEqual(argMaxSync({ data: new Float32Array([1, 5, 5, 2, 5, 9]), rows: 2, cols: 3 }, o), new Int32Array([1, 0, 1]));
      assert.deepEqual(await argMax({ data: new Int32Array([4, 8, 8, 1]), rows: 1, cols: 4 }, { ...o, axis: 1 }), new Int32Array([1]));
      assert.deepEqual(argMinSync({ data: new Uint8Array([4, 1, 1, 0]), rows: 2, cols: 2, order: 'F' }, o), new Int32Array([1, 1]));
      assert.deepEqual(await argMin({ data: new BigUint64Array([7n, 2n, 2n]), rows: 3, cols: 1 }, o), new Int32Array([1]));
    });

    test('every dtype, layout, axis and shape matches the oracle', () => {
      let seed = 1;
      for (const type of TYPES) {
        for (const [rows, cols] of SHAPES) {
          for (const c of layouts(type, rows, cols, seed++, 0.05)) {
            for (const axis of [0, 1] as const) checkCase(c, axis, b.options);
          }
        }
      }
    });

    test('NaN propagates from any position; signed zeros: IEEE values, numpy positions', () => {
      for (const type of [Float32Array, Float64Array]) {
        for (let at = 0; at < 70; at++) {
          const data = new type(70).fill(1);
          data[at] = NaN;
          data[Math.min(69, at + 5)] = NaN;
          const m = { data, rows: 70, cols: 1 };
          assert.ok(Number.isNaN(findMaxSync(m, b.options)[0]), `max, NaN at ${at}`);
          assert.ok(Number.isNaN(findMinSync(m, b.options)[0]), `min, NaN at ${at}`);
          assert.equal(argMaxSync(m, b.options)[0], at);
          assert.equal(argMinSync(m, b.options)[0], at);
        }
        const zeros = { data: new type([-0, 0, -0, 0, -0]), rows: 1, cols: 5 };
        assert.ok(Object.is(findMaxSync(zeros, { ...b.options, axis: 1 })[0], 0));
        assert.ok(Object.is(findMinSync(zeros, { ...b.options, axis: 1 })[0], -0));
        assert.equal(argMaxSync(zeros, { ...b.options, axis: 1 })[0], 0);
        assert.equal(argMinSync(zeros, { ...b.options, axis: 1 })[0], 0);
        // numpy: argmax([-0., 0.]) and argmax([0., -0.]) are both 0 (equal values: the first). Its
        // max gives 0.0 and -0.0 there (the order its loop visits them); here +0 both times, and the
        // minimum -0 (IEEE 754-2019).
        for (const pair of [[-0, 0], [0, -0]]) {
          const m = { data: new type(pair), rows: 1, cols: 2 };
          const along = { ...b.options, axis: 1 as const };
          assert.equal(argMaxSync(m, along)[0], 0, `argMax [${pair.map((v) => (Object.is(v, -0) ? '-0' : '0'))}]`);
          assert.equal(argMinSync(m, along)[0], 0);
          assert.ok(Object.is(findMaxSync(m, along)[0], 0));
          assert.ok(Object.is(findMinSync(m, along)[0], -0));
        }
        // Long lines of zeros of both signs: every vector path (contiguous rows, column tiles,
        // strided) and every piece boundary agree on the first zero.
        const n = 5000;
        for (const lead of [0, 1, 17, 4095, 4999]) {
          const data = new type(3 * n).fill(-1);
          for (let i = lead; i < n; i++) data[n + i] = i % 3 === 0 ? -0 : i % 3 === 1 ? 0 : -1;
          data[n + lead] = lead % 2 ? 0 : -0;
          const rowsView = { data, rows: 3, cols: n };
          assert.equal(argMaxSync(rowsView, { ...b.options, axis: 1 })[1], lead, `${type.name} rows, first zero at ${lead}`);
          const columns = { data, rows: n, cols: 3, order: 'F' as const };
          assert.equal(argMaxSync(columns, b.options)[1], lead, `${type.name} columns, first zero at ${lead}`);
          assert.ok(Object.is(findMaxSync(columns, b.options)[1], 0));
        }
      }
    });

    test('long axes: vector blocks, pieces and ties across them keep the first index', () => {
      const n = 300_007;
      for (const type of [BigInt64Array, Float64Array, Int8Array, Uint16Array, Float32Array]) {
        const big = typeof new type(1)[0] === 'bigint';
        const data = new type(3 * n);
        const put = (i: number, v: number) => ((data as unknown as Element[])[i] = big ? BigInt(v) : v);
        for (let i = 0; i < data.length; i++) put(i, 1 + ((i * 7) % 50));
        // Row 1 (contiguous in C order): each extreme twice, in far-apart blocks; the first must win.
        put(n + 200_001, 100);
        put(n + 290_000, 100);
        put(n + 100_000, 0);
        put(n + 250_000, 0);
        const rowsView = { data, rows: 3, cols: n };
        const along = { ...b.options, axis: 1 as const };
        assert.deepEqual(Array.from(argMaxSync(rowsView, along)), [7, 200_001, 43], `${type.name} argMax`);
        assert.equal(argMinSync(rowsView, along)[1], 100_000, `${type.name} argMin`);
        assert.equal(Number(findMaxSync(rowsView, along)[1]), 100);
        // The same memory as its n x 3 column-major transpose (three long contiguous columns), and as
        // an n x 3 row-major matrix (one tile of three outputs down a long strided axis).
        const columnsView = { data, rows: n, cols: 3, order: 'F' as const };
        assert.deepEqual(argMaxSync(columnsView, b.options), argMaxSync(rowsView, along));
        assert.deepEqual(findMinSync(columnsView, b.options), findMinSync(rowsView, along));
        const c: Case = { name: 'long C', matrix: { data, rows: n, cols: 3 }, strides: [3, 1] };
        checkCase(c, 0, b.options);
      }
    });

    test('wide row-major matrices: column extremes over long row runs match the oracle', () => {
      // Wide enough that the native values-only pass reads each row in full-width runs (many tiles
      // and a ragged last one), 9 rows so the four-row sweeps, their prefetch and the leftover row
      // all run, and padded rows so a run never starts at a row's own alignment.
      checkCase(layouts(Float64Array, 9, 140_003, 11, 0.00002)[0], 0, b.options);
      checkCase(layouts(Int8Array, 9, 140_003, 12)[2], 0, b.options);
    });

    test('an empty output axis gives an empty result; an empty reduced axis is a RangeError', () => {
      assert.deepEqual(findMaxSync({ data: new Int32Array(0), rows: 3, cols: 0 }, b.options), new Int32Array(0));
      assert.deepEqual(argMinSync({ data: new Int32Array(0), rows: 0, cols: 4 }, { ...b.options, axis: 1 }), new Int32Array(0));
      assert.throws(() => findMaxSync({ data: new Int32Array(0), rows: 0, cols: 4 }, b.options), {
        name: 'RangeError',
        message: 'Expected a non-empty axis 0 for findMaxSync but the 0 x 4 matrix has no rows to reduce',
      });
      assert.throws(() => argMaxSync({ data: new Float64Array(0), rows: 2, cols: 0 }, { ...b.options, axis: 1 }), /non-empty axis 1 .* 2 x 0 matrix has no columns/);
    });

    test('a stride along a one-element axis may be any size (wasm32 indexes with 32 bits)', async () => {
      const data = new Float64Array([1, -0, 0, 3, 2]);
      assert.deepEqual(findMaxSync({ data, rows: 1, cols: 5, strides: [2 ** 40, 1] }, { ...b.options, axis: 1 }), new Float64Array([3]));
      assert.deepEqual(await findMin({ data, rows: 5, cols: 1, strides: [1, 2 ** 53 - 1] }, b.options), new Float64Array([-0]));
      assert.deepEqual(argMaxSync({ data, rows: 5, cols: 1, strides: [1, 2 ** 33] }, b.options), new Int32Array([3]));
    });

    test('the async forms give the sync results, report progress and honour an aborted signal', async () => {
      const [c] = layouts(Float64Array, 200, 3001, 99, 0.001);
      let last = 0;
      const values = await findMax(c.matrix, { ...b.options, onProgress: (f) => (last = f) });
      assert.deepEqual(bytes(values), bytes(findMaxSync(c.matrix, b.options)));
      assert.equal(last, 1);
      assert.deepEqual(await argMin(c.matrix, { ...b.options, axis: 1 }), argMinSync(c.matrix, { ...b.options, axis: 1 }));
      const controller = new AbortController();
      controller.abort();
      await assert.rejects(findMin(c.matrix, { ...b.options, signal: controller.signal }), { name: 'AbortError' });
    });
  });
}

describe('reduce input checks', () => {
  const m = { data: new Int32Array(6), rows: 2, cols: 3 };
  test('wrong kinds of values are TypeErrors naming the parameter', () => {
    assert.throws(() => findMaxSync(null as never), { name: 'TypeError', message: /for matrix but received null/ });
    assert.throws(() => findMaxSync({ ...m, data: [1, 2, 3, 4, 5, 6] } as never), { name: 'TypeError', message: /for matrix.data but received Array\(6\)/ });
    assert.throws(() => findMaxSync({ ...m, data: new Uint8ClampedArray(6) } as never), /one of BigInt64Array.*received Uint8ClampedArray\(6\)/);
    assert.throws(() => findMaxSync({ ...m, rows: '2' } as never), { name: 'TypeError', message: /for matrix.rows but received "2"/ });
    assert.throws(() => findMaxSync({ ...m, order: 'K' } as never), /Expected 'C' or 'F' for matrix.order but received "K"/);
    assert.throws(() => findMaxSync({ ...m, colls: 3 } as never), /Unknown option 'colls' for findMaxSync matrix; did you mean 'cols'\?/);
    assert.throws(() => findMaxSync(m, { axes: 1 } as never), /Unknown option 'axes' for findMaxSync; did you mean 'axis'\?/);
    assert.throws(() => findMaxSync(m, { axis: '1' } as never), { name: 'TypeError', message: /for findMaxSync axis but received "1"/ });
    assert.throws(() => findMaxSync({ ...m, strides: [3] } as never), { name: 'TypeError', message: /matrix.strides/ });
    assert.throws(() => findMaxSync({ ...m, order: 'C', strides: [3, 1] }), /either matrix.order or matrix.strides/);
    assert.throws(() => findMaxSync(m, { backend: 'gpu' } as never), /'native', 'wasm', 'js' or 'auto' for backend/);
  });

  test('numbers out of range are RangeErrors naming the numbers', () => {
    assert.throws(() => findMaxSync({ ...m, rows: 4 }), { name: 'RangeError', message: 'Expected rows * cols = matrix.data length for findMaxSync but received 4 x 3 = 12 and a length of 6' });
    assert.throws(() => findMaxSync({ ...m, rows: -1 }), { name: 'RangeError', message: /matrix.rows but received -1/ });
    assert.throws(() => findMaxSync({ ...m, cols: 1.5 }), { name: 'RangeError', message: /matrix.cols but received 1.5/ });
    assert.throws(() => findMaxSync(m, { axis: 2 as never }), { name: 'RangeError', message: /for findMaxSync axis but received 2/ });
    assert.throws(() => findMaxSync({ data: m.data, rows: 2, cols: 3, strides: [3, 2] }), {
      name: 'RangeError',
      message: 'Expected strides [3, 2] of a 2 x 3 matrix to stay inside matrix.data of length 6 but element (1, 2) is at index 7',
    });
    assert.throws(() => findMaxSync({ data: m.data, rows: 2, cols: 3, strides: [-1, 1] }), { name: 'RangeError', message: /matrix.strides\[0\]/ });
    assert.throws(() => findMaxSync(m, { threads: 0 }), { name: 'RangeError', message: /threads but received 0/ });
  });

  test('fuzzed input never crashes: a result, a TypeError or a RangeError', () => {
    const anything = fc.oneof(fc.integer({ min: -3, max: 12 }), fc.double(), fc.constant(undefined), fc.string({ maxLength: 2 }), fc.constant(null));
    const arrays = fc.oneof(
      ...TYPES.map((type) => fc.integer({ min: 0, max: 24 }).map((n) => new type(n) as unknown)),
      fc.constant([1, 2]),
      fc.constant(new DataView(new ArrayBuffer(8))),
    );
    fc.assert(
      fc.property(arrays, anything, anything, fc.option(fc.tuple(anything, anything), { nil: undefined }), fc.constantFrom(0, 1, 5), fc.constantFrom(...backends), (data, rows, cols, strides, axis, b) => {
        const matrix = strides === undefined ? { data, rows, cols } : { data, rows, cols, strides };
        for (const fn of Object.values(SYNC)) {
          try {
            fn(matrix as never, { ...b.options, axis: axis as never });
          } catch (error) {
            assert.ok(error instanceof TypeError || error instanceof RangeError, String(error));
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});

/** A .npy file as np.save writes it (version 1, header padded to 64 bytes). */
function npy(descr: string, shape: number[], data: ArrayBufferView, fortran = false, major = 1): Uint8Array {
  const dict = `{'descr': '${descr}', 'fortran_order': ${fortran ? 'True' : 'False'}, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  const prefix = major === 1 ? 10 : 12;
  const header = dict.padEnd(Math.ceil((prefix + dict.length + 1) / 64) * 64 - prefix - 1, ' ') + '\n';
  const head = Buffer.alloc(prefix);
  head.write('\x93NUMPY', 0, 'latin1');
  head[6] = major;
  if (major === 1) head.writeUInt16LE(header.length, 8);
  else head.writeUInt32LE(header.length, 8);
  return new Uint8Array(Buffer.concat([head, Buffer.from(header, 'latin1'), bytes(data)]));
}

describe('.npy input and the hotloop reduce command', () => {
  test('parseNpy reads C and Fortran order, 1-D and 2-D, versions 1 and 2, and names what it rejects', () => {
    const c = parseNpy(npy('<i8', [2, 3], new BigInt64Array([3n, 9n, 4n, 7n, 1n, 8n])));
    assert.deepEqual(findMaxSync(c), new BigInt64Array([7n, 9n, 8n]));
    const f = parseNpy(npy('<f4', [3, 2], new Float32Array([3, 9, 4, 7, 1, 8]), true, 2));
    assert.equal(f.order, 'F');
    assert.deepEqual(findMaxSync(f), new Float32Array([9, 8]));
    const row = parseNpy(npy('|u1', [4], new Uint8Array([5, 1, 7, 2])));
    assert.deepEqual([row.rows, row.cols], [1, 4]);
    assert.deepEqual(argMinSync(row, { axis: 1 }), new Int32Array([1]));
    assert.throws(() => parseNpy(new Uint8Array(20)), /not a .npy file/);
    assert.throws(() => parseNpy(npy('>i4', [1], new Int32Array(1))), /dtype >i4 is not supported/);
    assert.throws(() => parseNpy(npy('<i4', [2, 2, 2], new Int32Array(8))), /not 1-D or 2-D/);
    assert.throws(() => parseNpy(npy('<i4', [3, 3], new Int32Array(4))), /fewer bytes than its shape/);
  });

  test('hotloop reduce prints the results (exit 0) and rejects bad usage (exit 2)', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'hotloop-reduce-'));
    const file = path.join(dir, 'm.npy');
    writeFileSync(file, npy('<f8', [2, 3], new Float64Array([1, NaN, 5, 4, 2, 6])));
    const cli = (...args: string[]) =>
      spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'reduce', ...args], { cwd: new URL('..', import.meta.url), encoding: 'utf8' });
    const max = cli(file);
    assert.equal(max.status, 0, max.stderr);
    assert.deepEqual(max.stdout.trim().split('\n'), ['4', 'NaN', '6']);
    // The transpose's columns are the file's rows: [1, NaN, 5] (the NaN is the minimum) and [4, 2, 6].
    const arg = cli(file, '--op', 'argmin', '--axis', '0', '--transpose', '--json');
    assert.equal(arg.status, 0, arg.stderr);
    assert.deepEqual(JSON.parse(arg.stdout).result, [1, 1]);
    assert.equal(cli(file, '--op', 'mean').status, 2);
    assert.equal(cli(file, '--axis', '2').status, 2);
    assert.equal(cli(path.join(dir, 'missing.npy')).status, 1);
    // A file whose shape cannot be reduced is bad data (exit 1), named in the one-line message.
    const empty = path.join(dir, 'empty.npy');
    writeFileSync(empty, npy('<f8', [0, 3], new Float64Array(0)));
    const rejected = cli(empty);
    assert.equal(rejected.status, 1);
    assert.match(rejected.stderr, /^hotloop: .*empty\.npy: .*\n$/);
  });
});

describe('largeArray', () => {
  test('gives a zeroed, writable typed array of the asked type and length, big or small', () => {
    for (const [type, length] of [[BigInt64Array, 300_000], [Float32Array, 1_000_003], [Uint8Array, 10]] as const) {
      const a = largeArray(type as typeof Float32Array, length);
      assert.equal(a.constructor, type);
      assert.equal(a.length, length);
      assert.ok(bytes(a).every((byte) => byte === 0));
      const data = a as unknown as Element[];
      data[length - 1] = typeof data[0] === 'bigint' ? 7n : 7;
      assert.equal(Number(findMaxSync({ data: a, rows: 1, cols: length }, { axis: 1 })[0]), 7);
    }
    assert.equal(largeArray(Float64Array, 0).length, 0);
  });

  test('rejects other constructors and bad lengths', () => {
    assert.throws(() => largeArray(Uint8ClampedArray as never, 4), { name: 'TypeError', message: /for type but received/ });
    assert.throws(() => largeArray(Float64Array, -1), { name: 'RangeError', message: /for length but received -1/ });
    assert.throws(() => largeArray(Float64Array, '4' as never), { name: 'TypeError', message: /for length/ });
  });
});

describe('reduce native kernels', { skip: !nativeAvailable && 'the native addon is not built' }, () => {
  test('results are byte-identical to TypeScript for every thread count (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...TYPES),
        fc.integer({ min: 1, max: 90 }),
        fc.integer({ min: 1, max: 700 }),
        fc.integer({ min: 0, max: 5 }),
        fc.constantFrom(0, 1),
        fc.integer({ min: 1, max: 8 }),
        fc.integer(),
        (type, rows, cols, layout, axis, threads, seed) => {
          const c = layouts(type, rows, cols, seed, 0.01)[layout];
          for (const fn of Object.values(SYNC)) {
            const js = fn(c.matrix, { axis: axis as 0 | 1, backend: 'js' });
            const native = fn(c.matrix, { axis: axis as 0 | 1, backend: 'native', threads });
            assert.ok(bytes(native).equals(bytes(js)), `${fn.name} ${type.name} ${rows}x${c.matrix.cols} ${c.name} axis ${axis} threads ${threads}`);
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  test('a multi-megabyte matrix gives the same bytes on 1 and 4 threads and on the TypeScript backend', () => {
    for (const type of [BigInt64Array, Float32Array, Uint8Array]) {
      for (const c of layouts(type, 700, 1100, 7, 0.0001).slice(0, 4)) {
        for (const axis of [0, 1] as const) {
          for (const fn of Object.values(SYNC)) {
            const one = fn(c.matrix, { axis, backend: 'native', threads: 1 });
            assert.ok(bytes(fn(c.matrix, { axis, backend: 'native', threads: 4 })).equals(bytes(one)), `${fn.name} ${type.name} ${c.name} ${axis}`);
            assert.ok(bytes(fn(c.matrix, { axis, backend: 'js' })).equals(bytes(one)), `${fn.name} ${type.name} ${c.name} ${axis} js`);
          }
        }
      }
    }
  });

  test('the memory-read floor sums the bytes as 64-bit words', () => {
    const data = new BigUint64Array(300_001).map((_, i) => BigInt(i) * 0x9e3779b97f4a7c15n);
    let expected = 0n;
    for (const v of data) expected = (expected + v) & 0xffffffffffffffffn;
    assert.equal(_readFloor(data, 4), expected);
    assert.equal(_readFloor(new Uint8Array([1, 2, 3]), 1), 6n);
  });

  test('direct calls into the addon with bad arguments throw instead of crashing', () => {
    const addon = nativeAddon() as unknown as Record<string, (...args: unknown[]) => unknown>;
    const data = new Int32Array(6);
    const out = new Int32Array(3);
    const bad: unknown[][] = [
      [[1, 2], out, undefined, 2, 3, 3, 1, 0, true, 1],
      [new Uint8ClampedArray(6), out, undefined, 2, 3, 3, 1, 0, true, 1],
      [data, out, undefined, 2, 3, 3, 2, 0, true, 1],
      [data, out, undefined, 0, 3, 3, 1, 0, true, 1],
      [data, new Int32Array(2), undefined, 2, 3, 3, 1, 0, true, 1],
      [data, new Float32Array(3), undefined, 2, 3, 3, 1, 0, true, 1],
      [data, undefined, undefined, 2, 3, 3, 1, 0, true, 1],
      [data, out, undefined, 2, 3, 3, 1, 2, true, 1],
      [data, out, undefined, -1, 3, 3, 1, 0, true, 1],
      [data, out, undefined, 2, 3, 3, 1, 0, 1, 1],
      [data, out, undefined, 2, 3, 3, 1, 0, true, 0],
    ];
    for (const args of bad) {
      assert.throws(() => addon.reduceSync(...args), (e: Error) => e instanceof TypeError || e instanceof RangeError, JSON.stringify(args.slice(1)));
    }
  });
});
