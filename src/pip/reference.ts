/**
 * The reference point-in-polygon kernel in plain TypeScript: the oracle for native/core/pip.cc,
 * which performs the same comparisons and arithmetic in the same order, so both agree on every point.
 *
 * Default rule (DESIGN.md): even-odd crossings of a ray towards +lon with half-open edges (an edge
 * counts when lowLat <= lat < highLat and its crossing abscissa is strictly right of the point),
 * per polygon "inside the outer ring and inside no hole". Exact modes first ask, with exact
 * orientation, whether the point lies on a ring; if so the mode decides, else crossings decide.
 */
import { wideCrossing } from './edge-crossing.js';
import { orientSign } from './orient.js';
import { type PackedZones, RING_SLAB_STRIDE, RING_WIDE, UNDECIDED, cellOf } from './packed.js';

/** 0: the half-open default rule; 1: boundary points are inside; 2: boundary points are outside. */
export type BoundaryCode = 0 | 1 | 2;

const OUT = 0;
const IN = 1;
const ON = 2;

function ringState(z: PackedZones, r: number, px: number, py: number, mode: BoundaryCode): number {
  const box = z.ringBox;
  const b = 4 * r;
  // Written so that NaN fails every comparison and is rejected here.
  if (!(px >= box[b] && px <= box[b + 2] && py >= box[b + 1] && py <= box[b + 3])) return OUT;
  const base = z.ringSlabBase[r];
  const s = RING_SLAB_STRIDE * r;
  const slab = base + cellOf(py, z.ringSlab[s], z.ringSlab[s + 1], z.ringSlabBase[r + 1] - base - 1);
  const edges = z.slabEdges;
  const begin = z.slabStart[slab];
  const end = z.slabStart[slab + 1];
  let inside = false;
  if (mode === 0 && z.ringSlab[s + RING_WIDE] === 0) {
    for (let i = begin; i < end; i++) {
      const e = 5 * i;
      const ly = edges[e + 1];
      if (py >= ly && py < edges[e + 3] && edges[e] + (py - ly) * edges[e + 4] > px) inside = !inside;
    }
    return inside ? IN : OUT;
  }
  if (mode === 0) {
    // A wide ring: its NaN-slope edges take the overflow-safe crossing (edge-crossing.ts).
    for (let i = begin; i < end; i++) {
      const e = 5 * i;
      const ly = edges[e + 1];
      const uy = edges[e + 3];
      if (!(py >= ly && py < uy)) continue;
      const slope = edges[e + 4];
      const x = slope === slope ? edges[e] + (py - ly) * slope : wideCrossing(edges[e], ly, edges[e + 2], uy, py);
      if (x > px) inside = !inside;
    }
    return inside ? IN : OUT;
  }
  for (let i = begin; i < end; i++) {
    const e = 5 * i;
    const ly = edges[e + 1];
    const uy = edges[e + 3];
    if (py < ly || py > uy) continue;
    const lx = edges[e];
    const ux = edges[e + 2];
    if (ly === uy) {
      if (px >= (lx < ux ? lx : ux) && px <= (lx < ux ? ux : lx)) return ON;
      continue;
    }
    const o = orientSign(lx, ly, ux, uy, px, py);
    if (o === 0) return ON;
    if (o > 0 && py < uy) inside = !inside;
  }
  return inside ? IN : OUT;
}

/** Whether zone `zone` contains the point under the boundary mode. */
export function zoneContains(z: PackedZones, zone: number, px: number, py: number, mode: BoundaryCode): boolean {
  const box = z.zoneBox;
  const b = 4 * zone;
  if (!(px >= box[b] && px <= box[b + 2] && py >= box[b + 1] && py <= box[b + 3])) return false;
  const rings = z.polygonRings;
  for (let p = z.zonePolygons[zone], pEnd = z.zonePolygons[zone + 1]; p < pEnd; p++) {
    const outer = ringState(z, rings[p], px, py, mode);
    if (outer === ON) {
      if (mode === 1) return true;
      continue;
    }
    if (outer === OUT) continue;
    // Inside a hole means outside the polygon; on a hole's ring means on the polygon's boundary.
    let state = IN;
    for (let r = rings[p] + 1, rEnd = rings[p + 1]; r < rEnd; r++) {
      const hole = ringState(z, r, px, py, mode);
      if (hole === OUT) continue;
      state = hole === ON && mode === 1 ? IN : OUT;
      break;
    }
    if (state === IN) return true;
  }
  return false;
}

