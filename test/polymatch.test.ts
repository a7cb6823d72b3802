import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  Polygon,
  PolygonSet,
  findClosePolygons,
  generateExample,
  generateExampleSet,
  main,
  matchPoints,
  matchPointsSync,
  selectBestPolygon,
  nativeInfo,
} from '../src/index.js';
import { backendHooks, backends, nativeAvailable, sameBits, seededRandom } from './backends.js';

/** The spec, literally: scan every polygon in input order, first close one wins unless a later one is strictly smaller. */
function oracle(centers: Float64Array, areas: Float64Array, points: Float64Array, maxDist: number): Int32Array {
  const out = new Int32Array(points.length / 2).fill(-1);
  for (let p = 0; p < out.length; p++) {
    for (let i = 0; i < areas.length; i++) {
      const dx = centers[2 * i] - points[2 * p];
      const dy = centers[2 * i + 1] - points[2 * p + 1];
      if (Math.sqrt(dx * dx + dy * dy) < maxDist && (out[p] < 0 || areas[i] < areas[out[p]])) out[p] = i;
    }
  }
  return out;
}

function statsOf(polygons: Polygon[]): { centers: Float64Array; areas: Float64Array } {
  const centers = new Float64Array(polygons.flatMap((p) => [...p.center]));
  return { centers, areas: new Float64Array(polygons.map((p) => p.area())) };
}

function flat(points: Array<[number, number]>): Float64Array {
  return new Float64Array(points.flat());
}

/** Random polygons: a few vertices around a center, sizes varied so areas are mostly distinct. */
function randomPolygons(count: number, span: number, seed: number, cls: typeof Polygon = Polygon): Polygon[] {
  const random = seededRandom(seed);
  const out: Polygon[] = [];
  for (let i = 0; i < count; i++) {
    const n = 3 + Math.floor(random() * 6);
    const cx = random() * span;
    const cy = random() * span;
    const r = 0.1 + random() * 3;
    const x = Array.from({ length: n }, (_, k) => cx + r * Math.cos((2 * Math.PI * k) / n));
    const y = Array.from({ length: n }, (_, k) => cy + r * Math.sin((2 * Math.PI * k) / n));
    out.push(new cls(x, y));
  }
  return out;
}

class Tagged extends Polygon {
  tag(): string {
    return `polygon at ${this.center[0].toFixed(1)}, ${this.center[1].toFixed(1)}`;
  }
}

