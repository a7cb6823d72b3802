/**
 * The wasm backend's sync forms on one thread and on two (the calling thread and one idle pool
 * worker, joined with Atomics.wait), alternated in one process: wall-time medians and their ratio,
 * and the process CPU time of each (every thread: what the second thread costs besides). On a
 * loaded machine the wall ratio says little; the CPU times say what the fork-join adds. Prints
 * one line per kernel.
 *
 *   node --import tsx bench/wasm-sync.ts [rounds]
 */
import { wasmRuntime } from '../src/backend.js';
import { findMaxSync, julia, juliaSync, solveCubicsSync } from '../src/index.js';
import { cpuMs, median, wallMs } from './calibrate.js';

const rounds = Number(process.argv[2] ?? 9);
const coeffs = new Float64Array(4 * 1_000_000).map((_, i) => ((i * 7919) % 23) - 11);
const roots = new Float64Array(3 * 1_000_000);
const counts = new Uint8Array(1_000_000);
const matrix = { data: new Float64Array(100 * 100_000).map((_, i) => Math.sin(i)), rows: 100, cols: 100_000 };
const kernels: Record<string, (threads: number) => unknown> = {
  'juliaSync R=1000': (threads) => juliaSync({ resolution: 1000, backend: 'wasm', threads }),
  'solveCubicsSync 1e6 (out)': (threads) => solveCubicsSync(coeffs, { backend: 'wasm', threads, out: { roots, count: counts } }),
  'findMaxSync 100 x 100,000 axis 0': (threads) => findMaxSync(matrix, { backend: 'wasm', threads, axis: 0 }),
};

await julia({ resolution: 20, backend: 'wasm', threads: 2 }); // the pool's worker is up
for (const [name, run] of Object.entries(kernels)) {
  run(2); // warm: pages touched, code compiled
  const wall: Record<number, number[]> = { 1: [], 2: [] };
  const cpu: Record<number, number[]> = { 1: [], 2: [] };
  for (let round = 0; round < rounds; round++) {
    for (const threads of [1, 2]) {
      let took = 0;
      cpu[threads].push(cpuMs(() => (took = wallMs(() => run(threads)))));
      wall[threads].push(took);
    }
    if (wasmRuntime().info().lastSyncWorkers !== 1) throw new Error(`${name}: the pool's worker did not join`);
  }
  const [one, two] = [median(wall[1]), median(wall[2])];
  console.log(
    `${name}: wall ms 1 thread ${one.toFixed(1)}, 2 threads ${two.toFixed(1)} (${(one / two).toFixed(2)}x); ` +
      `CPU ms 1 thread ${median(cpu[1]).toFixed(1)}, 2 threads ${median(cpu[2]).toFixed(1)} (medians of ${rounds} alternated rounds)`,
  );
}
