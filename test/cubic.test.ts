import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
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
import { conditionNumber, exactSign, realRootCount } from './exact.js';

/**
 * The accuracy claim: every root r within K * EPS * cond(r) * |r| of the true root, where
 * cond(r) = S(r) / (|r| |p'(r)|) and S(r) = sum |coefficient_k| |r|^k. The fixtures' worst case is
 * about 1.5 (a root whose condition number is below 1 still rounds to the nearest ulp).
 */
const K = 4;
const EPS = 2 ** -52;
/** Below the normal range relative accuracy ends: results may be a subnormal ulp or two off. */
const SUBNORMAL_FLOOR = 2 ** -1073;

/** Roots of input i of a batch, as a plain array. */
function batchRoots(batch: { roots: Float64Array; count: Uint8Array }, i: number): number[] {
  return Array.from(batch.roots.subarray(3 * i, 3 * i + batch.count[i]));
}

/**
 * Every computed root provably has a true root within K * EPS * cond(r) * |r|: exact BigInt signs of
 * the cubic at both ends of that interval differ (or vanish). Roots whose intervals overlap (a close
 * pair) are checked together: the signs at the ends of the joint interval must change as often as
 * the number of roots in it says (odd or even); the mpmath fixtures check such pairs one by one.
 * Roots with an infinite condition number (multiple roots) or in the subnormal range are left to the
 * fixtures as well.
 */
function assertAccurate(coeffs: number[], roots: number[]): void {
  const width = roots.map((r) => K * EPS * conditionNumber(coeffs, r) * Math.abs(r));
  for (let i = 0; i < roots.length;) {
    let j = i;
    while (j + 1 < roots.length && roots[j + 1] - width[j + 1] <= roots[j] + width[j]) j++;
    const lo = roots[i] - width[i], hi = roots[j] + width[j];
    const checkable = hi - lo < Infinity && roots.slice(i, j + 1).every((r) => Math.abs(r) >= 2 ** -1000);
    if (checkable) {
      const a = exactSign(coeffs, lo), b = exactSign(coeffs, hi);
      const odd = (j - i + 1) % 2 === 1;
      assert.ok(a === 0 || b === 0 || (a !== b) === odd, `roots ${roots.slice(i, j + 1)} of [${coeffs}]: no root within ${lo}..${hi}`);
    }
    i = j + 1;
  }
}

/** a*(x-r1)(x-r2)(x-r3), expanded in double arithmetic. */
function fromRoots(a: number, r1: number, r2: number, r3: number): number[] {
  return [a, -a * (r1 + r2 + r3), a * (r1 * r2 + r1 * r3 + r2 * r3), -a * r1 * r2 * r3];
}

function solve(coeffs: number[]): number[] {
  return solveCubic(coeffs[0], coeffs[1], coeffs[2], coeffs[3]);
}

/** Distance in ulps (units in the last place) between two doubles. */
function ulps(x: number, y: number): number {
  const view = new DataView(new ArrayBuffer(8));
  const ordered = (v: number) => {
    view.setFloat64(0, v);
    const bits = view.getBigInt64(0);
    return bits < 0n ? -(bits & 0x7fffffffffffffffn) : bits;
  };
  const d = ordered(x) - ordered(y);
  return Number(d < 0n ? -d : d);
}

/**
 * Cases with the true real roots from test/fixtures/cubic_oracle.py (mpmath at 100+ digits, counts by
 * exact rational arithmetic): `unit` is each root's attainable accuracy, EPS * cond(r) * |r| for a
 * simple root and the sharper min_j (EPS S(r) j! / |p^(j)(r)|)^(1/j) near a multiple one.
 */
interface OracleCase {
  name: string;
  coeffs: [number, number, number, number];
  roots: number[];
  unit: number[];
}
const cases: OracleCase[] = JSON.parse(readFileSync(new URL('./fixtures/cubic-cases.json', import.meta.url), 'utf8'));

/** Boost.Math's cubic_roots tests (test/test_cubic_roots.cpp) that check 2 ulps (3 for the last). */
const BOOST_ULPS: Record<string, number> = {
  'boost: x^3': 0, 'boost: x^3 + 1': 0, 'boost: x^3 - 1': 0, 'boost: x^3 - 2': 2, 'boost: x^3 - 8': 0,
  'boost: (x-1)(x-2)(x-3)': 2, 'boost: (x+1)^2 (x-2)': 2, 'boost: ((x+1)^2+1)(x+1)': 3,
};

