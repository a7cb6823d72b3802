/**
 * The reference polymatch kernels in plain TypeScript: the oracle for native/core/polymatch*.cc.
 * Every sum runs left to right in the order written here, and C++ repeats it (built with
 * -ffp-contract=off), so centers, areas and matches agree bit for bit.
 */
import type { CenterGrid } from './grid.js';

/** Center (mean of the vertices) of ring [begin, end): coordinates summed left to right, then divided. */
export function ringCenter(v: Float64Array, begin: number, end: number): number {
  let sum = 0;
  for (let i = begin; i < end; i++) sum += v[i];
  return sum / (end - begin);
}

/**
 * Shoelace area 0.5*|sum x[i]*y[i-1] - sum y[i]*x[i-1]| (indices mod n) of the ring of n vertices
 * whose x are at x[xAt..] and y at y[yAt..] (x and y may be one array).
 */
export function ringArea(x: Float64Array, xAt: number, y: Float64Array, yAt: number, n: number): number {
  let sxy = 0;
  let syx = 0;
  let prev = n - 1;
  for (let i = 0; i < n; i++) {
    sxy += x[xAt + i] * y[yAt + prev];
    syx += y[yAt + i] * x[xAt + prev];
    prev = i;
  }
  return 0.5 * Math.abs(sxy - syx);
}

/** Centers (interleaved x, y) and areas of packed rings `offsets[i] .. offsets[i+1]`, for i in [begin, end). */
export function polygonStatsRange(
  x: Float64Array,
  y: Float64Array,
  offsets: Int32Array,
  centers: Float64Array,
  areas: Float64Array,
  begin: number,
  end: number,
): void {
  for (let i = begin; i < end; i++) {
    const a = offsets[i];
    const b = offsets[i + 1];
    centers[2 * i] = ringCenter(x, a, b);
    centers[2 * i + 1] = ringCenter(y, a, b);
    areas[i] = ringArea(x, a, y, a, b - a);
  }
}

/** The spec's "close": the Euclidean distance from center to point, strictly below maxDist. */
export function isClose(cx: number, cy: number, px: number, py: number, maxDist: number): boolean {
  const dx = cx - px;
  const dy = cy - py;
  return Math.sqrt(dx * dx + dy * dy) < maxDist;
}

/**
 * Best polygon for points [begin, end) (points interleaved x, y) into out: among the close ones, the
 * smallest area, ties to the lowest index (what the seed's first-wins scan picks, since areas are
 * finite). Candidates come from the grid, whose cells hold polygons in index order.
 */
export function matchRange(grid: CenterGrid, points: Float64Array, maxDist: number, out: Int32Array, begin: number, end: number): void {
  const { cellStart, item, cx, cy, area, nx } = grid;
  for (let p = begin; p < end; p++) {
    const px = points[2 * p];
    const py = points[2 * p + 1];
    const range = grid.cellRange(px, py, maxDist);
    const x0 = range[0];
    const x1 = range[1];
    const y0 = range[2];
    const y1 = range[3];
    let best = -1;
    let bestArea = Infinity;
    for (let row = y0; row <= y1; row++) {
      // Cells x0..x1 of one row are contiguous in the cell-ordered arrays: one run of candidates.
      const stop = cellStart[row * nx + x1 + 1];
      for (let k = cellStart[row * nx + x0]; k < stop; k++) {
        if (!isClose(cx[k], cy[k], px, py, maxDist)) continue;
        const a = area[k];
        if (a < bestArea || (a === bestArea && item[k] < best)) {
          best = item[k];
          bestArea = a;
        }
      }
    }
    out[p] = best;
  }
}
