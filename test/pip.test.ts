import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { Engine, nativeInfo, type Boundary } from '../src/index.js';
import { builtinZones } from '../src/pip/builtin-zones.js';
import { syntheticAisPoints } from '../src/pip/synthetic-points.js';
import { orientSign } from '../src/pip/orient.js';
import { readPoints } from '../src/io/points.js';
import { parseZones } from '../src/pip/geojson.js';
import { packZones } from '../src/pip/pack.js';
import { backendHooks, backends, nativeAvailable, seededRandom, sharedDataDir } from './backends.js';

type Ring = number[][];
const polygon = (...rings: Ring[]) => ({ type: 'Polygon', coordinates: rings });
const box = (x0: number, y0: number, x1: number, y1: number): Ring => [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]];
const MODES: Boundary[] = ['half-open', 'inside', 'outside'];

/** A star-shaped ring of n vertices around (cx, cy): simple, seeded, with uneven radii. */
function starRing(random: () => number, cx: number, cy: number, radius: number, n: number): Ring {
  const ring: Ring = [];
  for (let i = 0; i < n; i++) {
    const angle = (2 * Math.PI * i) / n;
    const r = radius * (0.3 + 0.7 * random());
    ring.push([cx + r * Math.cos(angle), cy + r * Math.sin(angle)]);
  }
  ring.push([...ring[0]]);
  return ring;
}

function randomPoints(random: () => number, n: number, x0: number, y0: number, x1: number, y1: number) {
  const lon = new Float64Array(n);
  const lat = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    lon[i] = x0 + (x1 - x0) * random();
    lat[i] = y0 + (y1 - y0) * random();
  }
  return { lon, lat };
}

/** Brute-force even-odd test of one ring with the half-open rule, no index: the oracle for the slabs. */
function bruteInRing(ring: Ring, px: number, py: number): boolean {
  let inside = false;
  for (let i = 0; i + 1 < ring.length; i++) {
    let [lx, ly] = ring[i];
    let [ux, uy] = ring[i + 1];
    if (ly > uy) [lx, ly, ux, uy] = [ux, uy, lx, ly];
    if (py >= ly && py < uy && lx + (py - ly) * ((ux - lx) / (uy - ly)) > px) inside = !inside;
  }
  return inside;
}

// One 100k-vertex ring, its points and their brute-force answers, computed once for every backend.
let bigRing: { ring: Ring; lon: Float64Array; lat: Float64Array; inside: boolean[] } | undefined;
function bigRingCase() {
  if (!bigRing) {
    const random = seededRandom(3);
    // A wavy coastline-like ring: a horizontal line meets few of its edges, as in real zones.
    const ring: Ring = [];
    for (let i = 0; i < 100_000; i++) {
      const angle = (2 * Math.PI * i) / 100_000;
      const r = 15 * (1 + 0.3 * Math.sin(7 * angle) + 0.002 * random());
      ring.push([10 + r * Math.cos(angle), 20 + r * Math.sin(angle)]);
    }
    ring.push([...ring[0]]);
    const { lon, lat } = randomPoints(random, 1000, -10, 0, 30, 40);
    bigRing = { ring, lon, lat, inside: Array.from(lon, (x, i) => bruteInRing(ring, x, lat[i])) };
  }
  return bigRing;
}

/**
 * Many zones with more slab data than the caches hold, so the native kernels take their prefetching
 * pipeline (native/core/pip.h: more than 4 MiB of slab entries) and AVX2 (which AVX-512 CPUs run too) its two-pass cell lookup
 * (a grid over 1 MiB): 12 x 12 strips whose wavy sides are
 * shared bit for bit with their neighbours, every seventh with a hole that another zone fills, and
 * a zone listed first that overlaps many of them (points with several candidates). Points: seeded
 * random ones, every vertex, slab and grid cell bounds of the packed index (and their neighbours one
 * ulp away), and NaN or far-off points mixed in, in an order that fills the pipeline's batches
 * unevenly.
 */
