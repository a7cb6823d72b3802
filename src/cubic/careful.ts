/**
 * The cubic solver's careful path: every finite coefficient set that the fast path (reference.ts)
 * does not vouch for. It computes in doubles with an unbounded exponent (wide.ts), so no range of
 * coefficients can overflow or underflow, and it spends time for guarantees:
 *
 * - one real root by Kahan's Newton iteration from a start proved to lie beyond every root on its
 *   side (the bound allows for the rounding error of the values it is built from), run until
 *   rounding stops it;
 * - the other two from the deflated quadratic (forward, or through d when the root is large next to
 *   the others), each then polished by Newton steps on the original cubic, so no deflation error
 *   survives;
 * - the number of real roots from the sign of the discriminant, computed exactly (exact-sign.ts)
 *   whenever rounding could have changed it.
 *
 * native/core/cubic_careful.cc performs the same operations in the same order.
 */
import { cubicDiscriminantSign, squareMinusProductSign } from './exact-sign.js';
import { type Wide, ZERO, abs, add, cbrt, div, mul, neg, sign, smaller, sqrt, sub, times, toDouble, wide } from './wide.js';

/** A discriminant computed within this fraction of its terms' size may have the wrong sign. */
const SIGN_DOUBT = 2 ** -40;
/** A bound on the relative rounding error of one Horner evaluation of a cubic (generous). */
const HORNER_NOISE = 2 ** -48;

let found: Float64Array = new Float64Array(3);
let count = 0;

/** Records a root, unless it lies beyond the double range (the leading coefficient is negligible). */
function push(x: Wide): void {
  const v = toDouble(x);
  if (v - v === 0) found[count++] = v === 0 ? 0 : v;
}

/** The sign of b^2 - k*a*c: from the computed value when rounding cannot have changed it, else exact. */
function squareMinusProduct(b: number, k: number, a: number, c: number): number {
  const B = wide(b);
  const bb = mul(B, B);
  const kac = times(mul(wide(a), wide(c)), k);
  const q = sub(bb, kac);
  if (smaller(times(add(bb, abs(kac)), SIGN_DOUBT), q)) return sign(q);
  return squareMinusProductSign(b, k, a, c);
}

/** The sign of the cubic's discriminant, likewise. */
function cubicSign(a: number, b: number, c: number, d: number): number {
  const A = wide(a), B = wide(b), C = wide(c), D = wide(d);
  const terms = [
    times(mul(mul(A, B), mul(C, D)), 18),
    times(mul(mul(B, B), mul(B, D)), -4),
    mul(mul(B, B), mul(C, C)),
    times(mul(mul(A, C), mul(C, C)), -4),
    times(mul(mul(A, A), mul(D, D)), -27),
  ];
  let sum = ZERO;
  let size = ZERO;
  for (const t of terms) {
    sum = add(sum, t);
    size = add(size, abs(t));
  }
  if (smaller(times(size, SIGN_DOUBT), sum)) return sign(sum);
  return cubicDiscriminantSign(a, b, c, d);
}

/** h + sign(h) * sqrt(q): the larger-magnitude root of the quadratic times its leading coefficient. */
function noCancellation(h: Wide, q: Wide): Wide {
  const root = sqrt(q);
  return add(h, sign(h) < 0 ? neg(root) : root);
}

/** Real roots of a*x^2 + b*x + c (a != 0), counted exactly, computed without cancellation. */
function quadratic(a: number, b: number, c: number): void {
  if (c === 0) {
    push(ZERO);
    push(neg(div(wide(b), wide(a))));
    return;
  }
  const s = squareMinusProduct(b, 4, a, c);
  if (s < 0) return;
  const A = wide(a);
  const C = wide(c);
  const h = times(wide(b), -0.5);
  if (s === 0) {
    const r = div(h, A);
    push(r);
    push(r);
    return;
  }
  let q = sub(mul(h, h), mul(A, C));
  if (sign(q) < 0) q = ZERO; // rounding: the exact sign says two real roots
  const r = noCancellation(h, q);
  push(div(C, r));
  push(div(r, A));
}

/** Horner's scheme at x: p(x), p'(x) and the deflated quadratic a*y^2 + b1*y + c2. */
interface Horner {
  q: Wide;
  dq: Wide;
  b1: Wide;
  c2: Wide;
}

function horner(x: Wide, A: Wide, B: Wide, C: Wide, D: Wide): Horner {
  const q0 = mul(A, x);
  const b1 = add(q0, B);
  const c2 = add(mul(b1, x), C);
  return { q: add(mul(c2, x), D), dq: add(mul(add(q0, b1), x), c2), b1, c2 };
}

/**
 * One real root, by Kahan's iteration. Around the inflection point x0 the cubic divided by A is
 * y^3 + beta*y^2 - t*y + tq with beta of rounding size, and every root satisfies
 * u^3 <= |t| u + |tq| (+ the beta term), so u <= 1.324718 * max(cbrt|tq|, sqrt|t|) + |beta|
 * (1.3247... is the root of v^3 = v + 1). With t and tq enlarged by their rounding errors, the
 * start x0 - s*r (s the sign of tq) lies beyond every root on that side, and Newton's iteration
 * then moves monotonically toward x0 until rounding stops it. Should it cross x0 instead (only
 * possible when p(x0) is rounding noise), x0 itself is as good a root as the data allows.
 */
