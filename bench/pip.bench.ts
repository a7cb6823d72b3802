/**
 * pip (seed 003). Table 1, the seed's workload: the shared AIS sample repeated 1024 times
 * (43,648,000 points) against its five zones: TS per-point loop, TS typed arrays, native on one
 * thread and on all, @turf/boolean-point-in-polygon, and the numpy baseline, all in this run.
 * Table 2: 1,000 zones of 1,000 vertices (1M vertices) against 10M points.
 * Counts are checked outside the timed region.
 */
import { existsSync, readFileSync } from 'node:fs';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import { threads, wasmUnavailableReason } from '../src/backend.js';
import { Engine } from '../src/pip/api.js';
import { builtinZones } from '../src/pip/builtin-zones.js';
import { readPoints } from '../src/io/points.js';
import { syntheticAisPoints } from '../src/pip/synthetic-points.js';
import { describeLimits, machineLimits } from './calibrate.js';
import { type UnitResult, alternateUnits } from './pip-units.js';
import { manyZones, manyZonesPoints } from './pip-zones.js';
import { type Measurement, external, measure, ofLimit, printTable, runPython, saveResults, startTable, target } from './harness.js';

const AIS = new URL('../../shared/data/ais/', import.meta.url);
const ZONES = ['tokyo', 'channel', 'hamburg', 'athens', 'singapore'];
const REPEAT = 1024;
// The data README's counts for x1024: none, then zones 0-4.
const SEED_COUNTS = [40_552_448, 454_656, 425_984, 951_296, 399_360, 864_256];
const SEED_RUST_THREADED_S = 5.3;

function tile(values: Float64Array, times: number): Float64Array {
  const out = new Float64Array(values.length * times);
  for (let r = 0; r < times; r++) out.set(values, r * values.length);
  return out;
}

function histogram(zones: Int32Array, zoneCount: number): number[] {
  const counts = new Array(zoneCount + 1).fill(0);
  for (let i = 0; i < zones.length; i++) counts[zones[i] + 1]++;
  return counts;
}

function check(label: string, got: number[], want: number[]): void {
  if (got.join() !== want.join()) throw new Error(`${label}: counts ${got} differ from ${want}`);
}

/** User and system CPU and minor page faults per run (medians): what an output allocated per call costs. */
function printCpu(rows: Measurement[]): void {
  console.log(`${'CPU per run'.padEnd(28)}  ${'user'.padStart(10)}  ${'system'.padStart(10)}  ${'page faults'.padStart(11)}`);
  for (const r of rows) {
    console.log(`${r.label.padEnd(28)}  ${`${r.userMs?.toFixed(1)} ms`.padStart(10)}  ${`${r.systemMs?.toFixed(1)} ms`.padStart(10)}  ${String(r.pageFaults).padStart(11)}`);
  }
}

