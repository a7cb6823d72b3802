/**
 * polymatch: PolygonSet.fromArrays and matchPoints/matchPointsSync on every backend give the same
 * bits, and the answer is the spec's, computed by brute force over every polygon (the first close
 * polygon unless a later one has a strictly smaller area; close: sqrt(dx*dx + dy*dy) < maxDist),
 * whatever the scale of the coordinates and of maxDist (the grid must never lose a candidate);
 * findClosePolygons and main agree with it; bad input is a TypeError or RangeError.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Polygon, PolygonSet, findClosePolygons, main, matchPoints, matchPointsSync, selectBestPolygon } from '../../src/index.js';
import { agreeOnEveryBackend, assertUsageError, eachBackend, type Options } from './backends.js';
import { type Property, property } from './harness.js';
import { anyMagnitude, finiteDouble, firstDifference, sameFloats, size, tiled } from './values.js';

interface Input {
  x: number[];
  y: number[];
  offsets: number[];
  points: Float64Array;
  maxDist: number;
}

/** A scale for a case: coordinates, offsets and distances share it, so that matches happen at every magnitude. */
const scale = fc.oneof(fc.constant(1), anyMagnitude(-1074, 1000).map(Math.abs));

/** Rings of 3 to 8 vertices around a center: ordinary, zero-area (collinear), with repeated vertices, or a spike. */
function ring(unit: number): fc.Arbitrary<[number[], number[]]> {
  const coordinate = fc.oneof({ weight: 4, arbitrary: fc.double({ min: -100, max: 100, noNaN: true }).map((v) => v * unit) }, { weight: 1, arbitrary: finiteDouble() });
  return fc
    .tuple(fc.integer({ min: 3, max: 8 }), coordinate, coordinate, fc.constantFrom('plain', 'collinear', 'repeated', 'spike'))
    .chain(([n, cx, cy, kind]) =>
      fc.array(fc.tuple(fc.double({ min: -10, max: 10, noNaN: true }), fc.double({ min: -10, max: 10, noNaN: true })), { minLength: n, maxLength: n }).map((offsets): [number[], number[]] => {
        let xs = offsets.map(([dx]) => cx + dx * unit);
        let ys = offsets.map(([dx, dy]) => cy + (kind === 'collinear' ? 2 * dx : dy) * unit);
        if (kind === 'repeated') [xs, ys] = [xs.map((v, i) => xs[i - (i % 2)] ?? v), ys.map((v, i) => ys[i - (i % 2)] ?? v)];
        if (kind === 'spike') [xs[1], ys[1]] = [xs[0] + 1e6 * unit, ys[0]];
        return [xs, ys];
      }));
}

const input: fc.Arbitrary<Input> = scale.chain((unit) =>
  fc
    .tuple(size(30).chain((n) => fc.array(ring(unit), { minLength: n, maxLength: n })), size(60),
      fc.oneof(fc.double({ min: 0.01, max: 50, noNaN: true }).map((d) => d * unit), anyMagnitude(-1074, 1023).map(Math.abs),
        fc.constantFrom(Number.MIN_VALUE, Number.MAX_VALUE)).filter((d) => d > 0 && Number.isFinite(d)))
    .chain(([rings, m, maxDist]) => {
      const x = rings.flatMap(([xs]) => xs);
      const y = rings.flatMap(([, ys]) => ys);
      const offsets = [0];
      for (const [xs] of rings) offsets.push(offsets[offsets.length - 1] + xs.length);
      // Points near the vertices (so within maxDist of some center), and anywhere.
      const near = fc.tuple(fc.nat(Math.max(0, x.length - 1)), fc.double({ min: -20, max: 20, noNaN: true }), fc.double({ min: -20, max: 20, noNaN: true }))
        .map(([v, dx, dy]) => (x.length ? [x[v] + dx * unit, y[v] + dy * unit] : [dx, dy]));
      const point = fc.oneof({ weight: 3, arbitrary: near }, { weight: 1, arbitrary: fc.tuple(finiteDouble(), finiteDouble()) })
        .filter(([px, py]) => Number.isFinite(px) && Number.isFinite(py));
      return fc.array(point, { minLength: m, maxLength: m }).map((pts): Input => ({ x, y, offsets, points: Float64Array.from(pts.flat()), maxDist }));
    }),
);

