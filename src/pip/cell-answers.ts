/**
 * Answers known per grid cell. A cell that no edge of its candidate zones comes near (within a
 * margin far larger than rounding) is inside or outside each of them as a whole, so the first
 * zone containing its centre is the answer for every point of it, under every boundary mode: no
 * boundary point lies in it and the crossing rule cannot change parity inside it. Ports and other
 * dense spots well inside a zone then cost one lookup; cells an edge may cross keep the full test.
 */
import { type PackedZones, UNDECIDED, cellOf } from './packed.js';
import { zoneContains } from './reference.js';

// Rounding moves a computed crossing, cell bound or cell index by a few units in the last place of
// the largest coordinate, or by a few 2^-1074 among subnormals: the margin is about a million times that.
const RELATIVE_MARGIN = 2 ** -30;
const ABSOLUTE_MARGIN = 2 ** -1054;

export function cellAnswers(z: Omit<PackedZones, 'cellAnswer'>): Int32Array {
  const [minX, minY, maxX, maxY, perX, perY, columns, rows] = z.gridBox;
  const answers = new Int32Array(columns * rows).fill(UNDECIDED);
  // A flat grid: every point in it lies on its zones' boundaries. A grid wider than the double
  // range (coordinates above 2^1023): its last cells' bounds are not finite.
  if (perX === 0 || perY === 0 || !(maxX - minX < Infinity && maxY - minY < Infinity)) return answers;
  const margin = Math.max(RELATIVE_MARGIN * Math.max(Math.abs(minX), Math.abs(maxX), Math.abs(minY), Math.abs(maxY)), ABSOLUTE_MARGIN);
  // Widened by the margin, values may fall below the grid: those belong to its first cell.
  const cellX = (x: number) => (x > minX ? cellOf(x, minX, perX, columns) : 0);
  const cellY = (y: number) => (y > minY ? cellOf(y, minY, perY, rows) : 0);
  // Where cell c starts (cellOf's inverse, up to a rounding the margin covers).
  const startX = (c: number) => minX + c / perX;
  const startY = (c: number) => minY + c / perY;
  // dirty[k]: an edge of zone gridZones[k] may pass through that entry's cell.
  const dirty = new Uint8Array(z.gridZones.length);
  for (let zone = 0; zone < z.zoneCount; zone++) {
    const firstRing = z.polygonRings[z.zonePolygons[zone]];
    const lastRing = z.polygonRings[z.zonePolygons[zone + 1]];
    const begin = z.slabStart[z.ringSlabBase[firstRing]];
    const end = z.slabStart[z.ringSlabBase[lastRing] - 1];
    for (let k = begin; k < end; k++) {
      const e = 5 * k;
      const lx = z.slabEdges[e], ly = z.slabEdges[e + 1], ux = z.slabEdges[e + 2], uy = z.slabEdges[e + 3];
      const slope = z.slabEdges[e + 4];
      const left = Math.min(lx, ux) - margin;
      const right = Math.max(lx, ux) + margin;
      // Row by row, the cells the segment (widened by the margin) passes through.
      for (let cy = cellY(ly - margin), lastRow = cellY(uy + margin); cy <= lastRow; cy++) {
        let x0 = left;
        let x1 = right;
        // A wide edge (NaN slope, see edge-crossing.ts) keeps its whole longitude range in every row.
        if (uy > ly && !Number.isNaN(slope)) {
          const ya = Math.max(ly, startY(cy) - margin);
          const yb = Math.min(uy, startY(cy + 1) + margin);
          const xa = lx + (ya - ly) * slope;
          const xb = lx + (yb - ly) * slope;
          x0 = Math.max(left, Math.min(xa, xb) - margin);
          x1 = Math.min(right, Math.max(xa, xb) + margin);
          if (!(x0 <= x1)) {
            x0 = left;
            x1 = right;
          }
        }
        for (let cx = cellX(x0), lastColumn = cellX(x1); cx <= lastColumn; cx++) {
          const c = cy * columns + cx;
          for (let i = z.gridStart[c]; i < z.gridStart[c + 1]; i++) if (z.gridZones[i] === zone) dirty[i] = 1;
        }
      }
    }
  }
  const packed = { ...z, cellAnswer: answers } as PackedZones;
  for (let cy = 0; cy < rows; cy++) {
    for (let cx = 0; cx < columns; cx++) {
      const c = cy * columns + cx;
      const px = startX(cx + 0.5);
      const py = startY(cy + 0.5);
      let answer = -1;
      for (let i = z.gridStart[c]; i < z.gridStart[c + 1]; i++) {
        if (dirty[i]) {
          answer = UNDECIDED;
          break;
        }
        if (zoneContains(packed, z.gridZones[i], px, py, 0)) {
          answer = z.gridZones[i];
          break;
        }
      }
      answers[c] = answer;
    }
  }
  return answers;
}
