// `out` (numpy's out=) on every batch API and every backend: the call fills and returns the caller's
// array, with the same bytes as the call without `out`, whatever the array held before and whether
// it lives on an ArrayBuffer, a SharedArrayBuffer or wasm memory from alloc(); a wrong length is a
// RangeError naming both lengths, a wrong type a TypeError, an out sharing memory with an input a
// RangeError.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  Engine,
  alloc,
  argMax,
  argMaxSync,
  argMin,
  argMinSync,
  cubicYRoots,
  cubicYRootsSync,
  demoDisk,
  findMax,
  findMaxSync,
  findMin,
  findMinSync,
  free,
  generateExampleSet,
  jetLuminosities,
  jetLuminositiesSync,
  julia,
  juliaSync,
  kmPerSecond,
  matchPoints,
  matchPointsSync,
  shockLuminosities,
  shockLuminositiesSync,
  solarMass,
  solveCubics,
  solveCubicsSync,
  arrayFromSI,
  type Mass,
  type Velocity,
} from '../src/index.js';
import type { TypedArray } from '../src/wasm/abi.js';
import { builtinZones } from '../src/pip/builtin-zones.js';
import { syntheticAisPoints } from '../src/pip/synthetic-points.js';
import { backendHooks, backends, seededRandom, wasmAvailable } from './backends.js';

type Options = Record<string, unknown>;
interface ArrayType {
  new (length: number): TypedArray;
  new (buffer: ArrayBufferLike, byteOffset: number, length: number): TypedArray;
  readonly BYTES_PER_ELEMENT: number;
  readonly name: string;
}
/** One output array of a call: its type and length. */
type Slot = [ArrayType, number];

interface Row {
  name: string;
  /** The API call with these options (backend, threads, out). */
  call(options: Options): unknown;
  /** The output arrays the call fills, in order. */
  slots: Slot[];
  /** The `out` option from arrays of `slots`' shapes (the arrays themselves, or an object of them). */
  wrap(arrays: TypedArray[]): unknown;
  /** The output arrays of a result. */
  unwrap(result: unknown): TypedArray[];
  /** What must be the very `out` the caller gave (the result, or the image's counts). */
  returned(result: unknown): unknown;
  /** An `out` of the right type and length over an input's memory; undefined where the inputs are internal. */
  alias?(): unknown;
  /** An `out` of the right length and a wrong type. */
  wrongType(): unknown;
}

const random = seededRandom(14);
const fill = (n: number, f: (i: number) => number) => Float64Array.from({ length: n }, (_, i) => f(i));

// Cubic inputs: random coefficients, some repeated roots and a zero leading coefficient.
const coeffs = fill(4 * 501, () => Math.round(20 * random() - 10) / 2);
const x0s = fill(777, (i) => (i % 5 === 0 ? 0 : 4 * random() - 2));
const y0s = fill(777, () => 6 * random() - 3);
const cubicSlots = (n: number): Slot[] => [[Float64Array, 3 * n], [Uint8Array, n]];
const cubicRow = (name: string, n: number, call: Row['call'], input: Float64Array): Row => ({
  name,
  call,
  slots: cubicSlots(n),
  wrap: ([roots, count]) => ({ roots, count }),
  unwrap: (r) => [(r as { roots: TypedArray }).roots, (r as { count: TypedArray }).count],
  returned: (r) => r,
  alias: () => ({ roots: new Float64Array(3 * n), count: new Uint8Array(input.buffer, input.byteOffset + 8, n) }),
  wrongType: () => ({ roots: new Float64Array(3 * n), count: new Int8Array(n) }),
});

// Pip: the built-in zones and synthetic AIS-like points.
const engine = new Engine(builtinZones());
const points = syntheticAisPoints(1_001, 3);
const n = points.lat.length;
const int32Row = (name: string, length: number, call: Row['call'], input: Float64Array): Row => ({
  name,
  call,
  slots: [[Int32Array, length]],
  wrap: ([out]) => out,
  unwrap: (r) => [r as TypedArray],
  returned: (r) => r,
  alias: () => new Int32Array(input.buffer, input.byteOffset, length),
  wrongType: () => new Uint32Array(length),
});

// Polymatch: a packed example set.
const example = generateExampleSet({ polygons: 3_000, points: 1_500, span: 300, seed: 2 });

