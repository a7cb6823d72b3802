// Seed 004's table on this machine: the per-pixel function (np.vectorize analogue), the typed-array
// loop, native on one and on all threads, the CLI end to end with its PNG (default and --fast), PNG
// encoding alone, and in the same run the seed's numpy programs (smaller images, compared per pixel).
// Then one table of every vector unit this CPU has (scalar, AVX2, AVX-512), each measured in a child
// process capped with HOTLOOP_SIMD (bench/julia-path.ts) beside the plain 4x4-interleaved AVX2 loop
// and the peak of the inner loop, and the targets as ratios within this run.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { threads as defaultThreads, wasmUnavailableReason } from '../src/backend.js';
import { ComplexRegion, julia, juliaGrey, juliaPng, juliaPngSync, juliaSync } from '../src/index.js';
import { type VectorUnit, VECTOR_UNITS, describeLimits, machineLimits } from './calibrate.js';
import { type Measurement, external, measure, ofLimit, printTable, ratio, runPython, saveResults, startTable, target } from './harness.js';
import type { JuliaPathResult } from './julia-path.js';

const R = 4000;
const C = { re: -0.835, im: -0.2321 };
const PATH_RESOLUTION = 2000; // the comparison: CPU time of one thread at R=2000
const PATH_ROUNDS = 7;

interface Complex {
  re: number;
  im: number;
}

// The seed's `divergence`, one call per pixel on complex objects, abs() as Math.hypot: what
// np.vectorize does with the Python function.
function divergence(z: Complex, c: Complex, threshold: number, itermax: number): number {
  for (let i = 0; i < itermax; i++) {
    z = { re: z.re * z.re - z.im * z.im + c.re, im: z.re * z.im + z.im * z.re + c.im };
    if (Math.hypot(z.re, z.im) >= threshold) return i;
  }
  return itermax;
}

function perPixel(resolution: number): Uint32Array {
  const { xs, ys } = new ComplexRegion().build(resolution);
  const out = new Uint32Array(xs.length * ys.length);
  for (let j = 0; j < ys.length; j++) for (let i = 0; i < xs.length; i++) out[j * xs.length + i] = divergence({ re: xs[i], im: ys[j] }, C, 2, 100);
  return out;
}

/** Lane-iterations the image needs: count + 1 per escaped pixel, itermax per pixel that never escapes. */
function iterations(counts: ArrayLike<number>, itermax: number): number {
  let total = 0;
  for (let i = 0; i < counts.length; i++) total += Math.min(counts[i] + 1, itermax);
  return total;
}

/** Each vector unit's rows, measured in a child process capped to it; null when this CPU lacks the unit. */
function measurePath(unit: VectorUnit): JuliaPathResult | null {
  const script = new URL('./julia-path.ts', import.meta.url).pathname;
  const env = { ...process.env, HOTLOOP_SIMD: unit === 'avx512' ? '' : unit };
  const run = spawnSync(process.execPath, ['--import', 'tsx', script, String(PATH_RESOLUTION), String(PATH_ROUNDS)], { encoding: 'utf8', env });
  if (run.status !== 0) throw new Error(`julia-path (${unit}) failed: ${run.stderr.trim()}`);
  const result = JSON.parse(run.stdout.trim().split('\n').pop() as string) as JuliaPathResult;
  return result.unit === unit ? result : null; // HOTLOOP_SIMD only caps: a missing unit reports a lower one
}

