/**
 * The wasm backend on 1 thread and on 2, per kernel, alternated in one process: the sync form on
 * the calling thread, the async form on 1 and 2 threads, the sync form on 2, and the addon on 1 and
 * 2 threads (whether the machine itself lets a second thread help right now). For each: wall time,
 * CPU time of each thread of the process (from /proc/self/task, Linux only: the calling thread,
 * the busiest others), minor page faults. Medians of alternated rounds.
 *
 *   node --import tsx bench/wasm-threads.ts [rounds]
 */
import { readdirSync, readFileSync } from 'node:fs';
import { backend, wasmRuntime, wasmUnavailableReason } from '../src/backend.js';
import { Engine } from '../src/pip/api.js';
import { builtinZones } from '../src/pip/builtin-zones.js';
import { syntheticAisPoints } from '../src/pip/synthetic-points.js';
import { findMax, findMaxSync } from '../src/reduce/api.js';
import { seedMatrix } from '../src/reduce/seed-matrix.js';
import { demoDisk, generateExampleSet, julia, juliaSync, matchPoints, matchPointsSync, shockLuminosities, shockLuminositiesSync } from '../src/index.js';
import { randomRemnants } from './remnants.js';

const rounds = Number(process.argv[2] ?? 9);
const reason = wasmUnavailableReason();
if (reason) {
  console.log(`wasm threads bench skipped: ${reason}`);
  process.exit(0);
}
wasmRuntime();

/** Per thread of this process, by thread id: ms on a CPU and ms runnable but waiting for one (schedstat). */
function threadCpu(): Map<string, [number, number]> {
  const cpu = new Map<string, [number, number]>();
  for (const tid of readdirSync('/proc/self/task')) {
    try {
      const [run, wait] = readFileSync(`/proc/self/task/${tid}/schedstat`, 'utf8').split(' ').map(Number);
      cpu.set(`${readFileSync(`/proc/self/task/${tid}/comm`, 'utf8').trim()}:${tid}`, [run / 1e6, wait / 1e6]);
    } catch {
      // a thread that ended
    }
  }
  return cpu;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1];

type Row = [label: string, run: () => unknown];

/** The addon's rows, where it loads: the same machine's scaling without wasm. */
const native = (...rows: Row[]): Row[] => (backend() === 'native' ? rows : []);

async function table(title: string, rows: Row[]): Promise<void> {
  const wall = rows.map(() => [] as number[]);
  const faults = rows.map(() => [] as number[]);
  const perThread = rows.map(() => new Map<string, [number, number]>()); // summed over rounds
  for (let round = -2; round < rounds; round++) {
    for (const [i, [, run]] of rows.entries()) {
      const before = threadCpu();
      const usage = process.resourceUsage();
      const start = performance.now();
      await run();
      const ms = performance.now() - start;
      const after = threadCpu();
      if (round < 0) continue;
      wall[i].push(ms);
      faults[i].push(process.resourceUsage().minorPageFault - usage.minorPageFault);
      for (const [tid, [run, wait]] of after) {
        const [run0, wait0] = before.get(tid) ?? [0, 0];
        const [sumRun, sumWait] = perThread[i].get(tid) ?? [0, 0];
        perThread[i].set(tid, [sumRun + run - run0, sumWait + wait - wait0]);
      }
    }
  }
  console.log(`\n${title} (${rounds} alternated rounds; wall: median; per thread: mean ms on a CPU / runnable waiting for one)`);
  const main = `${readFileSync('/proc/self/comm', 'utf8').trim()}:${process.pid}`;
  const show = ([run, wait]: [number, number]) => `${(run / rounds).toFixed(1)}/${(wait / rounds).toFixed(1)}`;
  for (const [i, [label]] of rows.entries()) {
    const others = [...perThread[i]].filter(([tid, [run]]) => tid !== main && run / rounds > 0.2).sort((a, b) => b[1][0] - a[1][0]);
    console.log(
      `  ${label.padEnd(18)} wall ${median(wall[i]).toFixed(1).padStart(6)} ms  calling thread ${show(perThread[i].get(main) ?? [0, 0])}` +
        `  others ${others.slice(0, 4).map(([tid, t]) => `${tid.split(':')[0]} ${show(t)}`).join(', ') || '-'}  faults ${median(faults[i])}`,
    );
  }
}

