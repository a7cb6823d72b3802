// Seed 000's table on this machine: general root finder vs analytic, TypeScript vs native, with the
// seed's numpy Polynomial.roots and Python Cardano measured in the same run.
import { cubicYRoot, cubicYRoots, cubicYRootsSync, polyRoots, threads } from '../src/index.js';
import { backend, wasmUnavailableReason } from '../src/backend.js';
import { external, measure, printTable, ratio, runPython, saveResults, target, type Measurement } from './harness.js';

const N = 1_000_000;
const N_GENERAL = 20_000;

export async function run(): Promise<void> {
  // The seed simulation's inputs: x0 in (-0.5, -0.495], y0 = 1 (three real roots each).
  const x0 = new Float64Array(N);
  const y0 = new Float64Array(N).fill(1);
  for (let i = 0; i < N; i++) x0[i] = -0.5 + (0.005 * (i + 1)) / N;

  let checksum = 0;
  const rows: Measurement[] = [];
  const python = runPython<{ numpy: string; polynomialRootsUs: number; cardanoUs: number }>('cubic_seed.py', ['20000']);
  if (python) {
    rows.push(external('numpy Polynomial.roots (seed)', python.polynomialRootsUs / 1e3, 1, `numpy ${python.numpy}`));
    rows.push(external('Python Cardano (seed)', python.cardanoUs / 1e3, 1));
  }
  rows.push(await measure('TS polyRoots (general) per call', () => {
    for (let i = 0; i < N_GENERAL; i++) checksum += polyRoots([x0[i * 50], 0, 1.5, -1]).length;
  }, { items: N_GENERAL, runs: 5 }));
  rows.push(await measure('TS analytic per call', () => {
    for (let i = 0; i < N; i++) checksum += cubicYRoot(x0[i], 1).length;
  }, { items: N, runs: 7 }));
  rows.push(await measure('TS analytic batch (typed arrays)', () => cubicYRootsSync(x0, y0, { backend: 'js' }), { items: N, runs: 7 }));
  if (backend() === 'native') {
    rows.push(await measure('native batch, 1 thread', () => cubicYRootsSync(x0, y0, { threads: 1 }), { items: N, runs: 9 }));
    rows.push(await measure(`native batch, ${threads()} threads`, () => cubicYRootsSync(x0, y0, { threads: threads() }), { items: N, runs: 9 }));
  }
  // The wasm backend: sync on the calling thread, async on its worker pool (inputs copied in).
  const wasm = wasmUnavailableReason() === undefined;
  if (wasm) {
    rows.push(await measure('wasm batch, 1 thread', () => cubicYRootsSync(x0, y0, { backend: 'wasm' }), { items: N, runs: 9 }));
    rows.push(await measure(`wasm batch, ${threads()} threads`, () => cubicYRoots(x0, y0, { backend: 'wasm', threads: threads() }), { items: N, runs: 9 }));
  } else {
    console.log(`wasm rows skipped: ${wasmUnavailableReason()}`);
  }
  const check = cubicYRootsSync(x0, y0);
  for (let i = 0; i < N; i++) checksum += check.count[i];

  const baseline = python ? 'numpy Polynomial.roots (seed)' : 'TS polyRoots (general) per call';
  printTable(`cubic: real roots of x0*y^3 + 1.5*y - y0 (x0 in (-0.5, -0.495], y0 = 1)`, rows, baseline, 'solve');
  console.log(`checksum ${checksum}`);
  const targets: Record<string, number> = {};
  if (python) {
    targets.tsVsNumpy = ratio(rows, 'TS analytic per call', 'numpy Polynomial.roots (seed)');
    target('TS analytic single call vs numpy Polynomial.roots (x)', targets.tsVsNumpy, 300);
  }
  if (backend() === 'native') {
    targets.native1VsTsCall = ratio(rows, 'native batch, 1 thread', 'TS analytic per call');
    targets.nativeAllVsTsCall = ratio(rows, `native batch, ${threads()} threads`, 'TS analytic per call');
    target('native batch (1 thread) per solve vs TS single-call loop (x)', targets.native1VsTsCall, 1.5);
    target(`native batch (${threads()} threads) per solve vs TS single-call loop (x)`, targets.nativeAllVsTsCall, 1.5);
  }
  if (wasm) {
    targets.wasmAllVsTsBatch = ratio(rows, `wasm batch, ${threads()} threads`, 'TS analytic batch (typed arrays)');
    target(`wasm batch (${threads()} threads) vs the TypeScript batch (x)`, targets.wasmAllVsTsBatch, 2);
  }
  saveResults('cubic', { rows, targets, checksum });
}
