/**
 * Physical constants with their dimensions, in SI: CODATA 2018 G and c, IAU 2015 nominal solar mass
 * (the values astropy 5 uses, so its results and hotloop's can be compared digit for digit).
 */
import type { GravitationalConstant, Mass, Velocity } from './dimension.js';
import { fromSI } from './quantity.js';

/** Newton's constant of gravitation, m^3 kg^-1 s^-2 (CODATA 2018). */
export const G = fromSI<GravitationalConstant>(6.6743e-11);
/** The speed of light in vacuum, m/s (exact). */
export const c = fromSI<Velocity>(299_792_458);
/** The nominal solar mass, kg: (GM)_sun (IAU 2015 B3) / G (CODATA 2018). */
export const M_sun = fromSI<Mass>(1.988409870698051e30);
