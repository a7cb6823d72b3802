/**
 * One element of the batch, shared by the single calls and the TypeScript batch: checks the inputs
 * in the order the native kernel does (native/core/lum.cc), evaluates the disk once at log(a), and
 * calls the typed formulas. A refused element is reported as (error code, index), which
 * `refusal` words; the native kernel reports the same codes.
 */
import type { Density, Dimensionless, Mass, Velocity } from '../units/dimension.js';
import { type Quantity, fromSI } from '../units/quantity.js';
import { invalidRange } from '../errors.js';
import type { Disk } from './disk.js';
import { portableExp, portableLog } from './portable-math.js';
import { diskSoundSpeed, jetLuminosityOf, shockLuminosityOf } from './physics.js';
import { type Profile, findSegment, segmentValue } from './profile.js';

// The native kernel's LumError codes.
export const OK = 0;
export const BAD_MASS = 1;
export const BAD_RADIUS = 2;
export const BAD_VELOCITY = 3;
export const BAD_SPIN = 4;
export const OUTSIDE_ASPECT_RATIO = 5;
export const OUTSIDE_DENSITY = 6;
export const OUTSIDE_SOUND_SPEED = 7;
export const NOT_FINITE = 8;

/** The inputs of a refused element, to word its error. */
export interface ElementInputs {
  mass: number;
  a: number;
  vKick: number;
  spin?: number;
}

/** Names of the arguments in error messages: plain for single calls, indexed for batches. */
export interface Names {
  /** The element as a whole: 'the remnant', 'element 7'. */
  element: string;
  mass: string;
  a: string;
  vKick: string;
  spin: string;
}

/** The error for a refused element. */
export function refusal(code: number, names: Names, inputs: ElementInputs, disk?: Disk): RangeError {
  switch (code) {
    case BAD_MASS:
      return invalidRange(names.mass, 'positive finite mass', inputs.mass);
    case BAD_RADIUS:
      return invalidRange(names.a, 'positive finite radius (gravitational radii)', inputs.a);
    case BAD_VELOCITY:
      return invalidRange(names.vKick, 'positive finite velocity', inputs.vKick);
    case BAD_SPIN:
      return invalidRange(names.spin, 'spin between 0 and 1', inputs.spin);
    case OUTSIDE_ASPECT_RATIO:
      return disk!.profiles.aspectRatio.outOfRange(inputs.a, names.a);
    case OUTSIDE_DENSITY:
      return disk!.profiles.density.outOfRange(inputs.a, names.a);
    case OUTSIDE_SOUND_SPEED:
      return disk!.profiles.soundSpeed!.outOfRange(inputs.a, names.a);
    default:
      return new RangeError(
        `Expected inputs whose luminosity is a finite double for ${names.element} but received ` +
          `massFinal = ${inputs.mass} kg, a = ${inputs.a} r_g, vKick = ${inputs.vKick} m/s${inputs.spin === undefined ? '' : `, spinFinal = ${inputs.spin}`} ` +
          '(an intermediate overflows: check the units and the disk)',
      );
  }
}

// The last element's outcome: OK, or why the functions below refused it (they then return NaN).
let refused = OK;

/** OK when the last element was computed, else its error code. */
export function lastRefusal(): number {
  return refused;
}

function refuse(code: number): number {
  refused = code;
  return NaN;
}

/** The element's luminosity, or a refusal when it is not a finite double (as the native kernel checks). */
function finite(L: number): number {
  if (L - L !== 0) return refuse(NOT_FINITE);
  refused = OK;
  return L;
}

function positiveFinite(x: number): boolean {
  return x > 0 && x < Infinity;
}

/** A profile's value at log radius x, or NaN when x is outside it (a finite x never gives NaN inside). */
function valueAt<D extends Dimensionless | Density | Velocity>(profile: Profile<D>, x: number): number {
  const segment = findSegment(profile.packed, x);
  return segment < 0 ? NaN : portableExp(segmentValue(profile.packed, segment, x));
}

/** Shock luminosity [W] of one element, or NaN with lastRefusal() set. */
export function shockElement(smbhMass: number, mass: number, a: number, vKick: number, disk: Disk): number {
  if (!positiveFinite(mass)) return refuse(BAD_MASS);
  if (!positiveFinite(a)) return refuse(BAD_RADIUS);
  if (!positiveFinite(vKick)) return refuse(BAD_VELOCITY);
  const x = portableLog(a);
  const { aspectRatio, density } = disk.profiles;
  const h = findSegment(aspectRatio.packed, x);
  if (h < 0) return refuse(OUTSIDE_ASPECT_RATIO);
  const rho = findSegment(density.packed, x);
  if (rho < 0) return refuse(OUTSIDE_DENSITY);
  return finite(
    shockLuminosityOf(
      fromSI<Mass>(smbhMass),
      fromSI<Mass>(mass),
      a,
      portableExp(segmentValue(aspectRatio.packed, h, x)),
      fromSI<Density>(portableExp(segmentValue(density.packed, rho, x))),
      fromSI<Velocity>(vKick),
    ),
  );
}

/** Jet luminosity [W] of one element, or NaN with lastRefusal() set. */
export function jetElement(mass: number, a: number, spin: number, vKick: number, disk: Disk): number {
  if (!positiveFinite(mass)) return refuse(BAD_MASS);
  if (!positiveFinite(a)) return refuse(BAD_RADIUS);
  if (!positiveFinite(vKick)) return refuse(BAD_VELOCITY);
  if (!(spin >= 0 && spin <= 1)) return refuse(BAD_SPIN);
  const x = portableLog(a);
  const { aspectRatio, density, soundSpeed } = disk.profiles;
  const rho = valueAt(density, x);
  if (rho !== rho) return refuse(OUTSIDE_DENSITY);
  let cs: Quantity<Velocity>;
  if (soundSpeed) {
    cs = fromSI(valueAt(soundSpeed, x));
    if (cs !== cs) return refuse(OUTSIDE_SOUND_SPEED);
  } else {
    const h = valueAt(aspectRatio, x);
    if (h !== h) return refuse(OUTSIDE_ASPECT_RATIO);
    cs = diskSoundSpeed(a, h);
  }
  return finite(jetLuminosityOf(fromSI<Mass>(mass), fromSI<Density>(rho), cs, spin, fromSI<Velocity>(vKick)));
}
