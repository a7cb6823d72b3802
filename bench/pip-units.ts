/**
 * pip per vector unit, alternated: each round runs every unit the CPU has once (the addon's cap
 * switched between calls), so a busy machine slows all units alike and their ratio, taken round by
 * round, holds. Native on one thread, one output reused (no page faults), CPU time per call,
 * medians; the same zones must be found on every unit. (AVX-512 CPUs run the AVX2 form of pip:
 * native/core/pip_simd.h says why; its row checks that the dispatch costs nothing.)
 * pip.bench.ts prints the 1,000-zone workload's table; run alone, this file prints the tables of
 * the 1,000-zone workload, the seed workload (the AIS sample against its five zones, when ../shared
 * is there) and the built-in zones against seeded AIS-like points.
 *
 *   node --import tsx bench/pip-units.ts [rounds] [many|seed|builtin ...]
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { SimdLevel } from '../src/addon.js';
import { nativeAddon, nativeInfo } from '../src/backend.js';
import { Engine } from '../src/pip/api.js';
import { builtinZones } from '../src/pip/builtin-zones.js';
import { readPoints } from '../src/io/points.js';
import { syntheticAisPoints } from '../src/pip/synthetic-points.js';
import { VECTOR_UNITS, type VectorUnit, cpuMs, median } from './calibrate.js';
import { manyZones, manyZonesPoints } from './pip-zones.js';

export interface UnitWorkload {
  label: string;
  engine: Engine;
  lat: Float64Array;
  lon: Float64Array;
}

export interface UnitResult {
  unit: VectorUnit;
  points: number;
  /** CPU milliseconds of every timed call, and their median. */
  cpu: number[];
  cpuMs: number;
  /** The median over the rounds of this unit's time over the first unit's in the same round. */
  pairedRatio: number;
}

const AIS = new URL('../../shared/data/ais/', import.meta.url);
const AIS_ZONES = ['tokyo', 'channel', 'hamburg', 'athens', 'singapore'];

function tile(values: Float64Array, times: number): Float64Array {
  const out = new Float64Array(values.length * times);
  for (let r = 0; r < times; r++) out.set(values, r * values.length);
  return out;
}

async function workload(name: string): Promise<UnitWorkload | null> {
  if (name === 'many') {
    const { lat, lon } = manyZonesPoints(10_000_000);
    return { label: '1,000 zones, 10,000,000 points', engine: new Engine(manyZones()), lat, lon };
  }
  if (name === 'seed') {
    if (!existsSync(new URL('ais.csv.gz', AIS))) {
      console.log(`seed workload skipped: the shared AIS data is not at ${AIS.pathname}`);
      return null;
    }
    const zones = AIS_ZONES.map((zone) => JSON.parse(readFileSync(new URL(`${zone}.geojson`, AIS), 'utf8')));
    const base = await readPoints(new URL('ais.csv.gz', AIS).pathname);
    // 256 copies (a quarter of the seed's 1024): the same per-point work, rounds 4 times shorter.
    const points = (base.lat.length * 256).toLocaleString('en-US');
    return { label: `seed workload: the AIS sample x 256 (${points} points), 5 zones`, engine: new Engine(zones), lat: tile(base.lat, 256), lon: tile(base.lon, 256) };
  }
  if (name === 'builtin') {
    const { lat, lon } = syntheticAisPoints(10_000_000, 3);
    return { label: 'built-in zones, 10,000,000 seeded AIS-like points', engine: new Engine([builtinZones()]), lat, lon };
  }
  throw new Error(`unknown workload ${name}: expected many, seed or builtin`);
}

function hash(out: Int32Array): number {
  let h = 0;
  for (let i = 0; i < out.length; i++) h = (Math.imul(h, 31) + out[i] + 2) | 0;
  return h;
}

/** Every vector unit of this CPU on `w`, alternated for `rounds` timed rounds after one checked warm-up round; [] without the addon. */
export function alternateUnits(w: UnitWorkload, rounds: number): UnitResult[] {
  const detected = nativeInfo()?.simdDetected;
  if (!detected) return [];
  const units = VECTOR_UNITS.slice(0, VECTOR_UNITS.indexOf(detected) + 1) as SimdLevel[];
  const out = new Int32Array(w.lat.length);
  const call = () => w.engine.pipN(w.lat, w.lon, { backend: 'native', threads: 1, out });
  const cpu = new Map<SimdLevel, number[]>(units.map((u) => [u, []]));
  const hashes = new Map<SimdLevel, number>();
  try {
    for (let r = -1; r < rounds; r++) {
      for (const unit of units) {
        nativeAddon().capSimd(unit);
        const ms = cpuMs(call);
        if (r < 0) hashes.set(unit, hash(out)); // the warm-up round: answers checked, time dropped
        else cpu.get(unit)!.push(ms);
      }
    }
  } finally {
    nativeAddon().capSimd(detected);
  }
  for (const unit of units) if (hashes.get(unit) !== hashes.get(units[0])) throw new Error(`${w.label}: ${unit} found other zones than ${units[0]}`);
  const first = cpu.get(units[0])!;
  return units.map((unit) => {
    const runs = cpu.get(unit)!;
    return { unit, points: w.lat.length, cpu: runs, cpuMs: median(runs), pairedRatio: median(runs.map((v, r) => v / first[r])) };
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const rounds = /^\d+$/.test(args[0] ?? '') ? Number(args.shift()) : 7;
  for (const name of args.length > 0 ? args : ['many', 'seed', 'builtin']) {
    const w = await workload(name);
    if (!w) continue;
    const results = alternateUnits(w, rounds);
    if (results.length === 0) throw new Error('the native addon is not loaded');
    console.log(`\npip per vector unit, alternated: ${w.label}; native 1 thread, CPU ms per call, median of ${rounds}`);
    for (const r of results) {
      const rate = r.points / r.cpuMs / 1e3;
      console.log(`  ${r.unit.padEnd(7)} ${r.cpuMs.toFixed(1).padStart(8)} ms  ${rate.toFixed(1).padStart(6)} M points/s  ${r.pairedRatio.toFixed(2)}x ${results[0].unit}'s time, round by round  (runs ${r.cpu.map((v) => v.toFixed(0)).join(' ')})`);
    }
  }
}
