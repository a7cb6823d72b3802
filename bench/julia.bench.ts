// Seed 004's table on this machine: the per-pixel function (np.vectorize analogue), the typed-array
// loop, native on one and on all threads, the CLI end to end with its PNG (default and --fast), PNG
// encoding alone, and in the same run the seed's numpy programs (smaller images, compared per pixel).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { threads as defaultThreads } from '../src/backend.js';
import { ComplexRegion, juliaGrey, juliaPng, juliaPngSync, juliaSync } from '../src/index.js';
import { type Measurement, external, measure, printTable, ratio, runPython, saveResults, target } from './harness.js';

const R = 4000;
const C = { re: -0.835, im: -0.2321 };
const PEAK_LANE_ITERATIONS = 8e9; // this 2-core Zen 4 at peak, per the issue

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

function cli(args: string[]): void {
  const run = spawnSync(process.execPath, [new URL('../bin/hotloop.js', import.meta.url).pathname, 'julia', ...args], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`hotloop julia failed: ${run.stderr.trim()}`);
}

export async function run(): Promise<void> {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'hotloop-julia-bench-'));
  try {
    const threads = defaultThreads();
    const pixels = R * R;
    // Other processes share these cores: say how busy they were, as absolute times depend on it.
    const loadBefore = os.loadavg()[0];
    const rows: Measurement[] = [];
    const checksum = (counts: ArrayLike<number>) => iterations(counts, 100);
    const reference = juliaSync({ resolution: R });
    const work = checksum(reference.counts);

    rows.push(await measure('per-pixel function (np.vectorize analogue)', () => perPixel(400), { items: 400 * 400, runs: 3, warmup: 1, note: 'R=400' }));
    rows.push(await measure('TypeScript typed-array loop', () => juliaSync({ resolution: 1000, backend: 'js' }), { items: 1e6, runs: 3, warmup: 1, note: 'R=1000' }));
    rows.push(await measure('native, 1 thread', () => juliaSync({ backend: 'native', threads: 1 }), { items: pixels, runs: 5, warmup: 1 }));
    rows.push(await measure(`native, ${threads} threads`, () => juliaSync({ backend: 'native', threads }), { items: pixels, runs: 7 }));
    const out = path.join(tmp, 'julia.png');
    rows.push(await measure('CLI end to end, PNG default', () => cli(['-o', out]), { items: pixels, runs: 5, warmup: 1, note: 'node start-up included' }));
    rows.push(await measure('CLI end to end, PNG --fast', () => cli(['--fast', '-o', out]), { items: pixels, runs: 5, warmup: 1, note: 'node start-up included' }));
    rows.push(await measure('PNG encode only, default, parallel bands', () => juliaPng(reference), { items: pixels, runs: 5, warmup: 1, note: 'Up filter + RLE' }));
    rows.push(await measure('PNG encode only, default, one stream', () => juliaPngSync(reference), { items: pixels, runs: 3, warmup: 1 }));
    rows.push(await measure('PNG encode only, --fast, parallel bands', () => juliaPng(reference, { fast: true }), { items: pixels, runs: 5, warmup: 1 }));
    rows.push(await measure('PNG encode only, zlib level 6, parallel', () => juliaPng(reference, { level: 6 }), { items: pixels, runs: 3, warmup: 1 }));
    rows.push(await measure('grey levels only', () => juliaGrey(reference), { items: pixels, runs: 5, warmup: 1 }));

    // Same-run baselines: the seed's programs in Python, at sizes that finish in seconds.
    const numpyR = 1000;
    const countsFile = path.join(tmp, 'numpy-counts.bin');
    const numpy = runPython<{ seconds: number }>('julia_seed.py', ['-R', String(numpyR), '--out', countsFile]);
    let agreement = 'numpy not run';
    if (numpy) {
      rows.push(external('seed numpy loop (python)', numpy.seconds * 1e3, numpyR * numpyR, `R=${numpyR}, 1 run`));
      const theirs = new Uint32Array(new Uint8Array(readFileSync(countsFile)).buffer);
      const ours = juliaSync({ resolution: numpyR }).counts;
      let differ = 0;
      for (let i = 0; i < ours.length; i++) if (ours[i] !== theirs[i]) differ++;
      agreement = `${differ} of ${ours.length} pixels differ from numpy at R=${numpyR}`;
      const vectorize = runPython<{ seconds: number }>('julia_seed.py', ['-R', '150', '--variant', 'vectorize']);
      if (vectorize) rows.push(external('seed np.vectorize (python)', vectorize.seconds * 1e3, 150 * 150, 'R=150, 1 run'));
    }

    printTable(`julia ${R}x${R}, c = -0.835-0.2321i, [-0.1, 0.1]^2, 20..100 iterations (${(work / 1e6).toFixed(0)} M lane-iterations)`, rows, numpy ? 'seed numpy loop (python)' : 'TypeScript typed-array loop', 'pixel');
    const all = rows.find((r) => r.label === `native, ${threads} threads`)!;
    // CPU time of the process (every thread) for one render: what the work costs whatever the
    // load, and divided by the core count, the wall time on otherwise idle cores.
    const cpuMs: number[] = [];
    for (let i = 0; i < 5; i++) {
      const before = process.cpuUsage();
      juliaSync({ backend: 'native', threads });
      const used = process.cpuUsage(before);
      cpuMs.push((used.user + used.system) / 1e3);
    }
    cpuMs.sort((a, b) => a - b);
    console.log(`\nCPU time of one native render on ${threads} threads: ${(cpuMs[2] / 1e3).toFixed(3)} s (median of 5), so about ${(cpuMs[2] / 1e3 / threads).toFixed(3)} s of wall time on ${threads} idle cores`);
    const one = rows.find((r) => r.label === 'native, 1 thread')!;
    const rate = (m: Measurement) => work / (m.ms / 1e3);
    console.log(`iterations: native ${threads} threads ${(rate(all) / 1e9).toFixed(2)} G lane-iterations/s, 1 thread ${(rate(one) / 1e9).toFixed(2)} G/s; machine peak about ${PEAK_LANE_ITERATIONS / 1e9} G/s (${((100 * rate(all)) / PEAK_LANE_ITERATIONS).toFixed(0)}% of it); per CPU-second ${(work / (cpuMs[2] / 1e3) / 1e9).toFixed(2)} G`);
    console.log(`numpy agreement: ${agreement}`);
    console.log(`load average (1 min) before / after the run: ${loadBefore.toFixed(2)} / ${os.loadavg()[0].toFixed(2)} on ${os.availableParallelism()} cores`);
    console.log(`counts checksum (outside timers): ${work}`);
    const vsNumpy = ratio(rows, `native, ${threads} threads`, 'seed numpy loop (python)');
    if (numpy) target('compute vs the seed numpy loop, per pixel (x)', vsNumpy, 60);
    target(`compute ${R}x${R} on ${threads} threads (s)`, all.ms / 1e3, 0.15, false);
    const e2eDefault = rows.find((r) => r.label === 'CLI end to end, PNG default')!.ms / 1e3;
    const e2eFast = rows.find((r) => r.label === 'CLI end to end, PNG --fast')!.ms / 1e3;
    target('end to end with PNG, --fast (s)', e2eFast, 0.45, false);
    target('end to end with PNG, default (s)', e2eDefault, 0.6, false);
    saveResults('julia', { rows, work, agreement, cpuSeconds: cpuMs[2] / 1e3, loadAverage: [loadBefore, os.loadavg()[0]], targets: { vsNumpy, computeSeconds: all.ms / 1e3, e2eDefault, e2eFast } });
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
