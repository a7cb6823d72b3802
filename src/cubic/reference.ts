/**
 * The reference cubic solver in plain TypeScript: the oracle for the native kernel
 * (native/core/cubic*.cc), which performs the same operations in the same order, so both agree bit
 * for bit. Only + - * / and Math.sqrt are used (all correctly rounded in IEEE 754); V8's cbrt, acos
 * and cos differ from glibc's in the last bit, so neither side calls them.
 *
 * Two paths. The fast one (kahan below) takes coefficients of moderate range and follows Kahan
 * ("To Solve a Real Cubic Equation", 1986): Newton's iteration finds the root farthest from the
 * inflection point, the cubic is deflated to a quadratic solved without cancellation. It checks
 * its own work as it goes (convergence, the inflection point not crossed, a real-root count that
 * rounding cannot have flipped) and hands anything it cannot vouch for to the careful path
 * (careful.ts): unbounded exponents, exact counts, polished roots. The careful path is rare on
 * ordinary data and handles every finite coefficient set.
 */
import { carefulRoots } from './careful.js';
import { cubeRoot } from './cube-root.js';
import { scale, wide } from './wide.js';

/** A quadratic discriminant within this fraction of its terms' size is left to the careful path. */
const SIGN_DOUBT = 2 ** -24;

/** Writes r0..r(n-1) to out[offset..offset+2] ascending, -0 as 0, NaN-padded; returns n. */
function finish(r0: number, r1: number, r2: number, n: number, out: Float64Array, offset: number): number {
  let t: number;
  if (n >= 2 && r1 < r0) { t = r0; r0 = r1; r1 = t; }
  if (n === 3) {
    if (r2 < r1) { t = r1; r1 = r2; r2 = t; }
    if (r1 < r0) { t = r0; r0 = r1; r1 = t; }
  }
  out[offset] = n > 0 ? (r0 === 0 ? 0 : r0) : NaN;
  out[offset + 1] = n > 1 ? (r1 === 0 ? 0 : r1) : NaN;
  out[offset + 2] = n > 2 ? (r2 === 0 ? 0 : r2) : NaN;
  return n;
}

// The two roots quadraticRoots found (a typed array: a module-level number would be boxed on every
// store), and whether they are within about 2% of each other.
const pair = new Float64Array(2);
let pairClose = false;

/**
 * Roots of A*x^2 + B*x + C (A != 0) into pair, without the cancellation of the textbook formula;
 * returns 2, or 0 when they are complex, or -1 when the discriminant is too small next to its terms
 * for rounding to have left its sign certain.
 */
function quadraticRoots(A: number, B: number, C: number): number {
  const b = B * -0.5;
  const bb = b * b;
  const ac = A * C;
  const q = bb - ac;
  const size = bb > Math.abs(ac) ? bb : Math.abs(ac);
  if (!(Math.abs(q) > SIGN_DOUBT * size)) return -1;
  if (q < 0) return 0;
  pairClose = q < 1e-4 * bb;
  const r = b + (b < 0 ? -Math.sqrt(q) : Math.sqrt(q));
  pair[0] = C / r;
  pair[1] = r / A;
  return 2;
}

/** One Newton step on the cubic from y. */
function newton(y: number, a: number, b: number, c: number, d: number): number {
  const q0 = a * y;
  const b1 = q0 + b;
  const c2 = b1 * y + c;
  const df = (q0 + b1) * y + c2;
  const f = c2 * y + d;
  return df === 0 ? y : y - f / df;
}

/**
 * One Newton step on the cubic for a root of the deflated quadratic whose twin is close: deflation
 * error grows as the pair's gap shrinks, the step removes it. Taken only when it is small next to
 * the gap, so it never jumps to the twin.
 */
function polish(y: number, a: number, b: number, c: number, d: number, gap: number): number {
  const f = ((a * y + b) * y + c) * y + d;
  const df = (3 * a * y + 2 * b) * y + c;
  if (df === 0) return y;
  const next = y - f / df;
  return Math.abs(next - y) < 0.25 * gap ? next : y;
}

/**
 * Kahan's iteration from x0 - sr until it no longer moves toward x0 (each step a hair short of
 * Newton's, so the approach stays monotone): the root, or NaN if 200 steps were not enough.
 */
