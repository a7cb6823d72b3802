/**
 * Packs validated zones once into flat typed arrays (laid out in packed.ts) that both kernels read
 * as they are (the native one without copying): zone -> polygons -> rings -> edges, plus two
 * indexes so the work per point stays small however many zones and vertices there are:
 *
 * - a uniform grid over the zones' bounding boxes: a point looks up its cell and tests only the
 *   zones whose box touches it; a cell no edge comes near has its answer stored (cell-answers.ts),
 *   so most points of a sparse workload, and those deep inside a zone, stop there;
 * - per ring, horizontal slabs: a point tests only the edges whose latitude range meets its slab,
 *   so a ring of 100k vertices costs a handful of edge tests, not 100k.
 *
 * Edges are stored with their lower endpoint first and a precomputed slope. Two zones sharing an
 * edge therefore compute the same crossing abscissa bit for bit, whichever way each ring runs: the
 * half-open rule then puts a point on that edge in exactly one of them.
 */
import { cellAnswers } from './cell-answers.js';
import { storedSlope } from './edge-crossing.js';
import type { ParsedZone } from './geojson.js';
import { type Axis, type PackedZones, RING_SLAB_STRIDE, RING_WIDE, cellOf } from './packed.js';

const MIN_GRID_CELLS = 4096;
const GRID_CELLS_PER_EDGE = 4;
const GRID_CELLS_PER_ZONE_BOX = 1024;
const MAX_SPREAD_CELLS = 1 << 20;
const MAX_GRID_CELLS = 1 << 22;
const MAX_SLABS_PER_RING = 1 << 17;
const MAX_ENTRIES_PER_EDGE = 8;
const INT32_LIMIT = 2 ** 31 - 1;

function checkSize(total: number, what: string): void {
  if (total > INT32_LIMIT) throw new RangeError(`Expected at most ${INT32_LIMIT} ${what} but the zones need ${total}`);
}

// Cells per unit never exceed this, so they stay finite: an extent below 2^-978 gets fewer cells
// than asked, down to one (zones that small are correct, only indexed more coarsely).
const MAX_CELLS_PER_UNIT = 2 ** 1000;

/**
 * An axis of (at most) `wanted` cells over [min, max], for cellOf. A zero extent gets one cell; an
 * extent beyond the double range (only with coordinates above 2^1023) is measured by halves, and
 * values more than the largest double above min land in its last cell.
 */
export function axisOf(min: number, max: number, wanted: number): Axis {
  const width = max - min;
  const count = width < Infinity ? Math.min(wanted, Math.floor(width * MAX_CELLS_PER_UNIT)) : wanted;
  if (!(max > min) || count <= 1) return { origin: min, per: 0, count: 1 };
  const per = width < Infinity ? count / width : (count / (max * 0.5 - min * 0.5)) * 0.5;
  return { origin: min, per, count };
}

/** A power of two that brings the extent of [min, max] near 1 (1 for a zero extent): for comparing sizes without overflow. */
function unitScale(min: number, max: number): number {
  if (!(max > min)) return 1;
  return 2 ** -Math.min(1022, Math.max(-1022, Math.floor(Math.log2(max * 0.5 - min * 0.5)) + 1));
}

function boxOf(ring: Float64Array): [number, number, number, number] {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (let i = 0; i < ring.length; i += 2) {
    minX = Math.min(minX, ring[i]);
    maxX = Math.max(maxX, ring[i]);
    minY = Math.min(minY, ring[i + 1]);
    maxY = Math.max(maxY, ring[i + 1]);
  }
  return [minX, minY, maxX, maxY];
}

const cellOnAxis = (value: number, a: Axis) => cellOf(value, a.origin, a.per, a.count);

/** Slab entries of a ring cut along `axis`: each edge is listed in every slab it meets. */
function slabEntriesOf(ring: Float64Array, axis: Axis): number {
  let entries = 0;
  for (let i = 1; i + 2 < ring.length; i += 2) entries += Math.abs(cellOnAxis(ring[i + 2], axis) - cellOnAxis(ring[i], axis)) + 1;
  return entries;
}

/**
 * One slab per two edges (a smooth ring then has a few edges per slab), halved while the edges
 * would be listed more than MAX_ENTRIES_PER_EDGE times on average: a spiky ring, whose long edges
 * cross many slabs, keeps its index small (a horizontal line crosses many of its edges anyway).
 */
