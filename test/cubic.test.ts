import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  cubicYRoot,
  cubicYRoots,
  cubicYRootsSync,
  polyRoots,
  solveCubic,
  solveCubics,
  solveCubicsSync,
  nativeInfo,
  type CubicBatch,
} from '../src/index.js';
import { backendHooks, backends, sameBits, seededRandom } from './backends.js';
import { rootWithin } from './exact.js';

const TOL = 1e-12;

/** Roots of input i of a batch, as a plain array. */
function batchRoots(batch: { roots: Float64Array; count: Uint8Array }, i: number): number[] {
  return Array.from(batch.roots.subarray(3 * i, 3 * i + batch.count[i]));
}

/** Every root is a true root within TOL (relative), proved with exact arithmetic. */
function assertAccurate(coeffs: number[], roots: number[]): void {
  for (const r of roots) assert.ok(rootWithin(coeffs, r, TOL), `root ${r} of [${coeffs}] is not within ${TOL}`);
}

/** a*(x-r1)(x-r2)(x-r3), expanded in double arithmetic. */
function fromRoots(a: number, r1: number, r2: number, r3: number): number[] {
  return [a, -a * (r1 + r2 + r3), a * (r1 * r2 + r1 * r3 + r2 * r3), -a * r1 * r2 * r3];
}

