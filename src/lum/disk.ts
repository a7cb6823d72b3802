/**
 * Disk models: the gas around the SMBH as functions of radius a (in gravitational radii), as the
 * seed's `disk_aspect_ratio(a)` and `disk_density(a)` lambdas: aspect ratio H/R, midplane density
 * and, optionally, sound speed (by default c_s = (H/R) v_K, vertical hydrostatic equilibrium).
 *
 * Any object with these methods serves the single-call functions; the batch functions need a `Disk`
 * built here from profiles (tabulated or power law), which the native kernel can evaluate.
 */
import type { Density, Dimension, Dimensionless, Velocity } from '../units/dimension.js';
import type { Quantity, QuantityArray, Scalar } from '../units/quantity.js';
import { invalidType } from '../errors.js';
import { Profile, type PowerLawOptions, type TabulatedOptions, powerLawProfile, tabulatedProfile } from './profile.js';

export interface DiskModel {
  /** H/R at radius a (r_g). */
  aspectRatio(a: number): Scalar;
  /** Midplane gas density at radius a (r_g). */
  density(a: number): Quantity<Density>;
  /** Gas sound speed at radius a (r_g); when absent, (H/R) c / sqrt(a). */
  soundSpeed?(a: number): Quantity<Velocity>;
}

export interface DiskProfiles {
  aspectRatio: Profile<Dimensionless>;
  density: Profile<Density>;
  soundSpeed?: Profile<Velocity>;
}

/** A disk made of profiles; the form every backend evaluates identically. */
export class Disk implements DiskModel {
  readonly profiles: Readonly<DiskProfiles>;

  constructor(profiles: DiskProfiles) {
    if (!(profiles?.aspectRatio instanceof Profile)) throw invalidType('aspectRatio', 'Profile (tabulated or powerLaw)', profiles?.aspectRatio);
    if (!(profiles.density instanceof Profile)) throw invalidType('density', 'Profile (tabulated or powerLaw)', profiles.density);
    if (profiles.soundSpeed !== undefined && !(profiles.soundSpeed instanceof Profile)) {
      throw invalidType('soundSpeed', 'Profile (tabulated or powerLaw) or undefined', profiles.soundSpeed);
    }
    // Each profile names its role in error messages ("the density table's range").
    const named = <D extends Dimension>(p: Profile<D>, name: string) => new Profile<D>(p.packed, p.range, name);
    this.profiles = Object.freeze({
      aspectRatio: named(profiles.aspectRatio, 'aspect ratio'),
      density: named(profiles.density, 'density'),
      ...(profiles.soundSpeed ? { soundSpeed: named(profiles.soundSpeed, 'sound speed') } : {}),
    });
  }

  aspectRatio(a: number): Scalar {
    return this.profiles.aspectRatio.at(a);
  }

  density(a: number): Quantity<Density> {
    return this.profiles.density.at(a);
  }

  /** The sound speed profile when the disk has one (else undefined: the formulas use (H/R) v_K). */
  get soundSpeed(): ((a: number) => Quantity<Velocity>) | undefined {
    const profile = this.profiles.soundSpeed;
    return profile && ((a: number) => profile.at(a));
  }
}

/**
 * A disk from profiles (radius in gravitational radii).
 *
 * @example
 * const d = disk({ aspectRatio: powerLaw(0.01, 0), density: tabulated([10, 1e4], kgPerCubicMetre([1e-3, 1e-9])) });
 */
export function disk(profiles: DiskProfiles): Disk {
  return new Disk(profiles);
}

/**
 * A tabulated profile: values at radii (r_g, strictly increasing, all positive), interpolated by a
 * log-log cubic spline. Values are quantities in SI (`kgPerCubicMetre(rho)`), or plain numbers for
 * the aspect ratio.
 *
 * @example
 * tabulated([10, 100, 1000], kgPerCubicMetre([1e-3, 1e-5, 1e-8]), { extrapolate: 'power-law' });
 */
export function tabulated<D extends Density | Velocity>(radius: ArrayLike<number>, values: QuantityArray<D>, options?: TabulatedOptions): Profile<D>;
export function tabulated(radius: ArrayLike<number>, values: ArrayLike<number>, options?: TabulatedOptions): Profile<Dimensionless>;
export function tabulated(radius: ArrayLike<number>, values: ArrayLike<number>, options?: TabulatedOptions): Profile<Dimensionless> {
  return tabulatedProfile('values', radius, values, options);
}

/**
 * `value * (a / at)^exponent` for radii a in r_g; `value` a quantity in SI, or a number for H/R.
 *
 * @example
 * powerLaw(kgPerCubicMetre(1e-6), -1.5, { at: 1000, range: [10, 1e5] });
 */
export function powerLaw<D extends Density | Velocity>(value: Quantity<D>, exponent: number, options?: PowerLawOptions): Profile<D>;
export function powerLaw(value: Scalar, exponent: number, options?: PowerLawOptions): Profile<Dimensionless>;
export function powerLaw(value: number, exponent: number, options?: PowerLawOptions): Profile<Dimensionless> {
  return powerLawProfile('value', value, exponent, options);
}
