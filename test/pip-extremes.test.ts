/**
 * pip at the extremes of the double range (issue 9): subnormal and huge zones, exact boundary
 * modes where products underflow or overflow, shared edges at every scale, and pipAll's fill pass
 * when the points change during a call. Every case runs on every backend of test/backends.ts (and
 * native at every vector unit); native cases that once crashed the process run in a child process
 * (pip-mutation-child.ts) at the row's vector unit.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { type Boundary, Engine } from '../src/index.js';
import { orientSign } from '../src/pip/orient.js';
import type { PackedZones } from '../src/pip/packed.js';
import type { BoundaryCode } from '../src/pip/reference.js';
import { type BackendCase, backendHooks, backends } from './backends.js';
import { toDyadic } from './exact.js';
import { SCALES, fixturePoints, insideTiledRegion, overlapping, scaled, tiling } from './pip-extreme-fixtures.js';
import { type KernelAnswers, type Rings, packPolygons, runKernels } from './pip-kernels.js';
import { fillWithStaleOffsets, mutateDuringPipAll, mutateFromWorker } from './pip-mutation-child.js';

const MODES: Boundary[] = ['half-open', 'inside', 'outside'];
const CODES: Record<Boundary, BoundaryCode> = { 'half-open': 0, inside: 1, outside: 2 };
const polygon = (...rings: Rings) => ({ type: 'Polygon', coordinates: rings });

/** locate, pipAll and count tell one story: the first of all matches, and the tally of firsts. */
function assertConsistent(answers: KernelAnswers, zoneCount: number, label: string): void {
  const tally = new Array(zoneCount + 1).fill(0);
  answers.first.forEach((zone, i) => {
    assert.equal(zone, answers.all[i][0] ?? -1, `${label}: point ${i}: locate ${zone} but pipAll [${answers.all[i]}]`);
    tally[zone < 0 ? zoneCount : zone]++;
  });
  assert.deepEqual(answers.tally, tally, `${label}: count`);
}

// Packed zones and points per fixture and scale, shared by every backend and mode.
const packs = new Map<string, { packed: PackedZones; lon: Float64Array; lat: Float64Array }>();

/** Kernel answers for zones and points at scale 2^k, checked for consistency. */
function answersAt(options: BackendCase['options'], zones: Rings[], points: { lon: number[]; lat: number[] }, k: number, mode: Boundary) {
  const key = `${zones === tiling ? 'tiling' : 'overlapping'} ${points.lon.length} ${k}`;
  if (!packs.has(key)) {
    const s = scaled(zones, points, k);
    packs.set(key, { packed: packPolygons(s.zones), lon: s.lon, lat: s.lat });
  }
  const { packed, lon, lat } = packs.get(key)!;
  const answers = runKernels(options, packed, lon, lat, CODES[mode]);
  assertConsistent(answers, zones.length, `2^${k}, ${mode}`);
  return answers;
}

/** The exact orientation sign, from the coordinates as dyadic rationals. */
function exactOrientation(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  const values = [ax, ay, bx, by, cx, cy].map(toDyadic);
  const low = Math.min(...values.map((v) => v.e));
  const [Ax, Ay, Bx, By, Cx, Cy] = values.map((v) => v.m << BigInt(v.e - low));
  const det = (Ax - Cx) * (By - Cy) - (Ay - Cy) * (Bx - Cx);
  return det > 0n ? 1 : det < 0n ? -1 : 0;
}

