/**
 * Many polygons packed flat, as flatbush/earcut keep their data: all vertices in two Float64Arrays,
 * ring i at offsets[i] .. offsets[i+1], with centers and areas computed once (natively when the addon
 * is loaded, with the same sums as Polygon, so the values are the same bits).
 */
import type { BackendOptions } from '../host.js';
import { invalidRange, invalidType } from '../errors.js';
import { byBackend, nativeAddon, syncCall, wasmFunction } from '../kernel.js';
import { BACKEND_OPTIONS, defineOptions } from '../options.js';
import { checkAttached, checkSameLength, toFloat64Array } from '../validate.js';
import { checkPolygons, packPolygons } from './input.js';
import { checkFiniteCoordinates, checkRingStats, Polygon, polygonStorage } from './polygon.js';
import { polygonStatsRange } from './reference.js';

const OPTIONS = defineOptions<BackendOptions>()({ ...BACKEND_OPTIONS });

function offsetsOf(offsets: unknown, vertices: number): Int32Array {
  let packed: Int32Array;
  if (offsets instanceof Int32Array) packed = checkAttached('offsets', offsets);
  else if (Array.isArray(offsets) && offsets.every((v) => Number.isInteger(v) && v >= 0 && v <= 0x7fffffff)) packed = Int32Array.from(offsets);
  else throw invalidType('offsets', 'Int32Array or array of non-negative integers', offsets);
  if (packed.length < 1 || packed[0] !== 0) throw invalidRange('offsets', 'offsets starting with 0', packed);
  for (let i = 1; i < packed.length; i++) {
    const size = packed[i] - packed[i - 1];
    if (size < 3) throw invalidRange(`polygon ${i - 1}`, 'ring of at least 3 vertices', size);
  }
  if (packed[packed.length - 1] !== vertices) {
    throw invalidRange('offsets', `last offset equal to the number of vertices (${vertices})`, packed[packed.length - 1]);
  }
  return packed;
}

export class PolygonSet {
  /** Ring i's vertices are x[offsets[i] .. offsets[i+1]), y likewise. */
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly offsets: Int32Array;
  /** Interleaved centers: polygon i's is [centers[2i], centers[2i+1]]. */
  readonly centers: Float64Array;
  readonly areas: Float64Array;

  private constructor(x: Float64Array, y: Float64Array, offsets: Int32Array, centers: Float64Array, areas: Float64Array) {
    this.x = x;
    this.y = y;
    this.offsets = offsets;
    this.centers = centers;
    this.areas = areas;
  }

  /** Number of polygons. */
  get length(): number {
    return this.areas.length;
  }

  /**
   * Packs flat vertex arrays (kept, not copied): ring i is `offsets[i] .. offsets[i+1]`, at least 3
   * vertices each, all coordinates finite. Centers and areas are computed here, once.
   *
   * @example
   * // two triangles
   * const set = PolygonSet.fromArrays([0, 1, 0, 5, 7, 5], [0, 0, 1, 5, 5, 9], [0, 3, 6]);
   * set.areas; // Float64Array [0.5, 4]
   */
  static fromArrays(
    x: Float64Array | readonly number[],
    y: Float64Array | readonly number[],
    offsets: Int32Array | readonly number[],
    options?: BackendOptions,
  ): PolygonSet {
    const opts = OPTIONS.read('PolygonSet.fromArrays', options);
    const xs = toFloat64Array('x', x);
    const ys = toFloat64Array('y', y);
    checkSameLength(['x', 'y'], xs, ys);
    const packed = offsetsOf(offsets, xs.length);
    checkFiniteCoordinates('x', xs);
    checkFiniteCoordinates('y', ys);
    const call = syncCall(opts);
    const n = packed.length - 1;
    const centers = new Float64Array(2 * n);
    const areas = new Float64Array(n);
    byBackend(call, {
      native: () => nativeAddon(call).polygonStats(xs, ys, packed, centers, areas, call.threads),
      js: () => polygonStatsRange(xs, ys, packed, centers, areas, 0, n),
      wasm: () => void wasmFunction(call, 'polygonStats', { inputs: [xs, ys, packed], outputs: [centers, areas], scalars: [] }),
    });
    for (let i = 0; i < n; i++) checkRingStats(`polygon ${i}`, centers[2 * i], centers[2 * i + 1], areas[i]);
    return new PolygonSet(xs, ys, packed, centers, areas);
  }

  /**
   * Packs Polygon objects (or a subclass): copies their vertices, centers and areas.
   *
   * @example
   * const set = PolygonSet.fromPolygons([new Polygon([0, 1, 0], [0, 0, 1])]);
   * set.length; // 1
   */
  static fromPolygons(polygons: readonly Polygon[]): PolygonSet {
    const list = checkPolygons('polygons', polygons);
    const offsets = new Int32Array(list.length + 1);
    for (let i = 0; i < list.length; i++) offsets[i + 1] = offsets[i] + polygonStorage.vertexCount(list[i]);
    const x = new Float64Array(offsets[list.length]);
    const y = new Float64Array(offsets[list.length]);
    const { centers, areas } = packPolygons(list);
    for (let i = 0; i < list.length; i++) polygonStorage.copyVertices(list[i], x, y, offsets[i]);
    return new PolygonSet(x, y, offsets, centers, areas);
  }

  /**
   * Polygon i as a Polygon object (its own copy of the vertices).
   *
   * @example
   * set.polygon(0).area(); // same bits as set.areas[0]
   */
  polygon(i: number): Polygon {
    if (!Number.isInteger(i) || i < 0 || i >= this.length) throw invalidRange('i', `integer between 0 and ${this.length - 1}`, i);
    return new Polygon(this.x.subarray(this.offsets[i], this.offsets[i + 1]), this.y.subarray(this.offsets[i], this.offsets[i + 1]));
  }
}
