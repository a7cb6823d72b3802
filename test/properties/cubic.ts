/**
 * cubic: solveCubics/cubicYRoots (sync and async) on every backend give the single calls' roots bit
 * for bit; the roots are sorted, NaN-padded, as many as the cubic really has, and each provably
 * within the README's accuracy of a true root; bad input is a TypeError or RangeError.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { cubicYRoot, cubicYRoots, cubicYRootsSync, solveCubic, solveCubics, solveCubicsSync } from '../../src/index.js';
import { agreeOnEveryBackend, assertUsageError, eachBackend } from './backends.js';
import { log2RootBound, realRootCount, rootViolation, trimmed } from './cubic-oracle.js';
import { type Property, property } from './harness.js';
import { anyDouble, anyMagnitude, dyadic, finiteDouble, firstDifference, sameFloats, size, tiled } from './values.js';

interface Batch {
  roots: Float64Array;
  count: Uint8Array;
}

function sameBatch(a: Batch, b: Batch): string | undefined {
  const c = firstDifference(a.count, b.count);
  if (c >= 0) return `count[${c}] ${a.count[c]} vs ${b.count[c]}`;
  const r = firstDifference(a.roots, b.roots);
  return r >= 0 ? `roots[${r}] ${a.roots[r]} vs ${b.roots[r]}` : undefined;
}

/** Roots of a chosen shape: a*(x-r1)(x-r2)(x-r3) expanded in doubles, with clusters and spans of scale. */
const fromRoots = fc
  .tuple(anyMagnitude(-300, 300), fc.constantFrom('spread', 'pair', 'triple', 'tiny'), anyMagnitude(-60, 60), anyMagnitude(-60, 60), anyMagnitude(-60, 60))
  .map(([a, shape, r1, r2, r3]) => {
    if (shape === 'pair') r2 = r1 * (1 + 2 ** -20);
    if (shape === 'triple') [r2, r3] = [r1 * (1 + 2 ** -30), r1 * (1 - 2 ** -30)];
    if (shape === 'tiny') r1 *= 2 ** -200;
    return [a, -a * (r1 + r2 + r3), a * (r1 * r2 + r1 * r3 + r2 * r3), -a * r1 * r2 * r3];
  });

/** Coefficients whose exponents differ wildly: the range scaling must keep every root. */
const wide = fc.tuple(anyMagnitude(-1074, 1023), anyMagnitude(-1074, 1023), anyMagnitude(-1074, 1023), anyMagnitude(-1074, 1023));

/** Some coefficients zero: the quadratic, linear and constant cases, and a zero root. */
const withZeros = fc
  .tuple(finiteDouble(), finiteDouble(), finiteDouble(), finiteDouble(), fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }))
  .map(([a, b, c, d, zero]) => [a, b, c, d].map((v, i) => (zero[i] ? 0 : v)));

/** One finite cubic, not all zero. */
const finiteCubic = fc
  .oneof(
    { weight: 3, arbitrary: fc.tuple(finiteDouble(), finiteDouble(), finiteDouble(), finiteDouble()) },
    { weight: 3, arbitrary: fromRoots },
    { weight: 2, arbitrary: wide },
    { weight: 2, arbitrary: withZeros },
    { weight: 1, arbitrary: fc.tuple(dyadic(-100, 100), dyadic(-100, 100), dyadic(-100, 100), dyadic(-100, 100)) },
  )
  .filter((c) => c.every(Number.isFinite) && c.some((v) => v !== 0));

/** Any element of a batch: finite cubics, and elements with NaN, infinities or all zeros. */
const batchElement = fc.oneof(
  { weight: 5, arbitrary: finiteCubic },
  { weight: 1, arbitrary: fc.tuple(anyDouble(), anyDouble(), anyDouble(), anyDouble()) },
  { weight: 1, arbitrary: fc.constant([0, 0, 0, 0]) },
);

const batch = size(60).chain((n) => fc.array(batchElement, { minLength: n, maxLength: n })).map((cubics) => Float64Array.from(cubics.flat()));

/** Roots i of a batch, as an array; and the structural invariants of its slots. */
function elementRoots(b: Batch, i: number): number[] {
  const n = b.count[i];
  assert.ok(n <= 3, `count[${i}] = ${n}`);
  const slots = Array.from(b.roots.subarray(3 * i, 3 * i + 3));
  for (let k = 0; k < 3; k++) {
    if (k < n) assert.ok(Number.isFinite(slots[k]), `element ${i}: root ${k} is ${slots[k]}`);
    else assert.ok(Number.isNaN(slots[k]), `element ${i}: slot ${k} past the count holds ${slots[k]}`);
  }
  for (let k = 1; k < n; k++) assert.ok(slots[k - 1] <= slots[k], `element ${i}: roots not ascending: ${slots}`);
  return slots.slice(0, n);
}

/** The batch element must be exactly the single call, or count 0 where the single call refuses. */
function assertBatchIsSingle(b: Batch, i: number, single: () => number[], valid: boolean): void {
  const roots = elementRoots(b, i);
  if (!valid) {
    assert.equal(roots.length, 0, `element ${i} is not a valid cubic but got roots ${roots}`);
    return;
  }
  const expected = single();
  assert.ok(sameFloats(roots, expected), `element ${i}: batch roots [${roots}] but the single call gives [${expected}]`);
}

