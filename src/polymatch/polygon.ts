/**
 * The seed's `Polygon`: vertices x and y, the center (mean of the vertices) and the shoelace area,
 * both computed once. Open to subclassing, as the seed's Python subclasses its Rust class: a
 * subclass adds methods, and every fast path still accepts it (they read only center and area).
 */
import { invalidRange } from '../errors.js';
import { checkSameLength, toFloat64Array } from '../validate.js';
import { ringArea, ringCenter } from './reference.js';

/** A 2-D point as `[x, y]` (a plain array or a Float64Array of 2). */
export type Point = readonly [number, number] | Float64Array;

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

export class Polygon {
  /** Vertex x coordinates (a copy of the constructor's input, as the seed's Rust class owns its copy). */
  readonly x: Float64Array;
  readonly y: Float64Array;
  /** Mean of the vertices, `[mean(x), mean(y)]`, each summed left to right. */
  readonly center: readonly [number, number];
  readonly #area: number;

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
    const xs = toFloat64Array('x', x).slice();
    const ys = toFloat64Array('y', y).slice();
    checkSameLength(['x', 'y'], xs, ys);
    if (xs.length < 3) throw invalidRange('x', 'at least 3 vertices', xs);
    checkFiniteCoordinates('x', xs);
    checkFiniteCoordinates('y', ys);
    const center = Object.freeze([ringCenter(xs, 0, xs.length), ringCenter(ys, 0, ys.length)] as const);
    const area = ringArea(xs, ys, 0, xs.length);
    checkRingStats('polygon', center[0], center[1], area);
    this.x = xs;
    this.y = ys;
    this.center = center;
    this.#area = area;
  }

  /**
   * Shoelace area `0.5*|sum x[i]*y[i-1] - sum y[i]*x[i-1]|`, computed once at construction.
   *
   * @example
   * new Polygon([0, 2, 0], [0, 0, 2]).area(); // 2
   */
  area(): number {
    return this.#area;
  }
}
