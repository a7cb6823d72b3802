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
export function cubeRoot(v: number): number {
  if (v === 0 || v - v !== 0) return v;
  let scale = 1;
  while (v > 1073741824.0) { v *= 9.313225746154785e-10; scale *= 1024; } // 2^30, 2^-30, 2^10
  while (v < 9.313225746154785e-10) { v *= 1073741824.0; scale *= 0.0009765625; }
  while (v >= 1) { v *= 0.125; scale *= 2; }
  while (v < 0.125) { v *= 8; scale *= 0.5; }
  let y = 0.42857142857142855 + 0.5714285714285714 * v; // chord of cbrt over [1/8, 1]
  for (let i = 0; i < 5; i++) y = y - (y * y * y - v) / (3 * y * y);
  return y * scale;
}

// Roots are gathered here, then copied out: no allocation inside the solver.
const found = new Float64Array(3);
let foundCount = 0;

function add(x: number): void {
  if (x - x === 0) found[foundCount++] = x; // a root beyond the double range is the "negligible" case
}

/** Roots of A*x^2 + B*x + C with A != 0, without the cancellation of the textbook formula. */
function quadratic(A: number, B: number, C: number): void {
  const b = -B / 2;
  const bb = b * b;
  const ac = A * C;
  let q = bb - ac;
  if (q < 0) {
    const scale = bb > Math.abs(ac) ? bb : Math.abs(ac);
    if (-q > DOUBLE_ROOT_TOLERANCE * scale) return;
    q = 0;
  }
  const r = b + (b < 0 ? -Math.sqrt(q) : Math.sqrt(q));
  if (r === 0) {
    const x = C / A;
    add(x);
    add(-x);
  } else {
    add(C / r);
    add(r / A);
  }
}

function isFiniteNumber(v: number): boolean {
  return v - v === 0;
}

function linearOrQuadratic(b: number, c: number, d: number): void {
  if (b !== 0 && isFiniteNumber(c / b) && isFiniteNumber(d / b)) {
    quadratic(b, c, d);
  } else if (c !== 0 && isFiniteNumber(d / c)) {
    add(-d / c);
  }
}

function sortFound(): void {
  let t: number;
  if (foundCount >= 2 && found[1] < found[0]) { t = found[0]; found[0] = found[1]; found[1] = t; }
  if (foundCount === 3) {
    if (found[2] < found[1]) { t = found[1]; found[1] = found[2]; found[2] = t; }
    if (found[1] < found[0]) { t = found[0]; found[0] = found[1]; found[1] = t; }
  }
}

/**
 * Writes the real roots of a*x^3 + b*x^2 + c*x + d, ascending, to out[offset..offset+2] (NaN-padded)
 * and returns how many there are. Non-finite coefficients give 0 roots; a = 0, or a so small that
 * the root it adds would overflow, degrades to the quadratic and then the linear case.
 */
export function solveCubicInto(a: number, b: number, c: number, d: number, out: Float64Array, offset: number): number {
  foundCount = 0;
  if (isFiniteNumber(a) && isFiniteNumber(b) && isFiniteNumber(c) && isFiniteNumber(d)) {
    if (a === 0 || !isFiniteNumber(b / a) || !isFiniteNumber(c / a) || !isFiniteNumber(d / a)) {
      linearOrQuadratic(b, c, d);
    } else if (d === 0) {
      add(0);
      quadratic(a, b, c);
    } else {
      let x = -(b / a) / 3;
      // Horner's scheme: the cubic (q), its derivative (dq), the deflated quadratic (b1, c2) at x.
      let q0 = a * x;
      let b1 = q0 + b;
      let c2 = b1 * x + c;
      let dq = (q0 + b1) * x + c2;
      let q = c2 * x + d;
      let t = q / a;
      let r = cubeRoot(Math.abs(t));
      const s = t < 0 ? -1 : 1;
      t = -dq / a;
      if (t > 0) {
        const st = Math.sqrt(t);
        r = 1.324718 * (r > st ? r : st); // the plastic number: a start beyond the outermost root
      }
      let next = x - s * r;
      if (next !== x) {
        for (let i = 0; i < 200; i++) {
          x = next;
          q0 = a * x;
          b1 = q0 + b;
          c2 = b1 * x + c;
          dq = (q0 + b1) * x + c2;
          q = c2 * x + d;
          next = dq === 0 ? x : x - q / dq / 1.000000000000001;
          if (s * next <= s * x) break;
        }
        // Deflating through d instead of a is more accurate when the root is small.
        if (Math.abs(a) * x * x > Math.abs(d / x)) {
          c2 = -d / x;
          b1 = (c2 - c) / x;
        }
      }
      add(x);
      quadratic(a, b1, c2);
    }
  }
  sortFound();
  for (let i = 0; i < 3; i++) out[offset + i] = i < foundCount ? found[i] : NaN;
  return foundCount;
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