// julia: no inputs to copy, so only the threads differ; the addon's rows show the machine's own scaling.
await julia({ resolution: 20, backend: 'wasm', threads: 2 }); // the pool's workers are up
await table('julia 1000x1000', [
  ['sync, 1 thread', () => juliaSync({ resolution: 1000, backend: 'wasm', threads: 1 })],
  ['async, 2 threads', () => julia({ resolution: 1000, backend: 'wasm', threads: 2 })],
  ['sync, 2 threads', () => juliaSync({ resolution: 1000, backend: 'wasm', threads: 2 })],
  ...native(
    ['native, 1 thread', () => juliaSync({ resolution: 1000, backend: 'native', threads: 1 })],
    ['native, 2 threads', () => julia({ resolution: 1000, backend: 'native', threads: 2 })],
  ),
]);

const engine = new Engine([builtinZones()]);
const points = syntheticAisPoints(2_000_000, 3);
const zones = new Int32Array(points.lat.length);
await table('pip, 2,000,000 points x 7 zones (reused result)', [
  ['sync, 1 thread', () => engine.locateSync(points, { backend: 'wasm', threads: 1, out: zones })],
  ['async, 1 thread', () => engine.locate(points, { backend: 'wasm', threads: 1, out: zones })],
  ['async, 2 threads', () => engine.locate(points, { backend: 'wasm', threads: 2, out: zones })],
  ['sync, 2 threads', () => engine.locateSync(points, { backend: 'wasm', threads: 2, out: zones })],
  ...native(['native, 1 thread', () => engine.locate(points, { backend: 'native', threads: 1, out: zones })], ['native, 2 threads', () => engine.locate(points, { backend: 'native', threads: 2, out: zones })]),
]);

const [rows, cols] = [100, 100_000];
const C = { data: Float64Array.from(seedMatrix(rows, cols), Number), rows, cols };
await table('reduce, column maxima of a 100 x 100,000 Float64Array, C order', [
  ['sync, 1 thread', () => findMaxSync(C, { backend: 'wasm', threads: 1 })],
  ['async, 1 thread', () => findMax(C, { backend: 'wasm', threads: 1 })],
  ['async, 2 threads', () => findMax(C, { backend: 'wasm', threads: 2 })],
  ['sync, 2 threads', () => findMaxSync(C, { backend: 'wasm', threads: 2 })],
  ...native(['native, 1 thread', () => findMax(C, { backend: 'native', threads: 1 })], ['native, 2 threads', () => findMax(C, { backend: 'native', threads: 2 })]),
]);

const N = 1_000_000;
const { smbh, mass, a, v } = randomRemnants(N);
await table('shockLuminosities, 1,000,000 remnants', [
  ['sync, 1 thread', () => shockLuminositiesSync(smbh, mass, a, demoDisk, v, { backend: 'wasm', threads: 1 })],
  ['async, 1 thread', () => shockLuminosities(smbh, mass, a, demoDisk, v, { backend: 'wasm', threads: 1 })],
  ['async, 2 threads', () => shockLuminosities(smbh, mass, a, demoDisk, v, { backend: 'wasm', threads: 2 })],
  ['sync, 2 threads', () => shockLuminositiesSync(smbh, mass, a, demoDisk, v, { backend: 'wasm', threads: 2 })],
  ...native(
    ['native, 1 thread', () => shockLuminosities(smbh, mass, a, demoDisk, v, { backend: 'native', threads: 1 })],
    ['native, 2 threads', () => shockLuminosities(smbh, mass, a, demoDisk, v, { backend: 'native', threads: 2 })],
  ),
]);

const example = generateExampleSet({ polygons: 300_000, points: 300_000, span: 1732, seed: 2 });
const match = (threads: number, sync: boolean, on: 'wasm' | 'native' = 'wasm') => {
  const options = { maxDist: example.maxDist, backend: on, threads };
  return sync ? matchPointsSync(example.polygons, example.points, options) : matchPoints(example.polygons, example.points, options);
};
await table('matchPoints, 300,000 points x 300,000 polygons', [
  ['sync, 1 thread', () => match(1, true)],
  ['async, 1 thread', () => match(1, false)],
  ['async, 2 threads', () => match(2, false)],
  ['sync, 2 threads', () => match(2, true)],
  ...native(['native, 1 thread', () => match(1, false, 'native')], ['native, 2 threads', () => match(2, false, 'native')]),
]);
