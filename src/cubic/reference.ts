/**
 * The reference cubic solver in plain TypeScript: the oracle for the native kernel
 * (native/core/cubic.cc), which performs the same operations in the same order, so both agree bit
 * for bit. Only + - * / and Math.sqrt are used (all correctly rounded in IEEE 754); V8's cbrt, acos
 * and cos differ from glibc's in the last bit, so neither side calls them.
 *
 * Method (after Kahan, "To Solve a Real Cubic Equation", 1986): Newton's iteration from a start
 * beyond the outermost root converges monotonically to it; it stops when the iterate stops moving
 * forward. The cubic is then deflated to a quadratic, solved without cancellation.
 */

/** A negative discriminant this small next to its terms is rounding of a true zero: a double root. */
const DOUBLE_ROOT_TOLERANCE = 32 * 2.220446049250313e-16;

/** Cube root of v >= 0 with exact power-of-two scaling and Newton steps (no Math.cbrt, see above). */
function cubeRoot(v: number): number {
  if (v === 0 || v - v !== 0) return v;
  let scale = 1;
  while (v > 1073741824.0) { v *= 9.313225746154785e-10; scale *= 1024; } // 2^30, 2^-30, 2^10
  while (v < 9.313225746154785e-10) { v *= 1073741824.0; scale *= 0.0009765625; }
  while (v >= 1) { v *= 0.125; scale *= 2; }
  while (v < 0.125) { v *= 8; scale *= 0.5; }
  // A cubic fit of cbrt over [1/8, 1) (1.4% error), then two Newton steps: 3.3e-8 relative error,
  // from above. The result only picks where Newton's iteration starts, which tolerates that.
  let y = ((0.49070964304369064 * v - 1.1999398833203698) * v + 1.3601165172045782) * v + 0.3545603497911083;
  y = y - (y * y * y - v) / (3 * y * y);
  y = y - (y * y * y - v) / (3 * y * y);
  return y * scale;
}

/**
 * Writes the candidate roots r0..r(n-1) to out[offset..offset+2] as the API returns them: scaled back
 * by 2^e (see solveScaled), finite ones only (a root beyond the double range is the "negligible"
 * case), -0 as 0, ascending, NaN-padded. Returns how many were written.
 */
function finish(r0: number, r1: number, r2: number, n: number, e: number, out: Float64Array, offset: number): number {
  if (e !== 0) {
    r0 = scaleBy(r0, e);
    r1 = scaleBy(r1, e);
    r2 = scaleBy(r2, e);
  }
  let k = 0;
  let s0 = NaN, s1 = NaN, s2 = NaN;
  if (n > 0 && r0 - r0 === 0) {
    s0 = r0 === 0 ? 0 : r0;
    k = 1;
  }
  if (n > 1 && r1 - r1 === 0) {
    r1 = r1 === 0 ? 0 : r1;
    if (k === 0) s0 = r1;
    else s1 = r1;
    k++;
  }
  if (n > 2 && r2 - r2 === 0) {
    r2 = r2 === 0 ? 0 : r2;
    if (k === 0) s0 = r2;
    else if (k === 1) s1 = r2;
    else s2 = r2;
    k++;
  }
  let t: number;
  if (k >= 2 && s1 < s0) { t = s0; s0 = s1; s1 = t; }
  if (k === 3) {
    if (s2 < s1) { t = s1; s1 = s2; s2 = t; }
    if (s1 < s0) { t = s0; s0 = s1; s1 = t; }
  }
  out[offset] = s0;
  out[offset + 1] = s1;
  out[offset + 2] = s2;
  return k;
}

// The two roots quadraticRoots found (a typed array: a module-level number would be boxed on every
// store), and whether they are within about 2% of each other.
const pair = new Float64Array(2);
let pairClose = false;

/**
 * Roots of A*x^2 + B*x + C with A != 0 into pair, without the cancellation of the
 * textbook formula; returns 2, or 0 when they are complex.
 */
function quadraticRoots(A: number, B: number, C: number): number {
  const b = B * -0.5;
  const bb = b * b;
  const ac = A * C;
  let q = bb - ac;
  if (!(q - q === 0)) return wideQuadraticRoots(A, B, C);
  if (q < 0) {
    const size = bb > Math.abs(ac) ? bb : Math.abs(ac);
    if (-q > DOUBLE_ROOT_TOLERANCE * size) return 0;
    q = 0;
  }
  pairClose = q > 0 && q < 1e-4 * bb;
  const r = b + (b < 0 ? -Math.sqrt(q) : Math.sqrt(q));
  if (r === 0) {
    pair[0] = C / A;
    pair[1] = -pair[0];
  } else {
    pair[0] = C / r;
    pair[1] = r / A;
  }
  return 2;
}

/**
 * quadraticRoots for coefficients of any size: divided by the power of two nearest the larger of
 * |B|/2 and sqrt|AC| (exact, same roots), b*b and A*C can neither overflow nor underflow. Kahan's
 * moderate path never needs this, so the vector lanes do not either.
 */