function slabsFor(ring: Float64Array, minY: number, maxY: number): Axis {
  const n = ring.length / 2 - 1;
  let slabs = Math.max(1, Math.min(MAX_SLABS_PER_RING, Math.ceil(n / 2)));
  for (;;) {
    const axis = axisOf(minY, maxY, slabs);
    if (axis.count === 1 || slabEntriesOf(ring, axis) <= MAX_ENTRIES_PER_EDGE * n) return axis;
    slabs = Math.max(1, slabs >> 1);
  }
}

function packGrid(zoneBox: Float64Array, zoneCount: number, edgeCount: number): Pick<PackedZones, 'gridBox' | 'gridStart' | 'gridZones'> {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (let z = 0; z < zoneCount; z++) {
    minX = Math.min(minX, zoneBox[4 * z]);
    minY = Math.min(minY, zoneBox[4 * z + 1]);
    maxX = Math.max(maxX, zoneBox[4 * z + 2]);
    maxY = Math.max(maxY, zoneBox[4 * z + 3]);
  }
  // Sizes are compared in scaled units (about 1 for the whole box), so nothing overflows or
  // underflows whatever the extent; the scales themselves enter as exponents.
  const scaleX = unitScale(minX, maxX);
  const scaleY = unitScale(minY, maxY);
  const width = maxX * scaleX - minX * scaleX;
  const height = maxY * scaleY - minY * scaleY;
  // More edges, finer cells: the share of points in cells an edge crosses (the slow ones) stays
  // small. Small zones far apart (the seed's five ports) also want fine cells: a thousand per
  // zone box on average, so most points inside a zone are in a cell with a stored answer.
  let zoneArea = 0;
  for (let z = 0; z < zoneCount; z++) {
    const b = 4 * z;
    zoneArea += (zoneBox[b + 2] * scaleX - zoneBox[b] * scaleX) * (zoneBox[b + 3] * scaleY - zoneBox[b + 1] * scaleY);
  }
  const spread = zoneArea > 0 ? (width * height) / (zoneArea / zoneCount) : 1;
  const wanted = Math.max(GRID_CELLS_PER_EDGE * edgeCount, Math.min(MAX_SPREAD_CELLS, GRID_CELLS_PER_ZONE_BOX * spread));
  const cells = Math.min(MAX_GRID_CELLS, Math.max(MIN_GRID_CELLS, Math.round(wanted)));
  // Square-ish cells: columns over rows follows the union box's aspect ratio; a flat axis gets one cell.
  const aspect = (width / height) * 2 ** (Math.log2(scaleY) - Math.log2(scaleX));
  const wantedColumns = width > 0 ? (height > 0 ? Math.max(1, Math.min(cells, Math.round(Math.sqrt(cells * aspect)))) : cells) : 1;
  const x = axisOf(minX, maxX, wantedColumns);
  const y = axisOf(minY, maxY, height > 0 ? Math.max(1, Math.min(cells, Math.ceil(cells / wantedColumns))) : 1);
  const gridBox = Float64Array.of(minX, minY, maxX, maxY, x.per, y.per, x.count, y.count);
  const range = (z: number) => {
    const b = 4 * z;
    return [cellOnAxis(zoneBox[b], x), cellOnAxis(zoneBox[b + 2], x), cellOnAxis(zoneBox[b + 1], y), cellOnAxis(zoneBox[b + 3], y)];
  };
  const cellCount = x.count * y.count;
  const gridStart = new Int32Array(cellCount + 1);
  let total = 0;
  for (let z = 0; z < zoneCount; z++) {
    const [x0, x1, y0, y1] = range(z);
    for (let r = y0; r <= y1; r++) for (let c = x0; c <= x1; c++) gridStart[r * x.count + c + 1]++;
    total += (x1 - x0 + 1) * (y1 - y0 + 1);
  }
  checkSize(total, 'grid entries');
  for (let c = 0; c < cellCount; c++) gridStart[c + 1] += gridStart[c];
  const gridZones = new Int32Array(total);
  const fill = gridStart.slice(0, cellCount);
  for (let z = 0; z < zoneCount; z++) {
    const [x0, x1, y0, y1] = range(z);
    for (let r = y0; r <= y1; r++) for (let c = x0; c <= x1; c++) gridZones[fill[r * x.count + c]++] = z;
  }
  return { gridBox, gridStart, gridZones };
}