describe('cubic single calls (TypeScript)', () => {
  it('lists the double root the seed drops: x0 = -0.5, y0 = 1 gives [-2, 1, 1]', () => {
    assert.deepEqual(cubicYRoot(-0.5, 1), [-2, 1, 1]);
  });

  it('finds three real roots over the seed simulation range x0 in (-0.5, -0.495], y0 = 1', () => {
    for (let i = 1; i <= 1000; i++) {
      const x0 = -0.5 + (0.005 * i) / 1000;
      const roots = cubicYRoot(x0, 1);
      assert.equal(roots.length, 3, `x0 = ${x0}`);
      assert.ok(roots[0] < roots[1] && roots[1] < roots[2]);
      assertAccurate([x0, 0, 1.5, -1], roots);
    }
  });

  it('finds one real root for x0 > 0', () => {
    const random = seededRandom(1);
    for (let i = 0; i < 500; i++) {
      const x0 = random() * 10 + 1e-9;
      const y0 = (random() - 0.5) * 100;
      const roots = cubicYRoot(x0, y0);
      assert.equal(roots.length, 1);
      assertAccurate([x0, 0, 1.5, -y0], roots);
    }
  });

  it('handles x0 tiny and zero', () => {
    assert.deepEqual(cubicYRoot(0, 3), [2]);
    for (const x0 of [1e-12, 1e-300, 5e-324]) {
      const roots = cubicYRoot(x0, 3);
      assert.equal(roots.length, 1, `x0 = ${x0}`);
      assertAccurate([x0, 0, 1.5, -3], roots);
    }
    for (const x0 of [-1e-12, -1e-300]) {
      const roots = cubicYRoot(x0, 3);
      assert.equal(roots.length, 3, `x0 = ${x0}`);
      assertAccurate([x0, 0, 1.5, -3], roots);
      assert.ok(Math.abs(roots[1] - 2) < 1e-9);
    }
    // 1.5 / x0 overflows: the leading coefficient is negligible and the linear root remains.
    assert.deepEqual(cubicYRoot(-5e-324, 3), [2]);
  });

  it('solves general cubics with well-separated roots to 1e-12 relative error', () => {
    const random = seededRandom(2);
    for (let i = 0; i < 2000; i++) {
      const r = [0, 1, 2].map(() => (random() - 0.5) * 20).sort((p, q) => p - q);
      if (r[1] - r[0] < 1e-3 || r[2] - r[1] < 1e-3) continue;
      const coeffs = fromRoots(random() * 4 - 2 || 1, r[0], r[1], r[2]);
      const roots = solveCubic(coeffs[0], coeffs[1], coeffs[2], coeffs[3]);
      assert.equal(roots.length, 3, `[${coeffs}]`);
      assertAccurate(coeffs, roots);
    }
  });

  it('keeps 1e-12 for a close pair of simple roots (gaps of 1% to 10%)', () => {
    const random = seededRandom(21);
    for (let i = 0; i < 3000; i++) {
      const r = (random() - 0.5) * 20 || 1;
      // Closer pairs are ill-conditioned: double-precision coefficients alone move them by more than 1e-12.
      const gap = Math.abs(r) * 10 ** (-2 + random());
      const other = (random() - 0.5) * 40;
      if (Math.abs(other - r) < 0.5 || Math.abs(other - r - gap) < 0.5) continue;
      const coeffs = fromRoots(random() + 0.1, r, r + gap, other);
      const roots = solveCubic(coeffs[0], coeffs[1], coeffs[2], coeffs[3]);
      assert.equal(roots.length, 3, `[${coeffs}]`);
      assertAccurate(coeffs, roots);
    }
  });

  it('keeps accuracy with coefficients spanning 1e±150', () => {
    for (const scale of [1e-150, 1e-75, 1, 1e75, 1e150]) {
      const coeffs = fromRoots(scale, -3, 0.5, 7);
      const roots = solveCubic(coeffs[0], coeffs[1], coeffs[2], coeffs[3]);
      assert.equal(roots.length, 3, `scale ${scale}`);
      assertAccurate(coeffs, roots);
    }
    for (const [r1, r2, r3] of [[-1e50, 1, 1e50], [1e-50, 1, 1e50], [-1e-100, 1e-50, 3], [2, 1e100, 1e140]]) {
      const coeffs = fromRoots(1, r1, r2, r3);
      const roots = solveCubic(coeffs[0], coeffs[1], coeffs[2], coeffs[3]);
      assert.equal(roots.length, 3, `roots ${r1}, ${r2}, ${r3}`);
      assertAccurate(coeffs, roots);
    }
  });

  it('keeps every root when the coefficients or the roots span the double range', () => {
    const cases: Array<[number[], number]> = [
      [[0, 1, 1e200, 1], 2], // the quadratic case: b^2 overflows
      [[0, 2, -1e160, 3], 2],
      [[1, 1e200, 1, 0], 3], // roots -1e200, -1e-200, 0
      [[1, 1e160, 1, 0], 3],
      [[1, 1e200, 1, 1e-200], 1],
      ...[1e-300, 1e-170, 1e170, 1e300].map((k): [number[], number] => [[k, -6 * k, 11 * k, -6 * k], 3]),
      ...[1e-300, 1e300].map((k): [number[], number] => [[0, k, -3 * k, 2 * k], 2]),
    ];
    for (const [coeffs, count] of cases) {
      const roots = solveCubic(coeffs[0], coeffs[1], coeffs[2], coeffs[3]);
      assert.equal(roots.length, count, `[${coeffs}]: ${roots}`);
      assertAccurate(coeffs, roots);
    }
  });

  it('lists repeated roots with their multiplicity', () => {
    assert.deepEqual(solveCubic(1, -3, 3, -1), [1, 1, 1]);
    assert.deepEqual(solveCubic(1, 0, 0, 0), [0, 0, 0]);
    assert.deepEqual(solveCubic(1, -4, 5, -2), [1, 1, 2]); // (x-1)^2 (x-2)
    assert.deepEqual(solveCubic(2, 6, 0, -8), [-2, -2, 1]); // 2 (x+2)^2 (x-1)
    const random = seededRandom(3);
    for (let i = 0; i < 500; i++) {
      const d = Math.round((random() - 0.5) * 64) / 8; // exact in binary: exact coefficients
      const s = Math.round((random() - 0.5) * 64) / 8;
      if (Math.abs(d - s) < 0.5) continue;
      const roots = solveCubic(...(fromRoots(1, d, d, s) as [number, number, number, number]));
      assert.equal(roots.length, 3, `double ${d}, simple ${s}`);
      assert.ok(rootWithin(fromRoots(1, d, d, s), roots.find((r) => Math.abs(r - s) < 0.25)!, TOL));
    }
  });

  it('degrades to the quadratic and linear cases', () => {
    assert.deepEqual(solveCubic(0, 1, -3, 2), [1, 2]);
    assert.deepEqual(solveCubic(0, 0, 2, -3), [1.5]);
    assert.deepEqual(solveCubic(0, 1, 0, 1), []);
    assert.deepEqual(solveCubic(0, 0, 0, 5), []);
    // A leading coefficient whose root would overflow is negligible.
    assert.deepEqual(solveCubic(5e-324, 1, -3, 2), [1, 2]);
    assert.throws(() => solveCubic(0, 0, 0, 0), /at least one non-zero coefficient/);
  });

  it('rejects bad arguments with a message naming the parameter', () => {
    assert.throws(() => cubicYRoot(Number.NaN, 1), { name: 'RangeError', message: /for x0 but received NaN/ });
    assert.throws(() => cubicYRoot(1, '2' as unknown as number), { name: 'TypeError', message: /for y0 but received "2" of type string/ });
    assert.throws(() => solveCubic(1, 2, Infinity, 3), /for c but received Infinity/);
  });

  it('agrees with the general root finder on the real roots', () => {
    const random = seededRandom(4);
    for (let i = 0; i < 300; i++) {
      const k = [0, 1, 2, 3].map(() => (random() - 0.5) * 10);
      const real = polyRoots(k).filter((z) => Math.abs(z.im) < 1e-7).map((z) => z.re);
      const analytic = solveCubic(k[0], k[1], k[2], k[3]);
      assert.equal(analytic.length, real.length, `[${k}]`);
      analytic.forEach((r, j) => assert.ok(Math.abs(r - real[j]) <= 1e-6 * Math.max(1, Math.abs(r)), `[${k}]: ${r} vs ${real[j]}`));
    }
  });

  it('polyRoots finds complex roots', () => {
    const roots = polyRoots([1, 0, 1]);
    assert.equal(roots.length, 2);
    assert.ok(Math.abs(roots[0].im + 1) < 1e-12 && Math.abs(roots[1].im - 1) < 1e-12);
    assert.deepEqual(polyRoots([2, 0]), [{ re: 0, im: 0 }]);
    assert.throws(() => polyRoots([0, 0]), /at least one non-zero coefficient/);
  });
});