function checkOracle(c: OracleCase, got: number[], where: string): void {
  assert.equal(got.length, c.roots.length, `${c.name} [${c.coeffs}] ${where}: ${got} vs ${c.roots}`);
  got.forEach((r, j) => {
    const err = Math.abs(r - c.roots[j]);
    assert.ok(err <= K * c.unit[j] + SUBNORMAL_FLOOR,
      `${c.name} [${c.coeffs}] ${where}: root ${r} vs ${c.roots[j]}: ${err / c.unit[j]} units`);
    const bound = BOOST_ULPS[c.name];
    if (bound !== undefined) assert.ok(ulps(r, c.roots[j]) <= bound, `${c.name}: ${r} is ${ulps(r, c.roots[j])} ulps from ${c.roots[j]}`);
  });
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
    // x0 < 0 adds two roots near +-sqrt(1.5/|x0|): within the double range even for x0 = -5e-324.
    for (const x0 of [-1e-12, -1e-300, -5e-324]) {
      const roots = cubicYRoot(x0, 3);
      assert.equal(roots.length, 3, `x0 = ${x0}`);
      assertAccurate([x0, 0, 1.5, -3], roots);
      assert.ok(Math.abs(roots[1] - 2) < 1e-9);
    }
  });

  it('keeps a small root near zero to full relative accuracy (issue 9)', () => {
    assert.deepEqual(solveCubic(1, -3, 2, 1e-30), [-5e-31, 1, 2]);
    assert.deepEqual(solveCubic(1, -3, 2, 1e-100), [-5e-101, 1, 2]);
    // x(x-1)^2 = 1e-300: roots 1e-300 and 1 +- 1e-150 (a pair no double can tell apart).
    assert.deepEqual(solveCubic(1, -2, 1, -1e-300), [1e-300, 1, 1]);
    // x(x-1)^2 = -1e-300: the pair near 1 is complex; only the exact discriminant can tell.
    assert.deepEqual(solveCubic(1, -2, 1, 1e-300), [-1e-300]);
  });

  it('finds the single root near a triple root within its conditioning (issue 9)', () => {
    const coeffs = [-25.689704839783573, -344735.11802347464, -1542022408.5852153, -2299188550146.522];
    const roots = solve(coeffs);
    assert.equal(roots.length, 1);
    // mpmath: -4473.0425844135974864...; the attainable accuracy there is about 0.05.
    assert.ok(Math.abs(roots[0] + 4473.0425844135974) < 0.1, `${roots[0]}`);
  });

  it('keeps every root of coefficients spanning the double range (issue 9)', () => {
    assert.deepEqual(solveCubic(1e-160, 1, 0, 1e160), [-1e160]);
    assert.deepEqual(solveCubic(1, 0, 1e150, -1e-150), [1e-300]);
    assert.deepEqual(solveCubic(1e-300, 1, 1, 1e300), [-9.999999999999999e299]);
    // The same cubic at any scale, subnormal coefficients included, has the same roots.
    for (const scale of [2 ** -1060, 2 ** -1000, 2 ** -400, 2 ** 400, 2 ** 900]) {
      assert.deepEqual(solveCubic(scale, -6 * scale, 11 * scale, -6 * scale), [1, 2, 3], `scale ${scale}`);
    }
  });

  it('meets Boost.Math\'s cubic tests: 2 ulps, (x-1)(x-2)(x-3)\'s middle root included', () => {
    assert.deepEqual(solveCubic(1, -6, 11, -6), [1, 2, 3]);
    assert.deepEqual(solveCubic(1, 0, -3, -2), [-1, -1, 2]);
    assert.deepEqual(solveCubic(1, 0, 0, 0), [0, 0, 0]);
    assert.deepEqual(solveCubic(1, 3, 4, 2), [-1]);
    // x^3 + 10000x^2 + 200x + 1: Boost wants the large root within eps (absolute) of -9999.97999997 and
    // the ill-conditioned pair within 1e-5 and 10 eps cond.
    const roots = solveCubic(1, 10000, 200, 1);
    assert.equal(roots[0], -9999.97999997);
    const pair = [-0.010010015026300100757327057, -0.009990014973799899662674923];
    pair.forEach((r, j) => {
      assert.ok(Math.abs(roots[j + 1] - r) < 1.01e-5);
      assert.ok(Math.abs(roots[j + 1] - r) / Math.abs(r) <= 10 * EPS * conditionNumber([1, 10000, 200, 1], roots[j + 1]));
    });
  });

  it('meets Boost\'s random trials (std::mt19937(12345), roots uniform in (-2, 2)) at Boost\'s tolerance', () => {
    // The roots Boost drew; the cubic's coefficients are rounded from them, so 60 and 80 ulps of room.
    const drawn = [
      [-1.8409620139897627, -1.4771708237786072, 1.5606188531309515], [0.12831166625742352, 1.3057445270983132, 1.825239898260259],
      [-0.5043152908339104, -0.15229476805355913, 1.694952620801681], [-1.892841089552914, -1.3801065770410283, 1.569374906595531],
      [-0.8339904453527291, -0.40502385598938506, 1.2291548320080188], [0.2255892081858364, 0.5083772909421578, 1.6316995898353053],
      [-1.79804817240342, 1.2249393804394408, 1.3596770148395074], [-0.5438816580291848, 0.763791685295836, 1.7232627717009312],
      [-1.482741721496317, -0.726585073402138, 1.3307455915302868], [-0.5451726241308132, 0.38707857373247156, 0.9488090329588146],
    ];
    for (const r of drawn) {
      const roots = solve(fromRoots(1, r[0], r[1], r[2]));
      assert.ok(ulps(roots[0], r[0]) <= 60 && ulps(roots[1], r[1]) <= 80 && ulps(roots[2], r[2]) <= 80, `${roots} vs ${r}`);
    }
  });

  it('puts every root within 4 eps cond of the truth on the oracle fixtures (mpmath)', () => {
    for (const c of cases) checkOracle(c, solve(c.coeffs), 'solveCubic');
  });

  it(`proves every root within ${K} eps cond, exactly, on random cubics`, () => {
    const random = seededRandom(2);
    for (let i = 0; i < 2000; i++) {
      const r = [0, 1, 2].map(() => (random() - 0.5) * 20).sort((p, q) => p - q);
      const coeffs = fromRoots(random() * 4 - 2 || 1, r[0], r[1], r[2]);
      const roots = solve(coeffs);
      assert.equal(roots.length, realRootCount(coeffs[0], coeffs[1], coeffs[2], coeffs[3]), `[${coeffs}]`);
      assertAccurate(coeffs, roots);
    }
  });

  it('counts and places the roots of close pairs (gaps from 1e-2 down to 1e-15)', () => {
    const random = seededRandom(21);
    for (let i = 0; i < 3000; i++) {
      const r = (random() - 0.5) * 20 || 1;
      const gap = Math.abs(r) * 10 ** (-2 - 13 * random());
      const other = (random() - 0.5) * 40;
      if (Math.abs(other - r) < 0.5 || Math.abs(other - r - gap) < 0.5) continue;
      const coeffs = fromRoots(random() + 0.1, r, r + gap, other);
      const roots = solve(coeffs);
      assert.equal(roots.length, realRootCount(coeffs[0], coeffs[1], coeffs[2], coeffs[3]), `[${coeffs}]: ${roots}`);
      assertAccurate(coeffs, roots);
    }
  });

  for (const span of [150, 300]) {
    it(`counts and places the roots of random coefficients with exponents in +-${span}`, () => {
      const random = seededRandom(span);
      let checked = 0;
      for (let i = 0; i < 3000; i++) {
        const coeffs = [0, 1, 2, 3].map(() => (random() < 0.5 ? -1 : 1) * (1 + 9 * random()) * 10 ** Math.round((2 * random() - 1) * span));
        const [a, b, c, d] = coeffs;
        // Roots beyond the double range are dropped by design; the fixtures cover those.
        const bound = Math.max(Math.abs(b / a), Math.sqrt(Math.abs(c / a)), Math.cbrt(Math.abs(d / a)));
        if (!(bound < 1e300)) continue;
        const roots = solve(coeffs);
        assert.equal(roots.length, realRootCount(a, b, c, d), `[${coeffs}]: ${roots}`);
        assertAccurate(coeffs, roots);
        checked++;
      }
      assert.ok(checked > 1000, `only ${checked} cubics with every root in range`);
    });
  }

  it('lists repeated roots with their multiplicity', () => {
    assert.deepEqual(solveCubic(1, -3, 3, -1), [1, 1, 1]);
    assert.deepEqual(solveCubic(1, 0, 0, 0), [0, 0, 0]);
    assert.deepEqual(solveCubic(1, -4, 5, -2), [1, 1, 2]); // (x-1)^2 (x-2)
    assert.deepEqual(solveCubic(2, 6, 0, -8), [-2, -2, 1]); // 2 (x+2)^2 (x-1)
    const random = seededRandom(3);
    for (let i = 0; i < 500; i++) {
      const d = Math.round((random() - 0.5) * 64) / 8; // exact in binary: exact coefficients
      const s = Math.round((random() - 0.5) * 64) / 8;
      if (d === s) continue;
      const scale = 2 ** Math.round((random() - 0.5) * 1200); // exact too, across the range
      const coeffs = fromRoots(scale, d, d, s);
      const roots = solve(coeffs);
      // The double root exactly (from the coefficients, once the exact discriminant says 0), the
      // simple one to its condition number.
      assert.equal(roots.length, 3, `double ${d}, simple ${s}, scale ${scale}`);
      assert.equal(roots.filter((r) => r === d).length, 2, `double ${d}, simple ${s}, scale ${scale}: ${roots}`);
      assertAccurate(coeffs, roots.filter((r) => r !== d));
    }
  });

  it('degrades to the quadratic and linear cases', () => {
    assert.deepEqual(solveCubic(0, 1, -3, 2), [1, 2]);
    assert.deepEqual(solveCubic(0, 0, 2, -3), [1.5]);
    assert.deepEqual(solveCubic(0, 1, 0, 1), []);
    assert.deepEqual(solveCubic(0, 0, 0, 5), []);
    // A leading coefficient whose root would overflow (-2e323) is negligible.
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

  it('polyRoots keeps roots of coefficients spanning the double range (issue 9)', () => {
    // 1e-200 x^3 + x^2 - 1: roots near -1e200, -1 and 1.
    const roots = polyRoots([1e-200, 1, 0, -1]);
    [-1e200, -1, 1].forEach((r, j) => {
      assert.ok(Math.abs(roots[j].re - r) <= 1e-12 * Math.abs(r) && Math.abs(roots[j].im) <= 1e-12 * Math.abs(r), `${JSON.stringify(roots)}`);
    });
    // 1e-160 x^3 + x^2 + 1e160: a real root near -1e160 and a complex pair of modulus 1e80.
    const wide = polyRoots([1e-160, 1, 0, 1e160]);
    assert.ok(Math.abs(wide[0].re / -1e160 - 1) < 1e-12, `${JSON.stringify(wide)}`);
    for (const z of wide.slice(1)) assert.ok(Math.abs(Math.hypot(z.re, z.im) / 1e80 - 1) < 1e-12, `${JSON.stringify(wide)}`);
    // A root beyond the double range (about -2e323) cannot be returned: a clear RangeError instead.
    assert.throws(() => polyRoots([5e-324, 1, 1]), { name: 'RangeError', message: /roots lie within the double range.*for coeffs/ });
  });
});

