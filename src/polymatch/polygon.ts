/**
 * The seed's `Polygon`: vertices x and y, the center (mean of the vertices) and the shoelace area,
 * both computed once. Open to subclassing, as the seed's Python subclasses its Rust class: a
 * subclass adds methods, and every fast path still accepts it (they read only center and area).
 */
import { invalidRange, invalidType } from '../errors.js';
import { checkSameLength } from '../validate.js';
import { reserve } from './coordinate-slab.js';
import { ringArea, ringCenter } from './reference.js';

/** A 2-D point as `[x, y]` (a plain array or a Float64Array of 2). */
export type Point = readonly [number, number] | Float64Array;

function coordinateCount(name: string, v: unknown): number {
  if (v instanceof Float64Array || Array.isArray(v)) return v.length;
  throw invalidType(name, 'Float64Array or array of numbers', v);
}

/** Copies the n coordinates of `from` to `to[at..]`, each a finite number. */
function copyFinite(name: string, from: Float64Array | readonly number[], to: Float64Array, at: number, n: number): void {
  for (let i = 0; i < n; i++) {
    const v = from[i];
    if (typeof v !== 'number') throw invalidType(`${name}[${i}]`, 'number', v);
    if (!Number.isFinite(v)) throw invalidRange(`${name}[${i}]`, 'finite number', v);
    to[at + i] = v;
  }
}

/** Throws unless every coordinate of `v` is finite. */
export function checkFiniteCoordinates(name: string, v: Float64Array): void {
  for (let i = 0; i < v.length; i++) {
    if (!Number.isFinite(v[i])) throw invalidRange(`${name}[${i}]`, 'finite number', v[i]);
  }
}

/** Throws unless a ring's center and area are finite (finite but huge coordinates can overflow them). */
export function checkRingStats(name: string, cx: number, cy: number, area: number): void {
  if (!Number.isFinite(cx) || !Number.isFinite(cy) || !Number.isFinite(area)) {
    throw new RangeError(`Expected coordinates small enough for a finite center and area for ${name} but received center [${cx}, ${cy}] and area ${area}`);
  }
}

/**
 * What the packing paths read from a Polygon without creating its x, y and center views (which a
 * polygon then keeps): for the library's own use, not exported from the package.
 */
export interface PolygonStorage {
  /** Writes the center to `out[at]`, `out[at + 1]`. */
  readCenter(polygon: Polygon, out: Float64Array, at: number): void;
  vertexCount(polygon: Polygon): number;
  /** Copies the vertices to `x[at..]` and `y[at..]`. */
  copyVertices(polygon: Polygon, x: Float64Array, y: Float64Array, at: number): void;
}
export let polygonStorage: PolygonStorage;

// Layout of a polygon's numbers in its slab: the center, the area, then x, then y.
const CX = 0;
const CY = 1;
const AREA = 2;
const VERTICES = 3;

export class Polygon {
  // The numbers live in a slab shared with other polygons (see coordinate-slab.ts), so a polygon is
  // one small object, which is what makes a million of them cheap to build and to collect.
  // x, y and center are made on first use.
  readonly #slab: Float64Array;
  readonly #offset: number;
  readonly #vertexCount: number;
  #x: Float64Array | undefined;
  #y: Float64Array | undefined;
  #center: readonly [number, number] | undefined;

  static {
    polygonStorage = {
      readCenter(polygon, out, at) {
        out[at] = polygon.#slab[polygon.#offset + CX];
        out[at + 1] = polygon.#slab[polygon.#offset + CY];
      },
      vertexCount: (polygon) => polygon.#vertexCount,
      copyVertices(polygon, x, y, at) {
        const n = polygon.#vertexCount;
        const from = polygon.#offset + VERTICES;
        x.set(polygon.#slab.subarray(from, from + n), at);
        y.set(polygon.#slab.subarray(from + n, from + 2 * n), at);
      },
    };
  }

  /**
   * A polygon from its vertices: at least 3, finite, x and y of the same length.
   *
   * @example
   * const square = new Polygon([0, 1, 1, 0], [0, 0, 1, 1]);
   * square.center; // [0.5, 0.5]
   * square.area(); // 1
   *
   * class Tagged extends Polygon { label() { return `polygon at ${this.center}`; } }
   */
  constructor(x: Float64Array | readonly number[], y: Float64Array | readonly number[]) {
    const n = coordinateCount('x', x);
    checkSameLength(['x', 'y'], x, { length: coordinateCount('y', y) });
    if (n < 3) throw invalidRange('x', 'at least 3 vertices', x);
    const { slab, offset } = reserve(VERTICES + 2 * n);
    const xAt = offset + VERTICES;
    const yAt = xAt + n;
    copyFinite('x', x, slab, xAt, n);
    copyFinite('y', y, slab, yAt, n);
    const cx = ringCenter(slab, xAt, yAt);
    const cy = ringCenter(slab, yAt, yAt + n);
    const area = ringArea(slab, xAt, slab, yAt, n);
    checkRingStats('polygon', cx, cy, area);
    slab[offset + CX] = cx;
    slab[offset + CY] = cy;
    slab[offset + AREA] = area;
    this.#slab = slab;
    this.#offset = offset;
    this.#vertexCount = n;
  }

  /** Vertex x coordinates: a copy of the constructor's input, owned by the polygon as the seed's Rust class owns its copy. */
  get x(): Float64Array {
    const at = this.#offset + VERTICES;
    return (this.#x ??= this.#slab.subarray(at, at + this.#vertexCount));
  }

  /** Vertex y coordinates (see `x`). */
  get y(): Float64Array {
    const at = this.#offset + VERTICES + this.#vertexCount;
    return (this.#y ??= this.#slab.subarray(at, at + this.#vertexCount));
  }

  /** Mean of the vertices, `[mean(x), mean(y)]`, each summed left to right. */
  get center(): readonly [number, number] {
    return (this.#center ??= Object.freeze([this.#slab[this.#offset + CX], this.#slab[this.#offset + CY]] as const));
  }

  /**
   * Shoelace area `0.5*|sum x[i]*y[i-1] - sum y[i]*x[i-1]|`, computed once at construction.
   *
   * @example
   * new Polygon([0, 2, 0], [0, 0, 2]).area(); // 2
   */
  area(): number {
    return this.#slab[this.#offset + AREA];
  }
}