describe('Polygon', () => {
  it('has the seed center (mean of vertices) and shoelace area', () => {
    const square = new Polygon([0, 1, 1, 0], [0, 0, 1, 1]);
    assert.deepEqual([...square.center], [0.5, 0.5]);
    assert.equal(square.area(), 1);
    assert.equal(new Polygon([0, 2, 0], [0, 0, 2]).area(), 2);
    assert.equal(new Polygon([0, 1, 2], [0, 1, 2]).area(), 0, 'collinear');
    assert.ok(Object.isFrozen(square.center));
  });

  it('keeps its area under vertex rotation and reversal, and owns a copy of its input', () => {
    const x = new Float64Array([0, 4, 5, 2, -1]);
    const y = new Float64Array([0, 0, 3, 6, 2]);
    const area = new Polygon(x, y).area();
    for (let shift = 0; shift < 5; shift++) {
      const rx = [...x.slice(shift), ...x.slice(0, shift)];
      const ry = [...y.slice(shift), ...y.slice(0, shift)];
      assert.equal(new Polygon(rx, ry).area(), area);
      assert.equal(new Polygon(rx.reverse(), ry.reverse()).area(), area);
    }
    const p = new Polygon(x, y);
    x[0] = 100;
    assert.equal(p.x[0], 0);
  });

  it('keeps each polygon to its own vertices when many share storage, and serves big polygons too', () => {
    // Enough polygons to fill several shared slabs, with a big one in between and at the end.
    const random = seededRandom(17);
    const inputs: Array<[number[], number[]]> = [];
    for (let i = 0; i < 20_000; i++) {
      const n = i % 997 === 0 ? 5_000 : 3 + (i % 7);
      inputs.push([Array.from({ length: n }, () => random() * 100 - 50), Array.from({ length: n }, () => random() * 1e-3)]);
    }
    const polygons = inputs.map(([x, y]) => new Polygon(x, y));
    polygons.forEach((p, i) => {
      const [x, y] = inputs[i];
      assert.deepEqual([...p.x], x);
      assert.deepEqual([...p.y], y);
      const cx = x.reduce((a, b) => a + b, 0) / x.length;
      const cy = y.reduce((a, b) => a + b, 0) / y.length;
      assert.deepEqual(p.center, [cx, cy]);
      let sxy = 0;
      let syx = 0;
      for (let k = 0, prev = x.length - 1; k < x.length; prev = k++) {
        sxy += x[k] * y[prev];
        syx += y[k] * x[prev];
      }
      assert.equal(p.area(), 0.5 * Math.abs(sxy - syx));
    });
    // Writing into one polygon's x touches no other polygon (and, as before, not its cached area).
    const before = polygons[1].area();
    polygons[0].x.fill(1e6);
    assert.deepEqual([...polygons[1].x], inputs[1][0]);
    assert.equal(polygons[1].area(), before);
  });

  it('can be subclassed, and every path returns the subclass objects', () => {
    const polygons = randomPolygons(50, 20, 3, Tagged) as Tagged[];
    const close = findClosePolygons(polygons, [10, 10], 5);
    assert.ok(close.length > 0 && close.every((p) => p instanceof Tagged));
    assert.match(close[0].tag(), /^polygon at/);
    const [[, best]] = main(polygons, [[10, 10]], 5);
    assert.equal(typeof best.tag, 'function');
    assert.equal(matchPointsSync(polygons, [[10, 10]], { maxDist: 5 })[0], polygons.indexOf(best));
  });

  it('rejects bad rings with errors naming the parameter', () => {
    // The error describes what was passed (an array here), not a copy made of it.
    assert.throws(() => new Polygon([0, 1], [0, 1]), /Expected at least 3 vertices for x but received Array\(2\)/);
    assert.throws(() => new Polygon(new Float64Array(2), new Float64Array(2)), /Expected at least 3 vertices for x but received Float64Array\(2\)/);
    assert.throws(() => new Polygon('0,1,2' as never, [0, 1, 2]), { name: 'TypeError', message: /Expected Float64Array or array of numbers for x/ });
    assert.throws(() => new Polygon([0, '1', 2] as never, [0, 1, 2]), { name: 'TypeError', message: /Expected number for x\[1\]/ });
    assert.throws(() => new Polygon([0, 1, 2], [0, 1]), /Expected x and y of the same length but received 3 and 2/);
    assert.throws(() => new Polygon([0, NaN, 2], [0, 1, 2]), { name: 'RangeError', message: /for x\[1\] but received NaN/ });
    assert.throws(() => new Polygon([0, 1, 2], [0, 1, Infinity]), /for y\[2\] but received Infinity/);
    assert.throws(() => new Polygon('abc' as never, [0, 1, 2]), { name: 'TypeError', message: /Float64Array or array of numbers for x/ });
    assert.throws(() => new Polygon([0, '1', 2] as never, [0, 1, 2]), /Expected number for x\[1\]/);
    assert.throws(() => new Polygon([1e300, -1e300, 1e300], [1e300, 1e300, -1e300]), /finite center and area for polygon/);
    assert.throws(() => new Polygon([1.7e308, 1.7e308, 0], [0, 1, 2]), /finite center and area/);
  });
});