describe('pip exact orientation over the whole double range', () => {
  it('agrees with exact rational arithmetic on any six finite doubles', () => {
    const anyDouble = fc.double({ noNaN: true, noDefaultInfinity: true });
    fc.assert(
      fc.property(anyDouble, anyDouble, anyDouble, anyDouble, anyDouble, anyDouble, (ax, ay, bx, by, cx, cy) => {
        assert.equal(orientSign(ax, ay, bx, by, cx, cy), exactOrientation(ax, ay, bx, by, cx, cy));
      }),
      { numRuns: 3000 },
    );
  });

  it('agrees on nearly collinear points at every scale, and on huge and subnormal values mixed', () => {
    const small = fc.integer({ min: -(2 ** 20), max: 2 ** 20 });
    const exponent = fc.integer({ min: -1074, max: 1000 });
    fc.assert(
      fc.property(small, small, small, small, fc.integer({ min: -4, max: 4 }), fc.integer({ min: -3, max: 3 }), exponent, exponent, (ax, ay, bx, by, t, nudge, e1, e2) => {
        // c on the line through a and b (t/4 of the way, exactly, before scaling), nudged by a few
        // units of the lowest place; a scaled by 2^e1 and b, c by 2^e2, so magnitudes may differ by 2^2000.
        const scale = (v: number, e: number) => v * 2 ** Math.max(e, -1000) * 2 ** Math.min(0, e + 1000);
        const cx = scale(ax * 4 + t * (bx - ax), e2 - 2) + nudge * 5e-324;
        const cy = scale(ay * 4 + t * (by - ay), e2 - 2);
        const pts = [scale(ax, e1), scale(ay, e1), scale(bx, e2), scale(by, e2), cx, cy];
        fc.pre(pts.every(Number.isFinite));
        const [pax, pay, pbx, pby] = pts;
        assert.equal(orientSign(pax, pay, pbx, pby, cx, cy), exactOrientation(pax, pay, pbx, pby, cx, cy));
      }),
      { numRuns: 3000 },
    );
  });

  it('decides the cases where a huge product meets a subnormal one', () => {
    const t = 5e-324;
    const big = 2 ** 1023;
    // a = (0, 0), b = (2^1023, 2^1023): c = (t, 2t) is left of the line by t * 2^1023 only.
    assert.equal(orientSign(0, 0, big, big, t, 2 * t), 1);
    assert.equal(orientSign(0, 0, big, big, 2 * t, t), -1);
    assert.equal(orientSign(0, 0, big, big, t, t), 0);
    // Differences that overflow: a and b at opposite ends of the range.
    const max = Number.MAX_VALUE;
    assert.equal(orientSign(-max, -max, max, max, 0, 0), 0);
    assert.equal(orientSign(-max, -max, max, max, 0, t), 1);
    assert.equal(orientSign(-max, -max, max, max, t, 0), -1);
    assert.equal(orientSign(-max, max, max, -max, max, max), exactOrientation(-max, max, max, -max, max, max));
  });
});

