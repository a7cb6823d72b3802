/**
 * The exact sign of the orientation determinant, for the 'inside' / 'outside' boundary modes: is c
 * left of (+1), right of (-1) or on (0) the line a->b? A floating-point filter answers almost
 * always (Shewchuk, "Adaptive Precision Floating-Point Arithmetic", 1997, orient2d stage A); when
 * the rounded result is too close to zero to trust, the determinant is summed exactly as an
 * expansion of error-free products. native/core/pip_orient.cc performs the same operations.
 */

const EPSILON = 1.1102230246251565e-16; // 2^-53
const CCW_ERRBOUND_A = (3 + 16 * EPSILON) * EPSILON;
const SPLITTER = 134217729; // 2^27 + 1, Dekker's split

// Scratch for the exact path: 6 error-free products of 2 parts each.
const expansion = new Float64Array(12);
let length = 0;

// Adds b to the expansion exactly (Shewchuk's Grow-Expansion).
function grow(b: number): void {
  let q = b;
  for (let i = 0; i < length; i++) {
    const e = expansion[i];
    const x = q + e;
    const bv = x - q;
    const av = x - bv;
    expansion[i] = q - av + (e - bv);
    q = x;
  }
  expansion[length++] = q;
}

// Adds sign*a*b exactly: the rounded product and its rounding error (Dekker's product, no FMA).
function growProduct(a: number, b: number, sign: number): void {
  const x = a * b;
  let c = SPLITTER * a;
  const ahi = c - (c - a);
  const alo = a - ahi;
  c = SPLITTER * b;
  const bhi = c - (c - b);
  const blo = b - bhi;
  const y = alo * blo - (x - ahi * bhi - alo * bhi - ahi * blo);
  grow(sign * x);
  grow(sign * y);
}

function exactSign(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  // (ax-cx)(by-cy) - (ay-cy)(bx-cx), expanded; the cx*cy terms cancel.
  length = 0;
  growProduct(ax, by, 1);
  growProduct(ax, cy, -1);
  growProduct(cx, by, -1);
  growProduct(ay, bx, -1);
  growProduct(ay, cx, 1);
  growProduct(cy, bx, 1);
  for (let i = length - 1; i >= 0; i--) if (expansion[i] !== 0) return expansion[i] > 0 ? 1 : -1;
  return 0;
}

/** Sign of the orientation of (a, b, c): +1 when c is left of a->b, -1 right, 0 collinear. Exact. */
export function orientSign(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  const left = (ax - cx) * (by - cy);
  const right = (ay - cy) * (bx - cx);
  const det = left - right;
  let sum: number;
  if (left > 0) {
    if (right <= 0) return det > 0 ? 1 : det < 0 ? -1 : 0;
    sum = left + right;
  } else if (left < 0) {
    if (right >= 0) return det > 0 ? 1 : det < 0 ? -1 : 0;
    sum = -left - right;
  } else {
    return det > 0 ? 1 : det < 0 ? -1 : 0;
  }
  const bound = CCW_ERRBOUND_A * sum;
  if (det >= bound || -det >= bound) return det > 0 ? 1 : det < 0 ? -1 : 0;
  return exactSign(ax, ay, bx, by, cx, cy);
}