describe('seed API', () => {
  const { polygons, points, maxDist } = generateExample();

  it('generates the seed example: 1000 rings of the template, 100 points shuffled from 0..99', () => {
    assert.equal(polygons.length, 1000);
    assert.equal(points.length, 100);
    assert.equal(maxDist, 10);
    const sortedX = points.map((p) => p[0]).sort((a, b) => a - b);
    const sortedY = points.map((p) => p[1]).sort((a, b) => a - b);
    assert.deepEqual(sortedX, Array.from({ length: 100 }, (_, i) => i));
    assert.deepEqual(sortedY, sortedX);
    assert.notDeepEqual(points.map((p) => p[0]), points.map((p) => p[1]), 'two independent shuffles');
    for (const p of polygons) {
      assert.equal(p.x.length, 10);
      const ox = p.x[0];
      const oy = p.y[0] - 1;
      assert.ok(Number.isInteger(ox) && ox >= 0 && ox < 100 && Number.isInteger(oy) && oy >= 0 && oy < 100);
      for (let i = 0; i < 10; i++) {
        assert.equal(p.x[i], i * 0.1 + ox);
        assert.equal(p.y[i], Math.sqrt(1 - i * 0.1 * (i * 0.1)) + oy);
      }
    }
    assert.deepEqual(generateExample().points, points, 'seeded');
    assert.notDeepEqual(generateExample({ seed: 2 }).points, points);
  });

  it('packs the same example in generateExampleSet, with the same center and area bits', () => {
    const set = generateExampleSet();
    const { centers, areas } = statsOf(polygons);
    assert.ok(sameBits(set.polygons.centers, centers));
    assert.ok(sameBits(set.polygons.areas, areas));
    assert.ok(sameBits(set.points, flat(points)));
  });

  it('main equals the seed composition of findClosePolygons and selectBestPolygon', () => {
    for (const { options } of backends) {
      const sets = points
        .map((p) => [p, findClosePolygons(polygons, p, maxDist, options)] as const)
        .filter(([, close]) => close.length > 0);
      const expected = selectBestPolygon(sets);
      const actual = main(polygons, points, maxDist, options);
      assert.equal(actual.length, expected.length);
      actual.forEach(([point, poly], i) => {
        assert.equal(point, expected[i][0]);
        assert.equal(poly, expected[i][1]);
      });
    }
  });

  it('findClosePolygons returns the close polygons in input order on every backend', () => {
    const { centers } = statsOf(polygons);
    for (const { options } of backends) {
      for (const point of points.slice(0, 20)) {
        const expected = polygons.filter((_, i) => {
          const dx = centers[2 * i] - point[0];
          const dy = centers[2 * i + 1] - point[1];
          return Math.sqrt(dx * dx + dy * dy) < maxDist;
        });
        assert.deepEqual(findClosePolygons(polygons, point, maxDist, options), expected);
      }
    }
  });

  it('selectBestPolygon keeps the first polygon unless a later one is strictly smaller', () => {
    const a = new Polygon([0, 1, 0], [0, 0, 1]); // area 0.5
    const b = new Polygon([5, 6, 5], [5, 5, 6]); // area 0.5, a tie
    const c = new Polygon([0, 2, 0], [0, 0, 2]); // area 2
    const d = new Polygon([0, 0.5, 0], [0, 0, 0.5]); // area 0.125
    const [[, first], [, smaller]] = selectBestPolygon([
      [[0, 0], [c, a, b]],
      [[1, 1], [a, b, d]],
    ]);
    assert.equal(first, a);
    assert.equal(smaller, d);
    assert.throws(() => selectBestPolygon([[[0, 0], []]]), /non-empty array of Polygon for polygonSets\[0\]\[1\]/);
    assert.throws(() => selectBestPolygon([[[0, 0], [{}]]] as never), /Expected Polygon for polygonSets\[0\]\[1\]\[0\]/);
  });
});

