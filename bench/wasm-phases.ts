/**
 * Where a wasm call of the wasm bench spends its time, phase by phase, for the rows whose margin
 * over TypeScript was thin (pip on the built-in zones, reduce in F order with the matrix copied
 * in): the TypeScript reference; the wasm kernel alone on the calling thread (inputs and result
 * already in the wasm memory); copying the inputs in alone; then the whole async call on every
 * thread, with the inputs streamed in (src/wasm/streamed.ts) and with them already in the wasm
 * memory. Every row fills a reused result: a fresh one adds page faults that can cost more than
 * the kernel on a virtual machine, in TypeScript and wasm alike. Medians of alternated rounds, CPU
 * time (every thread of the process) and wall time.
 *
 *   node --import tsx bench/wasm-phases.ts [rounds]
 */
import { threads, wasmRuntime, wasmUnavailableReason } from '../src/backend.js';
import { Engine } from '../src/pip/api.js';
import { builtinZones } from '../src/pip/builtin-zones.js';
import { syntheticAisPoints } from '../src/pip/synthetic-points.js';
import { findMax, findMaxSync } from '../src/reduce/api.js';
import { seedMatrix } from '../src/reduce/seed-matrix.js';

const rounds = Number(process.argv[2] ?? 11);
const reason = wasmUnavailableReason();
if (reason) {
  console.log(`wasm phases skipped: ${reason}`);
  process.exit(0);
}
const runtime = wasmRuntime();
const all = threads();

type Row = [label: string, run: () => unknown];

async function table(title: string, rows: Row[]): Promise<void> {
  const cpu = rows.map(() => [] as number[]);
  const wall = rows.map(() => [] as number[]);
  for (let round = -2; round < rounds; round++) {
    for (const [i, [, run]] of rows.entries()) {
      const used = process.cpuUsage();
      const start = performance.now();
      await run();
      const ms = performance.now() - start;
      const { user, system } = process.cpuUsage(used);
      if (round >= 0) cpu[i].push((user + system) / 1e3), wall[i].push(ms);
    }
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1];
  console.log(`\n${title} (${rounds} alternated rounds, medians)`);
  for (const [i, [label]] of rows.entries()) {
    console.log(`  ${label.padEnd(52)} CPU ${median(cpu[i]).toFixed(1).padStart(6)} ms   wall ${median(wall[i]).toFixed(1).padStart(6)} ms`);
  }
}

/** Copies `arrays` into blocks of the wasm memory and frees them, as a call copies an input in. */
function copyIn(arrays: Float64Array[]): void {
  for (const array of arrays) {
    const start = runtime.heap.alloc(array.byteLength);
    new Float64Array(runtime.memory.buffer as unknown as SharedArrayBuffer, start, array.length).set(array);
    runtime.heap.release(start);
  }
}

const engine = new Engine([builtinZones()]);
const points = syntheticAisPoints(2_000_000, 3);
const P = points.lat.length;
const inWasm = { lat: runtime.alloc(Float64Array, P), lon: runtime.alloc(Float64Array, P) };
inWasm.lat.set(points.lat);
inWasm.lon.set(points.lon);
const zones = new Int32Array(P);
const zonesInWasm = runtime.alloc(Int32Array, P);
await table(`pip, ${P.toLocaleString('en-US')} points x ${engine.zoneCount} zones`, [
  ['TypeScript, 1 thread', () => engine.locateSync(points, { backend: 'js', out: zones })],
  ['wasm kernel alone, calling thread', () => engine.locateSync(inWasm, { backend: 'wasm', out: zonesInWasm })],
  ['copying lat and lon in, alone', () => copyIn([points.lat, points.lon])],
  [`wasm, ${all} threads, points streamed in`, () => engine.locate(points, { backend: 'wasm', threads: all, out: zones })],
  [`wasm, ${all} threads, points from alloc()`, () => engine.locate(inWasm, { backend: 'wasm', threads: all, out: zonesInWasm })],
]);
for (const array of [inWasm.lat, inWasm.lon, zonesInWasm]) runtime.free(array);

const [rows, cols] = [100, 100_000];
const matrix = Float64Array.from(seedMatrix(rows, cols), Number);
const matrixInWasm = runtime.alloc(Float64Array, matrix.length);
matrixInWasm.set(matrix);
const F = { data: matrix, rows: cols, cols: rows, order: 'F' as const };
const FInWasm = { ...F, data: matrixInWasm };
await table(`reduce, column maxima of a ${cols.toLocaleString('en-US')} x ${rows} Float64Array in F order`, [
  ['TypeScript, 1 thread', () => findMaxSync(F, { backend: 'js' })],
  ['wasm kernel alone, calling thread', () => findMaxSync(FInWasm, { backend: 'wasm' })],
  ['copying the matrix in, alone', () => copyIn([matrix])],
  [`wasm, ${all} threads, matrix streamed in`, () => findMax(F, { backend: 'wasm', threads: all })],
  [`wasm, ${all} threads, matrix from alloc()`, () => findMax(FInWasm, { backend: 'wasm', threads: all })],
]);
runtime.free(matrixInWasm);