/** The vector-unit table: kernel, plain loop and peak per unit, all per pixel of the R=2000 image. */
function pathTable(paths: JuliaPathResult[]): Measurement[] {
  const rows: Measurement[] = [];
  for (const p of paths) {
    const rate = (ms: number) => p.work / (ms / 1e3);
    rows.push({ label: `${p.unit}: kernel, 1 thread (CPU time)`, ms: p.oneThreadCpu, runs: p.rounds.oneThreadCpu, items: p.pixels, note: ofLimit(rate(p.oneThreadCpu), p.peak.perThreadCpu, `${p.unit} peak per CPU-second`) });
    if (p.plainOneThreadCpu !== null) {
      rows.push({ label: `${p.unit}: plain 4x4 AVX2 loop, 1 thread (CPU time)`, ms: p.plainOneThreadCpu, runs: p.rounds.plainOneThreadCpu, items: p.pixels, note: `kernel / plain: ${(p.oneThreadCpu / p.plainOneThreadCpu).toFixed(2)}x the time` });
    }
    rows.push({ label: `${p.unit}: kernel, ${p.threads} threads`, ms: p.allThreadsWall, runs: p.rounds.allThreadsWall, items: p.pixels, note: ofLimit(rate(p.allThreadsWall), p.peakAllThreads, `${p.unit} peak on ${p.threads} threads`) });
    rows.push({ label: `${p.unit}: peak loop, ${p.threads} threads`, ms: (p.work / p.peakAllThreads) * 1e3, runs: p.rounds.peakAllThreads.map((r) => (p.work / r) * 1e3), items: p.pixels, note: `the image's lane-iterations at the peak, ${p.peak.chains} vectors in flight` });
  }
  return rows;
}

/**
 * A CLI row: `hotloop <args>` timed by bench/cli-timer.mjs, a small process, without
 * NODE_EXTRA_CA_CERTS (see there why); the note adds the median CPU time of a run.
 */
function cliRow(label: string, args: string[], items: number, note: string, runs = 5): Measurement {
  const timer = new URL('./cli-timer.mjs', import.meta.url).pathname;
  const run = spawnSync(process.execPath, [timer, String(runs), '1', '--', ...args], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(run.stderr.trim());
  const { times, cpu } = JSON.parse(run.stdout) as { times: number[]; cpu: number[] };
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1];
  const cpuNote = Number.isNaN(median(cpu)) ? '' : `, CPU ${(median(cpu) / 1e3).toFixed(2)} s`;
  return { label, ms: median(times), runs: times, items, note: `${note}${cpuNote}` };
}