function iterate(x0: number, sr: number, a: number, b: number, c: number, d: number): number {
  const s = sr < 0 ? -1 : 1;
  let x = x0 - sr;
  if (x === x0) return x0;
  for (let i = 0; i < 200; i++) {
    const q0 = a * x;
    const b1 = q0 + b;
    const c2 = b1 * x + c;
    const dq = (q0 + b1) * x + c2;
    const q = c2 * x + d;
    const next = dq === 0 ? x : x - q / (dq * 1.000000000000001);
    if (s * next <= s * x) return x;
    x = next;
  }
  return NaN;
}

/**
 * The fast path, for coefficients moderateRatios() accepts with |a| within 2^+-300: writes the roots
 * and returns how many, or -1 when it cannot vouch for them.
 */
function kahan(a: number, b: number, c: number, d: number, out: Float64Array, offset: number): number {
  if (d === 0) {
    const n = quadraticRoots(a, b, c);
    return n < 0 ? -1 : finish(0, pair[0], pair[1], 1 + n, out, offset);
  }
  // At the inflection point x0: the cubic (q) and its derivative (dq), by Horner's scheme.
  const x0 = -b / (3 * a);
  const q0 = a * x0;
  const b0 = q0 + b;
  const c0 = b0 * x0 + c;
  const dq0 = (q0 + b0) * x0 + c0;
  const ia = 1 / a;
  const tq = (c0 * x0 + d) * ia;
  const s = tq < 0 ? -1 : 1;
  const t = -dq0 * ia;
  let x: number;
  let three = false;
  if (t > 0) {
    const st = Math.sqrt(t);
    const w = st * 0.5773502691896258; // sqrt(t / 3)
    const z = Math.abs(tq) / (2 * (w * w * w));
    three = z <= 1;
    if (three) {
      // Three real roots: the outermost lies 2w*cos(acos(z)/3) from x0. A fit of cos(acos(z)/3)
      // over [0, 1] within 3.3e-11 (Estrin's scheme keeps the dependency chain short), then one
      // Newton step.
      const z2 = z * z;
      const z4 = z2 * z2;
      const fit = (((0.8660254038124684 + 0.16666665933782682 * z) + z2 * (-0.048112205843095404 + 0.02468599974720065 * z)) +
        z4 * ((-0.015545015126085374 + 0.010728731077177513 * z) + z2 * (-0.007434106311176476 + 0.004622351355264967 * z))) +
        z4 * z4 * ((-0.002242757763258406 + 0.0007118943724428589 * z) + z2 * -0.00010695469112978473);
      x = x0 - s * (2 * w * fit);
      const q1 = a * x;
      const b1 = q1 + b;
      const c1 = b1 * x + c;
      const dq = (q1 + b1) * x + c1;
      const h = (c1 * x + d) / dq;
      // Newton's error after a step h is about |p''/(2p')| h^2 = 3|a(x - x0)| h^2 / |p'|. Unless that
      // is far below an ulp of the root, the careful path takes over: a root much closer to 0 than
      // to x0, or a start spoiled by rounding noise near a triple root.
      if (!(3 * Math.abs(a * (x - x0)) * h * h <= 2 ** -55 * Math.abs(dq * (x - h)))) return -1;
      x -= h;
    } else {
      // One real root: Kahan's start, 1.324718 (the plastic number) times the larger of cbrt|tq|
      // and sqrt(t); the cube root can only win when tq^2 > t^3, so it is skipped otherwise.
      const cr = tq * tq > t * t * t ? cubeRoot(Math.abs(tq)) : 0;
      x = iterate(x0, s * 1.324718 * (cr > st ? cr : st), a, b, c, d);
    }
  } else {
    x = iterate(x0, s * cubeRoot(Math.abs(tq)), a, b, c, d);
  }
  // An iteration that ran out of steps, or that crossed x0, followed rounding noise, not the cubic.
  if (!(s * (x - x0) <= 0)) return -1;
  // Deflate: forward, or through d when x is the large root (|a x^3| > |d|), which keeps small
  // roots of the quadratic accurate.
  let b1 = a * x + b;
  let c2 = b1 * x + c;
  if (Math.abs(a * x * x * x) > Math.abs(d)) {
    c2 = -d / x;
    b1 = (c2 - c) / x;
  }
  const n = quadraticRoots(a, b1, c2);
  // The quadratic must agree with z, clearly, on whether all three roots are real.
  if (n < 0 || (n === 2) !== three) return -1;
  if (n === 0) return finish(x, 0, 0, 1, out, offset);
  let p0 = pair[0], p1 = pair[1];
  if (pairClose) {
    const gap = Math.abs(p0 - p1);
    p0 = polish(p0, a, b, c, d, gap);
    p1 = polish(p1, a, b, c, d, gap);
  } else if (Math.abs(p0 - x) < Math.abs(p1 - x)) {
    // The middle root inherits the deflation's error the most (|p'| is smallest there): one Newton
    // step on the cubic replaces it by the middle root's own rounding error.
    p0 = newton(p0, a, b, c, d);
  } else {
    p1 = newton(p1, a, b, c, d);
  }
  return finish(x, p0, p1, 3, out, offset);
}

