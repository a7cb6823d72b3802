/**
 * Streaming on and off for the wasm reduction that issue 13 found short of its margin (column
 * maxima of a row-major 100 x 100,000 Float64Array, copied in): one thread, then two threads async
 * and sync, each with the matrix copied in before the workers start and streamed in while they
 * run. Streaming is switched off by giving the reduction no units (src/wasm/streamed.ts), so both
 * run the same module and plan. Alternated rounds, wall-time medians and lower quartiles.
 *
 *   node --import tsx bench/wasm-stream-ab.ts [rounds]
 */
import { wasmUnavailableReason } from '../src/backend.js';
import { findMax, findMaxSync } from '../src/reduce/api.js';
import { seedMatrix } from '../src/reduce/seed-matrix.js';
import { STREAMED_KERNELS, type StreamedInputs } from '../src/wasm/streamed.js';

const reason = wasmUnavailableReason();
if (reason) {
  console.log(`wasm stream A/B skipped: ${reason}`);
  process.exit(0);
}
const rounds = Number(process.argv[2] ?? 41);
const C = { data: Float64Array.from(seedMatrix(100, 100_000), Number), rows: 100, cols: 100_000 };
const kernels = STREAMED_KERNELS as Map<string, StreamedInputs>;
const streamed = kernels.get('reduce')!;
const copied: StreamedInputs = { ...streamed, units: () => 0 };
const using = (inputs: StreamedInputs) => kernels.set('reduce', inputs);

const rows: [string, () => unknown][] = [
  ['1 thread (sync)', () => findMaxSync(C, { backend: 'wasm', threads: 1 })],
  ['2 threads async, copied first', () => (using(copied), findMax(C, { backend: 'wasm', threads: 2 }))],
  ['2 threads async, streamed', () => (using(streamed), findMax(C, { backend: 'wasm', threads: 2 }))],
  ['2 threads sync, copied first', () => (using(copied), findMaxSync(C, { backend: 'wasm', threads: 2 }))],
  ['2 threads sync, streamed', () => (using(streamed), findMaxSync(C, { backend: 'wasm', threads: 2 }))],
];
const walls = rows.map(() => [] as number[]);
try {
  for (let round = -2; round < rounds; round++) {
    for (const [i, [, run]] of rows.entries()) {
      const start = performance.now();
      await run();
      if (round >= 0) walls[i].push(performance.now() - start);
    }
  }
} finally {
  using(streamed);
}
const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
console.log(`reduce, column maxima of a 100 x 100,000 Float64Array copied in (${rounds} alternated rounds)`);
for (const [i, [label]] of rows.entries()) {
  const values = sorted(walls[i]);
  console.log(`  ${label.padEnd(30)} wall median ${values[values.length >> 1].toFixed(1).padStart(6)} ms, lower quartile ${values[values.length >> 2].toFixed(1).padStart(6)} ms`);
}