export async function run(): Promise<void> {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'hotloop-julia-bench-'));
  try {
    const threads = defaultThreads();
    const pixels = R * R;
    const limits = machineLimits();
    console.log(describeLimits(limits));
    const peak = limits.juliaPeak;
    startTable();
    const rows: Measurement[] = [];
    const checksum = (counts: ArrayLike<number>) => iterations(counts, 100);
    const reference = juliaSync({ resolution: R });
    const work = checksum(reference.counts);

    rows.push(await measure('per-pixel function (np.vectorize analogue)', () => perPixel(400), { items: 400 * 400, runs: 3, warmup: 1, note: 'R=400' }));
    rows.push(await measure('TypeScript typed-array loop', () => juliaSync({ resolution: 1000, backend: 'js' }), { items: 1e6, runs: 3, warmup: 1, note: 'R=1000' }));
    rows.push(await measure('native, 1 thread', () => juliaSync({ backend: 'native', threads: 1 }), { items: pixels, runs: 5, warmup: 1 }));
    rows.push(await measure(`native, ${threads} threads`, () => juliaSync({ backend: 'native', threads }), { items: pixels, runs: 7 }));
    // The wasm backend: sync on the calling thread, async on its worker pool.
    const wasm = wasmUnavailableReason() === undefined;
    if (wasm) {
      rows.push(await measure('wasm, 1 thread', () => juliaSync({ backend: 'wasm', threads: 1 }), { items: pixels, runs: 5, warmup: 1 }));
      rows.push(await measure(`wasm, ${threads} threads`, () => julia({ backend: 'wasm', threads }), { items: pixels, runs: 7, warmup: 1 }));
    } else {
      console.log(`wasm rows skipped: ${wasmUnavailableReason()}`);
    }
    const out = path.join(tmp, 'julia.png');
    rows.push(cliRow('CLI end to end, PNG default', ['julia', '-o', out], pixels, 'node start-up included'));
    rows.push(cliRow('CLI end to end, PNG --fast', ['julia', '--fast', '-o', out], pixels, 'node start-up included'));
    // What the two rows above pay before any work: Node and the CLI's modules (see the README's julia section).
    rows.push(cliRow('CLI start-up only (hotloop --version)', ['--version'], pixels, 'per pixel of the image above'));
    rows.push(await measure('PNG encode only, default, parallel bands', () => juliaPng(reference), { items: pixels, runs: 5, warmup: 1, note: 'Up filter + RLE' }));
    rows.push(await measure('PNG encode only, default, one stream', () => juliaPngSync(reference), { items: pixels, runs: 3, warmup: 1 }));
    rows.push(await measure('PNG encode only, --fast, parallel bands', () => juliaPng(reference, { fast: true }), { items: pixels, runs: 5, warmup: 1 }));
    rows.push(await measure('PNG encode only, zlib level 6, parallel', () => juliaPng(reference, { level: 6 }), { items: pixels, runs: 3, warmup: 1 }));
    rows.push(await measure('grey levels only', () => juliaGrey(reference), { items: pixels, runs: 5, warmup: 1 }));

    // Same-run baselines: the seed's programs in Python, at sizes that finish in seconds.
    const numpyR = 1000;
    const countsFile = path.join(tmp, 'numpy-counts.bin');
    // The median of 3 runs: one run moved the ratios by a third between two quiet runs of this bench.
    const numpy = runPython<{ seconds: number; runs: number[] }>('julia_seed.py', ['-R', String(numpyR), '--runs', '3', '--out', countsFile]);
    let agreement = 'numpy not run';
    if (numpy) {
      rows.push({ ...external('seed numpy loop (python)', numpy.seconds * 1e3, numpyR * numpyR, `R=${numpyR}, median of ${numpy.runs.length} runs`), runs: numpy.runs.map((s) => s * 1e3) });
      const theirs = new Uint32Array(new Uint8Array(readFileSync(countsFile)).buffer);
      const ours = juliaSync({ resolution: numpyR }).counts;
      let differ = 0;
      for (let i = 0; i < ours.length; i++) if (ours[i] !== theirs[i]) differ++;
      agreement = `${differ} of ${ours.length} pixels differ from numpy at R=${numpyR}`;
      const vectorize = runPython<{ seconds: number }>('julia_seed.py', ['-R', '150', '--variant', 'vectorize']);
      if (vectorize) rows.push(external('seed np.vectorize (python)', vectorize.seconds * 1e3, 150 * 150, 'R=150, 1 run'));
    }

    const all = rows.find((r) => r.label === `native, ${threads} threads`)!;
    const one = rows.find((r) => r.label === 'native, 1 thread')!;
    const rate = (m: Measurement) => work / (m.ms / 1e3);
    // Lane-iterations per CPU-second against the peak per CPU-second: what each core achieved,
    // whatever else ran on the machine meanwhile (wall-time rates shrink with the load).
    if (peak) {
      for (const row of [one, all]) row.note = ofLimit(work / ((row.cpuMs as number) / 1e3), peak.perThreadCpu, `${peak.unit} peak per CPU-second`);
    }
    printTable(`julia ${R}x${R}, c = -0.835-0.2321i, [-0.1, 0.1]^2, 20..100 iterations (${(work / 1e6).toFixed(0)} M lane-iterations)`, rows, numpy ? 'seed numpy loop (python)' : 'TypeScript typed-array loop', 'pixel');
    // CPU time of the process (every thread) for one render: what the work costs whatever the
    // load, and divided by the core count, the wall time on otherwise idle cores.
    const cpuSeconds = (all.cpuMs as number) / 1e3;
    console.log(`\nCPU time of one native render on ${threads} threads: ${cpuSeconds.toFixed(3)} s (median of ${all.runs.length}), so about ${(cpuSeconds / threads).toFixed(3)} s of wall time on ${threads} idle cores`);
    console.log(
      `iterations: native ${threads} threads ${(rate(all) / 1e9).toFixed(2)} G lane-iterations/s, 1 thread ${(rate(one) / 1e9).toFixed(2)} G/s, per CPU-second ${(work / cpuSeconds / 1e9).toFixed(2)} G` +
        (peak ? `; peak of this machine's ${peak.unit} loop, measured now: ${(peak.allThreads / 1e9).toFixed(2)} G/s on ${peak.threads} threads, ${(peak.perThreadCpu / 1e9).toFixed(2)} G per CPU-second` : ''),
    );
    console.log(`numpy agreement: ${agreement}`);
    console.log(`counts checksum (outside timers): ${work}`);
    const vsNumpy = ratio(rows, `native, ${threads} threads`, 'seed numpy loop (python)');
    if (numpy) target('compute vs the seed numpy loop, per pixel (x)', vsNumpy, 60);
    target(`compute ${R}x${R} on ${threads} threads (s)`, all.ms / 1e3, 0.15, false);
    const e2eDefault = rows.find((r) => r.label === 'CLI end to end, PNG default')!.ms / 1e3;
    const e2eFast = rows.find((r) => r.label === 'CLI end to end, PNG --fast')!.ms / 1e3;
    target('end to end with PNG, --fast (s)', e2eFast, 0.45, false);
    target('end to end with PNG, default (s)', e2eDefault, 0.6, false);

    // Every vector unit of this CPU, each in its own process, beside the plain loop and the peak.
    startTable();
    const paths = VECTOR_UNITS.map(measurePath).filter((p): p is JuliaPathResult => p !== null);
    const pathRows = pathTable(paths);
    printTable(`julia ${PATH_RESOLUTION}x${PATH_RESOLUTION} per vector unit: the kernel, the plain 4x4 AVX2 loop and the inner loop's peak (HOTLOOP_SIMD per process; ${PATH_ROUNDS} alternated rounds, medians)`, pathRows, pathRows[0].label, 'pixel');
    const numpyPerPixel = numpy ? (numpy.seconds * 1e3) / (numpyR * numpyR) : NaN;
    const pathTargets: Record<string, number> = {};
    for (const p of paths.filter((q) => q.unit !== 'scalar')) {
      const u = p.unit;
      if (p.plainOneThreadCpu !== null) {
        pathTargets[`${u}KernelOverPlain`] = p.oneThreadCpu / p.plainOneThreadCpu;
        target(`${u} kernel / plain 4x4 AVX2 loop, CPU time on 1 thread (x)`, pathTargets[`${u}KernelOverPlain`], 1.1, false);
      }
      pathTargets[`${u}PeakFraction`] = p.work / (p.allThreadsWall / 1e3) / p.peakAllThreads;
      target(`${u} kernel on ${p.threads} threads, fraction of the ${u} peak on ${p.threads} threads`, pathTargets[`${u}PeakFraction`], 0.5);
      if (numpy) {
        pathTargets[`${u}VsNumpy`] = numpyPerPixel / (p.allThreadsWall / p.pixels);
        target(`${u} kernel on ${p.threads} threads vs the seed numpy loop, per pixel (x)`, pathTargets[`${u}VsNumpy`], 60);
      }
    }
    const avx2 = paths.find((p) => p.unit === 'avx2');
    if (wasm) {
      // Per pixel: wasm on all threads against the TypeScript loop (wall), and wasm on one thread
      // against the AVX2 kernel on one thread (CPU time, the AVX2 row's image is R=2000 of the same region).
      const perPixel = (m: Measurement, ms: number) => ms / m.items;
      const tsRow = rows.find((r) => r.label === 'TypeScript typed-array loop')!;
      const wasmAll = rows.find((r) => r.label === `wasm, ${threads} threads`)!;
      const wasmOne = rows.find((r) => r.label === 'wasm, 1 thread')!;
      pathTargets.wasmAllVsTs = perPixel(tsRow, tsRow.ms) / perPixel(wasmAll, wasmAll.ms);
      target(`wasm on ${threads} threads vs the TypeScript loop, per pixel (x)`, pathTargets.wasmAllVsTs, 2);
      if (avx2) {
        pathTargets.wasmOneOverAvx2 = perPixel(wasmOne, wasmOne.cpuMs as number) / (avx2.oneThreadCpu / avx2.pixels);
        target('wasm (SIMD128) / native avx2 kernel, CPU time per pixel on 1 thread (x)', pathTargets.wasmOneOverAvx2, 2.5, false);
      }
    }
    const avx512 = paths.find((p) => p.unit === 'avx512');
    if (avx2 && avx512) {
      pathTargets.avx512OverAvx2 = avx2.oneThreadCpu / avx512.oneThreadCpu;
      target('avx512 kernel speed-up over the avx2 kernel, CPU time on 1 thread (x)', pathTargets.avx512OverAvx2, 1);
    }
    saveResults('julia', {
      rows,
      paths,
      work,
      agreement,
      cpuSeconds,
      targets: { vsNumpy, computeSeconds: all.ms / 1e3, e2eDefault, e2eFast, ...pathTargets },
    });
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