describe('matchPoints', () => {
  for (const b of backends) {
    const { name, options } = b;
    describe(name, () => {
      backendHooks(b);

      it('gives the js result at this vector unit', () => {
        if (b.simd) assert.equal(nativeInfo()!.simd, b.simd);
        const { polygons, points } = generateExampleSet({ polygons: 30000, points: 30000, span: 500, seed: 4 });
        const js = matchPointsSync(polygons, points, { backend: 'js' });
        const here = matchPointsSync(polygons, points, { ...options, threads: 3 });
        assert.equal(js.every((v, i) => v === here[i]), true);
        assert.ok(js.filter((v) => v >= 0).length > 20000);
      });

      it('matches the literal spec on the seed example', () => {
        const { polygons, points, maxDist } = generateExample();
        const { centers, areas } = statsOf(polygons);
        assert.deepEqual(matchPointsSync(polygons, points, { maxDist, ...options }), oracle(centers, areas, flat(points), maxDist));
      });

      it('picks the minimum area of the close set, ties to the lowest index, with distinct areas too', () => {
        const polygons = randomPolygons(400, 50, 11);
        // Duplicates of earlier polygons later in the list: equal areas, the lower index must win.
        for (let i = 0; i < 40; i++) polygons.push(new Polygon(polygons[i * 3].x, polygons[i * 3].y));
        const { centers, areas } = statsOf(polygons);
        const random = seededRandom(12);
        const points = new Float64Array(600).map(() => random() * 50);
        const best = matchPointsSync(polygons, points, { maxDist: 4, ...options });
        assert.deepEqual(best, oracle(centers, areas, points, 4));
        let checked = 0;
        for (let p = 0; p < best.length; p++) {
          const close = findClosePolygons(polygons, [points[2 * p], points[2 * p + 1]], 4);
          if (close.length === 0) {
            assert.equal(best[p], -1);
            continue;
          }
          const min = Math.min(...close.map((c) => c.area()));
          assert.equal(areas[best[p]], min);
          assert.equal(best[p], polygons.findIndex((c) => close.includes(c) && c.area() === min));
          checked++;
        }
        assert.ok(checked > 100);
      });

      it('runs of 1 to 9 candidates: lanes past a run never count (the vector tails)', () => {
        // Every polygon is close to the origin and the last has the smallest area. A vector lane
        // past the end of a run that counted would bring polygon 0 or an area of 0 instead.
        for (let n = 1; n <= 9; n++) {
          const polygons = Array.from({ length: n }, (_, k) => {
            const [cx, half] = [1 + k / 2, (n - k) / 4];
            return new Polygon([cx - half, cx + half, cx + half, cx - half], [-half, -half, half, half]);
          });
          const points = new Float64Array([0, 0, 1e-3, -1e-3, 50, 50]);
          assert.deepEqual(Array.from(matchPointsSync(polygons, points, { maxDist: 10, ...options })), [n - 1, n - 1, -1], `${n} candidates`);
        }
      });

      it('decides distances exactly at maxDist as the spec does (strictly less)', () => {
        const polygons = [new Polygon([-1, 1, 1, -1], [-1, -1, 1, 1])]; // center [0, 0]
        assert.deepEqual(matchPointsSync(polygons, [[3, 4]], { maxDist: 5, ...options }), Int32Array.of(-1));
        const above = 5 + 2 ** -50;
        assert.deepEqual(matchPointsSync(polygons, [[3, 4]], { maxDist: above, ...options }), Int32Array.of(0));
        // Points on circles around centers, where rounding decides.
        const random = seededRandom(5);
        const many = randomPolygons(200, 30, 6);
        const { centers, areas } = statsOf(many);
        for (const maxDist of [0.7, 1, 2.5, 3]) {
          const pts = new Float64Array(2000);
          for (let k = 0; k < 1000; k++) {
            const i = Math.floor(random() * many.length);
            const t = random() * 2 * Math.PI;
            pts[2 * k] = centers[2 * i] + maxDist * Math.cos(t);
            pts[2 * k + 1] = centers[2 * i + 1] + maxDist * Math.sin(t);
          }
          assert.deepEqual(matchPointsSync(many, pts, { maxDist, ...options }), oracle(centers, areas, pts, maxDist));
        }
      });

      it('handles empty inputs, extreme coordinates and extreme maxDist', () => {
        assert.deepEqual(matchPointsSync([], [[1, 2]], options), Int32Array.of(-1));
        assert.deepEqual(matchPointsSync(generateExample().polygons, [], options), new Int32Array(0));
        const huge = [new Polygon([1e150, 2e150, 1e150], [0, 0, 1e150]), new Polygon([-1e150, 0, -1e150], [0, 0, 1e150])];
        const { centers, areas } = statsOf(huge);
        const pts = new Float64Array([0, 0, 1e150, 1e149, -1e300, 1e300]);
        for (const maxDist of [1e-300, 5e-324, 1, 1e150, 1.5e150, 1e308, Number.MAX_VALUE]) {
          assert.deepEqual(matchPointsSync(huge, pts, { maxDist, ...options }), oracle(centers, areas, pts, maxDist), `maxDist ${maxDist}`);
        }
        const tiny = [new Polygon([0, 1e-200, 0], [0, 0, 1e-200]), new Polygon([1e-160, 2e-160, 1e-160], [0, 0, 1e-160])];
        const t = statsOf(tiny);
        const tp = new Float64Array([0, 0, 1e-160, 0, 3e-160, 1e-170]);
        for (const maxDist of [5e-324, 1e-300, 1e-170, 1e-160, 1e-150]) {
          assert.deepEqual(matchPointsSync(tiny, tp, { maxDist, ...options }), oracle(t.centers, t.areas, tp, maxDist), `maxDist ${maxDist}`);
        }
        // dx = 1e-170 squares to 0, so polygon 0 is "close" to a point 1e-170 away with maxDist 1e-300:
        // the grid query must reach that far.
        const underflow = [new Polygon([0.5e-170, 1.5e-170, 1e-170], [-1e-171, -1e-171, 2e-171]), new Polygon([-1, 1, 0], [-1, -1, 2])];
        assert.deepEqual(matchPointsSync(underflow, [[0, 0]], { maxDist: 1e-300, ...options }), Int32Array.of(0));
      });

      it('agrees with the spec on random sets (property)', () => {
        fc.assert(
          fc.property(
            fc.array(fc.tuple(fc.integer({ min: -20, max: 20 }), fc.integer({ min: -20, max: 20 }), fc.integer({ min: 1, max: 4 })), { maxLength: 60 }),
            fc.array(fc.tuple(fc.double({ min: -25, max: 25, noNaN: true }), fc.double({ min: -25, max: 25, noNaN: true })), { maxLength: 40 }),
            fc.double({ min: 0.01, max: 30, noNaN: true }),
            (rings, pts, maxDist) => {
              // Integer squares of few sizes: many equal areas and centers on exact distances.
              const polygons = rings.map(([x, y, s]) => new Polygon([x, x + s, x + s, x], [y, y, y + s, y + s]));
              const { centers, areas } = statsOf(polygons);
              const points = new Float64Array(pts.flat());
              assert.deepEqual(matchPointsSync(polygons, points, { maxDist, ...options }), oracle(centers, areas, points, maxDist));
            },
          ),
          { numRuns: 150 },
        );
      });

      it('async form gives the sync result and honours signal and onProgress', async () => {
        const { polygons, points } = generateExampleSet({ polygons: 20_000, points: 50_000, span: 450, seed: 9 });
        const sync = matchPointsSync(polygons, points, options);
        const seen: number[] = [];
        assert.deepEqual(await matchPoints(polygons, points, { ...options, onProgress: (f) => seen.push(f) }), sync);
        assert.equal(seen.at(-1), 1);
        const controller = new AbortController();
        controller.abort();
        await assert.rejects(matchPoints(polygons, points, { ...options, signal: controller.signal }), { name: 'AbortError' });
      });

      it('stops promptly when cancelled mid-call, grid building included (CPU spent after the abort)', async () => {
        // CPU time, not wall time: on a loaded machine a thread may wait long for a core, but the
        // work done after the abort is what a late poll costs. Before polling the grid build and
        // every point, a 1M x 1M call kept 2 threads busy for 300+ ms after its abort; the dense
        // case (maxDist covering every polygon) spent 20+ ms per chunk of points.
        const scaled = generateExampleSet({ polygons: 1_000_000, points: 1_000_000, span: 3163, seed: 4 });
        const dense = generateExampleSet({ polygons: 20_000, points: 100_000, span: 10, seed: 5 });
        for (const [data, maxDist, delay] of [[scaled, 10, 0], [scaled, 10, 40], [dense, 1e9, 30]] as const) {
          const controller = new AbortController();
          const call = matchPoints(data.polygons, data.points, { ...options, maxDist, signal: controller.signal });
          await new Promise((resolve) => setTimeout(resolve, delay));
          const before = process.cpuUsage();
          controller.abort();
          await assert.rejects(call, { name: 'AbortError' });
          const { user, system } = process.cpuUsage(before);
          assert.ok((user + system) / 1000 < 100, `${(user + system) / 1000} ms of CPU after the abort (target 10 ms, bound generous for a loaded machine)`);
        }
      });
    });
  }

  it('gives the same result on every backend and thread count for a larger batch', () => {
    const { polygons, points, maxDist } = generateExampleSet({ polygons: 50_000, points: 60_000, span: 700, seed: 3 });
    const results = [1, 2, 3, 8].flatMap((threads) => backends.map(({ options }) => matchPointsSync(polygons, points, { maxDist, ...options, threads })));
    for (const r of results) assert.deepEqual(r, results[0]);
    assert.ok(results[0].every((v) => v >= 0), "dense enough that every point has a close polygon");
  });

  it('rejects bad input with errors naming the parameter', () => {
    const polygons = generateExample().polygons.slice(0, 5);
    for (const maxDist of [0, -1, NaN, Infinity]) {
      assert.throws(() => matchPointsSync(polygons, [[0, 0]], { maxDist }), { name: 'RangeError', message: /finite number greater than 0 for maxDist/ });
      assert.throws(() => findClosePolygons(polygons, [0, 0], maxDist), /for maxDist/);
      assert.throws(() => main(polygons, [[0, 0]], maxDist), /for maxDist/);
    }
    assert.throws(() => matchPointsSync(polygons, [[0, 0]], { maxDist: '10' as never }), { name: 'TypeError' });
    assert.throws(() => matchPointsSync(polygons, [[0, 0]], { maxdist: 3 } as never), /Unknown option 'maxdist' for matchPointsSync; did you mean 'maxDist'\?/);
    assert.throws(() => matchPointsSync(polygons, [[0, NaN]]), /for points\[0\]\[1\] but received NaN/);
    assert.throws(() => matchPointsSync(polygons, [[0, 1, 2]] as never), /\[x, y\] point for points\[0\]/);
    assert.throws(() => matchPointsSync(polygons, new Float64Array(3)), /even length/);
    assert.throws(() => matchPointsSync(polygons, new Float64Array([0, Infinity])), /for points\[1\]/);
    assert.throws(() => matchPointsSync([...polygons, { center: [0, 0] }] as never, [[0, 0]]), /Expected Polygon for polygons\[5\]/);
    assert.throws(() => matchPointsSync('polygons' as never, [[0, 0]]), /array of Polygon for polygons/);
    assert.throws(() => matchPointsSync(polygons, [[0, 0]], { threads: 0 }), /threads/);
    assert.throws(() => findClosePolygons(polygons, [1] as never, 3), /point for point/);
  });
});

