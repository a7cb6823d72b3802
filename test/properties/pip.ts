/**
 * pip: on every backend, in every boundary mode, pipN/locate/pipAll/count (sync and async) agree
 * with the reference and with each other (pip1 is locate's answer, pipAll's first zone is locate's,
 * count tallies locate, pipAll lists exactly the zones a one-zone engine says contain the point);
 * 'inside'/'outside' are exact (an exact-arithmetic oracle); on a partition of a rectangle into
 * triangles every interior point, shared edges and vertices included, is in exactly one zone under
 * the half-open rule. Zones are drawn at every scale down to subnormal coordinates, with degenerate
 * rings (zero area, repeated vertices, spikes, collinear runs) and holes.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Engine } from '../../src/index.js';
import type { Boundary } from '../../src/index.js';
import { agreeOnEveryBackend, assertUsageError, eachBackend } from './backends.js';
import { type Property, property } from './harness.js';
import { type Ring, type Zone, exactContains, exactZones } from './pip-oracle.js';
import { anyDouble, anyMagnitude, firstDifference, tiled } from './values.js';

const MODES: Boundary[] = ['half-open', 'inside', 'outside'];
const SPAN = 2 ** 19; // lattice coordinates stay within +-SPAN, so with 2^k <= 2^-14 every position is within lon/lat range

interface Scene {
  /** Coordinates are lattice integers times 2^k. */
  k: number;
  zones: Zone[];
  points: number[][];
  /** For partitions: the rectangle [x0, x1] x [y0, y1] the zones tile, in lattice units. */
  tiles?: [number, number, number, number];
}

/** The lattice scale: ordinary degrees most of the time, anything down to the smallest subnormal. */
const exponent = fc.oneof({ weight: 2, arbitrary: fc.integer({ min: -24, max: -14 }) }, { weight: 3, arbitrary: fc.integer({ min: -1074, max: -14 }) });

const latticeInt = (span: number) => fc.integer({ min: -span, max: span });

function gcd(a: number, b: number): number {
  a = Math.abs(a);
  b = Math.abs(b);
  while (b) [a, b] = [b, a % b];
  return a;
}

/** Lattice points strictly inside segment a-b (where the lattice has any). */
function onSegment(a: number[], b: number[], count: number): number[][] {
  const g = gcd(b[0] - a[0], b[1] - a[1]);
  const out: number[][] = [];
  for (let j = 1; j < g && out.length < count; j += Math.max(1, Math.floor(g / (count + 1)))) {
    out.push([a[0] + ((b[0] - a[0]) / g) * j, a[1] + ((b[1] - a[1]) / g) * j]);
  }
  return out;
}

/** A star-shaped ring around (cx, cy), as open lattice positions, then one of the degenerate variants. */
function latticeRing(cx: number, cy: number, radius: number): fc.Arbitrary<number[][]> {
  return fc
    .tuple(fc.integer({ min: 3, max: 9 }), fc.constantFrom('star', 'rect', 'repeated', 'spike', 'collinear', 'flat'), fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 18, maxLength: 18 }))
    .map(([n, kind, u]) => {
      const r = Math.max(1, radius);
      if (kind === 'rect') return [[cx - r, cy - Math.ceil(r * u[0])], [cx + r, cy - Math.ceil(r * u[0])], [cx + r, cy + r], [cx - r, cy + r]];
      if (kind === 'flat') {
        const d = [Math.round(r * u[0]) + 1, Math.round(r * u[1] - r / 2)];
        return Array.from({ length: n }, (_, j) => [cx + d[0] * (j % 3), cy + d[1] * (j % 3)]);
      }
      const angles = u.slice(0, n).map((t, j) => (2 * Math.PI * (j + t * 0.9)) / n);
      let ring = angles.map((t, j) => [cx + Math.round(r * (0.3 + 0.7 * u[9 + j]) * Math.cos(t)), cy + Math.round(r * (0.3 + 0.7 * u[9 + j]) * Math.sin(t))]);
      if (kind === 'repeated') ring = ring.flatMap((p, j) => (j % 2 ? [p, p] : [p]));
      if (kind === 'spike') ring = [...ring.slice(0, 2), [ring[1][0] + 2 * r, ring[1][1]], ...ring.slice(1)];
      if (kind === 'collinear') ring = ring.flatMap((p, j) => [p, ...onSegment(p, ring[(j + 1) % ring.length], 2)]);
      return ring;
    });
}