function wideQuadraticRoots(A: number, B: number, C: number): number {
  const m = Math.max(Math.abs(B) * 0.5, Math.sqrt(Math.abs(A)) * Math.sqrt(Math.abs(C)));
  if (m > 0 && m - m === 0) {
    const e = -exponentOf(m);
    A = scaleBy(A, e);
    B = scaleBy(B, e);
    C = scaleBy(C, e);
  }
  const b = B * -0.5;
  const q = b * b - A * C;
  return q - q === 0 ? quadraticRoots(A, B, C) : 0; // quadraticRoots computes the same q: no loop
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

function isFiniteNumber(v: number): boolean {
  return v - v === 0;
}

function linearOrQuadratic(b: number, c: number, d: number, out: Float64Array, offset: number): number {
  if (b !== 0 && isFiniteNumber(c / b) && isFiniteNumber(d / b)) {
    const n = wideQuadraticRoots(b, c, d);
    return finish(pair[0], pair[1], 0, n, 0, out, offset);
  }
  if (c !== 0 && isFiniteNumber(d / c)) return finish(-d / c, 0, 0, 1, 0, out, offset);
  return finish(0, 0, 0, 0, 0, out, offset);
}

/**
 * Kahan's iteration; needs a != 0 and coefficients whose terms neither overflow nor underflow. The
 * roots go to finish() with exponent e.
 */
function kahan(a: number, b: number, c: number, d: number, e: number, out: Float64Array, offset: number): number {
  if (d === 0) {
    const n = quadraticRoots(a, b, c);
    return finish(0, pair[0], pair[1], 1 + n, e, out, offset);
  }
  let x = -b / (3 * a);
  // Horner's scheme: the cubic (q), its derivative (dq), the deflated quadratic (b1, c2) at x.
  let q0 = a * x;
  let b1 = q0 + b;
  let c2 = b1 * x + c;
  let dq = (q0 + b1) * x + c2;
  let q = c2 * x + d;
  const tq = q / a;
  const s = tq < 0 ? -1 : 1;
  const t = -dq / a;
  let r: number;
  let three = false;
  if (t > 0) {
    const st = Math.sqrt(t);
    const w = st * 0.5773502691896258; // sqrt(t / 3)
    const z = Math.abs(tq) / (2 * (w * w * w));
    if (z <= 1) {
      // Three real roots: the outermost lies 2w*cos(acos(z)/3) from the inflection point. A fit of
      // cos(acos(z)/3) over [0, 1] (1.5e-6; Estrin's scheme keeps the dependency chain short) and a
      // margin start Newton within 5.5e-6 beyond it.
      const z2 = z * z;
      r = 2 * w * ((0.866026688442043 + 0.16660954054205634 * z) + z2 * ((-0.04749187647404263 + 0.02186569882343563 * z) + z2 * (-0.008972271775284117 + 0.0019631785312029734 * z))) * 1.000004;
      three = true;
    } else {
      // Else Kahan's start: 1.324718 (the plastic number) times the larger of cbrt|tq| and sqrt(t).
      // The cube root can only win when tq^2 > t^3, so it is skipped otherwise.
      const cr = tq * tq > t * t * t ? cubeRoot(Math.abs(tq)) : 0;
      r = 1.324718 * (cr > st ? cr : st);
    }
  } else {
    r = cubeRoot(Math.abs(tq));
  }
  let next = x - s * r;
  if (three || next !== x) {
    // Kahan's stop: when the iterate no longer moves forward. From the three-root start two steps are
    // enough: the relative error e becomes at most 1.5*e^2 per step (the root is at least sqrt(t)
    // from the inflection point), so 5.5e-6 falls below rounding level.
    for (let i = 0; i < 200; i++) {
      x = next;
      q0 = a * x;
      b1 = q0 + b;
      c2 = b1 * x + c;
      dq = (q0 + b1) * x + c2;
      q = c2 * x + d;
      next = dq === 0 ? x : x - q / (dq * 1.000000000000001); // a hair short of a full step: monotone
      if (three ? i === 1 : s * next <= s * x) break;
    }
    if (three) {
      // Take the second step, and the deflated quadratic at it.
      x = next;
      b1 = a * x + b;
      c2 = b1 * x + c;
    }
    // Deflating through d instead of a is more accurate when the root is small.
    const dx = d / x;
    if (Math.abs(a) * x * x > Math.abs(dx)) {
      c2 = -dx;
      b1 = (c2 - c) / x;
    }
  }
  if (quadraticRoots(a, b1, c2) === 0) return finish(x, 0, 0, 1, e, out, offset);
  let p0 = pair[0], p1 = pair[1];
  if (pairClose) {
    const gap = Math.abs(p0 - p1);
    p0 = polish(p0, a, b, c, d, gap);
    p1 = polish(p1, a, b, c, d, gap);
  }
  return finish(x, p0, p1, 3, e, out, offset);
}

/**
 * Roots of moderate size next to a moderate a: Horner's terms stay far from overflow and underflow.
 * Compares |b| with |a|*2^60 rather than |b/a| with 2^60: exact, and no division.
 */
function moderate(a: number, b: number, c: number, d: number): boolean {
  const m = Math.abs(a);
  if (!(m >= 2 ** -400 && m <= 2 ** 400)) return false;
  const bm = Math.abs(b), cm = Math.abs(c), dm = Math.abs(d);
  return bm <= m * 2 ** 60 && cm <= m * 2 ** 120 && dm <= m * 2 ** 180 &&
    (bm >= m * 2 ** -60 || cm >= m * 2 ** -120 || dm >= m * 2 ** -180);
}

/**
 * Exponent of v > 0 (finite): the e with 2^e <= v < 2^(e+1). Loops of exact multiplications (no
 * frexp in JavaScript), as the C++ side does.
 */
function exponentOf(v: number): number {
  let e = 0;
  while (v >= 2 ** 64) { v *= 2 ** -64; e += 64; }
  while (v < 2 ** -64) { v *= 2 ** 64; e -= 64; }
  while (v >= 2) { v *= 0.5; e += 1; }
  while (v < 1) { v *= 2; e -= 1; }
  return e;
}

/**
 * v * 2^e, exact whenever the result is a normal number: every step moves the same way, so no
 * intermediate overflows or underflows unless the result does.
 */
function scaleBy(v: number, e: number): number {
  while (e > 64) { v *= 2 ** 64; e -= 64; }
  while (e < -64) { v *= 2 ** -64; e += 64; }
  let p = 1;
  for (; e > 0; --e) p *= 2;
  for (; e < 0; ++e) p *= 0.5;
  return v * p;
}

/**
 * Any other cubic: with exact powers of two, make 1 <= |a| < 2 and substitute x = 2^e * y with 2^e
 * above the roots' bound, so every coefficient is at most about 1, and find the roots there. Roots
 * far smaller than the largest underflow in that variable, so the original cubic is then deflated
 * with the largest root and the other two come from the quadratic in the original coefficients.
 */
function solveScaled(a: number, b: number, c: number, d: number, ba: number, ca: number, da: number, out: Float64Array, offset: number): number {
  const ea = exponentOf(Math.abs(a));
  let bound = ba;
  const cr = Math.sqrt(ca), dr = cubeRoot(da);
  if (cr > bound) bound = cr;
  if (dr > bound) bound = dr;
  const es = bound > 0 ? exponentOf(bound) + 1 : 0;
  const k = kahan(scaleBy(a, -ea), scaleBy(b, -ea - es), scaleBy(c, -ea - 2 * es), scaleBy(d, -ea - 3 * es), es, out, offset);
  if (k === 0) return 0;
  let x = out[offset]; // the largest in magnitude; of two, the lower
  for (let i = 1; i < k; i++) {
    const v = out[offset + i];
    if (Math.abs(v) > Math.abs(x) || (Math.abs(v) === Math.abs(x) && v < x)) x = v;
  }
  // Forward deflation, or (x large) Kahan's through d, here multiplied by -x: its constant term is d
  // itself, which stays representable when -d/x would underflow.
  let a2 = a;
  let b1 = a * x + b;
  let c2 = b1 * x + c;
  const dx = d / x;
  if (Math.abs(a) * x * x > Math.abs(dx)) {
    a2 = -x * a;
    b1 = c + dx;
    c2 = d;
  }
  const n = wideQuadraticRoots(a2, b1, c2);
  return finish(x, pair[0], pair[1], 1 + n, 0, out, offset);
}

/**
 * Writes the real roots of a*x^3 + b*x^2 + c*x + d, ascending, to out[offset..offset+2] (NaN-padded)
 * and returns how many there are. Non-finite coefficients give 0 roots; a = 0, or a so small that
 * the roots it adds would overflow, degrades to the quadratic and then the linear case.
 */
export function solveCubicInto(a: number, b: number, c: number, d: number, out: Float64Array, offset: number): number {
  if (!(isFiniteNumber(a) && isFiniteNumber(b) && isFiniteNumber(c) && isFiniteNumber(d))) {
    return finish(0, 0, 0, 0, 0, out, offset);
  }
  if (moderate(a, b, c, d)) return kahan(a, b, c, d, 0, out, offset);
  const ba = Math.abs(b / a), ca = Math.abs(c / a), da = Math.abs(d / a);
  if (a === 0 || !isFiniteNumber(ba) || !isFiniteNumber(ca) || !isFiniteNumber(da)) {
    return linearOrQuadratic(b, c, d, out, offset);
  }
  return solveScaled(a, b, c, d, ba, ca, da, out, offset);
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
