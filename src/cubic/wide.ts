/**
 * Doubles with an unbounded exponent, for the cubic solver's careful path (careful.ts): a value is
 * m * 2^e with 1 <= |m| < 2 (or m = 0) and e any integer. Each operation is the IEEE double
 * operation on the significands followed by an exact power-of-two normalisation, so it rounds
 * exactly as a double with an unlimited exponent range would: no coefficient set can overflow or
 * underflow, and subnormal inputs keep every bit. native/core/cubic_wide.h has the same operations.
 */
import { cubeRoot } from './cube-root.js';

export interface Wide {
  /** 0, or 1 <= |m| < 2. */
  readonly m: number;
  /** The power of two (0 for zero). */
  readonly e: number;
}

export const ZERO: Wide = { m: 0, e: 0 };

/** v * 2^e by exact steps; v * 2^e must be a normal double. */
export function scale(v: number, e: number): number {
  while (e > 64) { v *= 2 ** 64; e -= 64; }
  while (e < -64) { v *= 2 ** -64; e += 64; }
  let p = 1;
  for (; e > 0; --e) p *= 2;
  for (; e < 0; ++e) p *= 0.5;
  return v * p;
}

/** m * 2^e normalised (m a finite double, normal or subnormal). */
function make(m: number, e: number): Wide {
  if (m === 0) return ZERO;
  let a = m < 0 ? -m : m;
  if (!(a < Infinity)) return { m: NaN, e: 0 }; // never expected; a NaN ends as a dropped root, not a hang
  let k = 0;
  while (a >= 2 ** 64) { a *= 2 ** -64; k += 64; }
  while (a < 2 ** -64) { a *= 2 ** 64; k -= 64; }
  while (a >= 2) { a *= 0.5; k += 1; }
  while (a < 1) { a *= 2; k -= 1; }
  return { m: m < 0 ? -a : a, e: e + k };
}

/** A finite double, exactly. */
export function wide(v: number): Wide {
  return make(v, 0);
}

export function neg(x: Wide): Wide {
  return x.m === 0 ? ZERO : { m: -x.m, e: x.e };
}

export function abs(x: Wide): Wide {
  return x.m < 0 ? { m: -x.m, e: x.e } : x;
}

/** -1, 0 or 1. */
export function sign(x: Wide): number {
  return x.m > 0 ? 1 : x.m < 0 ? -1 : 0;
}

export function mul(x: Wide, y: Wide): Wide {
  return make(x.m * y.m, x.e + y.e);
}

export function div(x: Wide, y: Wide): Wide {
  return make(x.m / y.m, x.e - y.e);
}

/** x * k for a double k (a small constant). */
export function times(x: Wide, k: number): Wide {
  return make(x.m * k, x.e);
}

export function add(x: Wide, y: Wide): Wide {
  if (x.m === 0) return y;
  if (y.m === 0) return x;
  if (x.e < y.e) {
    const t = x;
    x = y;
    y = t;
  }
  const d = x.e - y.e;
  // More than 60 places down, y is below half an ulp of x: the rounded sum is x itself.
  if (d > 60) return x;
  return make(x.m + scale(y.m, -d), x.e);
}

export function sub(x: Wide, y: Wide): Wide {
  return add(x, neg(y));
}

/** sqrt(x), x >= 0: the exponent made even first, so the square root is exact in it. */
export function sqrt(x: Wide): Wide {
  if (x.m === 0) return ZERO;
  return x.e % 2 === 0 ? make(Math.sqrt(x.m), x.e / 2) : make(Math.sqrt(2 * x.m), (x.e - 1) / 2);
}

/** cubeRoot(x), x >= 0 (an approximation within 3.3e-8, see cube-root.ts). */
export function cbrt(x: Wide): Wide {
  if (x.m === 0) return ZERO;
  const r = ((x.e % 3) + 3) % 3;
  return make(cubeRoot(x.m * (r === 0 ? 1 : r === 1 ? 2 : 4)), (x.e - r) / 3);
}

/** |x| < |y|, exactly. */
export function smaller(x: Wide, y: Wide): boolean {
  if (y.m === 0) return false;
  if (x.m === 0) return true;
  if (x.e !== y.e) return x.e < y.e;
  return Math.abs(x.m) < Math.abs(y.m);
}

/**
 * The nearest double, subnormals included (beyond the range: an infinity). Below 2^-1022 the
 * significand is first scaled exactly into [2^-66, 2^52), then multiplied by 2^-1074 once, so
 * that multiplication's is the only rounding.
 */
export function toDouble(x: Wide): number {
  if (x.m === 0) return 0;
  if (x.e > 1023) return x.m * Infinity;
  if (x.e >= -1022) return scale(x.m, x.e);
  if (x.e < -1140) return x.m * 0;
  return scale(x.m, x.e + 1074) * 2 ** -1074;
}