let manyZones: { zones: object[]; lon: Float64Array; lat: Float64Array } | undefined;
function manyZonesCase() {
  if (manyZones) return manyZones;
  const side = (i: number, y: number) => i + 0.3 * Math.sin(5 * y + i);
  const m = 260; // vertices per wavy side
  const zones: object[] = [polygon(starRing(seededRandom(21), 6, 6, 5, 400))];
  for (let j = 0; j < 12; j++) {
    for (let i = 0; i < 12; i++) {
      const ring: Ring = [];
      for (let k = 0; k <= m; k++) ring.push([side(i, j + k / m), j + k / m]); // left side, upwards
      for (let k = m; k >= 0; k--) ring.push([side(i + 1, j + k / m), j + k / m]); // right side, downwards
      ring.push([...ring[0]]);
      const rings = [ring.reverse()];
      if ((12 * j + i) % 7 === 0) rings.push(box(i + 0.4, j + 0.3, i + 0.6, j + 0.7));
      zones.push(polygon(...rings));
      if ((12 * j + i) % 7 === 0) zones.push(polygon(box(i + 0.4, j + 0.3, i + 0.6, j + 0.7)));
    }
  }
  const parsed = zones.flatMap((zone, z) => parseZones(zone, `zones[${z}]`, z));
  const packed = packZones(parsed);
  assert.ok(packed.slabEdges.length * 8 > 4 << 20, 'the zones must hold more slab data than the pipeline threshold');
  assert.ok(packed.cellAnswer.length * 4 > 1 << 20, 'the grid must be larger than the x86 two-pass threshold (native/core/pip_lookup.h)');
  const lon: number[] = [];
  const lat: number[] = [];
  const add = (x: number, y: number) => {
    lon.push(x);
    lat.push(y);
  };
  const random = seededRandom(22);
  for (let i = 0; i < 20_000; i++) add(-1 + 14 * random(), -1 + 14 * random());
  for (const zone of zones) for (const ring of (zone as { coordinates: Ring[] }).coordinates) for (const [x, y] of ring) add(x, y);
  // Slab bounds of every ring (where a point moves from one slab's edge list to the next) and grid
  // cell bounds, each with the doubles next to it, at longitudes across the ring.
  const [minX, minY, , , perX, perY, columns, rows] = packed.gridBox;
  for (let r = 0; r + 1 < packed.ringSlabBase.length; r++) {
    const [origin, per] = [packed.ringSlab[3 * r], packed.ringSlab[3 * r + 1]];
    const slabs = packed.ringSlabBase[r + 1] - packed.ringSlabBase[r] - 1;
    for (let k = 0; k <= slabs && per > 0; k += 7) {
      const y = origin + k / per;
      const x = packed.ringBox[4 * r] + (packed.ringBox[4 * r + 2] - packed.ringBox[4 * r]) * random();
      for (const v of [nextDown(y), y, nextUp(y)]) add(x, v);
    }
  }
  for (let c = 0; c <= columns; c += 97) for (const x of [nextDown(minX + c / perX), minX + c / perX]) add(x, 12 * random());
  for (let c = 0; c <= rows; c += 97) for (const y of [nextDown(minY + c / perY), minY + c / perY]) add(12 * random(), y);
  // Odd points in between, so the vector lanes and the pipeline's batches see them mixed.
  for (let i = 0; i < 3000; i++) {
    const at = Math.floor(random() * lon.length);
    lon.splice(at, 0, [NaN, 100, -Infinity, 5][i % 4]);
    lat.splice(at, 0, [5, 5, 5, NaN][i % 4]);
  }
  manyZones = { zones, lon: Float64Array.from(lon), lat: Float64Array.from(lat) };
  return manyZones;
}

function nextUp(x: number): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigInt64(0);
  view.setBigInt64(0, x >= 0 ? bits + 1n : bits - 1n);
  return x === 0 ? Number.MIN_VALUE : view.getFloat64(0);
}
const nextDown = (x: number) => -nextUp(-x);