/** Packs parsed zones (see geojson.ts) into the arrays both kernels read. */
export function packZones(zones: ParsedZone[]): PackedZones {
  const zoneCount = zones.length;
  const polygons = zones.flatMap((zone) => zone.polygons);
  const rings = polygons.flat();
  let edgeCount = 0;
  for (const ring of rings) edgeCount += ring.length / 2 - 1;
  checkSize(5 * edgeCount, 'edge values');

  const zonePolygons = new Int32Array(zoneCount + 1);
  zones.forEach((zone, z) => (zonePolygons[z + 1] = zonePolygons[z] + zone.polygons.length));
  const polygonRings = new Int32Array(polygons.length + 1);
  polygons.forEach((polygon, p) => (polygonRings[p + 1] = polygonRings[p] + polygon.length));

  const ringBox = new Float64Array(4 * rings.length);
  const ringSlab = new Float64Array(RING_SLAB_STRIDE * rings.length);
  const ringSlabBase = new Int32Array(rings.length + 1);
  const edges = new Float64Array(5 * edgeCount);
  const slabCounts: number[] = [];
  const slabLists: Int32Array[] = [];
  let edge = 0;
  let slabEntries = 0;
  rings.forEach((ring, r) => {
    const box = boxOf(ring);
    ringBox.set(box, 4 * r);
    const n = ring.length / 2 - 1;
    const axis = slabsFor(ring, box[1], box[3]);
    const slabs = axis.count;
    ringSlab.set([axis.origin, axis.per, 0], RING_SLAB_STRIDE * r);
    ringSlabBase[r + 1] = ringSlabBase[r] + slabs + 1;
    // Count, then fill, the edges of each slab (CSR inside the ring).
    const counts = new Int32Array(slabs + 1);
    const first = edge;
    for (let i = 0; i < n; i++, edge++) {
      const ax = ring[2 * i], ay = ring[2 * i + 1], bx = ring[2 * i + 2], by = ring[2 * i + 3];
      const lowFirst = ay <= by;
      const lx = lowFirst ? ax : bx, ly = lowFirst ? ay : by, ux = lowFirst ? bx : ax, uy = lowFirst ? by : ay;
      const k = 5 * edge;
      edges[k] = lx;
      edges[k + 1] = ly;
      edges[k + 2] = ux;
      edges[k + 3] = uy;
      edges[k + 4] = storedSlope(lx, ly, ux, uy);
      if (Number.isNaN(edges[k + 4])) ringSlab[RING_SLAB_STRIDE * r + RING_WIDE] = 1;
      const s0 = cellOnAxis(ly, axis), s1 = cellOnAxis(uy, axis);
      for (let s = s0; s <= s1; s++) counts[s + 1]++;
    }
    for (let s = 0; s < slabs; s++) counts[s + 1] += counts[s];
    const list = new Int32Array(counts[slabs]);
    const fill = counts.slice(0, slabs);
    for (let e = first; e < edge; e++) {
      const s0 = cellOnAxis(edges[5 * e + 1], axis), s1 = cellOnAxis(edges[5 * e + 3], axis);
      for (let s = s0; s <= s1; s++) list[fill[s]++] = e;
    }
    for (const c of counts) slabCounts.push(c);
    slabLists.push(list);
    slabEntries += list.length;
    checkSize(slabEntries, 'slab entries');
  });

  // Ring-local slab offsets become global ones.
  checkSize(5 * slabEntries, 'slab edge values');
  const slabStart = new Int32Array(slabCounts.length);
  const slabEdges = new Float64Array(5 * slabEntries);
  let offset = 0;
  rings.forEach((_, r) => {
    for (let k = ringSlabBase[r]; k < ringSlabBase[r + 1]; k++) slabStart[k] = slabCounts[k] + offset;
    for (const e of slabLists[r]) {
      for (let j = 0; j < 5; j++) slabEdges[5 * offset + j] = edges[5 * e + j];
      offset++;
    }
  });

  const zoneBox = new Float64Array(4 * zoneCount);
  zones.forEach((zone, z) => {
    let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    for (let p = zonePolygons[z]; p < zonePolygons[z + 1]; p++) {
      const outer = 4 * polygonRings[p];
      minX = Math.min(minX, ringBox[outer]);
      minY = Math.min(minY, ringBox[outer + 1]);
      maxX = Math.max(maxX, ringBox[outer + 2]);
      maxY = Math.max(maxY, ringBox[outer + 3]);
    }
    zoneBox.set([minX, minY, maxX, maxY], 4 * z);
  });

  const packed = { zoneCount, ...packGrid(zoneBox, zoneCount, edgeCount), zoneBox, zonePolygons, polygonRings, ringBox, ringSlab, ringSlabBase, slabStart, slabEdges };
  return { ...packed, cellAnswer: cellAnswers(packed) };
}