for (const b of backends) {
  const { name, options } = b;
  describe(`cubic batches (${name})`, () => {
    backendHooks(b);

    // Inputs that mix block lanes with scalar fallbacks (zeros, NaN, wide magnitudes), checked
    // against the TypeScript reference bit for bit on this case's vector unit.
    it("gives the reference's bits on mixed inputs, at this vector unit", () => {
      if (b.simd) assert.equal(nativeInfo()!.simd, b.simd);
      const random = seededRandom(9);
      const n = 50003;
      const coeffs = new Float64Array(4 * n);
      for (let i = 0; i < 4 * n; i++) coeffs[i] = i % 97 === 0 ? 0 : i % 89 === 0 ? NaN : (random() - 0.5) * 10 ** Math.round(random() * 8 - 4);
      const x0 = coeffs.subarray(0, n), y0 = coeffs.subarray(n, 2 * n);
      const same = (p: CubicBatch, q: CubicBatch) => p.roots.every((v, i) => Object.is(v, q.roots[i])) && p.count.every((v, i) => v === q.count[i]);
      const general = same(solveCubicsSync(coeffs, { ...options, threads: 2 }), solveCubicsSync(coeffs, { backend: 'js' }));
      const seed = same(cubicYRootsSync(x0, y0, { ...options, threads: 2 }), cubicYRootsSync(x0, y0, { backend: 'js' }));
      assert.deepEqual({ general, seed }, { general: true, seed: true });
    });

    it('equal the single calls bit for bit', () => {
      const random = seededRandom(5);
      const n = 20000;
      const x0 = new Float64Array(n), y0 = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        x0[i] = i % 2 ? -0.5 + random() * 0.005 : (random() - 0.5) * 10;
        y0[i] = i % 2 ? 1 : (random() - 0.5) * 10;
      }
      const batch = cubicYRootsSync(x0, y0, options);
      const expected = new Float64Array(3 * n).fill(NaN);
      for (let i = 0; i < n; i++) cubicYRoot(x0[i], y0[i]).forEach((r, j) => (expected[3 * i + j] = r));
      assert.ok(sameBits(batch.roots, expected));
    });

    it('solveCubicsSync equals solveCubic for any coefficients (property)', () => {
      fc.assert(
        fc.property(fc.array(fc.tuple(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }), fc.double(), fc.double(), fc.double()), { maxLength: 40 }), (cubics) => {
          const coeffs = new Float64Array(cubics.flat());
          const batch = solveCubicsSync(coeffs, options);
          cubics.forEach(([a, b, c, d], i) => {
            const finite = [a, b, c, d].every(Number.isFinite) && (a || b || c || d);
            const single = finite ? solveCubic(a, b, c, d) : [];
            assert.ok(sameBits(new Float64Array(batchRoots(batch, i)), new Float64Array(single)));
          });
        }),
        { seed: 42, numRuns: 200 },
      );
    });

    it('equal the single calls on coefficients that span the double range', () => {
      const extremes = [0, 1, 1e200, 1, 1, 1e200, 1, 0, 1e170, -6e170, 11e170, -6e170, 1e-300, -6e-300, 11e-300, -6e-300,
        2 ** -401, 1, 1, 1, 2 ** 401, 1, 1, 1, 1, 2 ** 61, 1, 1, 1, 1e-20, 1e-40, 1e-60];
      const random = seededRandom(8);
      for (let i = 0; i < 400; i++) extremes.push(...[0, 1, 2, 3].map(() => (random() - 0.5) * 10 ** Math.round(random() * 600 - 300)));
      const batch = solveCubicsSync(extremes, options);
      for (let i = 0; i < extremes.length / 4; i++) {
        const [a, b, c, d] = extremes.slice(4 * i, 4 * i + 4);
        assert.ok(sameBits(new Float64Array(batchRoots(batch, i)), new Float64Array(solveCubic(a, b, c, d))), `[${a}, ${b}, ${c}, ${d}]`);
      }
    });

    it('gives count 0 for NaN, infinite or all-zero elements, never an exception', () => {
      const { count, roots } = solveCubicsSync([NaN, 1, 1, 1, 1, -6, 11, -6, 1, Infinity, 0, 0, 0, 0, 0, 0], options);
      assert.deepEqual(Array.from(count), [0, 3, 0, 0]);
      assert.deepEqual(Array.from(roots.subarray(0, 3)), [NaN, NaN, NaN]);
      const y = cubicYRootsSync([NaN, -0.5], [1, NaN], options);
      assert.deepEqual(Array.from(y.count), [0, 0]);
    });

    it('handles empty batches', () => {
      assert.equal(solveCubicsSync(new Float64Array(0), options).count.length, 0);
      assert.equal(cubicYRootsSync([], [], options).roots.length, 0);
    });

    it('async forms give the sync results and report progress', async () => {
      const x0 = new Float64Array(100000).map((_, i) => -0.5 + i * 1e-8);
      const y0 = new Float64Array(100000).fill(1);
      const fractions: number[] = [];
      const result = await cubicYRoots(x0, y0, { ...options, onProgress: (f) => fractions.push(f) });
      assert.ok(sameBits(result.roots, cubicYRootsSync(x0, y0, options).roots));
      assert.equal(fractions.at(-1), 1);
      const packed = await solveCubics([1, -6, 11, -6], options);
      assert.deepEqual(Array.from(packed.roots), solveCubic(1, -6, 11, -6));
    });

    it('async forms reject with AbortError when cancelled', async () => {
      const controller = new AbortController();
      controller.abort();
      await assert.rejects(cubicYRoots([1], [1], { ...options, signal: controller.signal }), { name: 'AbortError' });
      const big = new Float64Array(4_000_000).fill(1);
      const late = new AbortController();
      const pending = solveCubics(big, { ...options, signal: late.signal });
      late.abort();
      await assert.rejects(pending, { name: 'AbortError' });
    });

    it('rejects bad batch arguments with clear errors', () => {
      assert.throws(() => cubicYRootsSync([1, 2], [1], options), { name: 'RangeError', message: /x0s and y0s of the same length but received 2 and 1/ });
      assert.throws(() => solveCubicsSync([1, 2, 3], options), { name: 'RangeError', message: /multiple of 4/ });
      assert.throws(() => solveCubicsSync('abc' as unknown as number[], options), { name: 'TypeError', message: /for coeffs/ });
      assert.throws(() => solveCubicsSync([1, 2, 3, 4], { ...options, threads: 0 }), /integer between 1 and 1024 for threads but received 0/);
      assert.throws(() => solveCubicsSync([1, 2, 3, 4], { ...options, thread: 2 } as never), /Unknown option 'thread'.*did you mean 'threads'/);
      assert.throws(() => cubicYRootsSync([1, 'x'] as unknown as number[], [1, 2], options), /x0s\[1\]/);
    });
  });
}
