/**
 * log, exp and cbrt that give the same bits in TypeScript and in C++ (native/core/portable_math.h
 * performs these operations in this order). V8's Math.log/exp/cbrt and the C library's differ in
 * the last bit for some inputs, which would make the native and TypeScript luminosities differ; these
 * use only + - * / and sqrt (correctly rounded everywhere, no FMA: the addon is built with
 * -ffp-contract=off) and exact exponent manipulation. Accuracy: within 1 ulp (the tests compare
 * them with Math.* over the whole double range).
 *
 * The methods are the classic ones (Tang; Cody & Waite): reduce by powers of two, then a series
 * with its Taylor coefficients, taken far enough that truncation is below 2^-60.
 */

// The exponent of a double is read through a Uint32Array view of one Float64Array slot; powers of
// two come from tables, because writing half a double and reading the whole stalls the CPU (3x).
const bits = new Float64Array(1);
const words = new Uint32Array(bits.buffer);
/** Index of the word holding sign, exponent and the top of the mantissa. */
const HIGH = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;
/** POWERS[k + 1074] = 2^k for k in [-1074, 1023], built by exact doubling and halving. */
const POWERS = new Float64Array(2098);
POWERS[1074] = 1;
for (let k = 1; k <= 1023; k++) POWERS[1074 + k] = POWERS[1073 + k] * 2;
for (let k = -1; k >= -1074; k--) POWERS[1074 + k] = POWERS[1075 + k] * 0.5;

/** ln 2 = LN2_HI + LN2_LO, LN2_HI with 28 bits after the point so k * LN2_HI is exact for |k| < 2^24. */
const LN2_HI = 0.6931471806019545;
const LN2_LO = -4.2009150726810846e-11;
const INV_LN2 = 1.4426950408889634;
const SQRT2 = 1.4142135623730951;
const TWO54 = 18014398509481984;
const SMALLEST_NORMAL = 2.2250738585072014e-308;

/**
 * Natural logarithm. x = 2^k * m with m in [sqrt(2)/2, sqrt(2)); f = m - 1 (exact);
 * log(1 + f) = 2 atanh(s) with s = f / (2 + f), |s| < 0.1716, so
 * log(1 + f) = f - (f^2/2 - s (f^2/2 + R)), R = sum_{n>=1} 2 s^(2n) / (2n + 1) (ten terms).
 *
 * @example
 * portableLog(Math.E); // 1
 */
export function portableLog(x: number): number {
  if (!(x > 0)) return x === 0 ? -Infinity : NaN;
  if (x === Infinity) return x;
  let k = 0;
  if (x < SMALLEST_NORMAL) {
    x *= TWO54;
    k = -54;
  }
  bits[0] = x;
  const exponent = (words[HIGH] >>> 20) - 1023; // x is positive and normal here
  k += exponent;
  let m = x * POWERS[1074 - exponent]; // exact: m in [1, 2)
  if (m > SQRT2) {
    m *= 0.5;
    k += 1;
  }
  const f = m - 1;
  const s = f / (2 + f);
  const z = s * s;
  const R =
    z * (0.6666666666666666 + z * (0.4 + z * (0.2857142857142857 + z * (0.2222222222222222 + z * (0.18181818181818182 +
    z * (0.15384615384615385 + z * (0.13333333333333333 + z * (0.11764705882352941 + z * (0.10526315789473684 +
    z * 0.09523809523809523)))))))));
  const halfSquare = 0.5 * f * f;
  return k * LN2_HI - ((halfSquare - (s * (halfSquare + R) + k * LN2_LO)) - f);
}

/**
 * e^x. x = k ln2 + r with |r| <= ln2/2 (r carried as hi - lo); e^r = 1 + 2r / (r coth(r/2) - r),
 * r coth(r/2) = 2 + r^2 P(r^2) with P's Taylor coefficients 2 B_2n / (2n)! (seven terms), so with
 * c = r - r^2 P(r^2): e^r = 1 - ((lo - r c / (2 - c)) - hi). Then e^x = 2^k e^r.
 *
 * @example
 * portableExp(0); // 1
 */
export function portableExp(x: number): number {
  if (x !== x) return x;
  if (x > 709.782712893384) return Infinity;
  if (x < -745.1332191019412) return 0;
  const k = Math.floor(x * INV_LN2 + 0.5);
  const hi = x - k * LN2_HI;
  const lo = k * LN2_LO;
  const r = hi - lo;
  const z = r * r;
  const c =
    r - z * (0.16666666666666666 + z * (-0.002777777777777778 + z * (6.613756613756614e-5 + z * (-1.6534391534391535e-6 +
    z * (4.17535139757362e-8 + z * (-1.0568380277374986e-9 + z * 2.6765073061369358e-11))))));
  const y = 1 - ((lo - (r * c) / (2 - c)) - hi);
  if (k > 1023) return y * POWERS[1074 + 1023] * 2;
  if (k < -1022) return y * POWERS[1074 + k + 1000] * POWERS[1074 - 1000];
  return y * POWERS[1074 + k];
}

/**
 * Cube root: e^(log|x| / 3) refined by one Newton step y + (x/y^2 - y)/3, sign restored.
 *
 * @example
 * portableCbrt(27); // 3
 */
export function portableCbrt(x: number): number {
  if (x !== x || x === 0 || x === Infinity || x === -Infinity) return x;
  const a = x < 0 ? -x : x;
  let y = portableExp(portableLog(a) / 3);
  y = y + (a / (y * y) - y) / 3;
  return x < 0 ? -y : y;
}
