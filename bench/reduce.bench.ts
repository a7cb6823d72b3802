/**
 * Seed 002's table: column maxima of the seed's 100 x 1,000,000 int64 matrix and of its transpose
 * (a column-major view of the same memory), in TypeScript over BigInt64Array and Float64Array,
 * natively on one thread and on all, and numpy's arr.max(axis=0) / arr.T.max(axis=0) in the same
 * run, beside a native read of the same bytes (the memory-read floor) that every row is compared
 * with. Float32 and int32 copies check the smaller dtypes against their own, smaller floor. Every
 * matrix sits on huge-page memory (largeArray), as numpy puts its arrays.
 *
 * The machine is shared, so memory bandwidth drifts during a run: the fast rows (native, numpy,
 * floor) are timed in interleaved rounds, numpy through a child process that runs one reduction
 * per request, and each row reports the median of its rounds.
 *
 * Last, every dtype on every vector unit of the CPU (scalar, AVX2, AVX-512), each unit in a child
 * process capped with HOTLOOP_SIMD (bench/reduce-path.ts), both layouts against their own floor.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import { threads as defaultThreads } from '../src/backend.js';
import { readFloor } from '../src/bench-only.js';
import { type ReduceArrayType, type ReduceOptions, findMaxSync } from '../src/reduce/api.js';
import { largeArray } from '../src/reduce/large-array.js';
import type { Matrix, ReduceArray } from '../src/reduce/matrix.js';
import { SEED_COLS, SEED_ROWS, seedMatrix } from '../src/reduce/seed-matrix.js';
import { VECTOR_UNITS, type VectorUnit } from './calibrate.js';
import { type Measurement, measure, numpyUnavailable, printTable, saveResults, startTable, target } from './harness.js';
import type { ReducePathResult } from './reduce-path.js';

const ITEMS = SEED_ROWS * SEED_COLS;
const ROUNDS = 9;
const FLOOR = 'memory-read floor (native, all threads)';
const NATIVE_ALL = 'native, all threads';
const NATIVE_OUT = 'native, all threads, out= (result reused)';

interface Contender {
  label: string;
  /** Runs once and returns its time in milliseconds. */
  time: () => Promise<number>;
}

function timed(label: string, fn: () => unknown): Contender {
  return {
    label,
    time: async () => {
      const start = performance.now();
      fn();
      return performance.now() - start;
    },
  };
}

/** Times the contenders in `rounds` interleaved rounds after one warm-up round; medians per row. */
async function interleaved(contenders: Contender[], rounds = ROUNDS): Promise<Measurement[]> {
  const times = contenders.map(() => [] as number[]);
  for (let round = -1; round < rounds; round++) {
    for (const [i, c] of contenders.entries()) {
      const ms = await c.time();
      if (round >= 0) times[i].push(ms);
    }
  }
  return contenders.map((c, i) => {
    const sorted = [...times[i]].sort((a, b) => a - b);
    return { label: c.label, ms: sorted[sorted.length >> 1], runs: times[i], items: ITEMS };
  });
}