/** The grid cell of a point, or -1 outside the grid. */
function cellOfPoint(z: PackedZones, px: number, py: number): number {
  const g = z.gridBox;
  if (!(px >= g[0] && px <= g[2] && py >= g[1] && py <= g[3])) return -1;
  const columns = g[6];
  return cellOf(py, g[1], g[5], g[7]) * columns + cellOf(px, g[0], g[4], columns);
}

/** The range of grid entries (candidate zones, ascending) for a point, or [0, 0] when none. */
function candidates(z: PackedZones, px: number, py: number, out: Int32Array): void {
  const cell = cellOfPoint(z, px, py);
  out[0] = cell < 0 ? 0 : z.gridStart[cell];
  out[1] = cell < 0 ? 0 : z.gridStart[cell + 1];
}

const range = new Int32Array(2);

/** Index of the first zone containing (lon, lat), or -1 (the seed's pip_1). */
export function firstZone(z: PackedZones, lon: number, lat: number, mode: BoundaryCode): number {
  const cell = cellOfPoint(z, lon, lat);
  if (cell < 0) return -1;
  const known = z.cellAnswer[cell];
  if (known !== UNDECIDED) return known;
  for (let i = z.gridStart[cell], end = z.gridStart[cell + 1]; i < end; i++) {
    const zone = z.gridZones[i];
    if (zoneContains(z, zone, lon, lat, mode)) return zone;
  }
  return -1;
}

/** First zone of points [begin, end) into out (the seed's pip_n, lat/lon order as in the seed). */
export function pipRange(z: PackedZones, lat: Float64Array, lon: Float64Array, out: Int32Array, mode: BoundaryCode, begin: number, end: number): void {
  for (let i = begin; i < end; i++) out[i] = firstZone(z, lon[i], lat[i], mode);
}

/** Pass 1 of pipAll: how many zones contain each point of [begin, end). */
export function matchCountRange(z: PackedZones, lat: Float64Array, lon: Float64Array, counts: Int32Array, mode: BoundaryCode, begin: number, end: number): void {
  for (let i = begin; i < end; i++) {
    const px = lon[i];
    const py = lat[i];
    candidates(z, px, py, range);
    let n = 0;
    for (let k = range[0]; k < range[1]; k++) if (zoneContains(z, z.gridZones[k], px, py, mode)) n++;
    counts[i] = n;
  }
}

/**
 * Pass 2 of pipAll: the containing zones of each point, ascending, into its own slice
 * zones[offsets[i] .. offsets[i+1]) and never beyond it, and how many there were into found[i].
 * found[i] differs from the slice's length only when the point changed since pass 1 (the caller
 * reports that); slots the point no longer fills hold -1.
 */
export function matchFillRange(
  z: PackedZones,
  lat: Float64Array,
  lon: Float64Array,
  offsets: Int32Array,
  zones: Int32Array,
  found: Int32Array,
  mode: BoundaryCode,
  begin: number,
  end: number,
): void {
  for (let i = begin; i < end; i++) {
    const px = lon[i];
    const py = lat[i];
    candidates(z, px, py, range);
    const first = offsets[i];
    const stop = offsets[i + 1];
    let at = first;
    for (let k = range[0]; k < range[1]; k++) {
      const zone = z.gridZones[k];
      if (!zoneContains(z, zone, px, py, mode)) continue;
      if (at < stop) zones[at] = zone;
      at++;
    }
    found[i] = at - first;
    for (; at < stop; at++) zones[at] = -1;
  }
}

/** Adds the first-zone counts of points [begin, end) to counts (zone z at z, none at zoneCount). */
export function countRange(z: PackedZones, lat: Float64Array, lon: Float64Array, counts: Float64Array, mode: BoundaryCode, begin: number, end: number): void {
  const none = z.zoneCount;
  for (let i = begin; i < end; i++) {
    const zone = firstZone(z, lon[i], lat[i], mode);
    counts[zone < 0 ? none : zone]++;
  }
}