describe('fuzzing the public API', () => {
  const onlyArgumentErrors = (run: () => unknown) => {
    try {
      run();
    } catch (error) {
      assert.ok(error instanceof TypeError || error instanceof RangeError, `unexpected ${(error as Error)?.name}: ${(error as Error)?.message}`);
    }
  };
  const numbers = fc.array(fc.oneof(fc.double(), fc.integer({ min: -5, max: 20 })), { maxLength: 12 });
  const pointLike = fc.oneof(fc.tuple(fc.double(), fc.double()), fc.anything(), fc.float64Array({ maxLength: 4 }));

  for (const { name, options } of backends) {
    it(`only throws TypeError or RangeError on any input (${name})`, () => {
      const polygons = randomPolygons(20, 10, 1);
      fc.assert(
        fc.property(numbers, numbers, numbers, fc.array(pointLike, { maxLength: 5 }), fc.anything(), (x, y, offsets, points, maxDist) => {
          onlyArgumentErrors(() => PolygonSet.fromArrays(new Float64Array(x), y, offsets, options));
          onlyArgumentErrors(() => new Polygon(x, y));
          onlyArgumentErrors(() => matchPointsSync(polygons, points as never, { maxDist: maxDist as never, ...options }));
          onlyArgumentErrors(() => matchPointsSync(polygons, new Float64Array(x), { maxDist: Math.abs(y[0] ?? 1), ...options }));
          onlyArgumentErrors(() => findClosePolygons(polygons, points[0] as never, maxDist as never, options));
          onlyArgumentErrors(() => main(points as never, polygons as never));
          onlyArgumentErrors(() => selectBestPolygon([[points[0], polygons]] as never));
        }),
        { numRuns: 300 },
      );
    });
  }
});