/** A polygon: a ring, or an outer ring with a hole kept well inside it (evenly spread vertices at 3x the hole's radius). */
function latticePolygon(): fc.Arbitrary<number[][][]> {
  return fc.tuple(latticeInt(SPAN / 2), latticeInt(SPAN / 2), fc.integer({ min: 1, max: SPAN / 4 }), fc.boolean()).chain(([cx, cy, radius, hole]) => {
    if (!hole || radius < 8) return latticeRing(cx, cy, radius).map((ring) => [ring]);
    const h = Math.floor(radius / 4);
    const outer = fc.tuple(fc.integer({ min: 4, max: 8 }), fc.array(fc.double({ min: 0, max: 0.25, noNaN: true }), { minLength: 8, maxLength: 8 }))
      .map(([n, jitter]) => Array.from({ length: n }, (_, j) => {
        const t = (2 * Math.PI * (j + jitter[j])) / n;
        return [cx + Math.round(3 * h * 1.05 * Math.cos(t) / Math.cos(Math.PI * 0.625)), cy + Math.round(3 * h * 1.05 * Math.sin(t) / Math.cos(Math.PI * 0.625))];
      }));
    return fc.tuple(outer, latticeRing(cx, cy, h)).map(([o, inner]) => [o, inner.reverse()]);
  });
}

const closed = (ring: number[][]): Ring => [...ring, ring[0]];

/** Lattice test points: every vertex, points on edges, rays through vertices, anywhere in the box. */
function latticePoints(rings: number[][][], extra: number): fc.Arbitrary<number[][]> {
  const vertices = rings.flat(1);
  const edges = rings.flatMap((ring) => ring.map((p, j) => [p, ring[(j + 1) % ring.length]]));
  const onEdges = edges.flatMap(([a, b]) => onSegment(a, b, 1));
  const midpoints = edges.map(([a, b]) => [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2]);
  const xs = vertices.map((p) => p[0]);
  const ys = vertices.map((p) => p[1]);
  const [x0, x1, y0, y1] = [Math.min(...xs) - 2, Math.max(...xs) + 2, Math.min(...ys) - 2, Math.max(...ys) + 2];
  const anywhere = fc.tuple(fc.integer({ min: x0, max: x1 }), fc.integer({ min: y0, max: y1 }));
  const onRay = fc.tuple(fc.integer({ min: x0, max: x1 }), fc.constantFrom(...ys)).map(([x, y]) => [x, y]);
  return fc.array(fc.oneof(anywhere, onRay), { minLength: extra, maxLength: extra }).map((more) => [...vertices, ...onEdges, ...midpoints, ...more]);
}

const scene: fc.Arbitrary<Scene> = fc
  .tuple(exponent, fc.array(fc.array(latticePolygon(), { minLength: 1, maxLength: 2 }), { minLength: 1, maxLength: 4 }), fc.integer({ min: 0, max: 40 }))
  .chain(([k, zones, extra]) => latticePoints(zones.flat(2), extra).map((points): Scene => ({ k, zones: zones.map((z) => z.map((p) => p.map(closed))), points })));

/** A rectangle tiled by triangles (a jittered grid, each cell cut along a random diagonal): every triangle a zone. */
const partition: fc.Arbitrary<Scene> = fc
  .tuple(exponent, fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 8, max: SPAN / 4 }), latticeInt(SPAN / 4), latticeInt(SPAN / 4))
  .chain(([k, m, q, cell, ox, oy]) =>
    fc.tuple(fc.array(fc.tuple(fc.double({ min: -0.24, max: 0.24, noNaN: true }), fc.double({ min: -0.24, max: 0.24, noNaN: true })), { minLength: 16, maxLength: 16 }),
      fc.array(fc.boolean(), { minLength: 9, maxLength: 9 }), fc.integer({ min: 0, max: 30 }))
      .chain(([jitter, diagonals, extra]) => {
        const vertex = (i: number, j: number) => {
          const interior = i > 0 && i < m && j > 0 && j < q;
          const [jx, jy] = interior ? jitter[i * 4 + j] : [0, 0];
          return [ox + i * cell + Math.round(jx * cell), oy + j * cell + Math.round(jy * cell)];
        };
        const triangles: number[][][] = [];
        for (let i = 0; i < m; i++) {
          for (let j = 0; j < q; j++) {
            const [a, b, c, d] = [vertex(i, j), vertex(i + 1, j), vertex(i + 1, j + 1), vertex(i, j + 1)];
            if (diagonals[i * 3 + j]) triangles.push([a, b, c], [a, c, d]);
            else triangles.push([a, b, d], [b, c, d]);
          }
        }
        return latticePoints(triangles, extra).map((points): Scene => ({
          k, points, zones: triangles.map((t) => [[closed(t)]]), tiles: [ox, ox + m * cell, oy, oy + q * cell],
        }));
      }));

