/**
 * This machine's limits, measured when a bench runs (once per process, by the first bench that asks),
 * so every row can be read as a fraction of what this machine allows and no figure of another
 * machine is needed:
 * - the Julia peak: the kernel's inner loop on independent vectors held in registers
 *   (native/core/calibrate*.cc), at a vector unit, in lane-iterations per second: per CPU-second of
 *   one thread (the best chain count), and per second on all threads at once;
 * - the memory-read floor: the cheapest native pass that reads every byte of a large array
 *   (`readFloor` of src/bench-only.ts), in bytes per second on all threads and on one.
 * Rates are medians of several runs; CPU time is the process's (user + system).
 */
import type { Addon } from '../src/addon.js';
import { nativeAddon, nativeInfo, threads as defaultThreads } from '../src/backend.js';
import { readFloor } from '../src/bench-only.js';
import { largeArray } from '../src/reduce/large-array.js';

export type VectorUnit = 'scalar' | 'avx2' | 'avx512';
export const VECTOR_UNITS: readonly VectorUnit[] = ['scalar', 'avx2', 'avx512'];

/** The bench-only exports of the addon (native/addon/calibrate.cc), typed by the contract (src/addon.ts). */
type CalibrationAddon = Pick<Addon, 'juliaPeakChains' | 'juliaPeak' | 'juliaPlain' | 'juliaKernel'>;

export interface JuliaPeak {
  unit: VectorUnit;
  /** Independent vectors in flight that gave the highest rate on one thread. */
  chains: number;
  /** Lane-iterations per CPU-second on one thread. */
  perThreadCpu: number;
  /** Lane-iterations per second of wall time with `threads` threads at once. */
  allThreads: number;
  threads: number;
}

export interface ReadFloor {
  /** Bytes read per second of wall time on `threads` threads, and on one. */
  allThreads: number;
  oneThread: number;
  threads: number;
  bytes: number;
}

export function calibrationAddon(): CalibrationAddon {
  return nativeAddon();
}

/** The vector unit the addon uses in this process (HOTLOOP_SIMD caps it), or null without the addon. */
export function unitInUse(): VectorUnit | null {
  const simd = nativeInfo()?.simd;
  return simd === 'scalar' || simd === 'avx2' || simd === 'avx512' ? simd : null;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Process CPU milliseconds (user + system, every thread) that `fn` takes. */
export function cpuMs(fn: () => unknown): number {
  const before = process.cpuUsage();
  fn();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1e3;
}

/** Wall milliseconds that `fn` takes. */
export function wallMs(fn: () => unknown): number {
  const start = performance.now();
  fn();
  return performance.now() - start;
}

const PEAK_ITERATIONS = 2_000_000; // per thread and run: about 10-40 ms at any width
const RUNS = 5;

/** The Julia peak at `unit` (at most the unit in use): the best chain count on one thread, then all threads. */
export function measureJuliaPeak(unit: VectorUnit, threads = defaultThreads()): JuliaPeak {
  const addon = calibrationAddon();
  let best = { chains: 0, rate: 0 };
  for (const chains of addon.juliaPeakChains()) {
    addon.juliaPeak(unit, chains, PEAK_ITERATIONS / 10, 1); // warm-up
    const rates: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      let done = 0;
      const ms = cpuMs(() => (done = addon.juliaPeak(unit, chains, PEAK_ITERATIONS, 1)));
      rates.push(done / (ms / 1e3));
    }
    const rate = median(rates);
    if (rate > best.rate) best = { chains, rate };
  }
  const wall: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    let done = 0;
    const ms = wallMs(() => (done = addon.juliaPeak(unit, best.chains, PEAK_ITERATIONS, threads)));
    wall.push(done / (ms / 1e3));
  }
  return { unit, chains: best.chains, perThreadCpu: best.rate, allThreads: median(wall), threads };
}

const FLOOR_BYTES = 256 << 20;

/** The memory-read floor over a 256 MiB array on huge-page memory (as reduce's matrices are). */
export function measureReadFloor(threads = defaultThreads()): ReadFloor {
  const data = largeArray(Float64Array, FLOOR_BYTES / 8);
  data.fill(1); // fault every page in before timing
  const rate = (n: number) => {
    readFloor(data, n);
    const runs: number[] = [];
    for (let i = 0; i < RUNS; i++) runs.push(FLOOR_BYTES / (wallMs(() => readFloor(data, n)) / 1e3));
    return median(runs);
  };
  return { allThreads: rate(threads), oneThread: rate(1), threads, bytes: FLOOR_BYTES };
}

export interface Limits {
  juliaPeak: JuliaPeak | null;
  readFloor: ReadFloor | null;
}

let limits: Limits | undefined;

/**
 * The limits of this run, measured on first call (about a second): the Julia peak at the unit in
 * use and the read floor; nulls without the native addon.
 */
export function machineLimits(): Limits {
  if (limits) return limits;
  const unit = unitInUse();
  limits = unit ? { juliaPeak: measureJuliaPeak(unit), readFloor: measureReadFloor() } : { juliaPeak: null, readFloor: null };
  return limits;
}

/** The limits measured so far in this process, for the results file (nothing is measured here). */
export function limitsSoFar(): Limits | null {
  return limits ?? null;
}

export function formatRate(perSecond: number, unit: string): string {
  if (perSecond >= 1e9) return `${(perSecond / 1e9).toFixed(2)} G${unit}/s`;
  if (perSecond >= 1e6) return `${(perSecond / 1e6).toFixed(1)} M${unit}/s`;
  return `${(perSecond / 1e3).toFixed(1)} k${unit}/s`;
}

/** One line per limit, for the head of a bench's output. */
export function describeLimits(l: Limits): string {
  const lines: string[] = [];
  if (l.juliaPeak) {
    const p = l.juliaPeak;
    lines.push(
      `limit, Julia inner loop (${p.unit}, ${p.chains} independent vectors): ${formatRate(p.perThreadCpu, '')} lane-iterations per CPU-second, ${formatRate(p.allThreads, '')} on ${p.threads} threads`,
    );
  }
  if (l.readFloor) {
    const f = l.readFloor;
    lines.push(`limit, memory-read floor (${f.bytes >> 20} MiB): ${formatRate(f.allThreads, 'B')} on ${f.threads} threads, ${formatRate(f.oneThread, 'B')} on 1`);
  }
  return lines.length > 0 ? lines.join('\n') : '(no limits measured: the native addon is not loaded)';
}
