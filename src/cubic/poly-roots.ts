/**
 * A general polynomial root finder (all complex roots), the slow general baseline of seed 000:
 * numpy's `Polynomial.roots` computes companion-matrix eigenvalues; we use the Aberth–Ehrlich
 * iteration, which converges cubically for simple roots and needs no linear algebra.
 */
import { invalidRange } from '../errors.js';
import { toFloat64Array } from '../validate.js';

export interface Complex {
  re: number;
  im: number;
}

const MAX_ITERATIONS = 500;

/** p(z) and p'(z) for monic-normalised coefficients c (highest degree first), by Horner's scheme. */
function evaluate(c: Float64Array, zr: number, zi: number, out: Float64Array): void {
  let pr = c[0], pi = 0, dr = 0, di = 0;
  for (let k = 1; k < c.length; k++) {
    const ndr = dr * zr - di * zi + pr;
    di = dr * zi + di * zr + pi;
    dr = ndr;
    const npr = pr * zr - pi * zi + c[k];
    pi = pr * zi + pi * zr;
    pr = npr;
  }
  out[0] = pr; out[1] = pi; out[2] = dr; out[3] = di;
}

/**
 * All complex roots of the polynomial with coefficients `coeffs`, highest degree first (as
 * `numpy.roots`), sorted by real part then imaginary part.
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
  const lead = all[first];
  const c = all.slice(first, last).map((v) => v / lead);
  const n = c.length - 1;
  if (n === 0) return roots;

  // Start on a circle of radius within the roots' bound (Fujiwara), off the axes to break symmetry.
  let bound = 0;
  for (let k = 1; k <= n; k++) bound = Math.max(bound, Math.abs(c[k]) ** (1 / k));
  const zr = new Float64Array(n), zi = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const angle = (2 * Math.PI * i) / n + 0.4;
    zr[i] = bound * Math.cos(angle);
    zi[i] = bound * Math.sin(angle);
  }
  const pd = new Float64Array(4);
  for (let iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
    let moving = false;
    for (let i = 0; i < n; i++) {
      evaluate(c, zr[i], zi[i], pd);
      const den = pd[2] * pd[2] + pd[3] * pd[3];
      if (den === 0 && pd[0] === 0 && pd[1] === 0) continue; // exactly on a root
      // Newton ratio N = p / p'.
      const nr = den === 0 ? pd[0] : (pd[0] * pd[2] + pd[1] * pd[3]) / den;
      const ni = den === 0 ? pd[1] : (pd[1] * pd[2] - pd[0] * pd[3]) / den;
      // Sum of 1 / (z_i - z_j) over the other roots.
      let sr = 0, si = 0;
      for (let j = 0; j < n; j++) {
        if (j === i) continue;
        const dr = zr[i] - zr[j], di = zi[i] - zi[j];
        const dd = dr * dr + di * di;
        if (dd === 0) continue;
        sr += dr / dd;
        si -= di / dd;
      }
      // Aberth step w = N / (1 - N * S).
      const er = 1 - (nr * sr - ni * si), ei = -(nr * si + ni * sr);
      const ed = er * er + ei * ei;
      const wr = ed === 0 ? nr : (nr * er + ni * ei) / ed;
      const wi = ed === 0 ? ni : (ni * er - nr * ei) / ed;
      zr[i] -= wr;
      zi[i] -= wi;
      if (Math.hypot(wr, wi) > 4e-16 * Math.hypot(zr[i], zi[i])) moving = true;
    }
    if (!moving) break;
  }
  for (let i = 0; i < n; i++) roots.push({ re: zr[i], im: zi[i] });
  return roots.sort((p, q) => p.re - q.re || p.im - q.im);
}