/** The exact count (when every root is a double) and the accuracy of each root of coefficients `c`. */
export function assertRootsOfCubic(c: number[], roots: number[]): void {
  const p = trimmed(c);
  const count = realRootCount(p);
  // Beyond 2^1020 a root may overflow the double range, where the README says it is left out.
  if (log2RootBound(p) < 1020) assert.equal(roots.length, count, `[${c}]: ${roots.length} roots [${roots}] but the cubic has ${count} real roots`);
  else assert.ok(roots.length <= count, `[${c}]: ${roots.length} roots [${roots}] but the cubic has ${count} real roots`);
  const violation = rootViolation(p, roots);
  assert.equal(violation, undefined, `[${c}]: ${violation}`);
}

export const properties: Property<unknown>[] = [
  property('solveCubics (sync and async) gives the single calls bit for bit on every backend', 60, batch, async (coeffs) => {
    const sync = await agreeOnEveryBackend('solveCubicsSync', (o) => solveCubicsSync(coeffs, o), sameBatch);
    await agreeOnEveryBackend('solveCubics', (o) => solveCubics(coeffs, o), (a, b) => sameBatch(a, b) ?? sameBatch(sync, b));
    for (let i = 0; i < sync.count.length; i++) {
      const [a, b, c, d] = coeffs.subarray(4 * i, 4 * i + 4);
      const valid = [a, b, c, d].every(Number.isFinite) && [a, b, c, d].some((v) => v !== 0);
      assertBatchIsSingle(sync, i, () => solveCubic(a, b, c, d), valid);
    }
  }),

  property('cubicYRoots (sync and async) gives cubicYRoot bit for bit on every backend', 40,
    size(60).chain((n) => fc.tuple(fc.array(anyDouble(), { minLength: n, maxLength: n }), fc.array(anyDouble(), { minLength: n, maxLength: n }))),
    async ([x0, y0]) => {
      const x = Float64Array.from(x0);
      const y = Float64Array.from(y0);
      const sync = await agreeOnEveryBackend('cubicYRootsSync', (o) => cubicYRootsSync(x, y, o), sameBatch);
      await agreeOnEveryBackend('cubicYRoots', (o) => cubicYRoots(x, y, o), (a, b) => sameBatch(a, b) ?? sameBatch(sync, b));
      for (let i = 0; i < x.length; i++) {
        assertBatchIsSingle(sync, i, () => cubicYRoot(x[i], y[i]), Number.isFinite(x[i]) && Number.isFinite(y[i]));
      }
    }),

  property('a batch past the thread grain agrees on every backend and thread count', 3,
    fc.tuple(fc.array(batchElement, { minLength: 1, maxLength: 64 }), fc.integer({ min: 8192 * 2 + 1, max: 8192 * 4 })),
    async ([cubics, n]) => {
      const coeffs = tiled(cubics.flat(), 4 * n);
      await agreeOnEveryBackend('solveCubicsSync (large)', (o) => solveCubicsSync(coeffs, o), sameBatch);
      await agreeOnEveryBackend('solveCubics (large)', (o) => solveCubics(coeffs, o), sameBatch);
    }),

  property('every root is a root: exact count, each within 4 eps cond(r) |r| (exact arithmetic)', 300, finiteCubic, (c) => {
    assertRootsOfCubic(c, solveCubic(c[0], c[1], c[2], c[3]));
  }),

  property("the seed's cubic: cubicYRoot's roots are roots of x0*y^3 + 1.5*y - y0", 150, fc.tuple(finiteDouble(), finiteDouble()), ([x0, y0]) => {
    assertRootsOfCubic([x0, 0, 1.5, -y0], cubicYRoot(x0, y0));
  }),

  property('bad input is a TypeError or RangeError on every backend, sync and async', 40,
    fc.oneof(
      fc.record({ coeffs: fc.anything(), options: fc.constant(undefined) }),
      fc.record({ coeffs: fc.integer({ min: 1, max: 9 }).filter((n) => n % 4 !== 0).map((n) => new Float64Array(n)), options: fc.constant(undefined) }),
      fc.record({ coeffs: fc.constant(new Float64Array(4)), options: fc.oneof(
        fc.record({ threads: fc.oneof(fc.constantFrom(0, -1, 1.5, 1025, NaN, Infinity), fc.string()) }),
        fc.record({ backend: fc.string() }),
        fc.record({ thread: fc.integer() }),
        fc.record({ onProgress: fc.integer(), signal: fc.constant(undefined) }),
      ) }),
    ).filter(({ coeffs, options }) => options !== undefined || !((coeffs instanceof Float64Array && coeffs.length % 4 === 0)
      || (Array.isArray(coeffs) && coeffs.length % 4 === 0 && coeffs.every((v) => typeof v === 'number')))),
    async ({ coeffs, options }) => {
      for (const b of eachBackend()) {
        const opts = options ?? b.options;
        await assertUsageError(`solveCubicsSync on ${b.name}`, () => solveCubicsSync(coeffs as Float64Array, opts as never));
        await assertUsageError(`solveCubics on ${b.name}`, () => solveCubics(coeffs as Float64Array, opts as never));
      }
    }),

  property('solveCubic refuses non-finite and all-zero coefficients with a RangeError', 30,
    fc.tuple(anyDouble(), anyDouble(), anyDouble(), anyDouble()).filter((c) => c.some((v) => !Number.isFinite(v)) || c.every((v) => v === 0)),
    async ([a, b, c, d]) => {
      await assertUsageError('solveCubic', () => solveCubic(a, b, c, d));
    }),
];