/** GeoJSON zones and points in degrees: lattice times 2^k (exact: the lattice fits in 53 bits). */
function realise(s: Scene): { geojson: object[]; zones: Zone[]; lon: Float64Array; lat: Float64Array } {
  const unit = 2 ** s.k;
  const zones = s.zones.map((zone) => zone.map((polygon) => polygon.map((ring) => ring.map(([x, y]) => [x * unit, y * unit]))));
  const geojson = zones.map((zone) => (zone.length === 1 ? { type: 'Polygon', coordinates: zone[0] } : { type: 'MultiPolygon', coordinates: zone }));
  const specials = [[NaN, 0], [0, NaN], [Infinity, 0], [-Infinity, -Infinity], [0, -0], [-0, 0], [Number.MIN_VALUE, -Number.MIN_VALUE], [1e300, 1e300], [-500, 10]];
  const points = [...s.points.map(([x, y]) => [x * unit, y * unit]), ...specials];
  return { geojson, zones, lon: Float64Array.from(points, (p) => p[0]), lat: Float64Array.from(points, (p) => p[1]) };
}

function sameInts(a: ArrayLike<number>, b: ArrayLike<number>): string | undefined {
  const i = firstDifference(a, b);
  return i < 0 ? undefined : `[${i}]: ${a[i]} vs ${b[i]}`;
}

/** Every public batch call of an engine, with the backend and threads of `options`. */
async function everyCall(engine: Engine, options: object, lon: Float64Array, lat: Float64Array) {
  const points = { lon, lat };
  return {
    pipN: engine.pipN(lat, lon, options),
    locateSync: engine.locateSync(points, options),
    locate: await engine.locate(points, options),
    pipAllSync: engine.pipAllSync(points, options),
    pipAll: await engine.pipAll(points, options),
    countSync: engine.countSync(points, options),
    count: await engine.count(points, options),
  };
}
type Calls = Awaited<ReturnType<typeof everyCall>>;

function sameCalls(a: Calls, b: Calls): string | undefined {
  for (const key of ['pipN', 'locateSync', 'locate'] as const) {
    const d = sameInts(a[key], b[key]);
    if (d) return `${key}${d}`;
  }
  for (const key of ['pipAllSync', 'pipAll'] as const) {
    const d = sameInts(a[key].offsets, b[key].offsets) ?? sameInts(a[key].zones, b[key].zones);
    if (d) return `${key}${d}`;
  }
  for (const key of ['countSync', 'count'] as const) {
    const d = sameInts([...a[key].counts, a[key].none], [...b[key].counts, b[key].none]);
    if (d) return `${key}${d}`;
  }
  return undefined;
}

/** The calls of one backend agree with each other (and with pip1). */
function assertConsistent(engine: Engine, c: Calls, lon: Float64Array, lat: Float64Array): void {
  const boundary = engine.boundary;
  for (const key of ['locateSync', 'locate'] as const) assert.equal(sameInts(c.pipN, c[key]), undefined, `${boundary}: pipN vs ${key}`);
  for (const key of ['pipAllSync', 'pipAll', 'countSync', 'count'] as const) assert.deepEqual(c[key], c[key.replace('Sync', '') as 'pipAll'], `${boundary}: ${key}`);
  const { offsets, zones } = c.pipAll;
  const tally = new Array(engine.zoneCount).fill(0);
  let none = 0;
  for (let i = 0; i < lon.length; i++) {
    const single = engine.pip1(lat[i], lon[i]);
    assert.ok(Number.isInteger(single) && single === c.pipN[i], `${boundary}: pip1(${lat[i]}, ${lon[i]}) = ${single} but pipN says ${c.pipN[i]}`);
    const all = Array.from(zones.subarray(offsets[i], offsets[i + 1]));
    assert.ok(all.every((z, j) => j === 0 || all[j - 1] < z), `${boundary}: pipAll of point ${i} not ascending: ${all}`);
    assert.equal(all.length ? all[0] : -1, c.pipN[i], `${boundary}: point ${i} (${lon[i]}, ${lat[i]}): pipAll ${all} but locate ${c.pipN[i]}`);
    if (c.pipN[i] < 0) none++;
    else tally[c.pipN[i]]++;
  }
  assert.deepEqual(c.count, { counts: tally, none }, `${boundary}: count is not locate's tally`);
}

