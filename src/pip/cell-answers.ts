/**
 * Answers known per grid cell. A cell that no edge of its candidate zones comes near (within a
 * margin far larger than rounding) is inside or outside each of them as a whole, so the first
 * zone containing its centre is the answer for every point of it, under every boundary mode: no
 * boundary point lies in it and the crossing rule cannot change parity inside it. Ports and other
 * dense spots well inside a zone then cost one lookup; cells an edge may cross keep the full test.
 */
import { cellOf, type PackedZones } from './pack.js';
import { zoneContains } from './reference.js';

/** cellAnswer[c]: the first zone for every point of cell c, -1 for none, or UNDECIDED. */
export const UNDECIDED = -2;

// Degrees; rounding moves a computed crossing or cell by ~1e-13 at most for |coordinates| <= 180.
const MARGIN = 1e-7;

export function cellAnswers(z: Omit<PackedZones, 'cellAnswer'>): Int32Array {
  const [minX, minY, , , perX, perY, columns, rows] = z.gridBox;
  const answers = new Int32Array(columns * rows).fill(UNDECIDED);
  if (perX === 0 || perY === 0) return answers;
  // dirty[k]: an edge of zone gridZones[k] may pass through that entry's cell.
  const dirty = new Uint8Array(z.gridZones.length);
  const cell = (value: number, origin: number, per: number, count: number) => Math.max(0, cellOf(value, origin, per, count));
  for (let zone = 0; zone < z.zoneCount; zone++) {
    const firstRing = z.polygonRings[z.zonePolygons[zone]];
    const lastRing = z.polygonRings[z.zonePolygons[zone + 1]];
    const begin = z.slabStart[z.ringSlabBase[firstRing]];
    const end = z.slabStart[z.ringSlabBase[lastRing] - 1];
    for (let k = begin; k < end; k++) {
      const e = 5 * k;
      const lx = z.slabEdges[e], ly = z.slabEdges[e + 1], ux = z.slabEdges[e + 2], uy = z.slabEdges[e + 3];
      const slope = z.slabEdges[e + 4];
      // Row by row, the cells the segment (widened by MARGIN) passes through.
      for (let cy = cell(ly - MARGIN, minY, perY, rows); cy <= cell(uy + MARGIN, minY, perY, rows); cy++) {
        const ya = Math.max(ly, minY + cy / perY - MARGIN);
        const yb = Math.min(uy, minY + (cy + 1) / perY + MARGIN);
        const xa = uy > ly ? lx + (ya - ly) * slope : lx;
        const xb = uy > ly ? lx + (yb - ly) * slope : ux;
        const x0 = Math.max(Math.min(lx, ux), Math.min(xa, xb)) - MARGIN;
        const x1 = Math.min(Math.max(lx, ux), Math.max(xa, xb)) + MARGIN;
        for (let cx = cell(x0, minX, perX, columns); cx <= cell(x1, minX, perX, columns); cx++) {
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
      const px = minX + (cx + 0.5) / perX;
      const py = minY + (cy + 0.5) / perY;
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