const aisDir = new URL('ais/', sharedDataDir);
const aisZones = ['tokyo', 'channel', 'hamburg', 'athens', 'singapore'];
const hasAis = existsSync(new URL('ais.csv.gz', aisDir));
// The data README's counts: none, then zones 0-4, for the base sample.
const AIS_COUNTS = { none: 39602, counts: [444, 416, 929, 390, 844] };

for (const b of backends) {
  const { name, options } = b;
  describe(`pip (${name})`, () => {
    backendHooks(b);

    it('gives the TypeScript answers point by point at this vector unit, in every boundary mode', () => {
      if (b.simd) assert.equal(nativeInfo()!.simd, b.simd);
      const points = syntheticAisPoints(300_001, 9); // odd: the vector loops' scalar tails run too
      for (const boundary of ['half-open', 'inside', 'outside'] as const) {
        const here = new Engine(builtinZones(), { boundary, ...options, threads: 2 }).locateSync(points);
        const js = new Engine(builtinZones(), { boundary, backend: 'js' }).locateSync(points);
        assert.equal(here.every((zone, i) => zone === js[i]), true, boundary);
      }
    });

    it(
      'reproduces the seed counts on the shared AIS sample, x1 and x1024',
      { skip: hasAis ? false : `shared AIS data not found at ${aisDir.pathname}` },
      async () => {
        const zones = aisZones.map((zone) => readFileSync(new URL(`${zone}.geojson`, aisDir), 'utf8'));
        const engine = new Engine(zones, options);
        const { lat, lon, skipped } = await readPoints(new URL('ais.csv.gz', aisDir).pathname);
        assert.equal(lat.length, 42625);
        assert.equal(skipped, 0);
        assert.deepEqual(engine.countSync({ lon, lat }), AIS_COUNTS);
        const found = engine.pipN(lat, lon);
        const reference = new Engine(zones, { backend: 'js' }).pipN(lat, lon);
        assert.deepEqual(found, reference);
        const repeated = { lat: new Float64Array(lat.length * 1024), lon: new Float64Array(lon.length * 1024) };
        for (let r = 0; r < 1024; r++) {
          repeated.lat.set(lat, r * lat.length);
          repeated.lon.set(lon, r * lon.length);
        }
        const big = await engine.count(repeated);
        assert.equal(big.none, 40_552_448);
        assert.deepEqual(big.counts, [454_656, 425_984, 951_296, 399_360, 864_256]);
      },
    );

    it('answers pip1, pipN, locate and count alike on a polygon with a hole', async () => {
      const engine = new Engine([polygon(box(0, 0, 10, 10), box(2, 2, 4, 4).reverse())], options);
      const lon = [1, 3, 5, 20, NaN, 5, Infinity];
      const lat = [1, 3, 5, 5, 5, NaN, 5];
      const want = [0, -1, 0, -1, -1, -1, -1];
      assert.deepEqual(Array.from(engine.pipN(lat, lon)), want);
      assert.deepEqual(Array.from(engine.locateSync({ lon, lat })), want);
      assert.deepEqual(Array.from(await engine.locate({ lon, lat })), want);
      assert.deepEqual(lon.map((x, i) => engine.pip1(lat[i], x)), want);
      assert.deepEqual(engine.countSync({ lon, lat }), { counts: [2], none: 5 });
    });

    it('puts a point on an edge shared by two zones in exactly one (half-open rule)', () => {
      // Side by side, a diagonal shared by two triangles, and a zone filling another's hole.
      const zones = [
        polygon(box(0, 0, 10, 10)),
        polygon(box(10, 0, 20, 10)),
        polygon([[20, 0], [30, 0], [30, 10], [20, 0]]),
        polygon([[20, 0], [30, 10], [20, 10], [20, 0]]),
        polygon(box(40, 0, 50, 10), box(42, 2, 44, 4)),
        polygon(box(42, 2, 44, 4)),
      ];
      const engine = new Engine(zones, options);
      const random = seededRandom(7);
      const lon: number[] = [];
      const lat: number[] = [];
      for (let i = 0; i < 2000; i++) {
        const t = random();
        lon.push(10, 20 + 10 * t, 42 + 2 * t, 42, 44);
        lat.push(10 * t, 10 * t, 2, 2 + 2 * t, 2 + 2 * t);
      }
      lon.push(10, 20, 42, 44, 30);
      lat.push(5, 0, 2, 4, 10);
      const { offsets } = engine.pipAllSync({ lon, lat });
      for (let i = 0; i < lon.length; i++) {
        // Points on the top or outer edges of the union may be in none; inside the union, exactly one.
        const onOuter = lat[i] === 10 || lat[i] === 0 || lon[i] === 30;
        const n = offsets[i + 1] - offsets[i];
        assert.ok(onOuter ? n <= 1 : n === 1, `(${lon[i]}, ${lat[i]}) is in ${n} zones`);
      }
    });

    it("classifies vertices, edges and hole edges exactly in 'inside' and 'outside' modes", () => {
      const zones = [polygon(box(0, 0, 10, 10), box(2, 2, 4, 4)), polygon([[20, 0], [30, 0], [30, 10], [20, 0]])];
      const onBoundary = [[0, 0], [5, 0], [10, 5], [10, 10], [2, 2], [3, 2], [4, 3], [20, 0], [25, 5], [27.5, 7.5], [0.1, 0]];
      const strictlyInside = [[1, 1], [5, 5], [9.999999999999998, 9.999999999999998], [25.000000000000004, 5], [27.5, 7.499999999999999]];
      const strictlyOutside = [[3, 3], [25, 5.000000000000001], [27.5, 7.500000000000001], [-1e-300, 5], [11, 5]];
      for (const mode of ['inside', 'outside'] as const) {
        const engine = new Engine(zones, { ...options, boundary: mode });
        const check = (points: number[][], expectInside: boolean) => {
          const found = engine.locateSync({ lon: points.map((p) => p[0]), lat: points.map((p) => p[1]) });
          points.forEach((p, i) => assert.equal(found[i] >= 0, expectInside, `${mode}: (${p}) gave ${found[i]}`));
        };
        check(onBoundary, mode === 'inside');
        check(strictlyInside, true);
        check(strictlyOutside, false);
      }
    });

    it('lists every containing zone with pipAll and counts first matches with count', async () => {
      const zones = [polygon(box(0, 0, 10, 10)), polygon(box(5, 5, 15, 15)), polygon(box(0, 0, 20, 20))];
      const engine = new Engine(zones, options);
      const points = { lon: [1, 7, 12, 18, 30], lat: [1, 7, 12, 18, 30] };
      const want = { offsets: Int32Array.of(0, 2, 5, 7, 8, 8), zones: Int32Array.of(0, 2, 0, 1, 2, 1, 2, 2) };
      assert.deepEqual(engine.pipAllSync(points), want);
      assert.deepEqual(await engine.pipAll(points), want);
      assert.deepEqual(await engine.count(points), { counts: [2, 1, 1], none: 1 });
    });

    it('matches a brute-force ring test on a 100,000-vertex polygon (the slab index loses nothing)', () => {
      const { ring, lon, lat, inside } = bigRingCase();
      const found = new Engine(polygon(ring), options).locateSync({ lon, lat });
      for (let i = 0; i < lon.length; i++) assert.equal(found[i] === 0, inside[i], `point ${i}`);
    });

    it('gives the js answer with many zones (the prefetching pipeline): shared edges, vertices, slab and cell bounds, every mode', () => {
      const { zones, lon, lat } = manyZonesCase();
      for (const boundary of MODES) {
        const want = new Engine(zones, { backend: 'js', boundary }).locateSync({ lon, lat });
        const engine = new Engine(zones, { ...options, boundary });
        assert.deepEqual(engine.locateSync({ lon, lat }, { threads: 2 }), want, boundary);
        assert.deepEqual(engine.locateSync({ lon: lon.subarray(1), lat: lat.subarray(1) }, { threads: 1 }), want.subarray(1), `${boundary}, shifted`);
        const counts = new Array(zones.length).fill(0);
        for (const zone of want) if (zone >= 0) counts[zone]++;
        assert.deepEqual(engine.countSync({ lon, lat }).counts, counts, `${boundary}, count`);
      }
    });

    it('gives the js result under every mode, and does not change when rings are rotated or reversed', () => {
      fc.assert(
        fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.integer({ min: 3, max: 60 }), fc.constantFrom(...MODES), (seed, n, boundary) => {
          const random = seededRandom(seed);
          const zones = [0, 1, 2].map((k) => polygon(starRing(random, 10 * k, 5 * k, 8, n), starRing(random, 10 * k, 5 * k, 2, 5).reverse()));
          const turned = zones.map((zone) => {
            const outer = zone.coordinates[0].slice(0, -1);
            const shift = Math.floor(random() * outer.length);
            const rotated = [...outer.slice(shift), ...outer.slice(0, shift)];
            return polygon([...rotated, rotated[0]].reverse(), zone.coordinates[1]);
          });
          const points = randomPoints(random, 500, -10, -10, 30, 20);
          // Exact boundary cases too: every vertex is a point.
          const vertices = zones.flatMap((zone) => zone.coordinates.flat());
          const lon = Float64Array.from([...points.lon, ...vertices.map((v) => v[0])]);
          const lat = Float64Array.from([...points.lat, ...vertices.map((v) => v[1])]);
          const want = new Engine(zones, { backend: 'js', boundary }).locateSync({ lon, lat });
          assert.deepEqual(new Engine(zones, { ...options, boundary }).locateSync({ lon, lat }), want);
          assert.deepEqual(new Engine(turned, { ...options, boundary }).locateSync({ lon, lat }), want);
        }),
        { numRuns: 40 },
      );
    });

    it('agrees with brute-force ring tests, first zone first, on overlapping random zones (stored cell answers included)', () => {
      fc.assert(
        fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.integer({ min: 3, max: 80 }), (seed, n) => {
          const random = seededRandom(seed);
          const rings = [0, 1, 2, 3].map(() => starRing(random, 40 * random(), 20 * random(), 1 + 15 * random(), n));
          const engine = new Engine(rings.map((ring) => polygon(ring)), options);
          const { lon, lat } = randomPoints(random, 3000, -20, -20, 60, 40);
          const found = engine.locateSync({ lon, lat });
          for (let i = 0; i < lon.length; i++) {
            const want = rings.findIndex((ring) => bruteInRing(ring, lon[i], lat[i]));
            assert.equal(found[i], want, `point (${lon[i]}, ${lat[i]})`);
          }
        }),
        { numRuns: 25 },
      );
    });

    it('reports progress and stops on abort', async () => {
      const engine = new Engine(polygon(box(0, 0, 10, 10)), options);
      const points = randomPoints(seededRandom(5), 400_000, -5, -5, 15, 15);
      const seen: number[] = [];
      await engine.locate(points, { onProgress: (f) => seen.push(f) });
      assert.equal(seen.at(-1), 1);
      const controller = new AbortController();
      controller.abort();
      await assert.rejects(engine.locate(points, { signal: controller.signal }), { name: 'AbortError' });
      await assert.rejects(engine.count(points, { signal: AbortSignal.abort() }), { name: 'AbortError' });
    });

    it('survives empty, huge, NaN and infinite inputs without a crash', () => {
      const engine = new Engine(polygon(box(0, 0, 10, 10)), options);
      assert.deepEqual(engine.locateSync({ lon: [], lat: [] }), new Int32Array(0));
      assert.deepEqual(engine.pipAllSync({ lon: [], lat: [] }), { offsets: Int32Array.of(0), zones: new Int32Array(0) });
      const odd = [NaN, Infinity, -Infinity, 1e308, -1e308, 5e-324, -0, 0, 10, 5];
      const found = engine.locateSync({ lon: odd, lat: odd.map(() => 5) });
      assert.deepEqual(Array.from(found), [-1, -1, -1, -1, -1, 0, 0, 0, -1, 0]);
    });
  });
}

