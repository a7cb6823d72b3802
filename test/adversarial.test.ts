// Findings of the adversarial review (task trust3), each kept as a regression test: inputs the
// documented guarantees cover but the module suites did not try. Independent oracles (mpmath for
// cubic, shapely for pip's exact modes) live in test/fixtures and the module suites.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { alloc, free } from '../src/backend.js';
import { backendHooks, backends, wasmAvailable } from './backends.js';
import { runCli } from './cli-run.js';
import {
  Engine, Geofence, PolygonSet, cubicYRootsSync, encodePngSync, findMaxSync, jetLuminositiesSync, juliaSync, matchPointsSync,
  shockLuminositiesSync, solveCubics, solveCubicsSync, solarMass, kmPerSecond, demoDisk, DEMO_SMBH_MASS_IN_SUN,
} from '../src/index.js';

/** A typed array whose buffer was transferred away: it reads as empty, like a fresh zero-length array. */
function detached<T extends ArrayBufferView>(view: T): T {
  structuredClone(view.buffer, { transfer: [view.buffer as ArrayBuffer] });
  return view;
}
const f64 = (n: number) => detached(new Float64Array(n));
const square = { type: 'Polygon', coordinates: [[[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]]] };
const isDetachedError = (name: string) => (error: unknown) => {
  assert.ok(error instanceof TypeError, `a TypeError, not ${String(error)}`);
  assert.match(error.message, new RegExp(`^Expected .* for ${name.replace(/[.[\]]/g, '\\$&')} but received a \\w+ on a detached ArrayBuffer`));
  return true;
};

describe('detached buffers are a TypeError naming the parameter, never an empty result', () => {
  const engine = new Engine(square);
  const calls: Array<[string, string, () => unknown]> = [
    ['solveCubicsSync', 'coeffs', () => solveCubicsSync(f64(8))],
    ['solveCubics', 'coeffs', () => solveCubics(f64(8))],
    ['cubicYRootsSync', 'x0s', () => cubicYRootsSync(f64(2), f64(2))],
    ['solveCubicsSync out', 'out.roots', () => solveCubicsSync(new Float64Array(4), { out: { roots: f64(3), count: new Uint8Array(1) } })],
    ['findMaxSync', 'matrix.data', () => findMaxSync({ data: f64(6), rows: 0, cols: 6 }, { axis: 1 })],
    ['findMaxSync out', 'out', () => findMaxSync({ data: new Float64Array(6), rows: 2, cols: 3 }, { out: f64(3) })],
    ['Engine#locateSync', 'lat', () => engine.locateSync({ lon: f64(3), lat: f64(3) })],
    ['Engine#locate', 'lat', () => engine.locate({ lon: f64(3), lat: f64(3) })],
    ['Engine#pipN', 'lat', () => engine.pipN(f64(2), f64(2))],
    ['Engine#countSync', 'lat', () => engine.countSync({ lon: f64(2), lat: f64(2) })],
    ['Geofence#pushSync', 'time', () => new Geofence(engine).pushSync({ id: [], time: f64(1), lon: f64(1), lat: f64(1) })],
    ['PolygonSet.fromArrays', 'x', () => PolygonSet.fromArrays(f64(3), f64(3), [0, 3])],
    ['matchPointsSync', 'points', () => matchPointsSync(PolygonSet.fromArrays([0, 1, 0], [0, 0, 1], [0, 3]), f64(2))],
    ['shockLuminositiesSync', 'massFinal', () => shockLuminositiesSync(solarMass(DEMO_SMBH_MASS_IN_SUN), detached(solarMass([10, 20])), [1e3, 2e3], demoDisk, kmPerSecond([100, 200]))],
    ['jetLuminositiesSync', 'a', () => jetLuminositiesSync(solarMass([10]), f64(1), demoDisk, [0.5], kmPerSecond([100]))],
    ['juliaSync out', 'out', () => juliaSync({ resolution: 2, out: detached(new Uint16Array(4)) })],
    ['encodePngSync', 'pixels', () => encodePngSync({ width: 1, height: 1, channels: 1, pixels: detached(new Uint8Array(1)) })],
  ];
  for (const [fn, name, call] of calls) {
    it(`${fn}: ${name}`, async () => {
      await assert.rejects(async () => call(), isDetachedError(name));
    });
  }
});

describe('free() takes back only what alloc() handed out, once', { skip: wasmAvailable ? false : 'hotloop.wasm not built' }, () => {
  it('refuses a second free of an array whose block alloc() has handed out again, and a subarray', () => {
    const first = alloc(Float64Array, 4);
    free(first);
    const second = alloc(Float64Array, 4);
    assert.equal(second.byteOffset, first.byteOffset, 'the block is reused (the hazard this test is about)');
    // Before: released `second`'s block, so the next alloc() aliased `second`.
    assert.throws(() => free(first), { name: 'TypeError', message: /for free but received one already freed/ });
    const third = alloc(Float64Array, 4);
    assert.notEqual(third.byteOffset, second.byteOffset, 'second is still allocated');
    third[0] = 42;
    assert.equal(second[0], 0);
    assert.throws(() => free(second.subarray(0, 2)), { name: 'TypeError', message: /a view alloc\(\) did not return/ });
    free(second);
    free(third);
    assert.throws(() => free(second), TypeError);
  });
});

