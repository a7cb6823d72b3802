/**
 * The layout of packed zones (made by pack.ts, read by reference.ts and, without copying, by
 * native/core/pip.cc) and the one piece of arithmetic every reader shares: which cell of a grid
 * axis, or which slab of a ring, a coordinate falls in.
 */

export interface PackedZones {
  zoneCount: number;
  /** The grid over the zones' boxes: [minLon, minLat, maxLon, maxLat, cells per unit lon, lat, columns, rows] (see {@link cellOf}). */
  gridBox: Float64Array;
  /** Per grid cell: the first zone of every point in it, -1 for none, or UNDECIDED (cell-answers.ts). */
  cellAnswer: Int32Array;
  /** CSR over grid cells (row-major): zones of cell c are gridZones[gridStart[c] .. gridStart[c+1]), ascending. */
  gridStart: Int32Array;
  gridZones: Int32Array;
  /** 4 per zone: minLon, minLat, maxLon, maxLat. */
  zoneBox: Float64Array;
  /** Polygons of zone z: zonePolygons[z] .. zonePolygons[z+1]. */
  zonePolygons: Int32Array;
  /** Rings of polygon p: polygonRings[p] .. polygonRings[p+1], the outer ring first. */
  polygonRings: Int32Array;
  /** 4 per ring: minLon, minLat, maxLon, maxLat. */
  ringBox: Float64Array;
  /**
   * RING_SLAB_STRIDE per ring: the slabs' origin (the ring's minLat) and slabs per unit (see
   * {@link cellOf}), and at RING_WIDE, 1 when one of its edges needs the overflow-safe crossing
   * (edge-crossing.ts), else 0.
   */
  ringSlab: Float64Array;
  /** Slab bounds of ring r are slabStart[ringSlabBase[r] .. ringSlabBase[r+1]) (slab count + 1 entries). */
  ringSlabBase: Int32Array;
  /** CSR over all slabs: the entries of slab s are k in [slabStart[s], slabStart[s+1]), entry k at slabEdges[5k .. 5k+5). */
  slabStart: Int32Array;
  /**
   * 5 per slab entry: lowLon, lowLat, highLon, highLat, slope (dLon/dLat; 0 when horizontal; NaN
   * when the plain crossing formula could overflow, see edge-crossing.ts). An edge is copied into
   * each slab it meets, so a point reads its slab's edges from one contiguous run: with a million
   * vertices, a pointer per edge would cost a cache miss per edge.
   */
  slabEdges: Float64Array;
}

/** cellAnswer[c] when the points of cell c need the full test (no answer holds for the whole cell). */
export const UNDECIDED = -2;

/** Values per ring in ringSlab, and the offset of its wide flag. */
export const RING_SLAB_STRIDE = 3;
export const RING_WIDE = 2;

/** An axis of cells, as gridBox and ringSlab store it: see cellOf. */
export interface Axis {
  origin: number;
  per: number;
  count: number;
}

/**
 * The cell (or slab) of a coordinate inside an axis of `count` cells from `origin`, `per` cells per
 * unit: trunc((value - origin) * per), or the last cell when the product (>= 0, +Infinity or NaN
 * for a value inside the axis' box) is not below it. The comparison is made on the double, before
 * any conversion to an integer (native/core/pip.cc casts only what is in range). pack.ts (axisOf)
 * keeps `per` finite and >= 0 for every finite extent; a difference beyond the double range is
 * infinite and lands in the last cell.
 *
 * The formula is monotone in `value`, so an item listed in the cells from cellOf(its min) to
 * cellOf(its max) is found from any value in between: that is all correctness needs, whatever the
 * rounding. Both kernels (and the vector paths of native/core/pip_lookup.h) compute exactly this.
 */
export function cellOf(value: number, origin: number, per: number, count: number): number {
  const t = (value - origin) * per;
  const last = count - 1;
  return t < last ? Math.trunc(t) : last;
}
