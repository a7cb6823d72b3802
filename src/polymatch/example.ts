/**
 * The seed's example, seeded: `polygons` copies of one template ring (x = 0, 0.1, ..., 0.9 and
 * y = sqrt(1 - x^2) for 10 vertices) each shifted by an integer offset in 0..span-1 on each axis, and
 * `points` points whose x and y are two independent shuffles of k*span/points, k = 0..points-1
 * (with the defaults: of 0..99). Every polygon has the same true area, so rounding picks the winner.
 */
import { defineOptions } from '../options.js';
import { checkNumber } from '../validate.js';
import { seededRandom } from '../random.js';
import { checkMaxDist } from './input.js';
import { Polygon } from './polygon.js';
import { PolygonSet } from './polygon-set.js';

export interface ExampleOptions {
  /** Number of polygons (default 1000). */
  polygons?: number;
  /** Vertices per polygon (default 10). */
  vertices?: number;
  /** Number of points (default 100). */
  points?: number;
  /** Offsets and point coordinates lie in [0, span) (default 100). */
  span?: number;
  /** maxDist handed back with the data (default 10, the seed's). */
  maxDist?: number;
  /** Seed of the generator (default 1). */
  seed?: number;
}

const OPTIONS = defineOptions<ExampleOptions>()({ polygons: 1000, vertices: 10, points: 100, span: 100, maxDist: 10, seed: 1 });

interface ExampleData {
  x: Float64Array;
  y: Float64Array;
  offsets: Int32Array;
  points: Float64Array;
  maxDist: number;
}

function shuffle(values: Float64Array, random: () => number): void {
  for (let i = values.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = values[i];
    values[i] = values[j];
    values[j] = t;
  }
}

function exampleData(fn: string, options: unknown): ExampleData {
  const opts = OPTIONS.read(fn, options);
  const polygons = checkNumber('polygons', opts.polygons, { integer: true, min: 0, max: 1e8 });
  const vertices = checkNumber('vertices', opts.vertices, { integer: true, min: 3, max: 1e6 });
  const points = checkNumber('points', opts.points, { integer: true, min: 0, max: 1e8 });
  const span = checkNumber('span', opts.span, { integer: true, min: 1, max: 2 ** 31 });
  const maxDist = checkMaxDist(opts.maxDist);
  const seed = checkNumber('seed', opts.seed, { integer: true, min: 0, max: 2 ** 32 - 1 });
  if (polygons * vertices > 2 ** 31 - 1) throw new RangeError(`Expected polygons * vertices below 2^31 but received ${polygons} * ${vertices}`);
  const random = seededRandom(seed);

  const px = new Float64Array(points);
  const py = new Float64Array(points);
  for (let k = 0; k < points; k++) px[k] = py[k] = (k * span) / points;
  shuffle(px, random);
  shuffle(py, random);
  const packedPoints = new Float64Array(2 * points);
  for (let k = 0; k < points; k++) {
    packedPoints[2 * k] = px[k];
    packedPoints[2 * k + 1] = py[k];
  }

  // The template as numpy's arange(0, 1, 0.1) makes it: x_i = i * step.
  const step = 1 / vertices;
  const tx = new Float64Array(vertices);
  const ty = new Float64Array(vertices);
  for (let i = 0; i < vertices; i++) {
    tx[i] = i * step;
    ty[i] = Math.sqrt(1 - tx[i] * tx[i]);
  }
  const x = new Float64Array(polygons * vertices);
  const y = new Float64Array(polygons * vertices);
  const offsets = new Int32Array(polygons + 1);
  for (let p = 0; p < polygons; p++) {
    const ox = Math.floor(random() * span);
    const oy = Math.floor(random() * span);
    const base = p * vertices;
    for (let i = 0; i < vertices; i++) {
      x[base + i] = tx[i] + ox;
      y[base + i] = ty[i] + oy;
    }
    offsets[p + 1] = base + vertices;
  }
  return { x, y, offsets, points: packedPoints, maxDist };
}

/**
 * The seed's example as Polygon objects and `[x, y]` points, ready for `main`.
 *
 * @example
 * const { polygons, points, maxDist } = generateExample(); // 1000 polygons, 100 points, maxDist 10
 * const matches = main(polygons, points, maxDist);
 */
export function generateExample(options?: ExampleOptions): { polygons: Polygon[]; points: Array<[number, number]>; maxDist: number } {
  const { x, y, offsets, points, maxDist } = exampleData('generateExample', options);
  const polygons: Polygon[] = [];
  for (let p = 0; p + 1 < offsets.length; p++) polygons.push(new Polygon(x.subarray(offsets[p], offsets[p + 1]), y.subarray(offsets[p], offsets[p + 1])));
  const list: Array<[number, number]> = [];
  for (let k = 0; k < points.length; k += 2) list.push([points[k], points[k + 1]]);
  return { polygons, points: list, maxDist };
}

/**
 * The same example packed: a PolygonSet and interleaved points, for batches too big for objects
 * (a million polygons and points). Same options, same data as {@link generateExample}.
 *
 * @example
 * const { polygons, points, maxDist } = generateExampleSet({ polygons: 1e6, points: 1e6, span: 3163 });
 * const best = matchPointsSync(polygons, points, { maxDist });
 */
export function generateExampleSet(options?: ExampleOptions): { polygons: PolygonSet; points: Float64Array; maxDist: number } {
  const { x, y, offsets, points, maxDist } = exampleData('generateExampleSet', options);
  return { polygons: PolygonSet.fromArrays(x, y, offsets), points, maxDist };
}