/** bench/python/reduce_max.py --serve: numpy's reductions on request, timed inside Python. */
async function startNumpy(): Promise<{ version: string; time: (which: 'c' | 't') => Promise<number>; close: () => void } | null> {
  const missing = numpyUnavailable();
  if (missing) {
    console.log(`(numpy baseline skipped: ${missing})`);
    return null;
  }
  const child = spawn('python3', [new URL('./python/reduce_max.py', import.meta.url).pathname, '--serve'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async () => JSON.parse((await lines.next()).value as string) as { ms?: number; numpy?: string };
  const ready = await next();
  return {
    version: String(ready.numpy),
    time: async (which) => {
      child.stdin.write(`${which}\n`);
      return Number((await next()).ms);
    },
    close: () => child.stdin.end(),
  };
}

function view<A extends ReduceArray>(data: A, transposed: boolean): Matrix<A> {
  return transposed ? { data, rows: SEED_COLS, cols: SEED_ROWS, order: 'F' } : { data, rows: SEED_ROWS, cols: SEED_COLS };
}

/** The seed's values in another dtype, on huge-page memory as numpy's arrays (and the seed matrix) are. */
function copyAs<A extends Float64Array | Float32Array | Int32Array>(type: ReduceArrayType<A>, source: BigInt64Array): A {
  const copy = largeArray(type, source.length);
  for (let i = 0; i < source.length; i++) copy[i] = Number(source[i]);
  return copy;
}

function checksum(values: ReduceArray): number {
  let sum = 0;
  for (const v of values) sum += Number(v);
  return sum;
}

function withFloorRatios(rows: Measurement[], floorLabel: string): Measurement[] {
  const floor = rows.find((r) => r.label === floorLabel);
  return rows.map((r) => (floor && r !== floor ? { ...r, note: `${(r.ms / floor.ms).toFixed(2)}x floor` } : r));
}

type Numpy = Awaited<ReturnType<typeof startNumpy>>;

async function seedTable(int64: BigInt64Array, float64: Float64Array, transposed: boolean, numpy: Numpy, threads: number) {
  const checks: Record<string, number> = {};
  const slow = async (label: string, data: ReduceArray, options: ReduceOptions) => {
    let last: ReduceArray | undefined;
    const row = await measure(label, () => (last = findMaxSync(view(data, transposed), options)), { items: ITEMS, runs: 3, warmup: 1 });
    checks[label] = checksum(last as ReduceArray); // outside the timed runs
    return row;
  };
  const native = (label: string, options: ReduceOptions) => {
    checks[label] = checksum(findMaxSync(view(int64, transposed), options));
    return timed(label, () => findMaxSync(view(int64, transposed), options));
  };
  // A fresh result's first touch can cost more than the read on a virtual machine: the out= row
  // is the kernel alone, the one compared with the floor (numpy's rows allocate, as NATIVE_ALL).
  const out = new BigInt64Array(transposed ? SEED_ROWS : SEED_COLS);
  const fast: Contender[] = [
    native('native, 1 thread', { backend: 'native', threads: 1 }),
    native(NATIVE_ALL, { backend: 'native', threads }),
    native(NATIVE_OUT, { backend: 'native', threads, out }),
  ];
  if (numpy) fast.push({ label: transposed ? 'numpy arr.T.max(axis=0)' : 'numpy arr.max(axis=0)', time: () => numpy.time(transposed ? 't' : 'c') });
  fast.push(timed(FLOOR, () => readFloor(int64, threads)));
  const rows = [
    await slow('TypeScript, BigInt64Array', int64, { backend: 'js' }),
    await slow('TypeScript, Float64Array', float64, { backend: 'js' }),
    ...(await interleaved(fast)),
  ];
  if (new Set(Object.values(checks)).size !== 1) throw new Error(`implementations disagree: ${JSON.stringify(checks)}`);
  return withFloorRatios(rows, FLOOR);
}

async function smallDtypeRows(int64: BigInt64Array, threads: number): Promise<Measurement[]> {
  const rows: Measurement[] = [];
  for (const [name, data] of [['float32', copyAs(Float32Array, int64)], ['int32', copyAs(Int32Array, int64)]] as const) {
    const floor = `${name} floor (native, all threads)`;
    const type = data.constructor as ReduceArrayType<typeof data>;
    const [out, outT] = [new type(SEED_COLS), new type(SEED_ROWS)];
    const measured = await interleaved([
      timed(`${name} arr, native all threads, out=`, () => findMaxSync(view(data, false), { threads, out })),
      timed(`${name} arr.T, native all threads, out=`, () => findMaxSync(view(data, true), { threads, out: outT })),
      timed(floor, () => readFloor(data, threads)),
    ]);
    rows.push(...withFloorRatios(measured, floor));
  }
  return rows;
}

/** One unit's dtype rows from a child process capped to it; null when this CPU lacks the unit. */
function measurePath(unit: VectorUnit): ReducePathResult | null {
  const script = new URL('./reduce-path.ts', import.meta.url).pathname;
  const env = { ...process.env, HOTLOOP_SIMD: unit === 'avx512' ? '' : unit };
  const run = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', script, '5'], { encoding: 'utf8', env });
  if (run.status !== 0) throw new Error(`reduce-path (${unit}) failed: ${run.stderr.trim()}`);
  const result = JSON.parse(run.stdout.trim().split('\n').pop() as string) as ReducePathResult;
  return result.unit === unit ? result : null; // HOTLOOP_SIMD only caps: a missing unit reports a lower one
}

/** Every dtype and layout on every vector unit, each row as a multiple of its own read floor. */
function dtypeTables(): ReducePathResult[] {
  const paths: ReducePathResult[] = [];
  for (const unit of VECTOR_UNITS) {
    startTable();
    const path = measurePath(unit);
    if (!path) continue;
    paths.push(path);
    const rows: Measurement[] = path.rows.flatMap((r) => {
      const items = r.bytes; // per byte, so dtypes compare
      return [
        { label: `${r.dtype} arr`, ms: r.arr, runs: r.rounds.arr, items, note: `${(r.arr / r.floor).toFixed(2)}x floor` },
        { label: `${r.dtype} arr.T`, ms: r.transposed, runs: r.rounds.transposed, items, note: `${(r.transposed / r.floor).toFixed(2)}x floor` },
        { label: `${r.dtype} arr, fresh result`, ms: r.arrFresh, runs: r.rounds.arrFresh, items, note: `${(r.arrFresh / r.floor).toFixed(2)}x floor` },
        { label: `${r.dtype} floor`, ms: r.floor, runs: r.rounds.floor, items },
      ];
    });
    printTable(
      `${unit}: every dtype, 100 x 1,000,000 (arr) and its transpose (arr.T) into a reused result (out), and arr into a fresh one, all ${path.threads} threads, against the read floor of the same bytes`,
      rows,
      rows[3].label,
      'byte',
    );
    if (unit === 'scalar') continue;
    for (const r of path.rows) {
      target(`${unit} ${r.dtype} arr, out= / its floor (time)`, r.arr / r.floor, 1.2, false);
      target(`${unit} ${r.dtype} arr.T, out= / its floor (time)`, r.transposed / r.floor, 1.2, false);
    }
  }
  return paths;
}

export async function run(): Promise<void> {
  const threads = defaultThreads();
  console.log(`seed 002: findMax over ${SEED_ROWS} x ${SEED_COLS.toLocaleString('en-US')} int64 in [0, 100000), seeded; ${threads} threads`);
  const numpy = await startNumpy();
  try {
    const int64 = seedMatrix();
    const float64 = copyAs(Float64Array, int64);
    const seed = await seedTable(int64, float64, false, numpy, threads);
    printTable('arr (100 x 1,000,000, row-major): max of each column', seed, 'TypeScript, BigInt64Array', 'element');
    const transpose = await seedTable(int64, float64, true, numpy, threads);
    printTable('arr.T (1,000,000 x 100, column-major view): max of each column', transpose, 'TypeScript, BigInt64Array', 'element');
    const small = await smallDtypeRows(int64, threads);
    printTable('smaller dtypes, same values and shapes', small, 'float32 floor (native, all threads)', 'element');

    const ms = (rows: Measurement[], label: string) => rows.find((r) => r.label.startsWith(label))?.ms ?? NaN;
    console.log('');
    for (const [name, rows] of [['arr', seed], ['arr.T', transpose]] as const) {
      target(`${name}: native all threads, out= / memory-read floor (time)`, ms(rows, NATIVE_OUT) / ms(rows, FLOOR), 1.2, false);
      if (numpy) target(`${name}: numpy / native all threads (speed-up)`, ms(rows, 'numpy') / ms(rows, NATIVE_ALL), 1, true);
    }
    for (const row of small.filter((r) => r.note)) {
      target(`${row.label} / its floor (time)`, Number.parseFloat(row.note as string), 1.2, false);
    }
    const dtypes = dtypeTables();
    saveResults('reduce', { threads, numpy: numpy?.version ?? null, seed, transpose, small, dtypes });
  } finally {
    numpy?.close();
  }
}
