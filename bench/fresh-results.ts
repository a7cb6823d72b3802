/**
 * What a fresh result costs on this machine: pip of 2e6 points (an 8 MB Int32Array result) on the
 * wasm backend and in TypeScript, each call's wall time and minor page faults, into a fresh result
 * and into a reused one (`out`), rounds alternated in one process. On a virtual machine a page
 * fault can cost tens of microseconds, and whether a fresh result draws them (Node's allocator may
 * hand back memory already mapped) changes from call to call: this prints the calls with and
 * without faults apart, so a bench row's median can be read for what it holds.
 *
 *   node --import tsx bench/fresh-results.ts [rounds]
 */
import { availableParallelism, loadavg } from 'node:os';
import { wasmRuntime, wasmUnavailableReason } from '../src/backend.js';
import { Engine } from '../src/pip/api.js';
import { builtinZones } from '../src/pip/builtin-zones.js';
import { syntheticAisPoints } from '../src/pip/synthetic-points.js';

const rounds = Number(process.argv[2] ?? 15);
const reason = wasmUnavailableReason();
if (reason) {
  console.log(`fresh-results bench skipped: ${reason}`);
  process.exit(0);
}
wasmRuntime();
const engine = new Engine([builtinZones()]);
const points = syntheticAisPoints(2_000_000, 3);
const out = new Int32Array(points.lat.length);

const rows: [string, () => unknown][] = [
  ['TypeScript, fresh result', () => engine.pipN(points.lat, points.lon, { backend: 'js' })],
  ['TypeScript, reused result', () => engine.pipN(points.lat, points.lon, { backend: 'js', out })],
  ['wasm sync, 1 thread, fresh result', () => engine.pipN(points.lat, points.lon, { backend: 'wasm', threads: 1 })],
  ['wasm sync, 1 thread, reused result', () => engine.pipN(points.lat, points.lon, { backend: 'wasm', threads: 1, out })],
  ['wasm async, 2 threads, fresh result', () => engine.locate(points, { backend: 'wasm', threads: 2 })],
  ['wasm async, 2 threads, reused result', () => engine.locate(points, { backend: 'wasm', threads: 2, out })],
];
/** Per row: [wall ms, minor faults] of each call. */
const calls = rows.map(() => [] as [number, number][]);
for (let round = -2; round < rounds; round++) {
  for (const [i, [, run]] of rows.entries()) {
    const faults = process.resourceUsage().minorPageFault;
    const start = performance.now();
    await run();
    const ms = performance.now() - start;
    if (round >= 0) calls[i].push([ms, process.resourceUsage().minorPageFault - faults]);
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1];
const describe = (group: [number, number][]) =>
  group.length === 0 ? '-' : `${group.length} calls, median ${median(group.map(([ms]) => ms)).toFixed(1)} ms, ${Math.round(median(group.map(([, f]) => f)))} faults`;
console.log(`pip of ${points.lat.length.toLocaleString('en-US')} points, ${rounds} alternated rounds: calls with fewer than 100 page faults | with more`);
for (const [i, [label]] of rows.entries()) {
  const few = calls[i].filter(([, f]) => f < 100);
  const many = calls[i].filter(([, f]) => f >= 100);
  console.log(`  ${label.padEnd(38)} ${describe(few).padEnd(40)} | ${describe(many)}`);
}
console.log(`load average (1 min): ${loadavg()[0].toFixed(2)} on ${availableParallelism()} cores`);
process.exit(0);
