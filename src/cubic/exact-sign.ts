/**
 * Exact discriminant signs for the cubic solver's root counts. A double is an integer times a power
 * of two, so a polynomial in doubles has an exact BigInt value; the careful path asks only when a
 * discriminant computed in floating point is too small for its sign to be trusted (a double root,
 * or two real roots closer than rounding can tell from a complex pair). native/core/cubic_exact.cc
 * computes the same signs with its own multiword integers.
 */

const view = new DataView(new ArrayBuffer(8));

/** [m, e] with v = m * 2^e exactly (v finite). */
function dyadic(v: number): [bigint, number] {
  view.setFloat64(0, v);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  let m = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  if (biased !== 0) m |= 1n << 52n;
  return [hi >>> 31 ? -m : m, (biased === 0 ? 1 : biased) - 1075];
}

/** The sign of sum(weight * product of factors) over the terms, exactly. */
function exactSign(terms: Array<[number, number[]]>): number {
  const parts: Array<[bigint, number]> = [];
  let low = Infinity;
  for (const [weight, factors] of terms) {
    let m = BigInt(weight);
    let e = 0;
    for (const f of factors) {
      const [fm, fe] = dyadic(f);
      m *= fm;
      e += fe;
    }
    if (m === 0n) continue;
    parts.push([m, e]);
    if (e < low) low = e;
  }
  let sum = 0n;
  for (const [m, e] of parts) sum += m << BigInt(e - low);
  return sum > 0n ? 1 : sum < 0n ? -1 : 0;
}

/** Sign of 18abcd - 4b^3d + b^2c^2 - 4ac^3 - 27a^2d^2, the discriminant of a*x^3 + b*x^2 + c*x + d. */
export function cubicDiscriminantSign(a: number, b: number, c: number, d: number): number {
  return exactSign([[18, [a, b, c, d]], [-4, [b, b, b, d]], [1, [b, b, c, c]], [-4, [a, c, c, c]], [-27, [a, a, d, d]]]);
}

/** Sign of b^2 - k*a*c: the discriminant of a*x^2 + b*x + c for k = 4; for k = 3, whether a cubic's roots all coincide. */
export function squareMinusProductSign(b: number, k: number, a: number, c: number): number {
  return exactSign([[1, [b, b]], [-k, [a, c]]]);
}