/** Zone z is among a point's matches exactly when an engine of zone z alone contains the point. */
function assertPerZone(geojson: object[], boundary: Boundary, c: Calls, lon: Float64Array, lat: Float64Array): void {
  const { offsets, zones } = c.pipAll;
  geojson.forEach((zone, z) => {
    const alone = new Engine(zone, { boundary, backend: 'js' }).locateSync({ lon, lat });
    for (let i = 0; i < lon.length; i++) {
      const listed = zones.subarray(offsets[i], offsets[i + 1]).includes(z);
      assert.equal(listed, alone[i] === 0, `${boundary}: point ${i} (${lon[i]}, ${lat[i]}): zone ${z} ${listed ? 'listed' : 'not listed'} by pipAll, but alone it says ${alone[i]}`);
    }
  });
}

async function checkScene(s: Scene): Promise<void> {
  const { geojson, zones, lon, lat } = realise(s);
  const exact = exactZones(zones);
  for (const boundary of MODES) {
    const engine = new Engine(geojson, { boundary });
    const c = await agreeOnEveryBackend(`pip (${boundary})`, (o) => everyCall(engine, o, lon, lat), sameCalls);
    assertConsistent(engine, c, lon, lat);
    assertPerZone(geojson, boundary, c, lon, lat);
    if (boundary !== 'half-open') {
      for (let i = 0; i < lon.length; i++) {
        const all = c.pipAll.zones.subarray(c.pipAll.offsets[i], c.pipAll.offsets[i + 1]);
        exact.forEach((zone, z) => {
          const truth = exactContains(zone, lon[i], lat[i], boundary);
          assert.equal(all.includes(z), truth, `${boundary}: point ${i} (${lon[i]}, ${lat[i]}) is ${truth ? '' : 'not '}in zone ${z} exactly, pipAll says otherwise`);
        });
      }
    }
    if (s.tiles) {
      const unit = 2 ** s.k;
      const [x0, x1, y0, y1] = s.tiles.map((v) => v * unit);
      for (let i = 0; i < lon.length; i++) {
        const n = c.pipAll.offsets[i + 1] - c.pipAll.offsets[i];
        const interior = lon[i] > x0 && lon[i] < x1 && lat[i] > y0 && lat[i] < y1;
        if (boundary === 'half-open') {
          assert.ok(interior ? n === 1 : n <= 1, `half-open: point ${i} (${lon[i]}, ${lat[i]}) ${interior ? 'inside' : 'outside'} the tiled rectangle is in ${n} zones`);
        } else if (interior) {
          assert.ok(boundary === 'inside' ? n >= 1 : n <= 1, `${boundary}: interior point ${i} (${lon[i]}, ${lat[i]}) is in ${n} zones`);
        }
      }
    }
  }
}

/**
 * A zone coordinate of any magnitude GeoJSON allows, from the smallest subnormal to 90 itself (so a
 * ring never spans more than 180 degrees of longitude, which the parser refuses as antimeridian-crossing).
 */
const coordinate = anyMagnitude(-1074, 6).map((v) => Math.max(-90, Math.min(90, v)));

/** Zones with arbitrary (not lattice) positions: any magnitude, self-intersections and all. */
const freeScene = fc
  .tuple(
    fc.array(fc.array(fc.tuple(coordinate, coordinate), { minLength: 3, maxLength: 8 }), { minLength: 1, maxLength: 3 }),
    fc.array(fc.tuple(anyDouble(), anyDouble()), { maxLength: 30 }),
  )
  .map(([rings, extra]) => ({ rings: rings.map(closed), extra }));