function kahanRoot(A: Wide, B: Wide, C: Wide, D: Wide): Wide {
  const x0 = neg(div(B, times(A, 3)));
  const at = horner(x0, A, B, C, D);
  const x2 = mul(x0, x0);
  const noiseQ = times(add(add(abs(mul(mul(A, x2), x0)), abs(mul(B, x2))), add(abs(mul(C, x0)), abs(D))), HORNER_NOISE);
  const noiseDq = times(add(add(times(abs(mul(A, x2)), 3), times(abs(mul(B, x0)), 2)), abs(C)), HORNER_NOISE);
  const aa = abs(A);
  const tq = div(add(abs(at.q), noiseQ), aa);
  const t = div(add(abs(at.dq), noiseDq), aa);
  const s = sign(at.q) * sign(A) < 0 ? -1 : 1;
  const cr = cbrt(tq);
  const st = sqrt(t);
  const r = add(times(smaller(st, cr) ? cr : st, 1.324718 * (1 + 2 ** -40)), times(abs(x0), 2 ** -48));
  let x = s < 0 ? add(x0, r) : sub(x0, r);
  for (let i = 0; i < 1000; i++) {
    const h = horner(x, A, B, C, D);
    if (h.dq.m === 0) break;
    const next = sub(x, div(h.q, times(h.dq, 1.000000000000001))); // a hair short of a full step: monotone
    if (sign(s < 0 ? sub(x, next) : sub(next, x)) <= 0) break; // no longer moving toward x0
    if (sign(s < 0 ? sub(x0, next) : sub(next, x0)) >= 0) return x0;
    x = next;
  }
  return x;
}

/** Newton steps on the cubic from y while they shrink and stay within a quarter of the gap to its twin. */
function polish(y: Wide, A: Wide, B: Wide, C: Wide, D: Wide, gap: Wide): Wide {
  let limit = times(gap, 0.25);
  for (let i = 0; i < 8; i++) {
    const h = horner(y, A, B, C, D);
    if (h.dq.m === 0) break;
    const step = div(h.q, h.dq);
    if (!smaller(step, limit)) break;
    y = sub(y, step);
    limit = step;
  }
  return y;
}

/**
 * A zero discriminant: a(x - r1)(x - r2)^2 with b^2 - 3ac = a^2 (r1 - r2)^2. If that is exactly 0 the
 * root is triple, -b/(3a); else the double root is (9ad - bc) / (2(b^2 - 3ac)), from the coefficients
 * directly (no deflation error), and x, the iteration's root, is the simple one. Records the roots and
 * returns true, or false when b^2 - 3ac is too small next to its terms to be divided by.
 */
function doubleRoot(a: number, b: number, c: number, d: number, x: Wide): boolean {
  const A = wide(a), B = wide(b), C = wide(c), D = wide(d);
  if (squareMinusProduct(b, 3, a, c) === 0) {
    const r = neg(div(B, times(A, 3)));
    push(r);
    push(r);
    push(r);
    return true;
  }
  const bb = mul(B, B);
  const ac3 = times(mul(A, C), 3);
  const den = sub(bb, ac3);
  if (!smaller(times(add(bb, abs(ac3)), SIGN_DOUBT), den)) return false;
  const r = div(sub(times(mul(A, D), 9), mul(B, C)), times(den, 2));
  push(x);
  push(r);
  push(r);
  return true;
}

/**
 * Writes the real roots of a*x^3 + b*x^2 + c*x + d (finite coefficients) that lie within the
 * double range to roots[0..n), in no particular order, -0 as 0, and returns n. All-zero
 * coefficients give n = 0.
 */
export function carefulRoots(a: number, b: number, c: number, d: number, roots: Float64Array): number {
  found = roots;
  count = 0;
  if (a === 0) {
    if (b !== 0) quadratic(b, c, d);
    else if (c !== 0) push(neg(div(wide(d), wide(c))));
    return count;
  }
  if (d === 0) {
    push(ZERO);
    quadratic(a, b, c);
    return count;
  }
  const A = wide(a), B = wide(b), C = wide(c), D = wide(d);
  const x = kahanRoot(A, B, C, D);
  const s = cubicSign(a, b, c, d);
  if (s === 0 && doubleRoot(a, b, c, d, x)) return count;
  push(x);
  if (s < 0) return count;
  // Deflate forward, or through d when x is the large root (|a x^3| > |d|): then the quadratic's
  // constant term is d's, exact, and small roots keep their relative accuracy.
  let b1: Wide, c2: Wide;
  if (smaller(D, mul(mul(A, x), mul(x, x)))) {
    c2 = neg(div(D, x));
    b1 = div(sub(c2, C), x);
  } else {
    b1 = add(mul(A, x), B);
    c2 = add(mul(b1, x), C);
  }
  const h = times(b1, -0.5);
  if (s === 0) {
    // A multiple root whose closed form was too ill-conditioned (see doubleRoot): the iteration
    // found the simple root (the farthest from x0), so the deflated pair is the double one.
    const r = div(h, A);
    push(r);
    push(r);
    return count;
  }
  let q = sub(mul(h, h), mul(A, c2));
  if (sign(q) < 0) q = ZERO; // rounding: the exact sign says three real roots
  const r = noCancellation(h, q);
  const y1 = r.m === 0 ? ZERO : div(c2, r);
  const y2 = div(r, A);
  const gap = abs(sub(y1, y2));
  push(polish(y1, A, B, C, D, gap));
  push(polish(y2, A, B, C, D, gap));
  return count;
}