function sameInts(a: Int32Array, b: Int32Array): string | undefined {
  const i = firstDifference(a, b);
  return i < 0 ? undefined : `point ${i}: ${a[i]} vs ${b[i]}`;
}

/** The set on every backend: the same centers and areas, or the same kind of error everywhere. Undefined when refused. */
async function packEverywhere(inp: Input): Promise<PolygonSet | undefined> {
  let set: PolygonSet | undefined;
  try {
    set = PolygonSet.fromArrays(inp.x, inp.y, inp.offsets, { backend: 'js' });
  } catch {
    set = undefined;
  }
  for (const b of eachBackend()) {
    if (!set) {
      await assertUsageError(`PolygonSet.fromArrays on ${b.name}`, () => PolygonSet.fromArrays(inp.x, inp.y, inp.offsets, b.options));
      continue;
    }
    const other = PolygonSet.fromArrays(inp.x, inp.y, inp.offsets, b.options);
    assert.ok(sameFloats(other.centers, set.centers) && sameFloats(other.areas, set.areas), `PolygonSet.fromArrays on ${b.name}: centers or areas differ from js`);
  }
  return set;
}

/** The spec's "close": sqrt(dx*dx + dy*dy) < maxDist. */
function isClose(p: readonly [number, number], q: Polygon, maxDist: number): boolean {
  const dx = p[0] - q.center[0];
  const dy = p[1] - q.center[1];
  return Math.sqrt(dx * dx + dy * dy) < maxDist;
}

/** The spec, polygon by polygon. */
function bruteForce(set: PolygonSet, points: Float64Array, maxDist: number): Int32Array {
  const out = new Int32Array(points.length / 2).fill(-1);
  for (let i = 0; i < out.length; i++) {
    for (let k = 0; k < set.length; k++) {
      const dx = points[2 * i] - set.centers[2 * k];
      const dy = points[2 * i + 1] - set.centers[2 * k + 1];
      if (!(Math.sqrt(dx * dx + dy * dy) < maxDist)) continue;
      if (out[i] < 0 || set.areas[k] < set.areas[out[i]]) out[i] = k;
    }
  }
  return out;
}

async function matchEverywhere(set: PolygonSet, points: Float64Array, maxDist: number): Promise<Int32Array> {
  const run = (o: Options) => matchPointsSync(set, points, { ...o, maxDist });
  const got = await agreeOnEveryBackend('matchPointsSync', run, sameInts);
  await agreeOnEveryBackend('matchPoints', (o) => matchPoints(set, points, { ...o, maxDist }), (_, b) => sameInts(got, b));
  return got;
}

