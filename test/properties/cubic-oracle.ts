/**
 * The cubic oracle, in exact arithmetic: how many real roots a polynomial with double coefficients
 * has (the sign of its discriminant), and whether a computed root is provably within the README's
 * accuracy of a true root: 4 eps cond(r) |r|, or near a multiple root the sharper
 * min_j (eps S(r) j! / |p^(j)(r)|)^(1/j), with S(r) = sum |coefficient_k| |r|^k; never tighter than a
 * subnormal ulp or two (2^-1073), the most a double can say about a root that small.
 */
import { type Dyadic, abs, add, derivative, evaluate, fromLog2Up, log2Abs, mul, of, sign, sub } from './dyadic.js';

const K = 4;
const LOG2_EPS = -52;
const SUBNORMAL_FLOOR = 2 ** -1073;
const int = (k: number): Dyadic => ({ m: BigInt(k), e: 0 });

/** The polynomial without its leading zeros (highest degree first), as dyadics. */
export function trimmed(coeffs: number[]): Dyadic[] {
  const first = coeffs.findIndex((c) => c !== 0);
  return first < 0 ? [] : coeffs.slice(first).map(of);
}

/** The exact number of real roots counted with multiplicity, for degree 0 to 3. */
export function realRootCount(p: Dyadic[]): number {
  const products = (k: number, ...f: Dyadic[]) => f.reduce(mul, int(k));
  if (p.length === 4) {
    const [a, b, c, d] = p;
    const disc = [products(18, a, b, c, d), products(-4, b, b, b, d), products(1, b, b, c, c), products(-4, a, c, c, c), products(-27, a, a, d, d)].reduce(add);
    return sign(disc) >= 0 ? 3 : 1;
  }
  if (p.length === 3) {
    const [a, b, c] = p;
    return sign(sub(mul(b, b), products(4, a, c))) >= 0 ? 2 : 0;
  }
  return p.length === 2 ? 1 : 0;
}

/**
 * log2 of an upper bound on every root's magnitude (Fujiwara's bound, 2 max_k |c_k/c_0|^(1/k)), so
 * that a caller can tell whether every root is a double (a root beyond the double range may be left out).
 */
export function log2RootBound(p: Dyadic[]): number {
  if (p.length < 2) return -Infinity;
  const lead = log2Abs(p[0]);
  let bound = -Infinity;
  for (let k = 1; k < p.length; k++) {
    const l = log2Abs(p[k]);
    if (l > -Infinity) bound = Math.max(bound, (l - lead - (k === p.length - 1 ? 1 : 0)) / k);
  }
  return bound + 1;
}

/** The radius within which the README promises a true root of p near the computed root r. */
export function accuracyRadius(p: Dyadic[], r: number): Dyadic {
  const x = of(r);
  const absX = abs(x);
  let s: Dyadic = { m: 0n, e: 0 };
  for (const c of p) s = add(mul(s, absX), abs(c)); // S(r) = sum |c_k| |r|^k, by Horner on |c_k|
  let best = Infinity;
  let dp = p;
  let factorial = 1;
  for (let j = 1; j < p.length; j++) {
    dp = derivative(dp);
    factorial *= j;
    const l = log2Abs(evaluate(dp, x));
    if (l === -Infinity) continue;
    best = Math.min(best, (LOG2_EPS + log2Abs(s) + Math.log2(factorial) - l) / j);
  }
  const floor = of(SUBNORMAL_FLOOR);
  if (best === Infinity || best === -Infinity) return floor;
  return add(fromLog2Up(best + Math.log2(K)), floor);
}

/**
 * Checks the computed roots (ascending) of p against the exact polynomial. Returns a description of
 * the first violation, or undefined. Roots whose radii overlap are checked as one cluster, by the
 * parity of the number of true roots in it: the signs at its ends must differ for an odd cluster
 * and agree for a pair (whose two roots parity alone cannot prove; the exact count does the rest).
 * A zero at an end proves a root there and settles nothing more.
 */
export function rootViolation(p: Dyadic[], roots: number[]): string | undefined {
  const radius = roots.map((r) => accuracyRadius(p, r));
  const lo = roots.map((r, i) => sub(of(r), radius[i]));
  const hi = roots.map((r, i) => add(of(r), radius[i]));
  for (let i = 0; i < roots.length;) {
    let j = i;
    while (j + 1 < roots.length && sign(sub(lo[j + 1], hi[j])) <= 0) j++;
    const sLo = sign(evaluate(p, lo[i]));
    const sHi = sign(evaluate(p, hi[j]));
    const cluster = roots.slice(i, j + 1);
    const where = `roots [${cluster}] (radius ${cluster.map((_, k) => 2 ** log2Abs(radius[i + k])).join(', ')})`;
    if (sLo !== 0 && sHi !== 0) {
      if (cluster.length % 2 === 1 && sLo === sHi) return `${where}: the polynomial has the same sign at both ends, no root within the bound`;
      if (cluster.length % 2 === 0 && sLo !== sHi) return `${where}: an odd number of true roots where an even number was found`;
    }
    i = j + 1;
  }
  return undefined;
}
