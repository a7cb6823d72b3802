/**
 * Zones and points for the pip tests at the extremes of the double range. Every vertex is an
 * integer in [0, 64] and every point a multiple of 0.5 in [-1, 65], so scaling both by 2^k is
 * exact for k from -1073 (points land on the subnormal grid) to 1017 (before overflow), and the
 * geometry, hence every exact answer, must not change with k.
 */
import { seededRandom } from '../src/random.js';
import type { Rings } from './pip-kernels.js';

const square = (x0: number, y0: number, x1: number, y1: number) => [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]];

/**
 * Zones that tile two regions without overlap: [0, 64] x [0, 32] (two triangles sharing a
 * diagonal, one of them wound clockwise; two zones sharing a zigzag traversed in opposite
 * directions, whose vertices lie on the scan lines y = 8, 16, 24), and [8, 24] x [40, 56] (a
 * square with a hole, and a zone filling the hole).
 */
export const tiling: Rings[] = [
  [[[0, 0], [32, 0], [32, 32], [0, 0]]],
  [[[0, 0], [0, 32], [32, 32], [0, 0]]],
  [[[32, 0], [48, 0], [40, 8], [56, 16], [40, 24], [48, 32], [32, 32], [32, 0]]],
  [[[48, 0], [64, 0], [64, 32], [48, 32], [40, 24], [56, 16], [40, 8], [48, 0]]],
  [square(8, 40, 24, 56), square(12, 44, 20, 52).reverse()],
  [square(12, 44, 20, 52)],
];

/** Whether a point (in fixture units) is strictly inside a region the tiling covers. */
export function insideTiledRegion(x: number, y: number): boolean {
  return (x > 0 && x < 64 && y > 0 && y < 32) || (x > 8 && x < 24 && y > 40 && y < 56);
}

/** Overlapping zones, so the first match differs from the others: a triangle, a square, a spike. */
export const overlapping: Rings[] = [
  [[[0, 0], [60, 10], [10, 60], [0, 0]]],
  [square(20, 20, 50, 50)],
  [[[30, 0], [31, 60], [32, 0], [30, 0]]],
  [square(0, 0, 64, 64), square(2, 2, 62, 62).reverse()],
];

/**
 * Points: every vertex, the midpoint of every edge, and seeded random multiples of 0.5 (so
 * many sit on scan lines through vertices, and some on edges), as [lon, lat] arrays.
 */
export function fixturePoints(zones: Rings[], count: number, seed: number): { lon: number[]; lat: number[] } {
  const lon: number[] = [];
  const lat: number[] = [];
  for (const ring of zones.flat()) {
    for (let i = 0; i + 1 < ring.length; i++) {
      lon.push(ring[i][0], (ring[i][0] + ring[i + 1][0]) / 2);
      lat.push(ring[i][1], (ring[i][1] + ring[i + 1][1]) / 2);
    }
  }
  const random = seededRandom(seed);
  for (let i = 0; i < count; i++) {
    lon.push(Math.floor(random() * 133) / 2 - 1);
    lat.push(Math.floor(random() * 133) / 2 - 1);
  }
  return { lon, lat };
}

/** Zones and points scaled by 2^k (exact for the k above). */
export function scaled(zones: Rings[], points: { lon: number[]; lat: number[] }, k: number) {
  const s = (v: number) => (k < -1000 ? v * 2 ** -1000 * 2 ** (k + 1000) : v * 2 ** k);
  return {
    zones: zones.map((rings) => rings.map((ring) => ring.map(([x, y]) => [s(x), s(y)]))),
    lon: Float64Array.from(points.lon, s),
    lat: Float64Array.from(points.lat, s),
  };
}

/** Binary exponents k to scale by: the subnormal range, both ends of the normal range, and between. */
export const SCALES = [-1073, -1070, -1064, -1060, -1050, -1040, -1030, -1022, -1000, -900, -600, -300, -60, 0, 60, 300, 600, 900, 1000, 1010];
