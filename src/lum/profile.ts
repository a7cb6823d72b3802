/**
 * A disk profile: one quantity (aspect ratio, density, sound speed) as a function of radius in
 * gravitational radii, stored as a piecewise cubic in log-log space, y = log(value) in x = log(radius):
 * a tabulated profile is a cubic spline through (log r[i], log v[i]); a power law is one straight
 * segment. Both pack into one Float64Array that the native kernel reads as is (native/core/lum.h):
 *
 *   [n, extrapolate, x[0..n], then n + 2 segments of (anchor, c0, c1, c2, c3)]
 *
 * Segment 0 serves x < x[0], segments 1..n the intervals, segment n+1 x > x[n]; a segment's value is
 * c0 + t (c1 + t (c2 + t c3)) with t = x - anchor. Outside [x[0], x[n]] a profile without
 * `extrapolate` refuses the radius.
 */
import type { Dimension } from '../units/dimension.js';
import type { Quantity } from '../units/quantity.js';
import { invalidRange, invalidType } from '../errors.js';
import { portableExp, portableLog } from './portable-math.js';
import { type SplineEnd, splineSlopes } from './spline.js';

/** How a tabulated profile answers outside its table: refuse (default), or continue it. */
export type Extrapolation = 'error' | 'power-law' | 'spline';

export interface TabulatedOptions {
  /** End condition of the log-log cubic spline (default 'not-a-knot', as scipy's CubicSpline). */
  spline?: SplineEnd;
  /**
   * Outside the table: 'error' (default) throws a RangeError naming the radius and the range;
   * 'power-law' continues the end slope in log-log (a power law); 'spline' continues the end cubic.
   */
  extrapolate?: Extrapolation;
  /** What error messages call the values (default 'values'). */
  name?: string;
}

export interface PowerLawOptions {
  /** Radius (r_g) where the profile has `value` (default 1). */
  at?: number;
  /** Radii (r_g) outside which the profile refuses (default: every positive radius). */
  range?: [number, number];
}

const HEADER = 2;
const SEGMENT = 5;

/** A profile of dimension D over radius in gravitational radii. */
export class Profile<D extends Dimension> {
  declare readonly dimension?: D; // type-only: keeps Profile<Density> apart from Profile<Dimensionless>
  /** The packed form (see the file comment). */
  readonly packed: Float64Array;
  /** First and last radius served without extrapolation, in r_g. */
  readonly range: readonly [number, number];
  /** Named in error messages: 'density', 'aspect ratio', ... */
  readonly name: string;

  constructor(packed: Float64Array, range: readonly [number, number], name: string) {
    this.packed = packed;
    this.range = range;
    this.name = name;
  }

  /**
   * The profile's value at radius a (r_g), in SI base units.
   *
   * @example
   * demoDisk.profiles.density.at(500); // kg/m^3
   */
  at(a: number): Quantity<D> {
    if (!(a > 0 && a < Infinity)) throw invalidRange('a', 'positive finite radius (r_g)', a);
    const x = portableLog(a);
    const segment = findSegment(this.packed, x);
    if (segment < 0) throw this.outOfRange(a, 'a');
    return portableExp(segmentValue(this.packed, segment, x)) as Quantity<D>;
  }

  /** The RangeError for a radius this profile does not serve. */
  outOfRange(a: number, parameter: string): RangeError {
    const [lo, hi] = this.range;
    const within = lo === 0 && hi === Infinity ? 'a positive finite radius' : `a radius between ${lo} and ${hi} r_g (the ${this.name} table's range; or build it with extrapolate)`;
    return invalidRange(parameter, within, a);
  }
}

/**
 * The segment serving log radius x, or -1 when x is outside the table and the profile does not
 * extrapolate (NaN included). Binary search over the breakpoints, as the native kernel does.
 */
export function findSegment(packed: Float64Array, x: number): number {
  const n = packed[0];
  if (x < packed[HEADER]) return packed[1] !== 0 ? 0 : -1;
  if (x > packed[HEADER + n]) return packed[1] !== 0 ? n + 1 : -1;
  if (x !== x) return -1;
  let lo = 0;
  let hi = n;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (x < packed[HEADER + mid]) hi = mid;
    else lo = mid;
  }
  return lo + 1;
}

/** log(value) at log radius x on a segment. */
export function segmentValue(packed: Float64Array, segment: number, x: number): number {
  const base = HEADER + packed[0] + 1 + SEGMENT * segment;
  const t = x - packed[base];
  return packed[base + 1] + t * (packed[base + 2] + t * (packed[base + 3] + t * packed[base + 4]));
}

