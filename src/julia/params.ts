/**
 * The render parameters with the seed's defaults, and their validation: every option is checked
 * here once, so the kernels (TypeScript and C++) only ever see a consistent, finite set.
 */
import { invalidRange, invalidType } from '../errors.js';
import { checkNumber } from '../validate.js';
import { parseComplexText } from './complex-text.js';
import { ComplexRegion } from './region.js';

/** A complex number as `[re, im]`, `{ re, im }`, or text as the CLI takes it: `'-0.835-0.2321i'` or `'-0.835,-0.2321'`. */
export type ComplexInput = readonly [number, number] | { re: number; im: number } | string;

const COMPLEX_EXPECTED = "[re, im] or { re, im } of finite numbers, or a string like '-0.835-0.2321i' or '-0.835,-0.2321'";

/** What an image is made from; every field has the seed's default. */
export interface JuliaParameters {
  /** The constant c of z -> z^2 + c (default -0.835 - 0.2321i). */
  c?: ComplexInput;
  /** Region of the complex plane (default [-0.1, 0.1]^2). */
  xMin?: number;
  xMax?: number;
  yMin?: number;
  yMax?: number;
  /** Pixels along the real axis (default 4000); the height follows the region's aspect. */
  resolution?: number;
  /** Counts at or below itermin map to black (default 20). */
  itermin?: number;
  /** Iteration cap (default 100); counts of orbits that never escape. */
  itermax?: number;
  /** Escape radius: the orbit escapes when |z| >= threshold (default 2). */
  threshold?: number;
}

/** The parameters with every default applied, as written into PNG metadata. */
export interface ResolvedJuliaParameters {
  c: { re: number; im: number };
  xMin: number;
  xMax: number;
  yMin: number;
  yMax: number;
  resolution: number;
  itermin: number;
  itermax: number;
  threshold: number;
}

export const DEFAULTS: ResolvedJuliaParameters = {
  c: { re: -0.835, im: -0.2321 },
  xMin: -0.1,
  xMax: 0.1,
  yMin: -0.1,
  yMax: 0.1,
  resolution: 4000,
  itermin: 20,
  itermax: 100,
  threshold: 2,
};

/** Largest itermax: counts are Uint32 and progress is counted in rows, so 2^32-1 fits. */
export const MAX_ITERMAX = 4294967295;

export function complexOf(name: string, value: unknown): { re: number; im: number } {
  if (typeof value === 'string') {
    const parsed = parseComplexText(value);
    if (!parsed) throw invalidType(name, COMPLEX_EXPECTED, value);
    return parsed;
  }
  if (Array.isArray(value) && value.length === 2) {
    return { re: checkNumber(`${name}[0]`, value[0]), im: checkNumber(`${name}[1]`, value[1]) };
  }
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && 're' in value && 'im' in value) {
    const { re, im } = value as { re: unknown; im: unknown };
    return { re: checkNumber(`${name}.re`, re), im: checkNumber(`${name}.im`, im) };
  }
  throw invalidType(name, COMPLEX_EXPECTED, value);
}

/** Applies defaults and validates; the region check also proves the image can be allocated. */
export function resolveParameters(options: JuliaParameters): ResolvedJuliaParameters {
  const p: ResolvedJuliaParameters = {
    c: options.c === undefined ? { ...DEFAULTS.c } : complexOf('c', options.c),
    xMin: options.xMin ?? DEFAULTS.xMin,
    xMax: options.xMax ?? DEFAULTS.xMax,
    yMin: options.yMin ?? DEFAULTS.yMin,
    yMax: options.yMax ?? DEFAULTS.yMax,
    resolution: options.resolution ?? DEFAULTS.resolution,
    itermin: options.itermin ?? DEFAULTS.itermin,
    itermax: options.itermax ?? DEFAULTS.itermax,
    threshold: options.threshold ?? DEFAULTS.threshold,
  };
  checkNumber('itermax', p.itermax, { integer: true, min: 1, max: MAX_ITERMAX });
  checkNumber('itermin', p.itermin, { integer: true, min: 0, max: MAX_ITERMAX });
  if (p.itermin >= p.itermax) throw invalidRange('itermin', `integer less than itermax (${p.itermax})`, p.itermin);
  checkNumber('threshold', p.threshold, { above: 0 });
  regionOf(p).size(p.resolution);
  return p;
}

export function regionOf(p: ResolvedJuliaParameters): ComplexRegion {
  return new ComplexRegion(p.xMin, p.xMax, p.yMin, p.yMax);
}