// Reduce: a Float64 matrix with NaNs and an Int16 matrix, 37 x 23.
const rows = 37;
const cols = 23;
const f64 = fill(rows * cols, (i) => (i % 97 === 5 ? Number.NaN : 100 * random() - 50));
const i16 = Int16Array.from({ length: rows * cols }, () => Math.floor(60000 * random()) - 30000);
const reduceRow = <A extends TypedArray>(name: string, data: A, axis: 0 | 1, arg: boolean, call: (m: { data: A; rows: number; cols: number }, o: Options) => unknown): Row => {
  const length = axis === 0 ? cols : rows;
  const Type = (arg ? Int32Array : data.constructor) as ArrayType;
  return {
    name: `${name} (${data.constructor.name}, axis ${axis})`,
    call: (o) => call({ data, rows, cols }, { ...o, axis }),
    slots: [[Type, length]],
    wrap: ([out]) => out,
    unwrap: (r) => [r as TypedArray],
    returned: (r) => r,
    alias: () => new Type(data.buffer, data.byteOffset, length),
    wrongType: () => (Type === Float64Array ? new Float32Array(length) : new Float64Array(length)),
  };
};

// Julia: small images; the second needs Uint32Array counts (itermax > 65535).
const juliaRow = (name: string, params: Options, Type: ArrayType, call: Row['call']): Row => {
  const image = juliaSync({ ...params, backend: 'js' });
  const length = image.width * image.height;
  return {
    name,
    call: (o) => call({ ...params, ...o }),
    slots: [[Type, length]],
    wrap: ([out]) => out,
    unwrap: (r) => [(r as { counts: TypedArray }).counts],
    returned: (r) => (r as { counts: TypedArray }).counts,
    wrongType: () => (Type === Uint16Array ? new Uint32Array(length) : new Uint16Array(length)),
  };
};
const smallJulia = { resolution: 48 };
const wideJulia = { resolution: 12, itermin: 1, itermax: 70_000 };

// Luminosities: remnants across the demo disk.
const remnants = 640;
const mass = arrayFromSI<Mass>(fill(remnants, () => solarMass(5 + 195 * random())));
const radii = fill(remnants, () => 10 * 5000 ** random());
const kick = arrayFromSI<Velocity>(fill(remnants, () => kmPerSecond(20 + 1500 * random())));
const spin = fill(remnants, () => random());
const M = solarMass(1e8);
const lumRow = (name: string, call: Row['call']): Row => ({
  name,
  call,
  slots: [[Float64Array, remnants]],
  wrap: ([out]) => out,
  unwrap: (r) => [r as TypedArray],
  returned: (r) => r,
  alias: () => new Float64Array(radii.buffer, 0, remnants),
  wrongType: () => new Float32Array(remnants),
});

const ROWS: Row[] = [
  cubicRow('solveCubicsSync', 501, (o) => solveCubicsSync(coeffs, o), coeffs),
  cubicRow('solveCubics', 501, (o) => solveCubics(coeffs, o), coeffs),
  cubicRow('cubicYRootsSync', 777, (o) => cubicYRootsSync(x0s, y0s, o), y0s),
  cubicRow('cubicYRoots', 777, (o) => cubicYRoots(x0s, y0s, o), x0s),
  int32Row('Engine#pipN', n, (o) => engine.pipN(points.lat, points.lon, o), points.lon),
  int32Row('Engine#locateSync', n, (o) => engine.locateSync(points, o), points.lat),
  int32Row('Engine#locate', n, (o) => engine.locate(points, o), points.lon),
  int32Row('matchPointsSync', 1_500, (o) => matchPointsSync(example.polygons, example.points, { ...o, maxDist: 10 }), example.points),
  int32Row('matchPoints', 1_500, (o) => matchPoints(example.polygons, example.points, { ...o, maxDist: 10 }), example.points),
  reduceRow('findMaxSync', f64, 0, false, findMaxSync),
  reduceRow('findMax', f64, 1, false, findMax),
  reduceRow('findMinSync', i16, 1, false, findMinSync),
  reduceRow('findMin', i16, 0, false, findMin),
  reduceRow('argMaxSync', f64, 1, true, argMaxSync),
  reduceRow('argMax', i16, 0, true, argMax),
  reduceRow('argMinSync', i16, 0, true, argMinSync),
  reduceRow('argMin', f64, 1, true, argMin),
  juliaRow('juliaSync', smallJulia, Uint16Array, (o) => juliaSync(o)),
  juliaRow('julia', smallJulia, Uint16Array, (o) => julia(o)),
  juliaRow('juliaSync (itermax > 65535)', wideJulia, Uint32Array, (o) => juliaSync(o)),
  juliaRow('julia (itermax > 65535)', wideJulia, Uint32Array, (o) => julia(o)),
  lumRow('shockLuminositiesSync', (o) => shockLuminositiesSync(M, mass, radii, demoDisk, kick, o)),
  lumRow('shockLuminosities', (o) => shockLuminosities(M, mass, radii, demoDisk, kick, o)),
  lumRow('jetLuminositiesSync', (o) => jetLuminositiesSync(mass, radii, demoDisk, spin, kick, o)),
  lumRow('jetLuminosities', (o) => jetLuminosities(mass, radii, demoDisk, spin, kick, o)),
];

