/**
 * A uniform grid over polygon centers (the spatial index of matchPoints), in flat typed arrays as
 * kdbush/flatbush keep theirs. Polygons are counting-sorted by cell, row-major and stable, so one
 * row of a query's cells is one contiguous run of candidates, each cell in polygon index order.
 * native/core/polymatch_grid.cc builds the same grid; the grid only narrows the candidates, the
 * exact "close" test still decides, so matches never depend on how the grid is laid out.
 */

export interface CenterGrid {
  /** Cells per row (rows are ny, cell c = row * nx + column). */
  nx: number;
  /** Polygons of cell c are item[cellStart[c] .. cellStart[c+1]). */
  cellStart: Int32Array;
  /** Polygon index, center and area, in cell order. */
  item: Int32Array;
  cx: Float64Array;
  cy: Float64Array;
  area: Float64Array;
  /** Cells [x0, x1] x [y0, y1] that hold every center within maxDist of (px, py), into a reused array. */
  cellRange(px: number, py: number, maxDist: number): Int32Array;
}

/** Cells per polygon at most: enough for short runs, small enough that empty cells cost little. */
const CELLS_PER_POLYGON = 2;

/**
 * Query padding. A center whose computed distance is below maxDist lies within maxDist*(1 + 5u) of
 * the point (u = 2^-53) on each axis, or within 2^-500 when squares underflow; pad more than both.
 */
function queryRadius(maxDist: number): number {
  return maxDist * (1 + 2 ** -40) + 2 ** -500;
}

/** Cell of coordinate v along an axis of n cells. Monotone in v, so a padded query range is conservative. */
function cellOf(v: number, origin: number, inv: number, n: number): number {
  const t = (v - origin) * inv;
  if (!(t >= 1)) return 0; // also NaN from inf*0 when everything shares one cell
  return t >= n ? n - 1 : Math.floor(t);
}

/** Cell size: maxDist, doubled until the grid has at most CELLS_PER_POLYGON cells per polygon. */
function gridShape(extentX: number, extentY: number, n: number, maxDist: number): { nx: number; ny: number; inv: number } {
  if (!(Number.isFinite(extentX) && Number.isFinite(extentY))) return { nx: 1, ny: 1, inv: 0 };
  const limit = Math.max(1, CELLS_PER_POLYGON * n);
  let size = maxDist;
  while ((Math.floor(extentX / size) + 1) * (Math.floor(extentY / size) + 1) > limit) size *= 2;
  return { nx: Math.floor(extentX / size) + 1, ny: Math.floor(extentY / size) + 1, inv: 1 / size };
}

/** Builds the grid over centers (interleaved x, y) with their areas. */
export function buildGrid(centers: Float64Array, areas: Float64Array, maxDist: number): CenterGrid {
  const n = areas.length;
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (let i = 0; i < n; i++) {
    const x = centers[2 * i];
    const y = centers[2 * i + 1];
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  if (n === 0) minX = minY = maxX = maxY = 0;
  const { nx, ny, inv } = gridShape(maxX - minX, maxY - minY, n, maxDist);
  const cellStart = new Int32Array(nx * ny + 1);
  const cellOfItem = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = cellOf(centers[2 * i + 1], minY, inv, ny) * nx + cellOf(centers[2 * i], minX, inv, nx);
    cellOfItem[i] = c;
    cellStart[c + 1]++;
  }
  for (let c = 0; c < nx * ny; c++) cellStart[c + 1] += cellStart[c];
  const fill = cellStart.slice(0, nx * ny);
  const item = new Int32Array(n);
  const cx = new Float64Array(n);
  const cy = new Float64Array(n);
  const area = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const k = fill[cellOfItem[i]]++;
    item[k] = i;
    cx[k] = centers[2 * i];
    cy[k] = centers[2 * i + 1];
    area[k] = areas[i];
  }
  const range = new Int32Array(4);
  const cellRange = (px: number, py: number, maxDist: number): Int32Array => {
    const r = queryRadius(maxDist);
    range[0] = cellOf(px - r, minX, inv, nx);
    range[1] = cellOf(px + r, minX, inv, nx);
    range[2] = cellOf(py - r, minY, inv, ny);
    range[3] = cellOf(py + r, minY, inv, ny);
    return range;
  };
  return { nx, cellStart, item, cx, cy, area, cellRange };
}