export const properties: Property<unknown>[] = [
  property('every call agrees across backends and with itself; exact modes are exact; per-zone answers match', 25, scene, checkScene),

  property('a rectangle tiled by triangles puts every interior point in exactly one zone (half-open)', 20, partition, checkScene),

  property('zones with arbitrary finite positions: every backend and call agrees, exact modes are exact', 12, freeScene, async ({ rings, extra }) => {
    const zones: Zone[] = rings.map((ring) => [[ring]]);
    const geojson = rings.map((ring) => ({ type: 'Polygon', coordinates: [ring] }));
    const points = [...rings.flat(), ...extra];
    const lon = Float64Array.from(points, (p) => p[0]);
    const lat = Float64Array.from(points, (p) => p[1]);
    const exact = exactZones(zones);
    for (const boundary of MODES) {
      const engine = new Engine(geojson, { boundary });
      const c = await agreeOnEveryBackend(`pip (${boundary})`, (o) => everyCall(engine, o, lon, lat), sameCalls);
      assertConsistent(engine, c, lon, lat);
      if (boundary === 'half-open') continue;
      for (let i = 0; i < lon.length; i++) {
        const all = c.pipAll.zones.subarray(c.pipAll.offsets[i], c.pipAll.offsets[i + 1]);
        exact.forEach((zone, z) => assert.equal(all.includes(z), exactContains(zone, lon[i], lat[i], boundary), `${boundary}: point ${i} (${lon[i]}, ${lat[i]}), zone ${z}`));
      }
    }
  }),

  property('points past the thread grain agree on every backend and thread count', 2,
    fc.tuple(scene, fc.integer({ min: 16385, max: 24000 })),
    async ([s, n]) => {
      const { geojson, lon, lat } = realise(s);
      const [bigLon, bigLat] = [tiled(lon, n), tiled(lat, n)];
      for (const boundary of MODES) {
        const engine = new Engine(geojson, { boundary });
        await agreeOnEveryBackend(`pip (${boundary}, ${n} points)`, (o) => everyCall(engine, o, bigLon, bigLat), sameCalls);
      }
    }),

  property('bad zones and bad points are a TypeError or RangeError on every backend', 60,
    fc.oneof(
      fc.record({ zones: fc.anything(), lon: fc.constant([0]), lat: fc.constant([0]) }),
      fc.record({
        zones: fc.constantFrom<unknown>(
          { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0.5]]] },
          { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [0, 0]]] },
          { type: 'Polygon', coordinates: [[[0, 0], [1, NaN], [1, 1], [0, 0]]] },
          { type: 'Polygon', coordinates: [[[0, 0], [200, 0], [1, 1], [0, 0]]] },
          { type: 'Polygon', coordinates: [[[-100, 0], [100, 0], [0, 1], [-100, 0]]] },
          { type: 'Polygon', coordinates: [] },
          { type: 'MultiPolygon', coordinates: [[]] },
          { type: 'Point', coordinates: [0, 0] },
          { type: 'FeatureCollection', features: [] },
          '{"type": "Polygon"',
          [],
        ),
        lon: fc.constant([0]),
        lat: fc.constant([0]),
      }),
      fc.record({ zones: fc.constant({ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] }), lon: fc.anything(), lat: fc.anything() }),
    ),
    async ({ zones, lon, lat }) => {
      let engine: Engine | undefined;
      try {
        engine = new Engine(zones as object, { backend: 'js' });
      } catch {
        for (const b of eachBackend()) await assertUsageError(`new Engine on ${b.name}`, () => new Engine(zones as object, b.options));
        return;
      }
      const points = { lon: lon as number[], lat: lat as number[] };
      let expected: Int32Array | undefined;
      try {
        expected = engine.locateSync(points);
      } catch {
        expected = undefined;
      }
      for (const b of eachBackend()) {
        const e = new Engine(zones as object, b.options);
        if (expected) {
          assert.equal(sameInts(expected, e.locateSync(points)), undefined, `locateSync on ${b.name}`);
          continue;
        }
        await assertUsageError(`pipN on ${b.name}`, () => e.pipN(points.lat, points.lon));
        await assertUsageError(`locate on ${b.name}`, () => e.locate(points));
        await assertUsageError(`pipAll on ${b.name}`, () => e.pipAll(points));
        await assertUsageError(`pipAllSync on ${b.name}`, () => e.pipAllSync(points));
        await assertUsageError(`count on ${b.name}`, () => e.count(points));
      }
    }),
];
