// Seed 000's second example: McFACTS's shock luminosity with astropy units (the seed's 15 ms per
// call), with units stripped, numpy over arrays, then hotloop: typed single calls, the same formula
// untyped, batches in TypeScript and native, and the two npm unit libraries a user would reach for.
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { shockLuminosities, shockLuminositiesSync, shockLuminosity, solarMass, kmPerSecond, threads, demoDisk, arrayFromSI, fromSI } from '../src/index.js';
import type { Mass, Velocity } from '../src/index.js';
import { backend, wasmUnavailableReason } from '../src/backend.js';
import { DEMO_ASPECT_RATIO, DEMO_DENSITY, DEMO_RADIUS } from '../src/lum/demo-disk-table.js';
import { external, measure, printTable, ratio, saveResults, seededRandom, target, type Measurement } from './harness.js';
import { shockLuminosityMathjs, shockLuminositySafeUnits } from './lum-libraries.js';
import { shockLuminosityUntyped } from './lum-untyped.js';

const N = 1_000_000;
const N_CALLS = 200_000;
const N_LIBRARY = 2_000;
const N_PYTHON = 2_000;

interface PythonResult {
  numpy: string;
  astropy: string;
  shockUnitsUs: number;
  shockPlainUs: number;
  numpyArrayNsPerElement: number;
  elements: number;
  shockUnits: number[];
}

/** The first Python with numpy, scipy and astropy (Debian's python3-astropy lives in /usr/bin). */
function astropyPython(): string | null {
  for (const candidate of ['python3', '/usr/bin/python3', 'python']) {
    const probe = spawnSync(candidate, ['-c', 'import numpy, scipy, astropy'], { encoding: 'utf8' });
    if (probe.status === 0) return candidate;
  }
  return null;
}