// The escape test is re^2 + im^2 >= threshold^2 in doubles (README, julia). numpy's seed tests
// hypot(re, im) >= threshold: the two agree but in the last bit while threshold^2 is a normal double;
// above sqrt(DBL_MAX) (about 1.34e154) threshold^2 is Infinity and a pixel escapes once re^2 + im^2
// overflows, whatever the threshold (numpy at 1e160: 1,222 of 22,500 pixels differ at R = 150).
describe('julia thresholds: numpy agreement where the squared threshold is a normal double', () => {
  const python = spawnSync('python3', ['-c', 'import numpy'], { encoding: 'utf8' });
  const seed = fileURLToPath(new URL('../bench/python/julia_seed.py', import.meta.url));
  it('counts equal the seed numpy program at thresholds 1e150 and 1e-150', { skip: python.status !== 0 ? 'python3 with numpy not found' : false }, () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'hotloop-adversarial-'));
    try {
      for (const threshold of [1e150, 1e-150]) {
        const counts = path.join(dir, 'counts.bin');
        const run = spawnSync('python3', [seed, '-R', '150', '-m', '0', '-M', '400', '--threshold', String(threshold), '--out', counts], { encoding: 'utf8' });
        assert.equal(run.status, 0, run.stderr);
        const theirs = new Uint32Array(new Uint8Array(readFileSync(counts)).buffer);
        const ours = juliaSync({ resolution: 150, itermin: 0, itermax: 400, threshold });
        assert.deepEqual(Array.from(ours.counts), Array.from(theirs), `threshold ${threshold}`);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('every threshold whose square overflows gives the same counts (the documented limit)', () => {
    const at = (threshold: number) => Array.from(juliaSync({ resolution: 60, itermin: 0, itermax: 400, threshold }).counts);
    const top = at(1.7976931348623157e308);
    assert.deepEqual(at(1e160), top);
    assert.deepEqual(at(Math.sqrt(Number.MAX_VALUE) * (1 + 2 ** -50)), top);
    assert.notDeepEqual(at(1e150), top, 'below the limit the threshold still matters');
  });
});

describe('hotloop pip --points: unreadable Arrow files fail with one line naming the file', () => {
  it('an empty file and bytes that are not Arrow exit 1 (the first used to give zero points, the second no file name)', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'hotloop-adversarial-'));
    try {
      const zones = path.join(dir, 'zones.geojson');
      writeFileSync(zones, JSON.stringify(square));
      const cases: Array<[string, Uint8Array, RegExp]> = [
        ['empty.arrow', new Uint8Array(0), /empty\.arrow: empty file \(expected an Arrow IPC file or stream\)$/],
        ['garbage.arrow', new TextEncoder().encode('not arrow at all'), /garbage\.arrow: not an Arrow IPC file or stream \(/],
      ];
      for (const [name, bytes, message] of cases) {
        const file = path.join(dir, name);
        writeFileSync(file, bytes);
        const run = runCli(['pip', '--zones', zones, '--points', file]);
        assert.equal(run.status, 1, run.stderr);
        assert.equal(run.stdout, '');
        const lines = run.stderr.trim().split('\n');
        assert.equal(lines.length, 1, run.stderr);
        assert.match(lines[0], message);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

// shapely (GEOS) as an independent oracle for pip's exact modes: test/fixtures/pip_shapely.py.
interface ShapelyGroup {
  zones: number[][][][];
  points: [number, number][];
  covers: number[][];
  contains: number[][];
  far: boolean[];
}
const shapely: ShapelyGroup[] = JSON.parse(readFileSync(new URL('./fixtures/pip-shapely.json', import.meta.url), 'utf8'));

for (const b of backends) {
  describe(`pip against shapely (${b.name})`, () => {
    backendHooks(b);
    it("'inside' is covers, 'outside' is contains, and half-open agrees with both away from every edge", async () => {
      for (const [g, group] of shapely.entries()) {
        const zones = group.zones.map((coordinates) => ({ type: 'Polygon', coordinates }));
        const lon = Float64Array.from(group.points, (p) => p[0]);
        const lat = Float64Array.from(group.points, (p) => p[1]);
        const rows = (m: { offsets: Int32Array; zones: Int32Array }) => group.points.map((_, i) => Array.from(m.zones.subarray(m.offsets[i], m.offsets[i + 1])));
        const inside = new Engine(zones, { boundary: 'inside', ...b.options });
        const outside = new Engine(zones, { boundary: 'outside', ...b.options });
        const halfOpen = new Engine(zones, { boundary: 'half-open', ...b.options });
        assert.deepEqual(rows(inside.pipAllSync({ lon, lat })), group.covers, `group ${g} inside`);
        assert.deepEqual(rows(await outside.pipAll({ lon, lat })), group.contains, `group ${g} outside`);
        const half = rows(halfOpen.pipAllSync({ lon, lat }));
        group.points.forEach((p, i) => {
          if (group.far[i]) assert.deepEqual(half[i], group.contains[i], `group ${g} half-open at ${p}`);
        });
      }
    });
  });
}
