/**
 * Exact arithmetic on dyadic rationals m * 2^e (BigInt m), which every double is: the oracles of
 * the properties evaluate polynomials and orientations with no rounding at all, whatever the
 * exponents (subnormals and the top of the double range alike).
 */
import { toDyadic } from '../exact.js';

export interface Dyadic {
  m: bigint;
  e: number;
}

export const ZERO: Dyadic = { m: 0n, e: 0 };

export function of(v: number): Dyadic {
  return toDyadic(v);
}

export function add(a: Dyadic, b: Dyadic): Dyadic {
  if (a.m === 0n) return b;
  if (b.m === 0n) return a;
  if (a.e === b.e) return { m: a.m + b.m, e: a.e };
  if (a.e > b.e) return { m: (a.m << BigInt(a.e - b.e)) + b.m, e: b.e };
  return { m: a.m + (b.m << BigInt(b.e - a.e)), e: a.e };
}

export function neg(a: Dyadic): Dyadic {
  return { m: -a.m, e: a.e };
}

export function sub(a: Dyadic, b: Dyadic): Dyadic {
  return add(a, neg(b));
}

export function mul(a: Dyadic, b: Dyadic): Dyadic {
  return { m: a.m * b.m, e: a.e + b.e };
}

export function sign(a: Dyadic): -1 | 0 | 1 {
  return a.m > 0n ? 1 : a.m < 0n ? -1 : 0;
}

export function abs(a: Dyadic): Dyadic {
  return a.m < 0n ? neg(a) : a;
}

/** -1, 0 or 1 as a < b, a = b, a > b. */
export function compare(a: Dyadic, b: Dyadic): -1 | 0 | 1 {
  return sign(sub(a, b));
}

/** log2 |a| to about 1e-15 relative, for any size of m (-Infinity for 0). */
export function log2Abs(a: Dyadic): number {
  if (a.m === 0n) return -Infinity;
  const m = a.m < 0n ? -a.m : a.m;
  const bits = m.toString(2).length;
  const shift = Math.max(0, bits - 60);
  return Math.log2(Number(m >> BigInt(shift))) + shift + a.e;
}

/** A dyadic no smaller than 2^x (rounded up by about 2^-50 relative): a tolerance never too tight. */
export function fromLog2Up(x: number): Dyadic {
  const k = Math.floor(x);
  const mantissa = BigInt(Math.ceil(2 ** (x - k) * 2 ** 52 * (1 + 2 ** -50)));
  return { m: mantissa, e: k - 52 };
}

/** p(x) exactly, coefficients highest degree first. */
export function evaluate(coeffs: Dyadic[], x: Dyadic): Dyadic {
  let acc = coeffs[0];
  for (let k = 1; k < coeffs.length; k++) acc = add(mul(acc, x), coeffs[k]);
  return acc;
}

/** The derivative's coefficients, highest degree first. */
export function derivative(coeffs: Dyadic[]): Dyadic[] {
  const n = coeffs.length - 1;
  return coeffs.slice(0, n).map((c, k) => mul(c, { m: BigInt(n - k), e: 0 }));
}