for (const backend of backends) {
  const { name, options } = backend;
  describe(`pip at the extremes (${name})`, () => {
    backendHooks(backend);

    it('answers on a zone of subnormal size without crashing (issue 9)', () => {
      const zone = polygon([[0, 0], [4e-310, 1e-310], [1e-310, 3e-310], [0, 0]]);
      for (const boundary of MODES) {
        const engine = new Engine(zone, { ...options, boundary });
        // (0, 0) is the lowest vertex: on the boundary, and outside by the half-open rule.
        const onVertex = boundary === 'inside' ? 0 : -1;
        assert.deepEqual(Array.from(engine.pipN([0, 0, 0, 0], [0, 0, 0, 0])), [onVertex, onVertex, onVertex, onVertex], boundary);
        assert.equal(engine.pip1(0, 0), onVertex);
        const lon = [1.5e-310, 3e-310, 1e-310, 5e-324, 4e-310, 1e-310];
        const lat = [2e-310, 0.5e-310, 2.5e-310, 0, 1e-310, 3e-310];
        // Inside; below the edge (0,0)-(4,1)e-310; inside; below that edge's start; two vertices.
        const vertex = boundary === 'inside' ? 0 : boundary === 'outside' ? -1 : undefined;
        const want = [0, -1, 0, -1, vertex, vertex];
        const found = engine.locateSync({ lon, lat });
        want.forEach((zone, i) => zone !== undefined && assert.equal(found[i], zone, `${boundary}: (${lon[i]}, ${lat[i]})`));
        assert.deepEqual(found, new Engine(zone, { backend: 'js', boundary }).locateSync({ lon, lat }));
      }
    });

    it("keeps the centre of a square of side 1e-307 inside, and locate, pipAll and count agree (issue 9)", async () => {
      for (const side of [1e-307, 1e-310, 1e-320, 2.5e-323]) {
        for (const boundary of MODES) {
          const engine = new Engine(polygon([[0, 0], [side, 0], [side, side], [0, side], [0, 0]]), { ...options, boundary });
          const label = `${side}, ${boundary}`;
          assert.equal(engine.pip1(side / 2, side / 2), 0, label);
          assert.equal(typeof engine.pip1(0, 0), 'number', label);
          const lon = [side / 2, 0, side, side / 2, 2 * side, side / 4, -side];
          const lat = [side / 2, 0, side, 0, side / 2, side, side / 2];
          const first = engine.locateSync({ lon, lat });
          assert.deepEqual(first, await engine.locate({ lon, lat }), label);
          const { offsets, zones } = engine.pipAllSync({ lon, lat });
          assert.deepEqual(Array.from(first), lon.map((_, i) => (offsets[i + 1] > offsets[i] ? zones[offsets[i]] : -1)), label);
          const inside = Array.from(first).filter((z) => z === 0).length;
          assert.deepEqual(engine.countSync({ lon, lat }), { counts: [inside], none: lon.length - inside }, label);
          assert.deepEqual(first, new Engine(polygon([[0, 0], [side, 0], [side, side], [0, side], [0, 0]]), { backend: 'js', boundary }).locateSync({ lon, lat }));
        }
      }
    });

    it("decides 'inside' and 'outside' exactly where orientation products underflow (s = 1e-170, issue 9)", () => {
      const s = 1e-170;
      // The lower edge runs from (0, 0) to (4s, s): (2s, 0.5s) is on it, exactly.
      const zone = polygon([[0, 0], [4 * s, s], [4 * s, 2 * s], [0, 2 * s], [0, 0]]);
      const lon = [2 * s, 2 * s, 2 * s, 2 * s, 2 * s];
      // Inside, outside, on the edge, and the doubles just above and just below that edge point.
      const lat = [1.2 * s, 0.4 * s, 0.5 * s, 0.5 * s * (1 + 2 ** -52), 0.5 * s * (1 - 2 ** -52)];
      for (const boundary of ['inside', 'outside'] as const) {
        const found = Array.from(new Engine(zone, { ...options, boundary }).locateSync({ lon, lat }));
        assert.deepEqual(found, [0, -1, boundary === 'inside' ? 0 : -1, 0, -1], boundary);
      }
    });

    it('follows a near-horizontal edge of subnormal height (its slope overflows)', () => {
      // The lower edge rises by 1e-320 over one degree: below it is outside, above it inside.
      const zone = polygon([[0, 0], [1, 1e-320], [0, 1], [0, 0]]);
      const lon = [0.5, 0.05, 0.25, 0.5, 0.9];
      const lat = [1e-321, 1e-321, 0.25, 0, 1e-320];
      for (const boundary of MODES) {
        const found = Array.from(new Engine(zone, { ...options, boundary }).locateSync({ lon, lat }));
        assert.deepEqual(found.slice(0, 3), [-1, 0, 0], boundary);
        assert.deepEqual(found, Array.from(new Engine(zone, { backend: 'js', boundary }).locateSync({ lon, lat })), boundary);
      }
    });

    it('gives exact answers that do not change when zones and points are scaled by 2^-1073 .. 2^1010', () => {
      for (const zones of [tiling, overlapping]) {
        const points = fixturePoints(zones, 1500, 21);
        for (const boundary of MODES) {
          const want = answersAt({ backend: 'js', threads: 1 }, zones, points, 0, boundary);
          for (const k of SCALES) {
            const got = answersAt(options, zones, points, k, boundary);
            // The half-open crossing is computed in floating point: below 2^-1000 its products
            // reach the subnormal range, where rounding is coarser, and answers near edges may move.
            if (boundary === 'half-open' && k < -1000) continue;
            assert.deepEqual(got.all, want.all, `2^${k}, ${boundary}`);
          }
        }
      }
    });

    it('puts every point inside a tiled region in exactly one zone at every scale (half-open)', () => {
      const points = fixturePoints(tiling, 3000, 22);
      for (const k of SCALES) {
        const { all } = answersAt(options, tiling, points, k, 'half-open');
        points.lon.forEach((x, i) => {
          const n = all[i].length;
          const inRegion = insideTiledRegion(x, points.lat[i]);
          assert.ok(inRegion ? n === 1 : n <= 1, `2^${k}: (${x}, ${points.lat[i]}) in ${n} zones`);
        });
      }
    });

    it('keeps grid, slab and crossing arithmetic in range for extents across the whole double range', () => {
      const max = 1.7e308;
      const zones: Rings[] = [
        [[[-max, -max], [max, -max], [max, max], [-max, max], [-max, -max]]],
        [[[-max, -max], [max, -max], [0, max], [-max, -max]]],
        [[[-max, 0], [max, 1e-300], [max, 2e-300], [-max, 0]]],
      ];
      const lon = Float64Array.of(0, 1e308, -1e308, 1.5e308, -1.5e308, 0.9e308, 1.75e308, -max, 0, 5e-324, 1e-310);
      const lat = Float64Array.of(0, -1e308, 1e308, 1e308, 1e308, -1.6e308, 0, 0, max, 1e-300, 0);
      for (const boundary of MODES) {
        const answers = runKernels(options, packPolygons(zones), lon, lat, CODES[boundary]);
        assertConsistent(answers, zones.length, boundary);
        const js = runKernels({ backend: 'js', threads: 1 }, packPolygons(zones), lon, lat, CODES[boundary]);
        assert.deepEqual(answers, js, boundary);
        // Far from every edge, every rule agrees: inside the square, and in or out of the triangle.
        assert.deepEqual(answers.all.slice(0, 7), [[0, 1], [0, 1], [0], [0], [0], [0, 1], []], boundary);
      }
    });

    it('agrees with the js backend on orientation at mixed scales (exact modes)', () => {
      const random = fc.sample(fc.tuple(fc.integer({ min: -1074, max: 1000 }), fc.integer({ min: -1074, max: 1000 }), fc.integer({ min: 1, max: 2 ** 20 })), { numRuns: 40, seed: 9 });
      for (const [e1, e2, m] of random) {
        const a = [m * 2 ** Math.max(-1000, e1) * 2 ** Math.min(0, e1 + 1000), 0];
        const b = [0, 3 * 2 ** Math.max(-1000, e2) * 2 ** Math.min(0, e2 + 1000)];
        const zones: Rings[] = [[[[0, 0], a, b, [0, 0]]]];
        // Points along the hypotenuse a-b, each nudged by -2..2 units of the last place.
        const lon: number[] = [];
        const lat: number[] = [];
        for (let i = 0; i <= 16; i++) {
          for (const nudge of [-2, -1, 0, 1, 2]) {
            const x = a[0] * (1 - i / 16);
            lon.push(x + nudge * (x === 0 ? 5e-324 : Math.abs(x) * Number.EPSILON));
            lat.push(b[1] * (i / 16));
          }
        }
        for (const boundary of ['inside', 'outside'] as const) {
          const got = runKernels(options, packPolygons(zones), Float64Array.from(lon), Float64Array.from(lat), CODES[boundary]);
          const want = lon.map((x, i) => {
            const o = exactOrientation(a[0], a[1], b[0], b[1], x, lat[i]);
            const inBox = x >= 0 && lat[i] >= 0;
            return inBox && (o > 0 || (o === 0 && boundary === 'inside')) && !(boundary === 'outside' && (x === 0 || lat[i] === 0)) ? [0] : [];
          });
          assert.deepEqual(got.all, want, `a = ${a}, b = ${b}, ${boundary}`);
        }
      }
    });

    // The fixtures at every scale and extents across the whole double range: every kernel's
    // answers at this row's vector unit and thread count equal the TypeScript ones.
    it('gives the TypeScript answers at every scale at this vector unit', { skip: backend.simd ? false : 'the js row is the reference' }, () => {
      const mismatches: string[] = [];
      const compare = (label: string, zones: Rings[], lon: Float64Array, lat: Float64Array) => {
        const packed = packPolygons(zones);
        for (const mode of [0, 1, 2] as BoundaryCode[]) {
          const here = runKernels(options, packed, lon, lat, mode);
          const js = runKernels({ backend: 'js', threads: 1 }, packed, lon, lat, mode);
          if (JSON.stringify(here) !== JSON.stringify(js)) mismatches.push(`${label}, mode ${mode}`);
        }
      };
      for (const [fixture, zones] of [['tiling', tiling], ['overlapping', overlapping]] as const) {
        const points = fixturePoints(zones, 2001, 31);
        for (const k of SCALES) {
          const s = scaled(zones, points, k);
          compare(`${fixture} at 2^${k}`, s.zones, s.lon, s.lat);
        }
      }
      const max = 1.7e308;
      const wide: Rings[] = [
        [[[-max, -max], [max, -max], [0, max], [-max, -max]]],
        [[[0, 0], [4e-310, 1e-310], [1e-310, 3e-310], [0, 0]]],
        [[[0, 0], [1, 1e-320], [0, 1], [0, 0]]],
      ];
      const values = [0, 5e-324, 1e-320, 2e-310, 0.5, 1, 1e300, -1e300, 1.6e308, -1.6e308, Number.MAX_VALUE, NaN, Infinity];
      const lon = Float64Array.from(values.flatMap((x) => values.map(() => x)));
      const lat = Float64Array.from(values.flatMap(() => values));
      compare('whole-range extents', wide, lon, lat);
      assert.deepEqual(mismatches, [], `on ${backend.simd}`);
    });

    it('never writes outside the output when points change between the passes of pipAll', async () => {
      if (options.backend === 'native') {
        // In a child process: a write out of bounds could crash the runner instead of failing.
        const env = { ...process.env, HOTLOOP_SIMD: backend.simd };
        const child = spawnSync(process.execPath, ['--import', 'tsx', new URL('./pip-mutation-child.ts', import.meta.url).pathname, String(options.threads)], { env, encoding: 'utf8', timeout: 300_000 });
        assert.equal(child.status, 0, child.stderr);
        const report = JSON.parse(child.stdout.trim().split('\n').pop()!);
        assert.deepEqual(report, { onProgress: 'RangeError', worker: 'ok', guards: 'intact' }, child.stdout);
        return;
      }
      assert.deepEqual(
        { onProgress: await mutateDuringPipAll(options), worker: await mutateFromWorker(options), guards: fillWithStaleOffsets(options) },
        { onProgress: 'RangeError', worker: 'ok', guards: 'intact' },
      );
    });
  });
}
