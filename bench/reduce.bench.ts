/**
 * Seed 002's table: column maxima of the seed's 100 x 1,000,000 int64 matrix and of its transpose
 * (a column-major view of the same memory), in TypeScript over BigInt64Array and Float64Array,
 * natively on one thread and on all, and numpy's arr.max(axis=0) / arr.T.max(axis=0) in the same
 * run. A native read of the same bytes (the memory-read floor) is measured beside each table: every
 * row says how far it is from it. Float32 and int32 copies check the smaller dtypes against their
 * own, smaller floor.
 */
import { threads as defaultThreads } from '../src/backend.js';
import { type ReduceOptions, _readFloor, findMaxSync } from '../src/reduce/api.js';
import type { Matrix, ReduceArray } from '../src/reduce/matrix.js';
import { SEED_COLS, SEED_ROWS, seedMatrix } from '../src/reduce/seed-matrix.js';
import { type Measurement, measure, printTable, runPython, saveResults, target } from './harness.js';

interface NumpyResult {
  numpy: string;
  c_ms: number;
  t_ms: number;
}

const ITEMS = SEED_ROWS * SEED_COLS;
const FLOOR = 'memory-read floor (native, all threads)';
const NATIVE_ALL = 'native, all threads';

function view<A extends ReduceArray>(data: A, transposed: boolean): Matrix<A> {
  return transposed ? { data, rows: SEED_COLS, cols: SEED_ROWS, order: 'F' } : { data, rows: SEED_ROWS, cols: SEED_COLS };
}

function checksum(values: ReduceArray): number {
  let sum = 0;
  for (const v of values) sum += Number(v);
  return sum;
}

function withFloorRatios(rows: Measurement[]): Measurement[] {
  const floor = rows.find((r) => r.label === FLOOR);
  return rows.map((r) => (floor && r !== floor ? { ...r, note: `${(r.ms / floor.ms).toFixed(2)}x floor${r.note ? `, ${r.note}` : ''}` } : r));
}

async function seedTable(int64: BigInt64Array, float64: Float64Array, transposed: boolean, numpyMs: number | undefined, threads: number) {
  const checks: Record<string, number> = {};
  const run = async (label: string, data: ReduceArray, options: ReduceOptions, runs = 7) => {
    let last: ReduceArray | undefined;
    const row = await measure(label, () => (last = findMaxSync(view(data, transposed), options)), { items: ITEMS, runs, warmup: 1 });
    checks[label] = checksum(last as ReduceArray); // outside the timed runs
    return row;
  };
  const rows: Measurement[] = [
    await run('TypeScript, BigInt64Array', int64, { backend: 'js' }, 3),
    await run('TypeScript, Float64Array', float64, { backend: 'js' }, 3),
    await run('native, 1 thread', int64, { backend: 'native', threads: 1 }),
    await run(NATIVE_ALL, int64, { backend: 'native', threads }),
  ];
  if (numpyMs !== undefined) rows.push({ label: transposed ? 'numpy arr.T.max(axis=0)' : 'numpy arr.max(axis=0)', ms: numpyMs, runs: [numpyMs], items: ITEMS });
  rows.push(await measure(FLOOR, () => _readFloor(int64, threads), { items: ITEMS }));
  const distinct = new Set(Object.values(checks));
  if (distinct.size !== 1) throw new Error(`implementations disagree: ${JSON.stringify(checks)}`);
  return withFloorRatios(rows);
}

async function smallDtypeRows(int64: BigInt64Array, threads: number): Promise<Measurement[]> {
  const float32 = Float32Array.from(int64, Number);
  const int32 = Int32Array.from(int64, Number);
  const rows: Measurement[] = [];
  for (const [name, data] of [['float32', float32], ['int32', int32]] as const) {
    const floor = await measure(`${name} floor`, () => _readFloor(data, threads), { items: ITEMS });
    for (const transposed of [false, true]) {
      const label = `${name} ${transposed ? 'arr.T' : 'arr'}, native all threads`;
      const row = await measure(label, () => findMaxSync(view(data, transposed), { threads }), { items: ITEMS });
      rows.push({ ...row, note: `${(row.ms / floor.ms).toFixed(2)}x floor` });
    }
    rows.push(floor);
  }
  return rows;
}

export async function run(): Promise<void> {
  const threads = defaultThreads();
  console.log(`seed 002: findMax over ${SEED_ROWS} x ${SEED_COLS.toLocaleString('en-US')} int64 in [0, 100000), seeded; ${threads} threads`);
  const numpy = runPython<NumpyResult>('reduce_max.py');
  const int64 = seedMatrix();
  const float64 = Float64Array.from(int64, Number);
  const seed = await seedTable(int64, float64, false, numpy?.c_ms, threads);
  printTable('arr (100 x 1,000,000, row-major): max of each column', seed, 'TypeScript, BigInt64Array', 'element');
  const transpose = await seedTable(int64, float64, true, numpy?.t_ms, threads);
  printTable('arr.T (1,000,000 x 100, column-major view): max of each column', transpose, 'TypeScript, BigInt64Array', 'element');
  const small = await smallDtypeRows(int64, threads);
  printTable('smaller dtypes, same values and shapes', small, 'float32 floor', 'element');

  const ms = (rows: Measurement[], label: string) => rows.find((r) => r.label === label)?.ms ?? NaN;
  console.log('');
  for (const [name, rows, numpyMs] of [['arr', seed, numpy?.c_ms], ['arr.T', transpose, numpy?.t_ms]] as const) {
    target(`${name}: native all threads / memory-read floor (time)`, ms(rows, NATIVE_ALL) / ms(rows, FLOOR), 1.2, false);
    if (numpyMs !== undefined) target(`${name}: numpy / native all threads (speed-up)`, numpyMs / ms(rows, NATIVE_ALL), 1, true);
  }
  for (const row of small.filter((r) => r.note)) {
    target(`${row.label} / its floor (time)`, Number.parseFloat(row.note as string), 1.2, false);
  }
  saveResults('reduce', { threads, numpy, seed, transpose, small });
}