describe('pip input validation', () => {
  const good = polygon(box(0, 0, 1, 1));
  const cases: Array<[string, () => unknown, RegExp, ErrorConstructor]> = [
    ['not JSON', () => new Engine('{nope'), /zones\[0\]: not JSON/, TypeError],
    ['a Point', () => new Engine({ type: 'Point', coordinates: [0, 0] }), /Polygon or MultiPolygon.*"Point"/, TypeError],
    ['an unclosed ring', () => new Engine(polygon([[0, 0], [1, 0], [1, 1], [0, 1]])), /outer ring: the ring is not closed/, RangeError],
    ['a too-short ring', () => new Engine(polygon([[0, 0], [1, 0], [0, 0]])), /at least 4 positions.*has 3/, RangeError],
    ['a non-finite coordinate', () => new Engine(polygon([[0, 0], [NaN, 0], [1, 1], [0, 0]])), /position 1 has a non-finite/, RangeError],
    ['a wide polygon', () => new Engine(polygon(box(-170, 0, 170, 10))), /340 degrees.*antimeridian.*RFC 7946/, RangeError],
    ['a bad hole', () => new Engine(polygon(box(0, 0, 9, 9), [[1, 1], [2, 1], [1, 1]])), /hole 1: a linear ring needs/, RangeError],
    [
      'a bad feature',
      () => new Engine({ type: 'FeatureCollection', features: [{ type: 'Feature', geometry: good }, { type: 'Feature', geometry: null }] }),
      /zones\[0\], feature 1: expected a geometry object/,
      TypeError,
    ],
    ['no zones', () => new Engine([]), /at least one GeoJSON zone/, RangeError],
    ['a misspelled option', () => new Engine(good, { threds: 2 } as never), /Unknown option 'threds'.*did you mean 'threads'/, TypeError],
    ['a bad boundary', () => new Engine(good, { boundary: 'edge' as never }), /'half-open', 'inside' or 'outside' for boundary/, TypeError],
    ['mismatched lengths', () => new Engine(good).pipN([1, 2], [1]), /lat and lon of the same length but received 2 and 1/, RangeError],
    ['non-number points', () => new Engine(good).locateSync({ lon: ['a'] as never, lat: [1] }), /lon\[0\]/, TypeError],
    ['missing points', () => new Engine(good).locateSync(null as never), /points/, TypeError],
    ['a string lat', () => new Engine(good).pip1('1' as never, 2), /for lat/, TypeError],
    ['bad threads', () => new Engine(good).pipN([1], [1], { threads: 0 }), /threads/, RangeError],
  ];
  for (const [what, call, message, type] of cases) {
    it(`rejects ${what}`, () => assert.throws(call, (error: Error) => error instanceof type && message.test(error.message)));
  }

  it('names zones from a name property, one zone per feature', () => {
    const collection = {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { name: 'harbour' }, geometry: good },
        { type: 'Feature', properties: {}, geometry: { type: 'MultiPolygon', coordinates: [[box(5, 5, 6, 6)], [box(8, 8, 9, 9)]] } },
      ],
    };
    const engine = new Engine([JSON.stringify(collection), good]);
    assert.deepEqual(engine.zoneNames, ['harbour', 'zone 1', 'zone 2']);
    assert.deepEqual(Array.from(engine.pipN([0.5, 8.5, 5.5], [0.5, 8.5, 5.5])), [0, 1, 1]);
  });
});