describe('PolygonSet', () => {
  it('computes the same center and area bits on every backend as Polygon does', () => {
    const polygons = randomPolygons(3000, 100, 21);
    const packed = PolygonSet.fromPolygons(polygons);
    const expected = statsOf(polygons);
    for (const { options } of backends) {
      const set = PolygonSet.fromArrays(packed.x, packed.y, packed.offsets, options);
      assert.ok(sameBits(set.centers, expected.centers));
      assert.ok(sameBits(set.areas, expected.areas));
    }
    assert.equal(packed.length, 3000);
    assert.deepEqual(packed.polygon(7).x, polygons[7].x);
    assert.equal(packed.polygon(7).area(), polygons[7].area());
  });

  it('matches like the Polygon array it packs', () => {
    const polygons = randomPolygons(500, 40, 8);
    const set = PolygonSet.fromPolygons(polygons);
    const random = seededRandom(2);
    const points = new Float64Array(400).map(() => random() * 40);
    for (const { options } of backends) {
      assert.deepEqual(matchPointsSync(set, points, { maxDist: 3, ...options }), matchPointsSync(polygons, points, { maxDist: 3, backend: 'js' }));
    }
  });

  it('rejects bad offsets and coordinates', () => {
    const x = [0, 1, 0, 5, 7, 5];
    const y = [0, 0, 1, 5, 5, 9];
    assert.deepEqual([...PolygonSet.fromArrays(x, y, [0, 3, 6]).areas], [0.5, 4]);
    assert.throws(() => PolygonSet.fromArrays(x, y, [0, 2, 6]), /ring of at least 3 vertices for polygon 0 but received 2/);
    assert.throws(() => PolygonSet.fromArrays(x, y, [1, 6]), /offsets starting with 0/);
    assert.throws(() => PolygonSet.fromArrays(x, y, [0, 3, 7]), /last offset equal to the number of vertices \(6\)/);
    assert.throws(() => PolygonSet.fromArrays(x, y, [0, 3.5, 6]), /Int32Array or array of non-negative integers for offsets/);
    assert.throws(() => PolygonSet.fromArrays(x, y.slice(1), [0, 3, 6]), /same length/);
    assert.throws(() => PolygonSet.fromArrays([0, 1, NaN], [0, 0, 1], [0, 3]), /for x\[2\] but received NaN/);
    assert.throws(() => PolygonSet.fromArrays([1e308, 1e308, 0], [0, 0, 1], [0, 3]), /finite center and area for polygon 0/);
    assert.throws(() => PolygonSet.fromArrays(x, y, [0, 3, 6], { theads: 2 } as never), /did you mean 'threads'/);
    assert.throws(() => PolygonSet.fromPolygons([null] as never), /Expected Polygon for polygons\[0\]/);
    assert.throws(() => PolygonSet.fromArrays(x, y, [0, 3, 6]).polygon(2), /integer between 0 and 1 for i/);
  });
});