async function seedWorkload(): Promise<Record<string, unknown>> {
  const hasAis = existsSync(new URL('ais.csv.gz', AIS));
  let zoneInputs: object[];
  let base: { lat: Float64Array; lon: Float64Array };
  if (hasAis) {
    zoneInputs = ZONES.map((zone) => JSON.parse(readFileSync(new URL(`${zone}.geojson`, AIS), 'utf8')));
    base = await readPoints(new URL('ais.csv.gz', AIS).pathname);
  } else {
    console.log(`(shared AIS data not found at ${AIS.pathname}: built-in zones and 42,625 seeded AIS-like points instead)`);
    zoneInputs = [builtinZones()];
    base = syntheticAisPoints(42_625, 3);
  }
  const engine = new Engine(zoneInputs);
  const lat = tile(base.lat, REPEAT);
  const lon = tile(base.lon, REPEAT);
  const n = lat.length;
  const all = threads();
  const want = hasAis ? SEED_COUNTS : histogram(engine.pipN(lat, lon, { backend: 'js' }), engine.zoneCount);

  // Slow rows run on a prefix (a whole number of copies of the sample); rows compare per point.
  const prefix = (copies: number) => ({ lat: lat.subarray(0, copies * base.lat.length), lon: lon.subarray(0, copies * base.lat.length) });
  const loopPoints = prefix(8);
  const typedPoints = prefix(32);
  const typedOut = new Int32Array(typedPoints.lat.length);
  const turfPoints = prefix(1);
  const turfZones = zoneInputs.flatMap((zone) => ('features' in zone ? (zone.features as object[]) : [zone]));

  const rows: Measurement[] = [];
  rows.push(
    await measure(
      'TS per-point loop (pip1)',
      () => {
        const out = new Int32Array(loopPoints.lat.length);
        for (let i = 0; i < out.length; i++) out[i] = engine.pip1(loopPoints.lat[i], loopPoints.lon[i]);
        return out;
      },
      { items: loopPoints.lat.length, runs: 5, note: `${loopPoints.lat.length.toLocaleString('en-US')} points` },
    ),
  );
  rows.push(
    // Into a reused result, as the wasm rows below: their 175 MB fresh result would fault in
    // ~43,000 pages per run (about 15 µs each on a virtual machine), while this row's 5 MB one
    // comes back from the allocator already mapped, so fresh results would not compare like for like.
    await measure('TS typed arrays (pipN, js)', () => engine.pipN(typedPoints.lat, typedPoints.lon, { backend: 'js', out: typedOut }), {
      items: typedPoints.lat.length,
      runs: 5,
      note: `${typedPoints.lat.length.toLocaleString('en-US')} points`,
    }),
  );
  let result: Int32Array = new Int32Array(0);
  rows.push(await measure('native 1 thread', () => (result = engine.pipN(lat, lon, { backend: 'native', threads: 1 })), { items: n, runs: 5, warmup: 1 }));
  check('native 1 thread', histogram(result, engine.zoneCount), want);
  // The same call filling one output reused over the runs (numpy's out=): no allocation, so no
  // page faults for the kernel's first writes to a fresh 4-bytes-per-point array.
  const reused = new Int32Array(n);
  rows.push(await measure('native 1 thread, out reused', () => engine.pipN(lat, lon, { backend: 'native', threads: 1, out: reused }), { items: n, runs: 5, warmup: 1 }));
  check('native 1 thread, out reused', histogram(reused, engine.zoneCount), want);
  rows.push(await measure(`native ${all} threads`, () => (result = engine.pipN(lat, lon, { backend: 'native', threads: all })), { items: n, runs: 7, warmup: 1 }));
  check(`native ${all} threads`, histogram(result, engine.zoneCount), want);
  // The wasm backend: sync on the calling thread, async (locate) on its worker pool; points copied in.
  const wasm = wasmUnavailableReason() === undefined;
  if (wasm) {
    rows.push(await measure('wasm 1 thread, out reused', () => engine.pipN(lat, lon, { backend: 'wasm', threads: 1, out: reused }), { items: n, runs: 5, warmup: 1 }));
    check('wasm 1 thread, out reused', histogram(reused, engine.zoneCount), want);
    rows.push(await measure(`wasm ${all} threads, out reused`, () => engine.locate({ lat, lon }, { backend: 'wasm', threads: all, out: reused }), { items: n, runs: 7, warmup: 1 }));
    check(`wasm ${all} threads, out reused`, histogram(reused, engine.zoneCount), want);
    rows.push(await measure(`wasm ${all} threads`, async () => (result = await engine.locate({ lat, lon }, { backend: 'wasm', threads: all })), { items: n, runs: 3, warmup: 1 }));
    check(`wasm ${all} threads`, histogram(result, engine.zoneCount), want);
  } else {
    console.log(`wasm rows skipped: ${wasmUnavailableReason()}`);
  }
  rows.push(
    await measure(
      '@turf/boolean-point-in-polygon',
      () => {
        const out = new Int32Array(turfPoints.lat.length).fill(-1);
        for (let i = 0; i < out.length; i++) {
          const point = [turfPoints.lon[i], turfPoints.lat[i]];
          for (let z = 0; z < turfZones.length; z++) {
            if (booleanPointInPolygon(point, turfZones[z] as never)) {
              out[i] = z;
              break;
            }
          }
        }
        return out;
      },
      { items: turfPoints.lat.length, runs: 3, warmup: 1, note: `${turfPoints.lat.length.toLocaleString('en-US')} points` },
    ),
  );
  const numpy = hasAis ? runPython<{ ms: number; points: number; counts: number[] }>('pip_numpy.py', [AIS.pathname, String(REPEAT), '3']) : null;
  if (numpy) {
    check('numpy', numpy.counts, want);
    rows.push(external('numpy (bbox prefilter + crossing)', numpy.ms, numpy.points));
  }
  // The limit of a pass over the points: reading their 16 bytes each at the machine's read floor.
  const floor = machineLimits().readFloor;
  for (const row of rows.filter((r) => r.label.startsWith('native'))) {
    row.note = ofLimit((16 * row.items) / (row.ms / 1e3), row.label.includes('1 thread') ? floor?.oneThread : floor?.allThreads, 'read floor for the points');
  }
  printTable(`pip, seed workload: ${n.toLocaleString('en-US')} points x ${engine.zoneCount} zones (counts checked: ${want.join(', ')})`, rows, 'TS per-point loop (pip1)', 'point');
  printCpu(rows.filter((r) => r.label.startsWith('native 1 thread')));

  const best = rows.find((r) => r.label === `native ${all} threads`)!;
  const seconds = best.ms / 1e3;
  target(`seed workload, native ${all} threads, seconds`, seconds, 0.2, false);
  if (numpy) target('speed-up of native all threads over numpy, same run', numpy.ms / best.ms, 10);
  else console.log('target SKIP: speed-up over numpy (numpy baseline not run)');
  target(`speed-up over the seed's threaded Rust figure (${SEED_RUST_THREADED_S} s)`, SEED_RUST_THREADED_S / seconds, 25);
  if (wasm) {
    const perPoint = (label: string) => rows.find((r) => r.label === label)!.ms / rows.find((r) => r.label === label)!.items;
    target(`wasm ${all} threads vs TS typed arrays, per point, results reused (x)`, perPoint('TS typed arrays (pipN, js)') / perPoint(`wasm ${all} threads, out reused`), 2);
  }
  return { seedWorkload: rows, hasAis };
}