for (const b of backends) {
  const { name, options } = b;
  describe(`cubic batches (${name})`, () => {
    backendHooks(b);

    // Inputs that mix block lanes with scalar fallbacks, checked against the TypeScript reference
    // bit for bit on this case's vector unit: moderate random cubics, the seed's near-double pairs,
    // close pairs, roots near zero, coefficients across the whole double range, zeros, NaN, and
    // the oracle fixtures.
    it("gives the reference's bits on mixed inputs, at this vector unit", () => {
      if (b.simd) assert.equal(nativeInfo()!.simd, b.simd);
      const random = seededRandom(9);
      const list: number[][] = JSON.parse(readFileSync(new URL('./fixtures/cubic-cases.json', import.meta.url), 'utf8')).map((c: { coeffs: number[] }) => c.coeffs);
      for (let i = 0; i < 60000; i++) {
        const kind = i % 6;
        if (kind === 0) list.push([0, 1, 2, 3].map((k) => ((i + k) % 97 === 0 ? 0 : (i + k) % 89 === 0 ? NaN : (random() - 0.5) * 10 ** Math.round(random() * 8 - 4))));
        else if (kind === 1) list.push([0, 1, 2, 3].map(() => (random() - 0.5) * 10 ** Math.round(random() * 600 - 300)));
        else if (kind === 2) list.push([-0.5 + 10 ** (-16 * random()) * 0.005, 0, 1.5, -1]);
        else {
          const r = [0, 1, 2].map(() => (random() - 0.5) * 20);
          if (kind === 3) r[1] = r[0] * (1 + 10 ** (-15 * random()));
          if (kind === 4) r[2] = 10 ** (-300 * random());
          list.push([1, -(r[0] + r[1] + r[2]), r[0] * r[1] + r[0] * r[2] + r[1] * r[2], -r[0] * r[1] * r[2]]);
        }
      }
      const coeffs = new Float64Array(list.flat());
      const n = list.length;
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

    it('meets the accuracy claim on the oracle fixtures, and equals the single calls there', () => {
      const batch = solveCubicsSync(cases.flatMap((c) => c.coeffs), options);
      cases.forEach((c, i) => {
        const got = batchRoots(batch, i);
        checkOracle(c, got, name);
        assert.ok(sameBits(new Float64Array(got), new Float64Array(solve(c.coeffs))), `${c.name}: batch differs from solveCubic`);
      });
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
