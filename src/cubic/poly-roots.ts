/**
 * A general polynomial root finder (all complex roots), the slow general baseline of seed 000:
 * numpy's `Polynomial.roots` computes companion-matrix eigenvalues; we use the Aberth–Ehrlich
 * iteration, which converges cubically for simple roots and needs no linear algebra.
 *
 * Coefficients may span the double range (issue 9: [1e-200, 1, 0, -1] has roots near -1e200 and +-1):
 * the starting points come from the Newton polygon, which puts each group of roots on a circle of
 * about its own modulus; outside the unit circle the polynomial is evaluated through its reversal,
 * and complex divisions are scaled, so no intermediate overflows.
 */
import { invalidRange } from '../errors.js';
import { toFloat64Array } from '../validate.js';

export interface Complex {
  re: number;
  im: number;
}

const MAX_ITERATIONS = 500;

// Scratch for complex results: [re, im], or p and p' as [pr, pi, dr, di].
const quotient = new Float64Array(2);
const value = new Float64Array(4);

/** (ar + i ai) / (br + i bi) into quotient, scaled (Smith) so no intermediate overflows. */
function divide(ar: number, ai: number, br: number, bi: number): void {
  if (Math.abs(br) >= Math.abs(bi)) {
    const r = bi / br, t = br + bi * r;
    quotient[0] = (ar + ai * r) / t;
    quotient[1] = (ai - ar * r) / t;
  } else {
    const r = br / bi, t = bi + br * r;
    quotient[0] = (ar * r + ai) / t;
    quotient[1] = (ai * r - ar) / t;
  }
}

/** p(z) and p'(z) by Horner's scheme, for c highest degree first (reversed: lowest first). */
function evaluate(c: Float64Array, reversed: boolean, zr: number, zi: number): void {
  const n = c.length - 1;
  let pr = c[reversed ? n : 0], pi = 0, dr = 0, di = 0;
  for (let k = 1; k <= n; k++) {
    const ndr = dr * zr - di * zi + pr;
    di = dr * zi + di * zr + pi;
    dr = ndr;
    const npr = pr * zr - pi * zi + c[reversed ? n - k : k];
    pi = pr * zi + pi * zr;
    pr = npr;
  }
  value[0] = pr; value[1] = pi; value[2] = dr; value[3] = di;
}

/**
 * The Newton correction p(z)/p'(z) into quotient, or false when z is exactly a root. Outside the unit
 * circle, with w = 1/z and q(w) = w^n p(1/w) the reversed polynomial, p/p' = z / (n - w q'(w)/q(w)):
 * every term stays near the coefficients' size however large z is.
 */
function newtonCorrection(c: Float64Array, zr: number, zi: number): boolean {
  const n = c.length - 1;
  if (Math.hypot(zr, zi) <= 1) {
    evaluate(c, false, zr, zi);
    if (value[0] === 0 && value[1] === 0) return false;
    if (value[2] === 0 && value[3] === 0) {
      quotient[0] = value[0];
      quotient[1] = value[1];
      return true;
    }
    divide(value[0], value[1], value[2], value[3]);
    return true;
  }
  divide(1, 0, zr, zi);
  const wr = quotient[0], wi = quotient[1];
  evaluate(c, true, wr, wi);
  if (value[0] === 0 && value[1] === 0) return false;
  const qr = value[0], qi = value[1];
  const sr = wr * value[2] - wi * value[3], si = wr * value[3] + wi * value[2]; // w q'(w)
  divide(sr, si, qr, qi);
  divide(zr, zi, n - quotient[0], -quotient[1]);
  return true;
}

/**
 * Starting points on the Newton polygon's circles: the upper convex hull of (k, log2|a_k|), a_k the
 * coefficient of z^k; an edge from k1 to k2 holds k2 - k1 roots of modulus about
 * 2^((log2|a_k1| - log2|a_k2|) / (k2 - k1)) (Bini, "Numerical computation of polynomial zeros by
 * means of Aberth's method", 1996). Off the axes to break the symmetry of real polynomials.
 */
