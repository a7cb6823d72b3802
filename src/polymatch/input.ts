/**
 * Turns the API's inputs into the flat arrays the kernels read: points into interleaved x, y;
 * Polygon objects into centers and areas. Every check names the offending element.
 */
import { invalidRange, invalidType } from '../errors.js';
import { checkAttached, checkNumber } from '../validate.js';
import { type Point, Polygon, polygonStorage } from './polygon.js';

/** What matchPoints reads: interleaved centers and areas (a PolygonSet's, or packed from Polygons). */
export interface CenterArea {
  centers: Float64Array;
  areas: Float64Array;
}

/** Points as an array of `[x, y]`, or a Float64Array of interleaved x, y. */
export type Points = ReadonlyArray<Point> | Float64Array;

export function checkMaxDist(value: unknown): number {
  return checkNumber('maxDist', value, { above: 0 });
}

/** One point's coordinates, finite. */
export function pointOf(name: string, p: unknown): [number, number] {
  if (!(Array.isArray(p) || p instanceof Float64Array) || p.length !== 2) throw invalidType(name, '[x, y] point', p);
  const x = p[0];
  const y = p[1];
  if (typeof x !== 'number' || typeof y !== 'number') throw invalidType(name, '[x, y] point of numbers', p);
  if (!Number.isFinite(x)) throw invalidRange(`${name}[0]`, 'finite number', x);
  if (!Number.isFinite(y)) throw invalidRange(`${name}[1]`, 'finite number', y);
  return [x, y];
}

/** Points packed as interleaved x, y (a Float64Array input is used as is, after checks). */
export function packPoints(points: unknown): Float64Array {
  if (points instanceof Float64Array) {
    checkAttached('points', points);
    if (points.length % 2 !== 0) throw invalidRange('points', 'Float64Array of interleaved x, y (even length)', points);
    for (let i = 0; i < points.length; i++) {
      if (!Number.isFinite(points[i])) throw invalidRange(`points[${i}]`, 'finite number', points[i]);
    }
    return points;
  }
  if (!Array.isArray(points)) throw invalidType('points', 'array of [x, y] points or Float64Array of interleaved x, y', points);
  const out = new Float64Array(2 * points.length);
  for (let i = 0; i < points.length; i++) {
    const [x, y] = pointOf(`points[${i}]`, points[i]);
    out[2 * i] = x;
    out[2 * i + 1] = y;
  }
  return out;
}

/** Checks that every element is a Polygon (or subclass) and returns the array typed as such. */
export function checkPolygons<P extends Polygon>(name: string, polygons: unknown): readonly P[] {
  if (!Array.isArray(polygons)) throw invalidType(name, 'array of Polygon', polygons);
  for (let i = 0; i < polygons.length; i++) {
    if (!(polygons[i] instanceof Polygon)) throw invalidType(`${name}[${i}]`, 'Polygon', polygons[i]);
  }
  return polygons as readonly P[];
}

/** Interleaved centers of Polygon objects, read from each object's storage (no `center` array made). */
export function packCenters(polygons: readonly Polygon[]): Float64Array {
  const centers = new Float64Array(2 * polygons.length);
  for (let i = 0; i < polygons.length; i++) polygonStorage.readCenter(polygons[i], centers, 2 * i);
  return centers;
}

/** Centers and areas of Polygon objects, in one pass. */
export function packPolygons(polygons: readonly Polygon[]): CenterArea {
  const centers = new Float64Array(2 * polygons.length);
  const areas = new Float64Array(polygons.length);
  for (let i = 0; i < polygons.length; i++) {
    polygonStorage.readCenter(polygons[i], centers, 2 * i);
    areas[i] = polygons[i].area();
  }
  return { centers, areas };
}