/**
 * Coefficients the fast path takes, |a| = m: each other coefficient zero or within 2^(+-60k) of a,
 * k the power of x it skips (|b/a| within 2^+-60, |c/a| 2^+-120, |d/a| 2^+-180), and m itself within
 * 2^+-300 (else the caller scales all four by a power of two first). Every root then lies between
 * 2^-302 and 2^62 and nothing kahan() relies on can overflow or underflow. Compares |b| with
 * |a|*2^60 rather than |b/a| with 2^60: exact, and no division.
 */
function moderateRatios(m: number, b: number, c: number, d: number): boolean {
  const bm = Math.abs(b), cm = Math.abs(c), dm = Math.abs(d);
  return (b === 0 || (bm <= m * 2 ** 60 && bm >= m * 2 ** -60)) &&
    (c === 0 || (cm <= m * 2 ** 120 && cm >= m * 2 ** -120)) &&
    (d === 0 || (dm <= m * 2 ** 180 && dm >= m * 2 ** -180));
}

const careful = new Float64Array(3);

/**
 * Writes the real roots of a*x^3 + b*x^2 + c*x + d, ascending, to out[offset..offset+2] (NaN-padded)
 * and returns how many there are. Non-finite or all-zero coefficients give 0 roots; a = 0 degrades
 * to the quadratic and linear cases; a root beyond the double range (a negligible a) is left out.
 */
export function solveCubicInto(a: number, b: number, c: number, d: number, out: Float64Array, offset: number): number {
  if (!(a - a === 0 && b - b === 0 && c - c === 0 && d - d === 0)) return finish(0, 0, 0, 0, out, offset);
  const m = Math.abs(a);
  if (m !== 0 && moderateRatios(m, b, c, d)) {
    let n: number;
    if (m >= 2 ** -300 && m <= 2 ** 300) {
      n = kahan(a, b, c, d, out, offset);
    } else {
      // Uniformly tiny or huge coefficients: divided by a power of two near a (exact, same roots).
      const e = -wide(a).e;
      n = kahan(scale(a, e), scale(b, e), scale(c, e), scale(d, e), out, offset);
    }
    if (n >= 0) return n;
  }
  const n = carefulRoots(a, b, c, d, careful);
  return finish(careful[0], careful[1], careful[2], n, out, offset);
}

/** Batch over packed coefficients [a, b, c, d, a, b, ...]: elements [begin, end). */
export function solveCubicsRange(coeffs: Float64Array, roots: Float64Array, counts: Uint8Array, begin: number, end: number): void {
  for (let i = begin; i < end; i++) {
    const k = 4 * i;
    counts[i] = solveCubicInto(coeffs[k], coeffs[k + 1], coeffs[k + 2], coeffs[k + 3], roots, 3 * i);
  }
}

/** Batch of the seed's cubic x0*y^3 + 1.5*y - y0 = 0: elements [begin, end). */
export function cubicYRootsRange(x0: Float64Array, y0: Float64Array, roots: Float64Array, counts: Uint8Array, begin: number, end: number): void {
  for (let i = begin; i < end; i++) counts[i] = solveCubicInto(x0[i], 0, 1.5, -y0[i], roots, 3 * i);
}