if (nativeAvailable) {
  describe('native glue', () => {
    it('never crashes on a wrong call: it throws', async () => {
      const { nativeAddon } = await import('../src/backend.js');
      const addon = nativeAddon() as unknown as Record<string, (...args: unknown[]) => unknown>;
      const f = new Float64Array(4);
      assert.throws(() => addon.matchPointsSync(f, new Float64Array(2), f, new Int32Array(3), 1, 1), /lengths/);
      assert.throws(() => addon.matchPointsSync(f, new Float64Array(3), f, new Int32Array(2), 1, 1), /lengths/);
      assert.throws(() => addon.matchPointsSync(f, new Float64Array(2), f, new Int32Array(2), 0, 1), /maxDist/);
      assert.throws(() => addon.matchPointsSync(f, f, f, new Float64Array(2), 1, 1), /wrong typed array for out/);
      assert.throws(() => addon.polygonStats(f, f, Int32Array.of(0, 9), new Float64Array(2), new Float64Array(1), 1), /offsets/);
      assert.throws(() => addon.polygonStats(f, f, Int32Array.of(0, 3, 2, 4), new Float64Array(6), new Float64Array(3), 1), /increase/);
      assert.throws(() => addon.closeIndices(new Float64Array(3), new Int32Array(1), 0, 0, 1), /lengths/);
      assert.throws(() => addon.matchPointsSync(), /wrong typed array/);
    });
  });
}

describe('polymatch in a worker thread and on the command line', () => {
  it('loads and matches in a worker_thread (per-environment addon state)', async () => {
    const { Worker } = await import('node:worker_threads');
    const worker = new Worker(new URL('./polymatch-worker.mjs', import.meta.url));
    const fromWorker = await new Promise<number[]>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    await worker.terminate();
    const { polygons, points } = generateExample();
    assert.deepEqual(fromWorker, Array.from(matchPointsSync(polygons, points, { backend: 'js' })));
  });

  it('prints JSON and exits 2 on bad usage', () => {
    const cli = (...args: string[]) =>
      spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'polymatch', ...args], { cwd: new URL('..', import.meta.url), encoding: 'utf8' });
    const ok = cli('--points', '5', '--json');
    assert.equal(ok.status, 0, ok.stderr);
    const { polygons, points } = generateExample({ points: 5 });
    assert.deepEqual(JSON.parse(ok.stdout).best, Array.from(matchPointsSync(polygons, points, { backend: 'js' })));
    const bad = cli('--max-dist', '-1');
    assert.equal(bad.status, 2);
    assert.equal(bad.stderr, 'hotloop: Expected finite number greater than 0 for --max-dist but received -1 of type number\n');
  });
});