function bytes(a: TypedArray): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

/** Arrays of the row's shapes on fresh memory of each kind, filled with garbage the call must overwrite. */
const STORAGE: Array<{ name: string; make(slot: Slot): TypedArray; release?(a: TypedArray): void }> = [
  { name: 'ArrayBuffer', make: ([Type, length]) => new Type(length) },
  {
    name: 'SharedArrayBuffer',
    make: ([Type, length]) => new Type(new SharedArrayBuffer(length * Type.BYTES_PER_ELEMENT), 0, length),
  },
  ...(wasmAvailable ? [{ name: 'wasm alloc()', make: ([Type, length]: Slot) => alloc(Type, length), release: (a: TypedArray) => free(a) }] : []),
];

for (const b of backends) {
  describe(`out (${b.name})`, () => {
    backendHooks(b);
    for (const row of ROWS) {
      describe(row.name, () => {
        for (const storage of STORAGE) {
          it(`fills and returns an out on ${storage.name}, with the bytes of the call without out`, async () => {
            const expected = row.unwrap(await row.call({ ...b.options }));
            const arrays = row.slots.map((slot) => storage.make(slot));
            for (const a of arrays) bytes(a).fill(0x5a);
            const out = row.wrap(arrays);
            const result = await row.call({ ...b.options, out });
            assert.equal(row.returned(result), out);
            const got = row.unwrap(result);
            got.forEach((a, i) => {
              assert.equal(a, arrays[i], 'the out arrays themselves');
              assert.deepEqual(bytes(a), bytes(expected[i]), `output ${i}`);
            });
            for (const a of arrays) storage.release?.(a);
          });
        }

        it('refuses an out of the wrong length with a RangeError naming both lengths', async () => {
          const [, length] = row.slots[row.slots.length - 1];
          const arrays = row.slots.map(([Type, l]) => new Type(l === length ? l - 1 : l));
          const message = new RegExp(`^Expected out(\\.\\w+)? of length ${length} \\(.+\\) but received ${length - 1}$`);
          await assert.rejects(async () => row.call({ ...b.options, out: row.wrap(arrays) }), (e: Error) => e instanceof RangeError && message.test(e.message));
        });

        it('refuses an out of the wrong type with a TypeError', async () => {
          await assert.rejects(async () => row.call({ ...b.options, out: row.wrongType() }), (e: Error) => e instanceof TypeError && /^Expected .* for out/.test(e.message));
        });

        if (row.alias) {
          const alias = row.alias;
          it('refuses an out that shares memory with an input', async () => {
            await assert.rejects(async () => row.call({ ...b.options, out: alias() }), (e: Error) => e instanceof RangeError && /share no memory with the inputs/.test(e.message));
          });
        }
      });
    }
  });
}

describe('out beside its inputs in one buffer', () => {
  it('accepts an out next to (not over) its inputs on the same SharedArrayBuffer', () => {
    const shared = new SharedArrayBuffer(8 * 4 * 10 + 8 * 3 * 10 + 10);
    const input = new Float64Array(shared, 0, 40);
    input.set(coeffs.subarray(0, 40));
    const out = { roots: new Float64Array(shared, 320, 30), count: new Uint8Array(shared, 560, 10) };
    assert.equal(solveCubicsSync(input, { backend: 'js', out }), out);
    assert.deepEqual(out.count, solveCubicsSync(input, { backend: 'js' }).count);
  });
});
