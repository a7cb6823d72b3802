/**
 * Exact arithmetic for checking roots: every double is a dyadic rational m * 2^e, so a polynomial
 * with double coefficients can be evaluated exactly at a double with BigInt, and a sign change of
 * f over [x - tol, x + tol] proves a true root within tol of x.
 */

interface Dyadic {
  m: bigint;
  e: number;
}

const view = new DataView(new ArrayBuffer(8));

export function toDyadic(v: number): Dyadic {
  if (!Number.isFinite(v)) throw new RangeError(`not finite: ${v}`);
  if (v === 0) return { m: 0n, e: 0 };
  view.setFloat64(0, v);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const sign = hi >>> 31 ? -1n : 1n;
  const biased = (hi >>> 20) & 0x7ff;
  let mantissa = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  if (biased !== 0) mantissa |= 1n << 52n;
  const e = (biased === 0 ? 1 : biased) - 1075;
  return { m: sign * mantissa, e };
}

function mul(a: Dyadic, b: Dyadic): Dyadic {
  return { m: a.m * b.m, e: a.e + b.e };
}

function add(a: Dyadic, b: Dyadic): Dyadic {
  if (a.e === b.e) return { m: a.m + b.m, e: a.e };
  if (a.e > b.e) return { m: (a.m << BigInt(a.e - b.e)) + b.m, e: b.e };
  return { m: a.m + (b.m << BigInt(b.e - a.e)), e: a.e };
}

/** The exact sign (-1, 0, 1) of the polynomial with coefficients `coeffs` (highest first) at x. */
export function exactSign(coeffs: number[], x: number): number {
  const X = toDyadic(x);
  let acc = toDyadic(coeffs[0]);
  for (let k = 1; k < coeffs.length; k++) acc = add(mul(acc, X), toDyadic(coeffs[k]));
  return acc.m > 0n ? 1 : acc.m < 0n ? -1 : 0;
}

/** True when the polynomial provably has a root in [x - tol*|x|, x + tol*|x|] (or within tol of 0). */
export function rootWithin(coeffs: number[], x: number, tol: number): boolean {
  const width = x === 0 ? tol : tol * Math.abs(x);
  const lo = exactSign(coeffs, x - width);
  const hi = exactSign(coeffs, x + width);
  return lo === 0 || hi === 0 || exactSign(coeffs, x) === 0 || lo !== hi;
}

/**
 * The exact number of real roots of a*x^3 + b*x^2 + c*x + d counted with multiplicity (a != 0):
 * 3 when the discriminant 18abcd - 4b^3d + b^2c^2 - 4ac^3 - 27a^2d^2 is >= 0, else 1.
 */
export function realRootCount(a: number, b: number, c: number, d: number): number {
  const [A, B, C, D] = [a, b, c, d].map(toDyadic);
  const term = (k: number, ...f: Dyadic[]) => f.reduce(mul, { m: BigInt(k), e: 0 });
  const disc = [term(18, A, B, C, D), term(-4, B, B, B, D), term(1, B, B, C, C), term(-4, A, C, C, C), term(-27, A, A, D, D)].reduce(add);
  return disc.m >= 0n ? 3 : 1;
}

/** The condition number S(r) / (|r| |p'(r)|) of root r, S(r) = sum |coefficient_k| |r|^k, in doubles. */
export function conditionNumber(coeffs: number[], r: number): number {
  const [a, b, c, d] = coeffs;
  const x = Math.abs(r);
  const s = ((Math.abs(a) * x + Math.abs(b)) * x + Math.abs(c)) * x + Math.abs(d);
  const dp = (3 * a * r + 2 * b) * r + c;
  return s / (x * Math.abs(dp));
}