describe('pip exact orientation', () => {
  it('agrees with exact integer arithmetic on near-collinear points', () => {
    const SCALE = 2 ** 60;
    const exact = (ax: number, ay: number, bx: number, by: number, cx: number, cy: number) => {
      const [Ax, Ay, Bx, By, Cx, Cy] = [ax, ay, bx, by, cx, cy].map((v) => BigInt(v * SCALE));
      const det = (Ax - Cx) * (By - Cy) - (Ay - Cy) * (Bx - Cx);
      return det > 0n ? 1 : det < 0n ? -1 : 0;
    };
    const coordinate = fc.integer({ min: -(2 ** 30), max: 2 ** 30 }).map((k) => k / 2 ** 22);
    fc.assert(
      fc.property(coordinate, coordinate, coordinate, coordinate, fc.double({ min: -2, max: 2, noNaN: true }), fc.integer({ min: -3, max: 3 }), (ax, ay, bx, by, t, nudge) => {
        let cx = ax + t * (bx - ax);
        const cy = ay + t * (by - ay);
        for (let k = 0; k < Math.abs(nudge); k++) cx += (nudge > 0 ? 1 : -1) * Number.EPSILON * Math.max(1, Math.abs(cx));
        fc.pre(Number.isInteger(cx * SCALE) && Number.isInteger(cy * SCALE));
        assert.equal(orientSign(ax, ay, bx, by, cx, cy), exact(ax, ay, bx, by, cx, cy));
      }),
      { numRuns: 3000 },
    );
  });
});

