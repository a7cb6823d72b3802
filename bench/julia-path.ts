/**
 * One vector unit's rows of the julia bench, run by julia.bench.ts in a child process whose
 * HOTLOOP_SIMD caps the unit (the addon picks it once, at load). In alternated rounds: the library's
 * kernel on one thread (CPU time), the plain 4x4-interleaved AVX2 loop on one thread (CPU time; in
 * the AVX2 process), the kernel on all threads and the peak loop on all threads (wall time).
 * Kernel and plain loop write into a given array (bench-only bindings), so they compare kernel to
 * kernel with no allocation or page faults in either. Prints one JSON line (JuliaPathResult).
 *
 *   HOTLOOP_SIMD=avx2 node --import tsx bench/julia-path.ts <resolution> <rounds>
 */
import { threads as defaultThreads } from '../src/backend.js';
import { ComplexRegion, juliaSync } from '../src/index.js';
import { type JuliaPeak, type VectorUnit, calibrationAddon, cpuMs, measureJuliaPeak, median, unitInUse, wallMs } from './calibrate.js';

export interface JuliaPathResult {
  unit: VectorUnit;
  resolution: number;
  pixels: number;
  /** Lane-iterations the image needs (count + 1 per escaped pixel, itermax otherwise). */
  work: number;
  threads: number;
  peak: JuliaPeak;
  /** Medians, milliseconds. */
  oneThreadCpu: number;
  plainOneThreadCpu: number | null;
  allThreadsWall: number;
  /** Lane-iterations per second of the peak loop on all threads, in the same rounds. */
  peakAllThreads: number;
  /** Every round, for the results file. */
  rounds: Record<string, number[]>;
}

const C = { re: -0.835, im: -0.2321 };
const ITERMAX = 100;

function laneIterations(counts: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < counts.length; i++) total += Math.min(counts[i] + 1, ITERMAX);
  return total;
}

export function measurePath(resolution: number, rounds: number): JuliaPathResult {
  const unit = unitInUse();
  if (!unit) throw new Error('the native addon is not loaded');
  const threads = defaultThreads();
  const addon = calibrationAddon();
  const peak = measureJuliaPeak(unit, threads);
  const { xs, ys } = new ComplexRegion().build(resolution);
  const reference = juliaSync({ resolution, backend: 'js' }).counts;
  const work = laneIterations(reference);
  const counts = new Uint16Array(xs.length * ys.length);
  const plainCounts = new Uint16Array(xs.length * ys.length);
  const kernel = (n: number) => addon.juliaKernel(xs, ys, counts, C.re, C.im, 4, ITERMAX, n);
  const plain = () => addon.juliaPlain(xs, ys, plainCounts, C.re, C.im, 4, ITERMAX, 1);
  const withPlain = unit === 'avx2'; // the yardstick of the AVX2 kernel, in the AVX2 process

  // Counts checked outside the timers: the kernel (bench binding and API) and the plain loop all
  // give the reference.
  const same = (a: ArrayLike<number>) => a.length === reference.length && Array.from(reference).every((v, i) => v === a[i]);
  kernel(threads);
  if (!same(counts) || !same(juliaSync({ resolution, backend: 'native', threads }).counts)) throw new Error(`${unit} kernel counts differ from the reference`);
  if (withPlain) {
    plain();
    if (!same(plainCounts)) throw new Error('plain AVX2 loop counts differ from the reference');
  }

  const times: Record<string, number[]> = { oneThreadCpu: [], plainOneThreadCpu: [], allThreadsWall: [], peakAllThreads: [] };
  const peakIterations = Math.max(1, Math.round(work / threads / peak.chains / laneCount(unit)));
  for (let round = -1; round < rounds; round++) {
    const one = cpuMs(() => kernel(1));
    const flat = withPlain ? cpuMs(plain) : NaN;
    const all = wallMs(() => kernel(threads));
    let done = 0;
    const peakMs = wallMs(() => (done = addon.juliaPeak(unit, peak.chains, peakIterations, threads)));
    if (round < 0) continue; // warm-up
    times.oneThreadCpu.push(one);
    if (withPlain) times.plainOneThreadCpu.push(flat);
    times.allThreadsWall.push(all);
    times.peakAllThreads.push(done / (peakMs / 1e3));
  }
  return {
    unit,
    resolution,
    pixels: reference.length,
    work,
    threads,
    peak,
    oneThreadCpu: median(times.oneThreadCpu),
    plainOneThreadCpu: withPlain ? median(times.plainOneThreadCpu) : null,
    allThreadsWall: median(times.allThreadsWall),
    peakAllThreads: median(times.peakAllThreads),
    rounds: times,
  };
}

function laneCount(unit: VectorUnit): number {
  return unit === 'avx512' ? 8 : unit === 'avx2' ? 4 : 1;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [resolution = 2000, rounds = 7] = process.argv.slice(2).map(Number);
  console.log(JSON.stringify(measurePath(resolution, rounds)));
}
