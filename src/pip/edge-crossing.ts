/**
 * Where the half-open rule's ray meets an edge: the crossing abscissa of an edge stored lower end
 * first, at a latitude py with lowLat <= py < highLat. Two zones sharing an edge read the same
 * stored values and compute the same abscissa bit for bit, which is what puts a point on that edge
 * in exactly one of them; that holds whatever the formula, as long as it is deterministic.
 *
 * The plain formula lowLon + (py - lowLat) * slope costs one multiply-add and is what every
 * ordinary edge uses. It can overflow (or meet an infinite slope) only for edges with a coordinate
 * beyond SAFE_LIMIT or a slope beyond the double range (a near-horizontal edge whose height is
 * subnormal). Such an edge is stored with a NaN slope, its ring is marked wide, and wide rings
 * use wideCrossing, which never overflows. native/core/pip.cc computes the same.
 */

/** Edges with every coordinate below this in magnitude and a finite slope cannot overflow the plain formula. */
const SAFE_LIMIT = 2 ** 1021;

/** The slope stored for an edge: dLon/dLat, 0 when horizontal, NaN when the plain formula is not safe. */
export function storedSlope(lx: number, ly: number, ux: number, uy: number): number {
  const slope = uy > ly ? (ux - lx) / (uy - ly) : 0;
  const small = Math.abs(lx) < SAFE_LIMIT && Math.abs(ly) < SAFE_LIMIT && Math.abs(ux) < SAFE_LIMIT && Math.abs(uy) < SAFE_LIMIT;
  return small && Number.isFinite(slope) ? slope : NaN;
}

/**
 * The crossing abscissa of a wide edge at py (lowLat <= py < highLat): the point a fraction
 * f = (py - lowLat) / (highLat - lowLat) of the way along it, kept inside the edge's longitude range.
 */
export function wideCrossing(lx: number, ly: number, ux: number, uy: number, py: number): number {
  let rise = uy - ly;
  let run = py - ly;
  // Only coordinates near the top of the double range overflow here, and halving those is exact.
  if (!Number.isFinite(rise)) {
    rise = uy * 0.5 - ly * 0.5;
    run = py * 0.5 - ly * 0.5;
  }
  const f = run / rise;
  const x = lx * (1 - f) + ux * f;
  const lo = lx < ux ? lx : ux;
  const hi = lx < ux ? ux : lx;
  return x < lo ? lo : x > hi ? hi : x;
}
