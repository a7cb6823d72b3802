/**
 * One vector unit's rows of the reduce bench, run by reduce.bench.ts in a child process whose
 * HOTLOOP_SIMD caps the unit. For every dtype, the seed's shape (100 x 1,000,000) on huge-page memory
 * with the seed's values (wrapped into the dtype's range): max along axis 0 of the row-major matrix
 * (`arr`) and of its column-major transpose (`arr.T`) on all threads, and the memory-read floor of
 * the same bytes, in alternated rounds; medians. `arr` and `arr.T` write into one result reused
 * from round to round (numpy's `out=`), so they time the kernel against the floor; `arr` is timed
 * with a fresh result too, which adds the first touch of its pages (on a virtual machine that can
 * cost more than reading the matrix). One dtype at a time, freed before the next (run with
 * --expose-gc). Prints one JSON line (ReducePathResult).
 *
 *   HOTLOOP_SIMD=avx2 node --expose-gc --import tsx bench/reduce-path.ts <rounds>
 */
import { threads as defaultThreads } from '../src/backend.js';
import { readFloor } from '../src/bench-only.js';
import { type ReduceArrayType, findMaxSync } from '../src/reduce/api.js';
import { largeArray } from '../src/reduce/large-array.js';
import type { ReduceArray } from '../src/reduce/matrix.js';
import { SEED_COLS, SEED_ROWS, SEED_VALUES } from '../src/reduce/seed-matrix.js';
import { seededRandom } from '../src/random.js';
import { type VectorUnit, median, unitInUse, wallMs } from './calibrate.js';

export interface ReduceDtypeRow {
  dtype: string;
  bytes: number;
  /** Medians of wall milliseconds: arr and arr.T into a reused result, arr into a fresh one, and the read floor of the same array. */
  arr: number;
  transposed: number;
  arrFresh: number;
  floor: number;
  rounds: { arr: number[]; transposed: number[]; arrFresh: number[]; floor: number[] };
}

export interface ReducePathResult {
  unit: VectorUnit;
  threads: number;
  rows: ReduceDtypeRow[];
}

const DTYPES: Array<ReduceArrayType<ReduceArray>> = [
  Int8Array, Uint8Array, Int16Array, Uint16Array, Int32Array, Uint32Array, Float32Array, Float64Array, BigInt64Array, BigUint64Array,
] as unknown as Array<ReduceArrayType<ReduceArray>>;

/** The seed's values for `type`: uniform in [0, 100000), wrapped into the dtype's range by the array itself. */
function seedValues(type: ReduceArrayType<ReduceArray>): ReduceArray {
  const data = largeArray(type, SEED_ROWS * SEED_COLS);
  const random = seededRandom(42);
  if (data instanceof BigInt64Array || data instanceof BigUint64Array) {
    // Bigints one by one would take seconds: write the low 32-bit word (little-endian hosts; the
    // high word stays 0), as seed-matrix.ts does.
    const words = new Uint32Array(data.buffer, data.byteOffset, data.length * 2);
    for (let i = 0; i < data.length; i++) words[2 * i] = Math.floor(random() * SEED_VALUES);
  } else {
    const plain = data as Exclude<ReduceArray, BigInt64Array | BigUint64Array>;
    for (let i = 0; i < plain.length; i++) plain[i] = Math.floor(random() * SEED_VALUES);
  }
  return data;
}

function measureDtype(type: ReduceArrayType<ReduceArray>, threads: number, rounds: number): ReduceDtypeRow {
  const data = seedValues(type);
  const arr = { data, rows: SEED_ROWS, cols: SEED_COLS };
  const transposed = { data, rows: SEED_COLS, cols: SEED_ROWS, order: 'F' as const };
  const out = new type(SEED_COLS); // arr's result, one per column
  const outT = new type(SEED_ROWS); // arr.T's
  const times = { arr: [] as number[], transposed: [] as number[], arrFresh: [] as number[], floor: [] as number[] };
  for (let round = -1; round < rounds; round++) {
    const a = wallMs(() => findMaxSync(arr, { threads, out }));
    const t = wallMs(() => findMaxSync(transposed, { threads, out: outT }));
    const fresh = wallMs(() => findMaxSync(arr, { threads }));
    const f = wallMs(() => readFloor(data, threads));
    if (round < 0) continue; // warm-up
    times.arr.push(a);
    times.transposed.push(t);
    times.arrFresh.push(fresh);
    times.floor.push(f);
  }
  return {
    dtype: type.name.replace(/Array$/, ''),
    bytes: data.byteLength,
    arr: median(times.arr),
    transposed: median(times.transposed),
    arrFresh: median(times.arrFresh),
    floor: median(times.floor),
    rounds: times,
  };
}

export function measurePath(rounds: number): ReducePathResult {
  const unit = unitInUse();
  if (!unit) throw new Error('the native addon is not loaded');
  const threads = defaultThreads();
  const gc = (globalThis as { gc?: () => void }).gc;
  const rows: ReduceDtypeRow[] = [];
  for (const type of DTYPES) {
    rows.push(measureDtype(type, threads, rounds));
    gc?.(); // frees the previous dtype's matrix (up to 800 MB) before the next is made
  }
  return { unit, threads, rows };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [rounds = 7] = process.argv.slice(2).map(Number);
  console.log(JSON.stringify(measurePath(rounds)));
}
