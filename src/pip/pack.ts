/**
 * Packs validated zones once into flat typed arrays that both kernels read as they are (the native
 * one without copying): zone -> polygons -> rings -> edges, plus two indexes so the work per point
 * stays small however many zones and vertices there are:
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
import type { ParsedZone } from './geojson.js';

export interface PackedZones {
  zoneCount: number;
  /** [minLon, minLat, maxLon, maxLat, cells per degree lon, cells per degree lat, columns, rows]. */
  gridBox: Float64Array;
  /** Per grid cell: the first zone of every point in it, -1 for none, or -2 when points need the full test (cell-answers.ts). */
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
  /** 2 per ring: the slabs' origin (ring minLat) and slabs per degree. */
  ringSlab: Float64Array;
  /** Slab bounds of ring r are slabStart[ringSlabBase[r] .. ringSlabBase[r+1]) (slab count + 1 entries). */
  ringSlabBase: Int32Array;
  /** CSR over all slabs: the entries of slab s are k in [slabStart[s], slabStart[s+1]), entry k at slabEdges[5k .. 5k+5). */
  slabStart: Int32Array;
  /**
   * 5 per slab entry: lowLon, lowLat, highLon, highLat, slope (dLon/dLat, 0 when horizontal). An
   * edge is copied into each slab it meets, so a point reads its slab's edges from one contiguous
   * run: with a million vertices, a pointer per edge would cost a cache miss per edge.
   */
  slabEdges: Float64Array;
}

const MIN_GRID_CELLS = 4096;
const GRID_CELLS_PER_EDGE = 4;
const GRID_CELLS_PER_ZONE_BOX = 1024;
const MAX_SPREAD_CELLS = 1 << 20;
const MAX_GRID_CELLS = 1 << 22;
const MAX_SLABS_PER_RING = 1 << 17;
const MAX_ENTRIES_PER_EDGE = 8;
const INT32_LIMIT = 2 ** 31 - 1;

/** The cell or slab of a coordinate: both kernels use this exact formula, so the index is conservative. */
export function cellOf(value: number, origin: number, perUnit: number, count: number): number {
  const c = Math.trunc((value - origin) * perUnit);
  return c > count - 1 ? count - 1 : c;
}

function checkSize(total: number, what: string): void {
  if (total > INT32_LIMIT) throw new RangeError(`Expected at most ${INT32_LIMIT} ${what} but the zones need ${total}`);
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

/** Slab entries of a ring of n edges cut in `slabs` slabs: each edge is listed in every slab it meets. */
function slabEntriesOf(ring: Float64Array, minY: number, perY: number, slabs: number): number {
  let entries = 0;
  for (let i = 1; i + 2 < ring.length; i += 2) {
    const a = cellOf(ring[i], minY, perY, slabs), b = cellOf(ring[i + 2], minY, perY, slabs);
    entries += Math.abs(b - a) + 1;
  }
  return entries;
}

/**
 * One slab per two edges (a smooth ring then has a few edges per slab), halved while the edges
 * would be listed more than MAX_ENTRIES_PER_EDGE times on average: a spiky ring, whose long edges
 * cross many slabs, keeps its index small (a horizontal line crosses many of its edges anyway).
 */
function slabsFor(ring: Float64Array, minY: number, maxY: number): [number, number] {
  const n = ring.length / 2 - 1;
  let slabs = Math.max(1, Math.min(MAX_SLABS_PER_RING, Math.ceil(n / 2)));
  for (;;) {
    const perY = maxY > minY ? slabs / (maxY - minY) : 0;
    if (slabs === 1 || slabEntriesOf(ring, minY, perY, slabs) <= MAX_ENTRIES_PER_EDGE * n) return [slabs, perY];
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
  const width = maxX - minX;
  const height = maxY - minY;
  // More edges, finer cells: the share of points in cells an edge crosses (the slow ones) stays
  // small. Small zones far apart (the seed's five ports) also want fine cells: a thousand per
  // zone box on average, so most points inside a zone are in a cell with a stored answer.
  let zoneArea = 0;
  for (let z = 0; z < zoneCount; z++) zoneArea += (zoneBox[4 * z + 2] - zoneBox[4 * z]) * (zoneBox[4 * z + 3] - zoneBox[4 * z + 1]);
  const spread = zoneArea > 0 ? (width * height) / (zoneArea / zoneCount) : 1;
  const wanted = Math.max(GRID_CELLS_PER_EDGE * edgeCount, Math.min(MAX_SPREAD_CELLS, GRID_CELLS_PER_ZONE_BOX * spread));
  const cells = Math.min(MAX_GRID_CELLS, Math.max(MIN_GRID_CELLS, Math.round(wanted)));
  // Square-ish cells: columns over rows follows the union box's aspect ratio.
  const aspect = width > 0 && height > 0 ? width / height : 1;
  const columns = Math.max(1, Math.min(cells, Math.round(Math.sqrt(cells * aspect))));
  const rows = Math.max(1, Math.min(cells, Math.ceil(cells / columns)));
  const perX = width > 0 ? columns / width : 0;
  const perY = height > 0 ? rows / height : 0;
  const gridBox = Float64Array.of(minX, minY, maxX, maxY, perX, perY, columns, rows);
  const range = (z: number) => {
    const b = 4 * z;
    return [
      cellOf(zoneBox[b], minX, perX, columns),
      cellOf(zoneBox[b + 2], minX, perX, columns),
      cellOf(zoneBox[b + 1], minY, perY, rows),
      cellOf(zoneBox[b + 3], minY, perY, rows),
    ];
  };
  const gridStart = new Int32Array(columns * rows + 1);
  let total = 0;
  for (let z = 0; z < zoneCount; z++) {
    const [x0, x1, y0, y1] = range(z);
    for (let y = y0; y <= y1; y++) for (let x = x0; x <= x1; x++) gridStart[y * columns + x + 1]++;
    total += (x1 - x0 + 1) * (y1 - y0 + 1);
  }
  checkSize(total, 'grid entries');
  for (let c = 0; c < columns * rows; c++) gridStart[c + 1] += gridStart[c];
  const gridZones = new Int32Array(total);
  const fill = gridStart.slice(0, columns * rows);
  for (let z = 0; z < zoneCount; z++) {
    const [x0, x1, y0, y1] = range(z);
    for (let y = y0; y <= y1; y++) for (let x = x0; x <= x1; x++) gridZones[fill[y * columns + x]++] = z;
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
  const ringSlab = new Float64Array(2 * rings.length);
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
    const [slabs, perY] = slabsFor(ring, box[1], box[3]);
    ringSlab[2 * r] = box[1];
    ringSlab[2 * r + 1] = perY;
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
      edges[k + 4] = uy > ly ? (ux - lx) / (uy - ly) : 0;
      const s0 = cellOf(ly, box[1], perY, slabs), s1 = cellOf(uy, box[1], perY, slabs);
      for (let s = s0; s <= s1; s++) counts[s + 1]++;
    }
    for (let s = 0; s < slabs; s++) counts[s + 1] += counts[s];
    const list = new Int32Array(counts[slabs]);
    const fill = counts.slice(0, slabs);
    for (let e = first; e < edge; e++) {
      const s0 = cellOf(edges[5 * e + 1], box[1], perY, slabs), s1 = cellOf(edges[5 * e + 3], box[1], perY, slabs);
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