describe('hotloop pip (CLI)', () => {
  const cli = new URL('../src/cli/main.ts', import.meta.url).pathname;
  const run = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', cli, 'pip', ...args], { encoding: 'utf8' });
  const dir = mkdtempSync(path.join(tmpdir(), 'hotloop-pip-'));
  const zone = path.join(dir, 'square.geojson');
  writeFileSync(zone, JSON.stringify(polygon(box(0, 0, 10, 10))));
  const points = path.join(dir, 'points.csv');
  writeFileSync(points, 'id,"lat","lon"\n1,"5","5"\n2,x,3\n3,20,20\n');

  it('counts points per zone, names single-zone files after the file, and reports bad rows', () => {
    const result = run('--zones', zone, '--points', points, '--counts', '--json');
    assert.equal(result.status, 0, result.stderr);
    const report = JSON.parse(result.stdout);
    assert.deepEqual(report.counts, [{ zone: -1, name: '(none)', points: 1 }, { zone: 0, name: 'square', points: 1 }]);
    assert.match(result.stderr, /skipped 1 CSV rows that did not parse \(first: line 3/);
  });

  it('writes per-point zones atomically, and leaves nothing behind when it fails', () => {
    const out = path.join(dir, 'out.csv');
    assert.equal(run('--zones', zone, '--points', points, '--out', out, '--names').status, 0);
    assert.equal(readFileSync(out, 'utf8'), 'lat,lon,zone\n5,5,square\n20,20,\n');
    const strict = run('--zones', zone, '--points', points, '--out', path.join(dir, 'strict.csv'), '--strict');
    assert.equal(strict.status, 1);
    assert.match(strict.stderr, /^hotloop: .*points\.csv:3: lat\/lon "x"\/"3" are not finite numbers\n$/);
    assert.deepEqual(readdirSync(dir).sort(), ['out.csv', 'points.csv', 'square.geojson']);
  });

  it('says which file and ring is wrong, with exit code 1 (bad data, not bad usage)', () => {
    const bad = path.join(dir, 'bad.geojson');
    writeFileSync(bad, JSON.stringify(polygon([[0, 0], [1, 0], [1, 1], [0, 1]])));
    const result = run('--zones', bad, '--points', points, '--counts');
    assert.equal(result.status, 1);
    assert.match(result.stderr, /^hotloop: Invalid GeoJSON in .*bad\.geojson, outer ring: the ring is not closed/);
  });

  it(
    "reproduces the seed's counts from the shared AIS file",
    { skip: hasAis ? false : `shared AIS data not found at ${aisDir.pathname}` },
    () => {
      const result = run('--zones', ...aisZones.map((z) => new URL(`${z}.geojson`, aisDir).pathname), '--points', new URL('ais.csv.gz', aisDir).pathname, '--counts', '--json');
      assert.equal(result.status, 0, result.stderr);
      assert.deepEqual(JSON.parse(result.stdout).counts.map((row: { points: number }) => row.points), [AIS_COUNTS.none, ...AIS_COUNTS.counts]);
    },
  );
});
