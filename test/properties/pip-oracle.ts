/**
 * Point in polygon by the README's exact boundary modes, in exact arithmetic (dyadic rationals, no
 * rounding at any scale): a point on any ring of a polygon is in it for 'inside' and not for
 * 'outside'; otherwise it is in the polygon when it is inside the outer ring and inside no hole, by
 * the parity of crossings of a ray towards +lon (well defined off the rings, whatever the rule at
 * vertices, as long as it is consistent: half-open here).
 */
import { type Dyadic, compare, mul, of, sign, sub } from './dyadic.js';

/** A ring as closed [lon, lat] positions (the GeoJSON form). */
export type Ring = number[][];
/** A polygon: the outer ring, then holes. */
export type PolygonRings = Ring[];
/** A zone: one or more polygons. */
export type Zone = PolygonRings[];

interface Point {
  x: Dyadic;
  y: Dyadic;
}

/** (b - a) x (p - a): positive when p is left of a->b. */
function orient(a: Point, b: Point, p: Point): number {
  return sign(sub(mul(sub(b.x, a.x), sub(p.y, a.y)), mul(sub(b.y, a.y), sub(p.x, a.x))));
}

function between(v: Dyadic, a: Dyadic, b: Dyadic): boolean {
  return compare(a, b) <= 0 ? compare(a, v) <= 0 && compare(v, b) <= 0 : compare(b, v) <= 0 && compare(v, a) <= 0;
}

type RingState = 'on' | 'in' | 'out';

function ringState(ring: Point[], p: Point): RingState {
  let inside = false;
  for (let i = 0; i + 1 < ring.length; i++) {
    const a = ring[i];
    const b = ring[i + 1];
    const o = orient(a, b, p);
    if (o === 0 && between(p.x, a.x, b.x) && between(p.y, a.y, b.y)) return 'on';
    const aAbove = compare(a.y, p.y) > 0;
    const bAbove = compare(b.y, p.y) > 0;
    // The edge crosses the ray's line; its crossing is right of p when p is left of the upward edge.
    if (aAbove !== bAbove && (bAbove ? o > 0 : o < 0)) inside = !inside;
  }
  return inside ? 'in' : 'out';
}

/** Zones as exact points, converted once per case. */
export type ExactZone = Point[][][];

export function exactZones(zones: Zone[]): ExactZone[] {
  return zones.map((zone) => zone.map((polygon) => polygon.map((ring) => ring.map(([x, y]) => ({ x: of(x), y: of(y) })))));
}

/** Whether the zone contains (lon, lat) under 'inside' or 'outside', exactly. Non-finite points are in no zone. */
export function exactContains(zone: ExactZone, lon: number, lat: number, mode: 'inside' | 'outside'): boolean {
  if (!Number.isFinite(lon) || !Number.isFinite(lat)) return false;
  const p = { x: of(lon), y: of(lat) };
  return zone.some(([outer, ...holes]) => {
    const states = [ringState(outer, p), ...holes.map((hole) => ringState(hole, p))];
    if (states.includes('on')) return mode === 'inside';
    return states[0] === 'in' && states.slice(1).every((s) => s === 'out');
  });
}
