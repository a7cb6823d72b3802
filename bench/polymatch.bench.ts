/**
 * polymatch (seed 001): the seed's ladder on its example (1,000 polygons of 10 vertices, 100 points,
 * maxDist 10), from the seed's own numpy program to hotloop's native batch, then the same workload
 * scaled to 1,000,000 polygons and 1,000,000 points at the seed's density.
 */
import os from 'node:os';
import {
  type Point,
  findClosePolygons,
  generateExample,
  generateExampleSet,
  main,
  matchPoints,
  matchPointsSync,
  Polygon,
  PolygonSet,
  selectBestPolygon,
} from '../src/index.js';
import { wasmUnavailableReason } from '../src/backend.js';
import { external, measure, printTable, ratio, runPython, saveResults, target, type Measurement } from './harness.js';

interface PythonResult {
  v1_ms: number;
  vectorised_ms: number;
  v1: number[];
  vectorised: number[];
  numpy: string;
}

/** The seed's main, spelled as the seed does: findClosePolygons per point, then selectBestPolygon. */
function seedMain(polygons: Polygon[], points: Array<[number, number]>, maxDist: number, backend: 'js' | 'native'): Array<[Point, Polygon]> {
  const sets = points.map((p) => [p, findClosePolygons(polygons, p, maxDist, { backend })] as const).filter(([, close]) => close.length > 0);
  return selectBestPolygon(sets);
}

function indicesOf(matches: Array<[Point, Polygon]>, polygons: Polygon[], points: Point[]): Int32Array {
  const out = new Int32Array(points.length).fill(-1);
  for (const [point, poly] of matches) out[points.indexOf(point)] = polygons.indexOf(poly);
  return out;
}

function same(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  return a.length === b.length && Array.from(a).every((v, i) => v === b[i]);
}

async function seedTable(): Promise<{ rows: Measurement[]; pass: boolean }> {
  const { polygons, points, maxDist } = generateExample();
  const set = PolygonSet.fromPolygons(polygons);
  const flat = new Float64Array(points.flat());
  const n = points.length;
  const all = os.availableParallelism();
  const rows: Measurement[] = [];
  const python = runPython<PythonResult>('polymatch_seed.py', ['--runs', '5']);
  if (python) {
    rows.push(external('Python v1 (the seed, numpy)', python.v1_ms, n, `numpy ${python.numpy}`));
    rows.push(external('numpy fully vectorised', python.vectorised_ms, n));
  }
  const expected = matchPointsSync(set, flat, { maxDist, backend: 'js' });
  const runs = { items: n, runs: 9, warmup: 3 };
  rows.push(await measure('TS naive (objects, seed main)', () => seedMain(polygons, points, maxDist, 'js'), runs));
  rows.push(await measure('TS typed arrays (PolygonSet + grid)', () => matchPointsSync(set, flat, { maxDist, backend: 'js' }), runs));
  rows.push(await measure('native per call (seed v3 shape)', () => seedMain(polygons, points, maxDist, 'native'), runs));
  rows.push(await measure('main() native batch + grid, 1 thread', () => main(polygons, points, maxDist, { threads: 1 }), { ...runs, runs: 51, warmup: 20 }));
  rows.push(await measure(`main() native batch + grid, ${all} threads`, () => main(polygons, points, maxDist), { ...runs, runs: 51, warmup: 20 }));
  printTable('seed example: 1,000 polygons x 100 points, maxDist 10 (per item = per point)', rows, rows[0].label, 'point');

  // Checks outside the timers: every hotloop path picks the same polygons.
  const paths = [
    indicesOf(seedMain(polygons, points, maxDist, 'js'), polygons, points),
    indicesOf(seedMain(polygons, points, maxDist, 'native'), polygons, points),
    indicesOf(main(polygons, points, maxDist), polygons, points),
  ];
  console.log(`hotloop paths agree: ${paths.every((p) => same(p, expected))}`);
  if (python) {
    const agree = python.v1.filter((v, i) => v === expected[i]).length;
    const matched = python.v1.filter((v, i) => (v < 0) === (expected[i] < 0)).length;
    console.log(
      `numpy v1 agrees on ${agree}/${n} winners and ${matched}/${n} matched-or-not: every polygon has the same true area, ` +
        'so rounding picks the winner and np.dot sums in another order than the spec',
    );
  }
  const pass = python
    ? target('main() all threads vs the seed Python v1, speed-up', ratio(rows, rows[rows.length - 1].label, rows[0].label), 1000)
    : true;
  return { rows, pass };
}

