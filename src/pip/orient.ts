/**
 * The exact sign of the orientation determinant, for the 'inside' / 'outside' boundary modes: is c
 * left of (+1), right of (-1) or on (0) the line a->b? Exact for every finite input, subnormals and
 * the top of the double range included. native/core/pip_orient.cc performs the same operations.
 *
 * A floating-point filter answers almost always (Shewchuk, "Adaptive Precision Floating-Point
 * Arithmetic", 1997, orient2d stage A). Its error bound assumes no underflow and no overflow, so it
 * is trusted only while |left| + |right| stays inside [FILTER_MIN, FILTER_MAX]; Shewchuk's exact
 * stages underflow too (an error term below 2^-1074 is lost), hence exactSign below.
 */

const EPSILON = 1.1102230246251565e-16; // 2^-53
const CCW_ERRBOUND_A = (3 + 16 * EPSILON) * EPSILON;
// Above FILTER_MIN, an underflowed product is too small to matter against the bound's slack;
// below FILTER_MAX, nothing overflowed.
const FILTER_MIN = 2 ** -900;
const FILTER_MAX = 2 ** 1000;
const SPLITTER = 134217729; // 2^27 + 1, Dekker's split
// A nonzero integer outweighs the remaining products once they sit this many binary places lower:
// 6 products of two 53-bit integers sum to less than 2^109.
const DECISIVE_GAP = 109;

// Scratch for exactSign: per coordinate an integer mantissa and its exponent; per product its
// exponent, sign and two halves; the running expansion.
const mantissa = new Float64Array(6);
const exponent = new Int32Array(6);
const productExponent = new Int32Array(6);
const productSign = new Float64Array(6);
const productHigh = new Float64Array(6);
const productLow = new Float64Array(6);
const order = new Int32Array(6);
const expansion = new Float64Array(12);
let length = 0;
const bits = new DataView(new ArrayBuffer(8));

// Splits x into mantissa[k] * 2^exponent[k], the mantissa an integer below 2^53 in magnitude: the
// exponent of the lowest bit a double of x's binade can hold (-1074 for subnormals and zero).
function split(x: number, k: number): void {
  bits.setFloat64(0, x);
  const biased = (bits.getUint16(0) >>> 4) & 0x7ff;
  const e = biased === 0 ? -1074 : biased - 1075;
  exponent[k] = e;
  // x * 2^-e in two exact steps: 2^1074 itself is not a double.
  mantissa[k] = e < -1000 ? x * 2 ** 1000 * 2 ** (-e - 1000) : x * 2 ** -e;
}

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

function expansionSign(): number {
  for (let i = length - 1; i >= 0; i--) if (expansion[i] !== 0) return expansion[i] > 0 ? 1 : -1;
  return 0;
}

// Product j: sign * (mantissa[a] * mantissa[b]) as two integer doubles (Dekker's product: the
// factors are integers below 2^53, so nothing underflows or overflows), at exponent e[a] + e[b].
function product(j: number, a: number, b: number, sign: number): void {
  const x = mantissa[a];
  const y = mantissa[b];
  const p = x * y;
  let c = SPLITTER * x;
  const xhi = c - (c - x);
  const xlo = x - xhi;
  c = SPLITTER * y;
  const yhi = c - (c - y);
  const ylo = y - yhi;
  productHigh[j] = p;
  productLow[j] = xlo * ylo - (p - xhi * yhi - xlo * yhi - xhi * ylo);
  productSign[j] = sign;
  productExponent[j] = exponent[a] + exponent[b];
}

/**
 * The exact sign of ax*by - ax*cy - cx*by - ay*bx + ay*cx + cy*bx, the determinant expanded (the
 * cx*cy terms cancel). Each product is an integer times a power of two; summed from the largest
 * power down, in units of the current power, the running sum is an integer. When the next product
 * is DECISIVE_GAP places lower, a nonzero sum is already decided; otherwise it is rescaled to the
 * next power (exactly: it stays below 2^700) and the sum goes on.
 */
function exactSign(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  split(ax, 0);
  split(ay, 1);
  split(bx, 2);
  split(by, 3);
  split(cx, 4);
  split(cy, 5);
  product(0, 0, 3, 1); // ax*by
  product(1, 0, 5, -1); // ax*cy
  product(2, 4, 3, -1); // cx*by
  product(3, 1, 2, -1); // ay*bx
  product(4, 1, 4, 1); // ay*cx
  product(5, 5, 2, 1); // cy*bx
  // Insertion sort of the products by exponent, largest first.
  for (let j = 0; j < 6; j++) {
    let i = j;
    while (i > 0 && productExponent[order[i - 1]] < productExponent[j]) {
      order[i] = order[i - 1];
      i--;
    }
    order[i] = j;
  }
  length = 0;
  let unit = productExponent[order[0]];
  for (let k = 0; k < 6; k++) {
    const j = order[k];
    const gap = unit - productExponent[j];
    if (gap > 0) {
      const sign = expansionSign();
      if (sign !== 0 && gap >= DECISIVE_GAP) return sign;
      if (sign === 0) length = 0;
      const scale = 2 ** gap;
      for (let i = 0; i < length; i++) expansion[i] *= scale;
      unit = productExponent[j];
    }
    grow(productSign[j] * productHigh[j]);
    grow(productSign[j] * productLow[j]);
  }
  return expansionSign();
}

/** Sign of the orientation of (a, b, c): +1 when c is left of a->b, -1 right, 0 collinear. Exact. */
export function orientSign(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  const left = (ax - cx) * (by - cy);
  const right = (ay - cy) * (bx - cx);
  const det = left - right;
  const sum = Math.abs(left) + Math.abs(right);
  if (sum >= FILTER_MIN && sum <= FILTER_MAX) {
    const bound = CCW_ERRBOUND_A * sum;
    if (det >= bound || -det >= bound) return det > 0 ? 1 : -1;
  }
  return exactSign(ax, ay, bx, by, cx, cy);
}
