/**
 * Units: each is a function from a number (or an array of numbers) in that unit to a quantity in SI
 * base units, and carries its size so `inUnit` can convert back. `kg(5)`, `solarMass(masses)`,
 * `inUnit(L, ergPerSecond)`. A unit's size is itself a quantity, so derived units are built from
 * quantity arithmetic and keep their dimension: `unit('g/cm^3', div(g.size, cube(cm.size)))`.
 */
import { G, c, M_sun } from './constants.js';
import type { Density, Dimension, Energy, Length, Mass, Power, Time, Velocity } from './dimension.js';
import { type Quantity, type QuantityArray, div, fromSI, mul, square } from './quantity.js';

export interface Unit<D extends Dimension> {
  /** `value` of this unit, in SI base units. */
  (value: number): Quantity<D>;
  /** Every element of `values` converted from this unit (a new array). */
  (values: ArrayLike<number>): QuantityArray<D>;
  /** One of this unit, in SI base units. */
  readonly size: Quantity<D>;
  readonly symbol: string;
}

/**
 * A unit of dimension D whose size in SI base units is `size`.
 *
 * @example
 * const gPerCc = unit('g/cm^3', div(g.size, cube(cm.size)));
 * gPerCc(1); // 1000 (kg/m^3)
 */
export function unit<D extends Dimension>(symbol: string, size: Quantity<D>): Unit<D> {
  function of(value: number): Quantity<D>;
  function of(values: ArrayLike<number>): QuantityArray<D>;
  function of(value: number | ArrayLike<number>): Quantity<D> | QuantityArray<D> {
    if (typeof value === 'number') return (value * size) as Quantity<D>;
    const out = new Float64Array(value.length);
    for (let i = 0; i < out.length; i++) out[i] = value[i] * size;
    return out as QuantityArray<D>;
  }
  return Object.assign(of, { size, symbol }) as Unit<D>;
}

/**
 * The value of `q` in `u` (q / u.size); for arrays, a new Float64Array.
 *
 * @example
 * inUnit(au(1), km); // 149597870.7
 * inUnit(L, ergPerSecond);
 */
export function inUnit<D extends Dimension>(q: Quantity<D>, u: Unit<NoInfer<D>>): number;
export function inUnit<D extends Dimension>(q: QuantityArray<D>, u: Unit<NoInfer<D>>): Float64Array;
export function inUnit<D extends Dimension>(q: Quantity<D> | QuantityArray<D>, u: Unit<D>): number | Float64Array {
  if (typeof q === 'number') return q / u.size;
  const out = new Float64Array(q.length);
  for (let i = 0; i < out.length; i++) out[i] = q[i] / u.size;
  return out;
}

export const kg = unit<Mass>('kg', fromSI(1));
export const g = unit<Mass>('g', fromSI(1e-3));
/** The nominal solar mass (IAU 2015 B3 with CODATA 2018 G, as astropy). */
export const solarMass = unit<Mass>('M_sun', M_sun);
export const m = unit<Length>('m', fromSI(1));
export const cm = unit<Length>('cm', fromSI(1e-2));
export const km = unit<Length>('km', fromSI(1e3));
/** The astronomical unit (IAU 2012 B2, exact). */
export const au = unit<Length>('au', fromSI(149_597_870_700));
export const s = unit<Time>('s', fromSI(1));
/** The Julian year, 365.25 days (exact). */
export const year = unit<Time>('yr', fromSI(31_557_600));
export const kmPerSecond = unit<Velocity>('km/s', fromSI(1e3));
export const metresPerSecond = unit<Velocity>('m/s', fromSI(1));
export const kgPerCubicMetre = unit<Density>('kg/m^3', fromSI(1));
export const gPerCubicCentimetre = unit<Density>('g/cm^3', fromSI(1e3));
export const J = unit<Energy>('J', fromSI(1));
export const erg = unit<Energy>('erg', fromSI(1e-7));
export const W = unit<Power>('W', fromSI(1));
export const ergPerSecond = unit<Power>('erg/s', fromSI(1e-7));

/**
 * The gravitational radius r_g = G M / c^2 of a mass M, as a unit of length: `gravitationalRadius(M)(500)`
 * is 500 r_g in metres, `inUnit(r, gravitationalRadius(M))` a length in r_g.
 *
 * @example
 * const rg = gravitationalRadius(solarMass(1e8));
 * rg.size; // 1.4766e11 (m)
 */
export function gravitationalRadius(mass: Quantity<Mass>): Unit<Length> {
  return unit<Length>('r_g', div(mul(G, mass), square(c)));
}