async function manyZonesWorkload(): Promise<Record<string, unknown>> {
  const engine = new Engine(manyZones());
  const n = 10_000_000;
  const { lat, lon } = manyZonesPoints(n);
  const all = threads();
  const subset = { lat: lat.subarray(0, 1_000_000), lon: lon.subarray(0, 1_000_000) };
  const rows: Measurement[] = [];
  rows.push(await measure('TS typed arrays (pipN, js)', () => engine.pipN(subset.lat, subset.lon, { backend: 'js' }), { items: 1_000_000, runs: 3, warmup: 1, note: '1,000,000 points' }));
  const reference = engine.pipN(subset.lat, subset.lon, { backend: 'js' });
  let result: Int32Array = new Int32Array(0);
  rows.push(await measure('native 1 thread', () => (result = engine.pipN(lat, lon, { backend: 'native', threads: 1 })), { items: n, runs: 3, warmup: 1 }));
  rows.push(await measure(`native ${all} threads`, () => (result = engine.pipN(lat, lon, { backend: 'native', threads: all })), { items: n, runs: 5, warmup: 1 }));
  check('1,000 zones, native vs js on the first 1M points', histogram(result.subarray(0, 1_000_000), 1000), histogram(reference, 1000));
  const inside = n - histogram(result, 1000)[0];
  printTable(`pip, 1,000 zones, 1,000,000 vertices, ${n.toLocaleString('en-US')} points (${inside.toLocaleString('en-US')} inside a zone)`, rows, 'TS typed arrays (pipN, js)', 'point');
  const best = rows.find((r) => r.label === `native ${all} threads`)!;
  printCpu(rows.filter((r) => r.label.startsWith('native')));
  target(`1,000 zones, native ${all} threads, M points/s`, n / best.ms / 1e3, 50);
  const units = unitRows(engine, lat, lon);
  return { manyZones: rows, manyZonesPerUnit: units };
}

/** The 1,000-zone table on one thread for every vector unit the CPU has, alternated in this process, by CPU time; same answers checked. */
function unitRows(engine: Engine, lat: Float64Array, lon: Float64Array): UnitResult[] {
  const results = alternateUnits({ label: '1,000 zones', engine, lat, lon }, 7);
  if (results.length === 0) return [];
  startTable();
  const rows: Measurement[] = results.map((r) => ({
    label: `native 1 thread, ${r.unit}`,
    ms: r.cpuMs,
    runs: r.cpu,
    items: r.points,
    note: `${r.pairedRatio.toFixed(2)}x ${results[0].unit}'s time, round by round`,
  }));
  printTable(`pip, 1,000 zones, ${lat.length.toLocaleString('en-US')} points, native 1 thread per vector unit, alternated in one process: CPU time per run (same zones found on every unit)`, rows, rows[0].label, 'point');
  return results;
}

export async function run(): Promise<void> {
  console.log(describeLimits(machineLimits()));
  const seed = await seedWorkload();
  const many = await manyZonesWorkload();
  saveResults('pip', { ...seed, ...many });
}
