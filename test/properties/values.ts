/**
 * Inputs drawn to reach the edges of the double range, as users' data sometimes does: signed zeros,
 * subnormals, the largest and smallest normal magnitudes, NaN and infinities, beside ordinary values
 * (so that most cases still exercise the common paths); sizes that include empty and length-1 inputs.
 */
import fc from 'fast-check';

export const MIN_NORMAL = 2 ** -1022;
export const MAX_SUBNORMAL = MIN_NORMAL - Number.MIN_VALUE;

const SPECIAL_FINITE = [0, -0, 1, -1, Number.MIN_VALUE, -Number.MIN_VALUE, MIN_NORMAL, -MIN_NORMAL, MAX_SUBNORMAL, -MAX_SUBNORMAL,
  Number.MAX_VALUE, -Number.MAX_VALUE, Number.EPSILON, 2 ** 53, -(2 ** 53)];

/** m * 2^k with |m| < 2^20 and k anywhere from the smallest subnormal up: exact, few significant bits. */
export function dyadic(minExp = -1074, maxExp = 1000): fc.Arbitrary<number> {
  return fc.tuple(fc.integer({ min: -(2 ** 20), max: 2 ** 20 }), fc.integer({ min: minExp, max: maxExp })).map(([m, k]) => m * 2 ** k);
}

/** A full 53-bit significand at any binary exponent (overflow clamped to the largest double). */
export function anyMagnitude(minExp = -1074, maxExp = 1023): fc.Arbitrary<number> {
  return fc
    .tuple(fc.double({ min: 1, max: 2, maxExcluded: true, noNaN: true }), fc.integer({ min: minExp, max: maxExp }), fc.boolean())
    .map(([f, k, negative]) => {
      const v = f * 2 ** k;
      return (negative ? -1 : 1) * (Number.isFinite(v) ? v : Number.MAX_VALUE);
    });
}

/** Any finite double, weighted towards the extremes and towards ordinary values. */
export function finiteDouble(): fc.Arbitrary<number> {
  return fc.oneof(
    { weight: 2, arbitrary: fc.constantFrom(...SPECIAL_FINITE) },
    { weight: 4, arbitrary: fc.double({ min: -1000, max: 1000, noNaN: true }) },
    { weight: 3, arbitrary: anyMagnitude() },
    { weight: 1, arbitrary: dyadic() },
    { weight: 1, arbitrary: fc.double({ min: -MIN_NORMAL, max: MIN_NORMAL, noNaN: true }) },
    { weight: 1, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }) },
  );
}

/** Any double: finite ones as above, and NaN, +Infinity, -Infinity. */
export function anyDouble(): fc.Arbitrary<number> {
  return fc.oneof({ weight: 6, arbitrary: finiteDouble() }, { weight: 1, arbitrary: fc.constantFrom(NaN, Infinity, -Infinity) });
}

/** Lengths: empty and one often, then small, then past every vector width and unrolled loop. */
export function size(max = 200): fc.Arbitrary<number> {
  const small = Math.min(40, max);
  return fc.oneof(
    { weight: 2, arbitrary: fc.constantFrom(0, 1) },
    { weight: 4, arbitrary: fc.integer({ min: Math.min(2, small), max: small }) },
    { weight: 2, arbitrary: fc.integer({ min: small, max }) },
  );
}

/** `values` repeated to `length` elements: large inputs (past the thread grains) at the cost of small ones. */
export function tiled(values: ArrayLike<number>, length: number): Float64Array {
  const out = new Float64Array(length);
  if (values.length > 0) for (let i = 0; i < length; i++) out[i] = values[i % values.length];
  return out;
}

/** True when two float arrays hold the same bits (every NaN equal to every NaN, 0 distinct from -0). */
export function sameFloats(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

/** The first index where two arrays differ (Object.is), for a message; -1 when none. */
export function firstDifference(a: ArrayLike<unknown>, b: ArrayLike<unknown>): number {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) if (!Object.is(a[i], b[i])) return i;
  return -1;
}