function startingPoints(c: Float64Array, zr: Float64Array, zi: Float64Array): void {
  const n = c.length - 1;
  const logs: number[] = [];
  for (let k = 0; k <= n; k++) logs.push(c[n - k] === 0 ? -Infinity : Math.log2(Math.abs(c[n - k])));
  const hull: number[] = [];
  for (let k = 0; k <= n; k++) {
    if (logs[k] === -Infinity) continue;
    while (hull.length >= 2) {
      const i = hull[hull.length - 2], j = hull[hull.length - 1];
      // Drop j when it lies on or below the line from i to k.
      if ((logs[j] - logs[i]) * (k - i) <= (logs[k] - logs[i]) * (j - i)) hull.pop();
      else break;
    }
    hull.push(k);
  }
  let at = 0;
  for (let h = 0; h + 1 < hull.length; h++) {
    const k1 = hull[h], k2 = hull[h + 1];
    const radius = 2 ** ((logs[k1] - logs[k2]) / (k2 - k1));
    for (let i = 0; i < k2 - k1; i++, at++) {
      const angle = (2 * Math.PI * i) / (k2 - k1) + (2 * Math.PI * h) / n + 0.4;
      zr[at] = radius * Math.cos(angle);
      zi[at] = radius * Math.sin(angle);
    }
  }
}

/**
 * All complex roots of the polynomial with coefficients `coeffs`, highest degree first (as
 * `numpy.roots`), sorted by real part then imaginary part. A RangeError when a root lies beyond the
 * double range (a leading coefficient negligible next to the others).
 *
 * @example
 * polyRoots([1, 0, -1]); // [{ re: -1, im: 0 }, { re: 1, im: 0 }]
 */
export function polyRoots(coeffs: ArrayLike<number>): Complex[] {
  const all = toFloat64Array('coeffs', Array.isArray(coeffs) || coeffs instanceof Float64Array ? coeffs : Array.from(coeffs));
  for (let i = 0; i < all.length; i++) {
    if (!Number.isFinite(all[i])) throw invalidRange(`coeffs[${i}]`, 'finite number', all[i]);
  }
  let first = 0;
  while (first < all.length && all[first] === 0) first++;
  if (first === all.length) throw invalidRange('coeffs', 'at least one non-zero coefficient', all);
  let last = all.length;
  const roots: Complex[] = [];
  while (last - 1 > first && all[last - 1] === 0) {
    roots.push({ re: 0, im: 0 }); // a zero constant term: an exact root at 0
    last--;
  }
  const c = all.slice(first, last);
  const n = c.length - 1;
  if (n === 0) return roots;
  // Coefficients near the top of the range could overflow a sum in Horner's scheme: scale them down
  // by a power of two (exact, same roots).
  let largest = 0;
  for (let k = 0; k <= n; k++) largest = Math.max(largest, Math.abs(c[k]));
  if (largest > 2 ** 1000) for (let k = 0; k <= n; k++) c[k] *= 2 ** -100;

  const zr = new Float64Array(n), zi = new Float64Array(n);
  startingPoints(c, zr, zi);
  for (let i = 0; i < n; i++) {
    if (!(Math.hypot(zr[i], zi[i]) < Infinity)) {
      throw invalidRange('coeffs', 'coefficients whose roots lie within the double range (the leading one is negligible next to the others)', all);
    }
  }
  for (let iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
    let moving = false;
    for (let i = 0; i < n; i++) {
      if (!newtonCorrection(c, zr[i], zi[i])) continue; // exactly on a root
      const nr = quotient[0], ni = quotient[1];
      // Sum of 1 / (z_i - z_j) over the other roots.
      let sr = 0, si = 0;
      for (let j = 0; j < n; j++) {
        if (j === i) continue;
        const dr = zr[i] - zr[j], di = zi[i] - zi[j];
        if (dr === 0 && di === 0) continue;
        divide(1, 0, dr, di);
        sr += quotient[0];
        si += quotient[1];
      }
      // Aberth step w = N / (1 - N * S).
      const er = 1 - (nr * sr - ni * si), ei = -(nr * si + ni * sr);
      let wr = nr, wi = ni;
      if (er !== 0 || ei !== 0) {
        divide(nr, ni, er, ei);
        wr = quotient[0];
        wi = quotient[1];
      }
      zr[i] -= wr;
      zi[i] -= wi;
      if (Math.hypot(wr, wi) > 4e-16 * Math.hypot(zr[i], zi[i])) moving = true;
    }
    if (!moving) break;
  }
  for (let i = 0; i < n; i++) {
    if (!(Math.hypot(zr[i], zi[i]) < Infinity)) {
      throw invalidRange('coeffs', 'coefficients whose roots lie within the double range (the leading one is negligible next to the others)', all);
    }
    roots.push({ re: zr[i], im: zi[i] });
  }
  return roots.sort((p, q) => p.re - q.re || p.im - q.im);
}
