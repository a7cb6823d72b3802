/**
 * The seed's McFACTS luminosities, written with dimensioned quantities: every intermediate has its
 * dimension in its type, so the two unit slips of the McFACTS code of the seed's era do not compile
 * here (test/units-types.test.ts shows both). All quantities in SI; `a` is in gravitational radii.
 *
 * The native kernel (native/core/lum.cc) performs the same operations in the same order, and log,
 * exp and cbrt come from portable-math.ts, so both give the same bits.
 */
import { G, c } from '../units/constants.js';
import type { Density, Length, Mass, Power, Velocity, Volume } from '../units/dimension.js';
import {
  type Quantity,
  type Scalar,
  add,
  cube,
  div,
  mul,
  scale,
  sqrt,
  square,
  sub,
} from '../units/quantity.js';
import { portableCbrt } from './portable-math.js';

const FOUR_THIRDS_PI = 4.188790204786391; // 4 pi / 3, correctly rounded
const TWO_PI = 6.283185307179586;
const FOUR_PI = 12.566370614359172;
const ONE_THIRD = 0.3333333333333333;

/**
 * r_g = G M / c^2, the gravitational radius of a mass M. [m]
 *
 * @example
 * gravitationalRadiusOf(solarMass(1e8)); // 1.4766e11 (m)
 */
export function gravitationalRadiusOf(mass: Quantity<Mass>): Quantity<Length> {
  return div(mul(G, mass), square(c));
}

/**
 * Hill radius of a mass m on a circular orbit of radius a around M: r_H = a (m / 3M)^(1/3). [m]
 * (Hill 1878; Murray & Dermott, "Solar System Dynamics", 1999, sec. 3.13.)
 *
 * @example
 * hillRadius(gravitationalRadius(solarMass(1e8))(500), solarMass(60), solarMass(1e8)); // 2.92 r_g in m
 */
export function hillRadius(orbit: Quantity<Length>, mass: Quantity<Mass>, smbhMass: Quantity<Mass>): Quantity<Length> {
  const q = div(mass, smbhMass);
  return scale(orbit, portableCbrt(q / 3));
}

/**
 * Volume of the part of a sphere of radius r inside a slab |z| < H (the disk's half-height) through
 * its center. [m^3] McKernan et al. (2019, ApJL 884, L50) write it as the sphere minus two caps of
 * height d = r - H: 4/3 pi r^3 - 2/3 pi d^2 (3r - d), which equals pi integral_{-H}^{H} (r^2 - z^2) dz
 * = 2 pi H (r^2 - H^2/3); this form has no cancellation when H << r. For H >= r the whole sphere is
 * gas: 4/3 pi r^3. (The McFACTS code applies the caps formula, inside abs(), for H > r too, where it
 * is not a volume.)
 *
 * @example
 * hillGasVolume(m(3), m(1)); // 2 pi (9 - 1/3) m^3
 */
export function hillGasVolume(hill: Quantity<Length>, halfHeight: Quantity<Length>): Quantity<Volume> {
  if (halfHeight >= hill) return scale(cube(hill), FOUR_THIRDS_PI);
  const inside = sub(square(hill), scale(square(halfHeight), ONE_THIRD));
  return scale(mul(halfHeight, inside), TWO_PI);
}

/**
 * Shock luminosity of a kicked merger remnant ramming the gas of its Hill sphere (McKernan et al.
 * 2019): the gas mass M_gas = rho V (V: hillGasVolume) shocked at the kick speed v releases
 * E = 1/2 M_gas v^2 [J] over the time the remnant takes to cross its Hill sphere, t = r_H / v [s]:
 *   L_shock = E / t = M_gas v^3 / (2 r_H). [W]
 * McFACTS scales the same estimate as E = 1e47 erg (M_gas / M_sun) (v / 100 km/s)^2, which is
 * 1/2 M_gas v^2 to 0.5%.
 *
 * @example
 * shockLuminosityOf(solarMass(1e8), solarMass(60), 500, 0.003, kgPerCubicMetre(3e-5), kmPerSecond(100));
 */
export function shockLuminosityOf(
  smbhMass: Quantity<Mass>,
  mass: Quantity<Mass>,
  a: Scalar,
  aspectRatio: Scalar,
  density: Quantity<Density>,
  vKick: Quantity<Velocity>,
): Quantity<Power> {
  const orbit = scale(gravitationalRadiusOf(smbhMass), a);
  const hill = hillRadius(orbit, mass, smbhMass);
  const halfHeight = scale(orbit, aspectRatio);
  const gas = mul(density, hillGasVolume(hill, halfHeight));
  const energy = scale(mul(gas, square(vKick)), 0.5);
  const crossing = div(hill, vKick);
  return div(energy, crossing);
}

/**
 * Default sound speed of a thin disk in vertical hydrostatic equilibrium: c_s = H Omega_K = (H/R) v_K
 * with v_K = c / sqrt(a) at a gravitational radii. [m/s] (Frank, King & Raine, "Accretion Power in
 * Astrophysics", 3rd ed. 2002, sec. 5.3.)
 *
 * @example
 * diskSoundSpeed(500, 0.003); // 40 km/s in m/s
 */
export function diskSoundSpeed(a: Scalar, aspectRatio: Scalar): Quantity<Velocity> {
  return scale(c, aspectRatio / Math.sqrt(a));
}

/**
 * Bondi-Hoyle-Lyttleton accretion rate of a mass m moving at v through gas of density rho and
 * sound speed c_s (Bondi's interpolation; Edgar 2004, New Astron. Rev. 48, 843, eq. 10):
 *   Mdot = 4 pi G^2 m^2 rho / (v^2 + c_s^2)^(3/2). [kg/s]
 *
 * @example
 * bondiHoyleLyttletonRate(solarMass(100), gPerCubicCentimetre(1e-10), kmPerSecond(200), kmPerSecond(0)); // kg/s
 */
export function bondiHoyleLyttletonRate(
  mass: Quantity<Mass>,
  density: Quantity<Density>,
  vKick: Quantity<Velocity>,
  soundSpeed: Quantity<Velocity>,
) {
  const speed2 = add(square(vKick), square(soundSpeed));
  const focus = mul(mul(scale(square(G), FOUR_PI), square(mass)), density);
  return div(focus, mul(speed2, sqrt(speed2)));
}

/**
 * Jet luminosity of a spinning remnant accreting at the Bondi-Hoyle-Lyttleton rate:
 *   L_jet = eta Mdot c^2 with eta = chi^2 [W]
 * (jet efficiency growing as the square of the spin, as Blandford-Znajek jets do). With eta = 0.1,
 * m = 100 M_sun, v = 200 km/s, rho = 1e-10 g/cm^3 and c_s << v this is 2.5e45 erg/s, the
 * normalisation of Graham et al. (2020, PRL 124, 251102) that McFACTS scales from.
 *
 * @example
 * jetLuminosityOf(solarMass(60), kgPerCubicMetre(3e-5), kmPerSecond(40), 0.7, kmPerSecond(100));
 */
export function jetLuminosityOf(
  mass: Quantity<Mass>,
  density: Quantity<Density>,
  soundSpeed: Quantity<Velocity>,
  spin: Scalar,
  vKick: Quantity<Velocity>,
): Quantity<Power> {
  const accretion = bondiHoyleLyttletonRate(mass, density, vKick, soundSpeed);
  return scale(mul(accretion, square(c)), spin * spin);
}