function pack(breaks: Float64Array, segments: number[][], extrapolate: boolean): Float64Array {
  const n = breaks.length - 1;
  const packed = new Float64Array(HEADER + n + 1 + SEGMENT * (n + 2));
  packed[0] = n;
  packed[1] = extrapolate ? 1 : 0;
  packed.set(breaks, HEADER);
  segments.forEach((segment, i) => packed.set(segment, HEADER + n + 1 + SEGMENT * i));
  return packed;
}

function positiveArray(name: string, values: ArrayLike<number>, minLength: number): Float64Array {
  if (values === null || typeof values !== 'object' || typeof values.length !== 'number') {
    throw invalidType(name, 'array or Float64Array of positive numbers', values);
  }
  if (values.length < minLength) throw invalidRange(name, `at least ${minLength} values`, values);
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== 'number') throw invalidType(`${name}[${i}]`, 'positive finite number', v);
    if (!(v > 0 && v < Infinity)) throw invalidRange(`${name}[${i}]`, 'positive finite number (the profile is interpolated in log space)', v);
    out[i] = v;
  }
  return out;
}

/**
 * A tabulated profile: values at radii (r_g, strictly increasing), interpolated by a cubic spline
 * in log-log space. `values` are in SI base units (a QuantityArray, or plain numbers when
 * dimensionless).
 */
export function tabulatedProfile<D extends Dimension>(
  name: string,
  radius: ArrayLike<number>,
  values: ArrayLike<number>,
  options: TabulatedOptions = {},
): Profile<D> {
  const r = positiveArray('radius', radius, 2);
  name = options.name ?? name;
  const v = positiveArray(name, values, 2);
  if (v.length !== r.length) {
    throw new RangeError(`Expected radius and ${name} of the same length but received ${r.length} and ${v.length}`);
  }
  const end = options.spline ?? 'not-a-knot';
  if (end !== 'not-a-knot' && end !== 'natural') throw invalidType('spline', "'not-a-knot' or 'natural'", end);
  const extrapolate = options.extrapolate ?? 'error';
  if (extrapolate !== 'error' && extrapolate !== 'power-law' && extrapolate !== 'spline') {
    throw invalidType('extrapolate', "'error', 'power-law' or 'spline'", extrapolate);
  }
  const x = r.map(portableLog);
  const y = v.map(portableLog);
  for (let i = 1; i < x.length; i++) {
    // Increasing in log space too: two radii one ulp apart can share a logarithm.
    if (!(x[i] > x[i - 1])) {
      throw invalidRange(`radius[${i}]`, `a radius greater than radius[${i - 1}] = ${r[i - 1]} (radii strictly increasing and distinguishable in log space)`, r[i]);
    }
  }
  const s = splineSlopes(x, y, end);
  const n = x.length - 1;
  const intervals: number[][] = [];
  for (let i = 0; i < n; i++) {
    const h = x[i + 1] - x[i];
    const d = (y[i + 1] - y[i]) / h;
    intervals.push([x[i], y[i], s[i], (3 * d - 2 * s[i] - s[i + 1]) / h, (s[i] + s[i + 1] - 2 * d) / (h * h)]);
  }
  const below = extrapolate === 'spline' ? intervals[0] : [x[0], y[0], s[0], 0, 0];
  const above = extrapolate === 'spline' ? intervals[n - 1] : [x[n], y[n], s[n], 0, 0];
  return new Profile<D>(pack(x, [below, ...intervals, above], extrapolate !== 'error'), [r[0], r[n]], name);
}

/**
 * A power law: `value * (a / at)^exponent`, for radii in `range` (default all). Evaluated in log
 * space as the tabulated profiles are: log(value) + exponent (log a - log at).
 */
export function powerLawProfile<D extends Dimension>(name: string, value: number, exponent: number, options: PowerLawOptions = {}): Profile<D> {
  if (typeof value !== 'number') throw invalidType(name, 'positive finite number', value);
  if (!(value > 0 && value < Infinity)) throw invalidRange(name, 'positive finite number', value);
  if (typeof exponent !== 'number') throw invalidType('exponent', 'finite number', exponent);
  if (!Number.isFinite(exponent)) throw invalidRange('exponent', 'finite number', exponent);
  const at = options.at ?? 1;
  if (typeof at !== 'number' || !(at > 0 && at < Infinity)) throw invalidRange('at', 'positive finite radius (r_g)', at);
  const range = options.range ?? [0, Infinity];
  if (!Array.isArray(range) || range.length !== 2 || !(range[0] >= 0 && range[1] > range[0])) {
    throw invalidRange('range', '[min, max] radii with 0 <= min < max', range);
  }
  const breaks = new Float64Array([portableLog(range[0]), portableLog(range[1])]);
  const line = [portableLog(at), portableLog(value), exponent, 0, 0];
  return new Profile<D>(pack(breaks, [line, line, line], false), [range[0], range[1]], name);
}