export async function run(): Promise<void> {
  const random = seededRandom(15);
  const M = solarMass(1e8);
  const massSun = new Float64Array(N);
  const a = new Float64Array(N);
  const vKms = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    massSun[i] = 5 + 195 * random();
    a[i] = 10 * 5000 ** random();
    vKms[i] = 20 + 1500 * random();
  }
  const mass = solarMass(massSun);
  const v = kmPerSecond(vKms);

  const loadBefore = os.loadavg()[0];
  const rows: Measurement[] = [];
  const python = astropyPython();
  let py: PythonResult | null = null;
  if (python) {
    const spec = {
      disk: { radius: DEMO_RADIUS, aspectRatio: DEMO_ASPECT_RATIO, density: DEMO_DENSITY },
      smbhMass: 1e8,
      mass: Array.from(massSun.subarray(0, 100_000)),
      a: Array.from(a.subarray(0, 100_000)),
      v: Array.from(vKms.subarray(0, 100_000)),
      spin: Array.from(massSun.subarray(0, 100_000), () => 0.5),
      calls: N_PYTHON,
    };
    const script = new URL('./python/lum_seed.py', import.meta.url).pathname;
    const result = spawnSync(python, [script], { input: JSON.stringify(spec), encoding: 'utf8', maxBuffer: 256 << 20 });
    if (result.status !== 0) throw new Error(`lum_seed.py failed: ${String(result.stderr ?? result.error).trim().split('\n').pop()}`);
    py = JSON.parse(result.stdout.trim().split('\n').pop()!) as PythonResult;
    rows.push(external('Python + astropy units (seed)', py.shockUnitsUs / 1e3, 1, `astropy ${py.astropy}`));
    rows.push(external('Python, units stripped (McFACTS fix)', py.shockPlainUs / 1e3, 1));
    rows.push(external('numpy over arrays', (py.numpyArrayNsPerElement * py.elements) / 1e6, py.elements, `numpy ${py.numpy}`));
  } else {
    console.log('(Python baselines skipped: no python3 with numpy, scipy and astropy; on Debian `apt-get install python3-astropy python3-scipy`, elsewhere `pip install astropy scipy`)');
  }

  let sink = 0;
  const typed = () => {
    for (let i = 0; i < N_CALLS; i++) sink += shockLuminosity(M, fromSI<Mass>(mass[i]), a[i], demoDisk, fromSI<Velocity>(v[i]));
  };
  const untyped = () => {
    for (let i = 0; i < N_CALLS; i++) sink += shockLuminosityUntyped(M, mass[i], a[i], demoDisk, v[i]);
  };
  // Typed and untyped alternate, so machine load falls on both alike.
  const typedRuns: number[] = [];
  const untypedRuns: number[] = [];
  for (let round = 0; round < 3; round++) {
    typedRuns.push(...(await measure('t', typed, { items: N_CALLS, runs: 3, warmup: 1 })).runs);
    untypedRuns.push(...(await measure('u', untyped, { items: N_CALLS, runs: 3, warmup: 1 })).runs);
  }
  const median = (xs: number[]) => [...xs].sort((p, q) => p - q)[xs.length >> 1];
  rows.push({ label: 'hotloop typed, per call', ms: median(typedRuns), runs: typedRuns, items: N_CALLS });
  rows.push({ label: 'TS untyped, per call', ms: median(untypedRuns), runs: untypedRuns, items: N_CALLS });
  rows.push(await measure('hotloop batch, TypeScript', () => shockLuminositiesSync(M, mass, a, demoDisk, v, { backend: 'js' }), { items: N, runs: 5 }));
  if (backend() === 'native') {
    rows.push(await measure('hotloop batch, native 1 thread', () => shockLuminositiesSync(M, mass, a, demoDisk, v, { threads: 1 }), { items: N, runs: 7 }));
    rows.push(await measure(`hotloop batch, native ${threads()} threads`, () => shockLuminositiesSync(M, mass, a, demoDisk, v, { threads: threads() }), { items: N, runs: 7 }));
  }
  const wasm = wasmUnavailableReason() === undefined;
  if (wasm) {
    // The sync form runs on the calling thread; the async one on the wasm pool's workers.
    rows.push(await measure('hotloop batch, wasm 1 thread', () => shockLuminositiesSync(M, mass, a, demoDisk, v, { backend: 'wasm' }), { items: N, runs: 7 }));
    rows.push(await measure(`hotloop batch, wasm ${threads()} threads`, () => shockLuminosities(M, mass, a, demoDisk, v, { backend: 'wasm', threads: threads() }), { items: N, runs: 7 }));
  }
  const h = Array.from(a.subarray(0, N_LIBRARY), (r) => demoDisk.aspectRatio(r));
  const rho = Array.from(a.subarray(0, N_LIBRARY), (r) => demoDisk.density(r));
  rows.push(await measure('mathjs units, per call', () => {
    for (let i = 0; i < N_LIBRARY; i++) sink += shockLuminosityMathjs(M, mass[i], a[i], h[i], rho[i], v[i]);
  }, { items: N_LIBRARY, runs: 3 }));
  rows.push(await measure('safe-units, per call', () => {
    for (let i = 0; i < N_LIBRARY; i++) sink += shockLuminositySafeUnits(M, mass[i], a[i], h[i], rho[i], v[i]);
  }, { items: N_LIBRARY, runs: 3 }));

  // Checks outside the timers: typed = untyped = batch bit for bit; agreement with astropy and the libraries.
  const batch = shockLuminositiesSync(M, arrayFromSI<Mass>(mass), a, demoDisk, arrayFromSI<Velocity>(v));
  let mismatches = 0;
  let worstLibrary = 0;
  for (let i = 0; i < N_CALLS; i++) {
    const t = shockLuminosity(M, fromSI<Mass>(mass[i]), a[i], demoDisk, fromSI<Velocity>(v[i]));
    if (!Object.is(t, shockLuminosityUntyped(M, mass[i], a[i], demoDisk, v[i])) || !Object.is(t, batch[i])) mismatches++;
    if (i < N_LIBRARY) {
      for (const other of [shockLuminosityMathjs(M, mass[i], a[i], h[i], rho[i], v[i]), shockLuminositySafeUnits(M, mass[i], a[i], h[i], rho[i], v[i])]) {
        worstLibrary = Math.max(worstLibrary, Math.abs(other - t) / t);
      }
    }
  }
  let worstAstropy = NaN;
  if (py) {
    worstAstropy = 0;
    py.shockUnits.forEach((erg, i) => {
      worstAstropy = Math.max(worstAstropy, Math.abs(erg * 1e-7 - batch[i]) / batch[i]);
    });
  }

  printTable('lum: shock luminosity of a merger remnant in an AGN disk (demo disk, 1e8 M_sun)', rows, python ? 'Python + astropy units (seed)' : 'mathjs units, per call', 'remnant');
  console.log(`typed, untyped and batch results identical: ${mismatches === 0 ? 'yes' : `no (${mismatches} differ)`}; worst relative difference vs astropy ${worstAstropy.toExponential(2)}, vs mathjs/safe-units ${worstLibrary.toExponential(2)}; sink ${sink.toExponential(3)}`);
  console.log(`load average (1 min) before / after the run: ${loadBefore.toFixed(2)} / ${os.loadavg()[0].toFixed(2)} on ${os.availableParallelism()} cores`);
  const targets: Record<string, number> = {};
  if (py) {
    targets.typedVsAstropy = ratio(rows, 'hotloop typed, per call', 'Python + astropy units (seed)');
    target('hotloop typed single call vs Python + astropy (x)', targets.typedVsAstropy, 10_000);
  }
  targets.typedOverUntyped = rows[rows.findIndex((r) => r.label === 'hotloop typed, per call')].ms / rows[rows.findIndex((r) => r.label === 'TS untyped, per call')].ms;
  target('hotloop typed time / untyped TypeScript time', targets.typedOverUntyped, 1.2, false);
  if (backend() === 'native') {
    targets.nativeAllVsTypedCall = ratio(rows, `hotloop batch, native ${threads()} threads`, 'hotloop typed, per call');
    targets.native1VsTypedCall = ratio(rows, 'hotloop batch, native 1 thread', 'hotloop typed, per call');
    target(`native batch (${threads()} threads) per element vs TS per-call loop (x)`, targets.nativeAllVsTypedCall, 5);
  }
  if (wasm) {
    targets.wasmAllVsTsBatch = ratio(rows, `hotloop batch, wasm ${threads()} threads`, 'hotloop batch, TypeScript');
    target(`wasm batch (${threads()} threads) vs the TypeScript batch (x)`, targets.wasmAllVsTsBatch, 2);
  }
  saveResults('lum', { rows, targets, mismatches, worstAstropy, worstLibrary });
}