async function scaleTable(): Promise<{ rows: Measurement[]; pass: boolean }> {
  // The seed's density (0.1 polygon per unit square) on a wider span: ~31 close polygons per point.
  const { polygons, points, maxDist } = generateExampleSet({ polygons: 1_000_000, points: 1_000_000, span: 3163, seed: 2 });
  const m = points.length / 2;
  const all = os.availableParallelism();
  const rows: Measurement[] = [];
  rows.push(await measure('TS typed arrays (PolygonSet + grid)', () => matchPointsSync(polygons, points, { maxDist, backend: 'js' }), { items: m, runs: 3, warmup: 1 }));
  rows.push(await measure('native batch + grid, 1 thread', () => matchPointsSync(polygons, points, { maxDist, threads: 1 }), { items: m, runs: 5, warmup: 1 }));
  rows.push(await measure(`native batch + grid, ${all} threads`, () => matchPointsSync(polygons, points, { maxDist }), { items: m, runs: 5, warmup: 1 }));
  const wasm = wasmUnavailableReason() === undefined;
  if (wasm) {
    // Sync on the calling thread; async in four calls of the pool (grid shape, cells, gathers, matching).
    rows.push(await measure('wasm batch + grid, 1 thread', () => matchPointsSync(polygons, points, { maxDist, backend: 'wasm' }), { items: m, runs: 5, warmup: 1 }));
    rows.push(await measure(`wasm batch + grid, ${all} threads`, () => matchPoints(polygons, points, { maxDist, backend: 'wasm', threads: all }), { items: m, runs: 5, warmup: 1 }));
  }
  // The seed's object API at this scale: 1M Polygon objects, packed by matchPoints on each call.
  const objects: Polygon[] = [];
  const build = await measure('build 1M Polygon objects (not a match)', () => {
    objects.length = 0;
    for (let i = 0; i < polygons.length; i++) {
      const ring = polygons.offsets.subarray(i, i + 2);
      objects.push(new Polygon(polygons.x.subarray(ring[0], ring[1]), polygons.y.subarray(ring[0], ring[1])));
    }
  }, { items: polygons.length, runs: 3, warmup: 0 });
  const objectsLabel = `native batch + grid, ${all} threads, Polygon objects`;
  rows.push(await measure(objectsLabel, () => matchPointsSync(objects, points, { maxDist }), { items: m, runs: 5, warmup: 1 }));
  printTable('scaled: 1,000,000 polygons x 1,000,000 points, maxDist 10 (per item = per point)', rows, rows[0].label, 'point');
  console.log(`building the 1M Polygon objects: ${build.ms.toFixed(0)} ms (${(build.ms * 1e3 / polygons.length).toFixed(2)} µs per polygon, CPU ${build.cpuMs?.toFixed(0) ?? '?'} ms); PolygonSet.fromArrays builds no objects`);
  target('Polygon objects vs PolygonSet, all threads, time ratio (packing included)', ratio(rows, `native batch + grid, ${all} threads`, objectsLabel), 1.5, false);
  const sameOnObjects = same(matchPointsSync(objects, points, { maxDist }), matchPointsSync(polygons, points, { maxDist }));
  console.log(`Polygon objects and PolygonSet agree: ${sameOnObjects}`);
  console.log('(TS naive and numpy rows omitted: scanning every polygon per point is 10^12 distance tests)');
  const js = matchPointsSync(polygons, points, { maxDist, backend: 'js' });
  const native = matchPointsSync(polygons, points, { maxDist });
  console.log(`js and native agree on all ${m.toLocaleString('en-US')} points: ${same(js, native)}; matched ${native.filter((v) => v >= 0).length.toLocaleString('en-US')}`);
  if (wasm) {
    console.log(`js and wasm agree on all points: ${same(js, matchPointsSync(polygons, points, { maxDist, backend: 'wasm' }))}`);
    target(`wasm on ${all} threads vs TypeScript, per point (x)`, ratio(rows, `wasm batch + grid, ${all} threads`, 'TS typed arrays (PolygonSet + grid)'), 2);
  }
  const pass = target(`1M x 1M with ${all} threads, ms`, rows.find((r) => r.label === `native batch + grid, ${all} threads`)!.ms, 1000, false);
  return { rows, pass };
}

export async function run(): Promise<void> {
  const seed = await seedTable();
  const scaled = await scaleTable();
  saveResults('polymatch', { seedExample: seed.rows, scaled: scaled.rows, targets: { seed1000x: seed.pass, scaledUnder1s: scaled.pass } });
}
