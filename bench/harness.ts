/**
 * The benchmark harness: seeded data, warm-up, median of several runs, throughput, a table in the
 * seed's shape with ratios against a baseline measured in the same run, and JSON in bench/results/.
 * Checksums are computed outside the timed region, so the work cannot be optimised away unseen.
 * Every table says which machine made it (CPU, vector unit in use) and how busy it was (load average
 * before and after), and the results file keeps that with the limits measured in the run.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { backend, nativeInfo } from '../src/backend.js';
import { limitsSoFar } from './calibrate.js';

export { seededRandom } from '../src/random.js';

export interface Measurement {
  label: string;
  /** Median wall time of one run, in milliseconds. */
  ms: number;
  /** Every timed run, in milliseconds. */
  runs: number[];
  /** Median CPU time of the process (user + system, every thread) per run, in milliseconds, where measured. */
  cpuMs?: number;
  /** Median user and system CPU time per run, in milliseconds, and minor page faults per run. */
  userMs?: number;
  systemMs?: number;
  pageFaults?: number;
  /** Work items per run (solves, pixels, points...), for per-item time and throughput. */
  items: number;
  note?: string;
}

export interface MeasureOptions {
  items: number;
  runs?: number;
  warmup?: number;
  note?: string;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Times `fn` (sync or async): `warmup` untimed runs, then the median of `runs` timed ones. */
export async function measure(label: string, fn: () => unknown, options: MeasureOptions): Promise<Measurement> {
  const { items, runs = 7, warmup = 2 } = options;
  for (let i = 0; i < warmup; i++) await fn();
  const times: number[] = [];
  const cpu: number[] = [];
  const user: number[] = [];
  const system: number[] = [];
  const faults: number[] = [];
  for (let i = 0; i < runs; i++) {
    const before = process.resourceUsage();
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
    const after = process.resourceUsage();
    user.push((after.userCPUTime - before.userCPUTime) / 1e3);
    system.push((after.systemCPUTime - before.systemCPUTime) / 1e3);
    cpu.push(user[i] + system[i]);
    faults.push(after.minorPageFault - before.minorPageFault);
  }
  return { label, ms: median(times), runs: times, cpuMs: median(cpu), userMs: median(user), systemMs: median(system), pageFaults: median(faults), items, note: options.note };
}

/** A row measured elsewhere (e.g. by the Python baseline), in the same shape. */
export function external(label: string, msPerRun: number, items: number, note?: string): Measurement {
  return { label, ms: msPerRun, runs: [msPerRun], items, note };
}

function formatTime(ns: number): string {
  if (ns >= 1e9) return `${(ns / 1e9).toFixed(3)} s`;
  if (ns >= 1e6) return `${(ns / 1e6).toFixed(2)} ms`;
  if (ns >= 1e3) return `${(ns / 1e3).toFixed(2)} µs`;
  return `${ns.toFixed(1)} ns`;
}

function formatRate(perSecond: number): string {
  if (perSecond >= 1e9) return `${(perSecond / 1e9).toFixed(2)} G/s`;
  if (perSecond >= 1e6) return `${(perSecond / 1e6).toFixed(2)} M/s`;
  if (perSecond >= 1e3) return `${(perSecond / 1e3).toFixed(2)} k/s`;
  return `${perSecond.toFixed(1)} /s`;
}

/** The CPU as /proc/cpuinfo names it (with family and model, as virtual machines often hide the name). */
export function cpuModel(): string {
  const model = os.cpus()[0]?.model?.trim() ?? 'unknown CPU';
  try {
    const info = readFileSync('/proc/cpuinfo', 'utf8');
    const field = (name: string) => new RegExp(`^${name}\\s*:\\s*(.+)$`, 'm').exec(info)?.[1]?.trim();
    const family = field('cpu family');
    const number = field('model');
    return family && number ? `${model} (family ${family}, model ${number})` : model;
  } catch {
    return model;
  }
}

export interface Machine {
  cpu: string;
  cores: number;
  /** The addon's vector unit in this process (after any HOTLOOP_SIMD cap), or 'none' without it. */
  vectorUnit: string;
  cpuFeatures: string | null;
  node: string;
  backend: string;
}

export function machine(): Machine {
  const info = nativeInfo();
  return { cpu: cpuModel(), cores: os.availableParallelism(), vectorUnit: info?.simd ?? 'none', cpuFeatures: info?.cpuFeatures ?? null, node: process.version, backend: backend() };
}

/** A printed table as the results file keeps it. */
export interface TableRecord {
  title: string;
  rows: Measurement[];
  /** 1-minute load average when its measurements began and when it was printed. */
  load: [number, number];
  machine: Machine;
}

const tables: TableRecord[] = [];
const targets: Array<{ description: string; measured: number; wanted: number; higherIsBetter: boolean; pass: boolean }> = [];
let loadMark = os.loadavg()[0];

/** Marks the start of a table's measurements, for its load-average line (printTable marks too). */
export function startTable(): void {
  loadMark = os.loadavg()[0];
}

/**
 * Prints the seed-style table: time per run, per item, throughput, and speed-up against `baseline`
 * (compared per item, so rows measured at different sizes stay comparable), then the machine and
 * the load average from startTable (or the previous table) to now.
 */
export function printTable(title: string, rows: Measurement[], baseline: string, unit = 'item'): void {
  const base = rows.find((r) => r.label === baseline);
  const basePerItem = base ? base.ms / base.items : NaN;
  const labelWidth = Math.max(...rows.map((r) => r.label.length), 10);
  console.log(`\n${title}`);
  console.log(`${'implementation'.padEnd(labelWidth)}  ${'per run'.padStart(10)}  ${`per ${unit}`.padStart(11)}  ${'throughput'.padStart(11)}  ${'speed-up'.padStart(9)}`);
  for (const r of rows) {
    const perItemMs = r.ms / r.items;
    const ratio = basePerItem / perItemMs;
    console.log(
      `${r.label.padEnd(labelWidth)}  ${formatTime(r.ms * 1e6).padStart(10)}  ${formatTime(perItemMs * 1e6).padStart(11)}  ${formatRate(r.items / (r.ms / 1e3)).padStart(11)}  ${(Number.isFinite(ratio) ? `${ratio.toFixed(ratio >= 100 ? 0 : 2)}x` : '-').padStart(9)}${r.note ? `  (${r.note})` : ''}`,
    );
  }
  const load: [number, number] = [loadMark, os.loadavg()[0]];
  const m = machine();
  console.log(`machine: ${m.cpu}, ${m.cores} cores, vector unit ${m.vectorUnit}; load average (1 min) before / after: ${load[0].toFixed(2)} / ${load[1].toFixed(2)}`);
  tables.push({ title, rows, load, machine: m });
  loadMark = load[1];
}

/** A note giving a rate as a percentage of a limit, e.g. "41% of peak". */
export function ofLimit(rate: number, limit: number | undefined, what: string): string {
  return limit ? `${((100 * rate) / limit).toFixed(0)}% of ${what}` : `no ${what} measured`;
}

/** Speed-up of row `fast` over row `slow`, per item. */
export function ratio(rows: Measurement[], fast: string, slow: string): number {
  const f = rows.find((r) => r.label === fast);
  const s = rows.find((r) => r.label === slow);
  if (!f || !s) return NaN;
  return s.ms / s.items / (f.ms / f.items);
}

/** Prints a target line: PASS/MISS with the measured figure. */
export function target(description: string, measured: number, wanted: number, higherIsBetter = true): boolean {
  const ok = higherIsBetter ? measured >= wanted : measured <= wanted;
  targets.push({ description, measured, wanted, higherIsBetter, pass: ok });
  console.log(`target ${ok ? 'PASS' : 'MISS'}: ${description}: measured ${measured.toFixed(measured >= 100 ? 0 : 2)}, wanted ${higherIsBetter ? '>=' : '<='} ${wanted}`);
  return ok;
}

let numpyChecked: string | null | undefined;

/** Why numpy baselines cannot run here, or null when python3 with numpy is present. */
export function numpyUnavailable(): string | null {
  if (numpyChecked !== undefined) return numpyChecked;
  const probe = spawnSync('python3', ['-c', 'import numpy; print(numpy.__version__)'], { encoding: 'utf8' });
  numpyChecked = probe.status === 0 ? null : 'python3 with numpy not found';
  return numpyChecked;
}

/**
 * Runs a baseline script from bench/python/ that prints one JSON object on its last stdout line.
 * Returns null (and says why) when numpy is missing.
 */
export function runPython<T>(script: string, args: string[] = []): T | null {
  const missing = numpyUnavailable();
  if (missing) {
    console.log(`(numpy baseline skipped: ${missing})`);
    return null;
  }
  const path = new URL(`./python/${script}`, import.meta.url).pathname;
  const result = spawnSync('python3', [path, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (result.status !== 0) throw new Error(`${script} failed: ${result.stderr.trim().split('\n').pop()}`);
  const lines = result.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]) as T;
}

/**
 * Writes the run to bench/results/<name>.json: the machine, the limits measured in this process, every
 * table printed since the last save (rows with every timed run, load averages), the targets, and
 * `data`; and a small summary-<name>.json (no per-run timings), the one kept in git.
 */
export function saveResults(name: string, data: Record<string, unknown>): void {
  const dir = new URL('./results/', import.meta.url);
  mkdirSync(dir, { recursive: true });
  const head = { name, date: new Date().toISOString(), machine: machine(), limits: limitsSoFar() };
  const full = { ...head, tables: tables.splice(0), targets: targets.splice(0), ...data };
  writeFileSync(new URL(`${name}.json`, dir), JSON.stringify(full, null, 2));
  const summary = {
    ...head,
    tables: full.tables.map((t) => ({ title: t.title, load: t.load, vectorUnit: t.machine.vectorUnit, rows: t.rows.map(({ runs: _runs, ...row }) => row) })),
    targets: full.targets,
  };
  writeFileSync(new URL(`summary-${name}.json`, dir), JSON.stringify(summary, null, 2));
}