export const properties: Property<unknown>[] = [
  property('matchPoints (sync and async) agrees on every backend and with a brute-force scan', 60, input, async (inp) => {
    const set = await packEverywhere(inp);
    if (!set) return;
    const got = await matchEverywhere(set, inp.points, inp.maxDist);
    assert.equal(sameInts(got, bruteForce(set, inp.points, inp.maxDist)), undefined, `maxDist ${inp.maxDist}: the brute-force scan disagrees`);
  }),

  property("the seed's API: findClosePolygons, selectBestPolygon and main agree with the scan on every backend", 30, input, async (inp) => {
    const set = await packEverywhere(inp);
    if (!set || set.length === 0) return;
    const polygons = Array.from({ length: set.length }, (_, i) => set.polygon(i));
    const best = bruteForce(set, inp.points, inp.maxDist);
    const points = Array.from({ length: best.length }, (_, i) => [inp.points[2 * i], inp.points[2 * i + 1]] as [number, number]);
    for (const b of eachBackend()) {
      const pairs = main(polygons, points, inp.maxDist, b.options);
      const expected = points.flatMap((p, i) => (best[i] >= 0 ? [[p, polygons[best[i]]]] : []));
      assert.deepEqual(pairs.map(([p, q]) => [p, polygons.indexOf(q)]), expected.map(([p, q]) => [p, polygons.indexOf(q as Polygon)]), `main on ${b.name}`);
      for (const p of points.slice(0, 5)) {
        const close = findClosePolygons(polygons, p, inp.maxDist, b.options).map((q) => polygons.indexOf(q));
        const scan = polygons.flatMap((q, k) => (isClose(p, q, inp.maxDist) ? [k] : []));
        assert.deepEqual(close, scan, `findClosePolygons on ${b.name} at [${p}]`);
      }
    }
    // selectBestPolygon over each point's close polygons picks the batch's answer.
    const pairs = points.flatMap((p, i) => (best[i] >= 0 ? [[p, polygons.filter((q) => isClose(p, q, inp.maxDist))] as const] : []));
    const chosen = selectBestPolygon(pairs).map(([, q]) => polygons.indexOf(q));
    assert.deepEqual(chosen, Array.from(best).filter((k) => k >= 0), 'selectBestPolygon');
  }),

  property('many polygons and points (past the grid and point grains) agree on every backend', 3,
    // maxDist at least 2^-1000: below that 1/cell size overflows and both grids (correctly) degrade to
    // one cell, which makes 24000 points x 24000 polygons a full scan: seconds, not a bug.
    fc.tuple(input.filter((i) => i.offsets.length > 1 && i.points.length > 0 && i.maxDist >= 2 ** -1000), fc.integer({ min: 16385, max: 24000 })),
    async ([inp, n]) => {
      const set = await packEverywhere(inp);
      if (!set) return;
      // Copies of the polygons and points shifted apart along x (far enough never to be absorbed by
      // rounding), so the grid has many occupied cells and each point a few candidates.
      const copies = Math.ceil(n / set.length);
      const reach = Math.max(...Array.from(set.x, Math.abs));
      const spread = 4 * (reach + inp.maxDist);
      const x = Array.from({ length: copies }, (_, c) => Array.from(set.x, (v) => v + c * spread)).flat();
      const offsets = Array.from({ length: copies * set.length + 1 }, (_, i) => Math.floor(i / set.length) * set.x.length + set.offsets[i % set.length]);
      offsets[offsets.length - 1] = x.length;
      const points = tiled(inp.points, 2 * n).map((v, i) => (i % 2 === 0 ? v + Math.floor(i / inp.points.length) * spread : v));
      let big: PolygonSet;
      try {
        big = PolygonSet.fromArrays(x, tiled(set.y, x.length), offsets, { backend: 'js' });
      } catch {
        return; // shifted coordinates overflowed: the plain case above covers refusals
      }
      if (points.every(Number.isFinite)) await matchEverywhere(big, points, inp.maxDist);
    }),

  property('bad input is a TypeError or RangeError on every backend, sync and async', 60,
    fc.record({
      x: fc.oneof(fc.constant([0, 1, 0]), fc.constant([0, 1, NaN]), fc.constant([0, Infinity, 0]), fc.constant([1e308, 1.7e308, 1.7e308]), fc.anything()),
      offsets: fc.oneof(fc.constant([0, 3]), fc.constant([0, 2]), fc.constant([1, 3]), fc.constant([0, 3, 3]), fc.constant([0, 4]), fc.anything()),
      points: fc.oneof(fc.constant(new Float64Array([0, 0])), fc.constant(new Float64Array([0])), fc.constant(new Float64Array([0, NaN])), fc.constant([[0, Infinity]]), fc.anything()),
      maxDist: fc.oneof(fc.constant(10), fc.constantFrom(0, -1, NaN, Infinity, -0), fc.anything()),
    }),
    async ({ x, offsets, points, maxDist }) => {
      let set: PolygonSet | undefined;
      try {
        set = PolygonSet.fromArrays(x as number[], [0, 0, 1], offsets as number[], { backend: 'js' });
      } catch {
        for (const b of eachBackend()) await assertUsageError(`PolygonSet.fromArrays on ${b.name}`, () => PolygonSet.fromArrays(x as number[], [0, 0, 1], offsets as number[], b.options));
        return;
      }
      let expected: Int32Array | undefined;
      try {
        expected = matchPointsSync(set, points as Float64Array, { backend: 'js', maxDist: maxDist as number });
      } catch {
        expected = undefined;
      }
      for (const b of eachBackend()) {
        const options = { ...b.options, maxDist: maxDist as number };
        if (expected) {
          assert.equal(sameInts(expected, matchPointsSync(set, points as Float64Array, options)), undefined, `matchPointsSync on ${b.name}`);
          assert.equal(sameInts(expected, await matchPoints(set, points as Float64Array, options)), undefined, `matchPoints on ${b.name}`);
        } else {
          await assertUsageError(`matchPointsSync on ${b.name}`, () => matchPointsSync(set, points as Float64Array, options));
          await assertUsageError(`matchPoints on ${b.name}`, () => matchPoints(set, points as Float64Array, options));
        }
      }
    }),
];
