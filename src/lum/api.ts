/**
 * McFACTS luminosities (seed 000's second example): single calls with dimensioned quantities, and
 * batches over typed arrays that run natively on every core. Every backend, thread count and the
 * single call give the same bits for an element.
 */
import type { BackendOptions } from '../backend.js';
import { invalidRange, invalidType } from '../errors.js';
import { asyncCall, defineKernel, keepAttached, runAsync, runSync, syncCall } from '../kernel.js';
import { BACKEND_OPTIONS, PROGRESS_OPTIONS, defineOptions } from '../options.js';
import type { ProgressOptions } from '../progress.js';
import { checkAttached, checkOut, toFloat64Array } from '../validate.js';
import type { Density, Mass, Power, Velocity } from '../units/dimension.js';
import { type Quantity, type QuantityArray, type Scalar, fromSI } from '../units/quantity.js';
import { Disk, type DiskModel } from './disk.js';
import { portableLog } from './portable-math.js';
import { diskSoundSpeed, jetLuminosityOf, shockLuminosityOf } from './physics.js';
import { type Names, NOT_FINITE, OK, jetElement, lastRefusal, refusal, shockElement } from './reference.js';

export interface LumOptions extends BackendOptions {
  /** Preallocated Float64Array of one luminosity (W) per element to fill and return (numpy's `out=`). */
  out?: Float64Array;
}
export type LumAsyncOptions = LumOptions & ProgressOptions;

const SYNC_OPTIONS = defineOptions<LumOptions>()({ ...BACKEND_OPTIONS, out: undefined });
const ASYNC_OPTIONS = defineOptions<LumAsyncOptions>()({ ...BACKEND_OPTIONS, ...PROGRESS_OPTIONS, out: undefined });
const JS_STEP = 16384; // remnants per step of the async TypeScript form
const SINGLE: Names = { element: 'the remnant', mass: 'massFinal', a: 'a', vKick: 'vKick', spin: 'spinFinal' };
const NO_PROFILE = new Float64Array(0);

function checkMass(name: string, value: unknown): number {
  if (typeof value !== 'number') throw invalidType(name, 'positive finite mass (a Quantity<Mass>, e.g. solarMass(60))', value);
  if (!(value > 0 && value < Infinity)) throw invalidRange(name, 'positive finite mass', value);
  return value;
}

function checkDiskModel(disk: unknown): DiskModel {
  if (disk instanceof Disk) return disk;
  const d = disk as DiskModel | null;
  if (d === null || typeof d !== 'object' || typeof d.aspectRatio !== 'function' || typeof d.density !== 'function') {
    throw invalidType('disk', 'disk model with aspectRatio(a) and density(a) methods', disk);
  }
  return d;
}

/** A user disk function's answer, checked: never a NaN passed on silently. */
function modelValue(name: string, a: number, value: unknown): number {
  if (typeof value !== 'number') throw invalidType(`disk.${name}(${a})`, 'number', value);
  if (!(value > 0 && value < Infinity)) throw invalidRange(`disk.${name}(${a})`, 'positive finite value', value);
  return value;
}

/** The kinds of a single call's per-remnant arguments (their values are checked with the element). */
function checkNumbers(massFinal: unknown, a: unknown, vKick: unknown): void {
  if (typeof massFinal !== 'number') throw invalidType('massFinal', 'positive finite mass (a Quantity<Mass>, e.g. solarMass(60))', massFinal);
  if (typeof a !== 'number') throw invalidType('a', 'positive finite radius (gravitational radii)', a);
  if (typeof vKick !== 'number') throw invalidType('vKick', 'positive finite velocity (a Quantity<Velocity>, e.g. kmPerSecond(100))', vKick);
}

/**
 * Shock luminosity of a kicked merger remnant in an AGN disk (McKernan et al. 2019): the gas in the
 * part of its Hill sphere inside the disk, shocked at the kick speed, radiating 1/2 M_gas v^2 over
 * the Hill-sphere crossing time r_H / v. The seed's `shock_luminosity`, one remnant per call.
 *
 * @param smbhMass mass of the supermassive black hole
 * @param massFinal mass of the merger remnant
 * @param a orbital radius of the remnant, in gravitational radii of the SMBH
 * @param disk the disk's aspect ratio and density as functions of radius (r_g)
 * @param vKick kick velocity of the remnant
 * @returns the luminosity (in W; `inUnit(L, ergPerSecond)` for erg/s)
 *
 * @example
 * const L = shockLuminosity(solarMass(1e8), solarMass(60), 500, demoDisk, kmPerSecond(100));
 * inUnit(L, ergPerSecond); // 8.77463350165036e+40
 */
export function shockLuminosity(smbhMass: Quantity<Mass>, massFinal: Quantity<Mass>, a: Scalar, disk: DiskModel, vKick: Quantity<Velocity>): Quantity<Power> {
  checkMass('smbhMass', smbhMass);
  checkNumbers(massFinal, a, vKick);
  if (disk instanceof Disk) {
    const L = shockElement(smbhMass, massFinal, a, vKick, disk);
    if (lastRefusal() !== OK) throw refusal(lastRefusal(), SINGLE, { mass: massFinal, a, vKick }, disk);
    return fromSI(L);
  }
  const model = checkDiskModel(disk);
  checkMass('massFinal', massFinal);
  if (!(a > 0 && a < Infinity)) throw invalidRange('a', 'positive finite radius (gravitational radii)', a);
  if (!(vKick > 0 && vKick < Infinity)) throw invalidRange('vKick', 'positive finite velocity', vKick);
  const h = modelValue('aspectRatio', a, model.aspectRatio(a));
  const rho = modelValue('density', a, model.density(a));
  const L = shockLuminosityOf(smbhMass, massFinal, a, h, fromSI<Density>(rho), vKick);
  if (L - L !== 0) throw refusal(NOT_FINITE, SINGLE, { mass: massFinal, a, vKick });
  return L;
}

/**
 * Jet luminosity of a spinning remnant accreting at the Bondi-Hoyle-Lyttleton rate (Graham et al.
 * 2020): eta Mdot c^2 with eta = spin^2 and Mdot = 4 pi G^2 m^2 rho / (v^2 + c_s^2)^(3/2). The seed's
 * `jet_luminosity`, one remnant per call. The sound speed is the disk's, else (H/R) c / sqrt(a).
 *
 * @example
 * const L = jetLuminosity(solarMass(60), 500, demoDisk, 0.7, kmPerSecond(100));
 * inUnit(L, ergPerSecond); // 8.74912968340635e+48
 */
export function jetLuminosity(massFinal: Quantity<Mass>, a: Scalar, disk: DiskModel, spinFinal: Scalar, vKick: Quantity<Velocity>): Quantity<Power> {
  checkNumbers(massFinal, a, vKick);
  if (typeof spinFinal !== 'number') throw invalidType('spinFinal', 'spin between 0 and 1', spinFinal);
  if (disk instanceof Disk) {
    const L = jetElement(massFinal, a, spinFinal, vKick, disk);
    if (lastRefusal() !== OK) throw refusal(lastRefusal(), SINGLE, { mass: massFinal, a, vKick, spin: spinFinal }, disk);
    return fromSI(L);
  }
  const model = checkDiskModel(disk);
  checkMass('massFinal', massFinal);
  if (!(a > 0 && a < Infinity)) throw invalidRange('a', 'positive finite radius (gravitational radii)', a);
  if (!(vKick > 0 && vKick < Infinity)) throw invalidRange('vKick', 'positive finite velocity', vKick);
  if (!(spinFinal >= 0 && spinFinal <= 1)) throw invalidRange('spinFinal', 'spin between 0 and 1', spinFinal);
  const rho = fromSI<Density>(modelValue('density', a, model.density(a)));
  const cs = model.soundSpeed
    ? fromSI<Velocity>(modelValue('soundSpeed', a, model.soundSpeed(a)))
    : diskSoundSpeed(a, modelValue('aspectRatio', a, model.aspectRatio(a)));
  const L = jetLuminosityOf(massFinal, rho, cs, spinFinal, vKick);
  if (L - L !== 0) throw refusal(NOT_FINITE, SINGLE, { mass: massFinal, a, vKick, spin: spinFinal });
  return L;
}

// ---- batches ----

function batchDisk(disk: unknown): Disk {
  if (!(disk instanceof Disk)) {
    throw invalidType('disk', 'Disk built with disk({ aspectRatio, density }) from tabulated or powerLaw profiles (batches run natively)', disk);
  }
  return disk;
}

function sameLengths(arrays: Record<string, Float64Array>): number {
  const entries = Object.entries(arrays);
  const [first, firstArray] = entries[0];
  for (const [name, array] of entries.slice(1)) {
    if (array.length !== firstArray.length) {
      throw new RangeError(`Expected ${first} and ${name} of the same length but received ${firstArray.length} and ${array.length}`);
    }
  }
  return firstArray.length;
}

function quantityArray(name: string, value: unknown): Float64Array {
  if (!(value instanceof Float64Array)) throw invalidType(name, 'Float64Array of quantities (e.g. solarMass([...]))', value);
  return checkAttached(name, value);
}

function indexed(i: number): Names {
  return { element: `element ${i}`, mass: `massFinal[${i}]`, a: `a[${i}]`, vKick: `vKick[${i}]`, spin: `spinFinal[${i}]` };
}

interface ShockBatch {
  smbhMass: number;
  mass: Float64Array;
  a: Float64Array;
  v: Float64Array;
  disk: Disk;
  out: Float64Array;
  /** The native kernel's first refusal: [index or -1, code]. */
  status: Float64Array;
}

/** The luminosities' output: the caller's `out` (checked against every input) or a fresh Float64Array. */
function luminosityOutput(out: unknown, n: number, inputs: readonly Float64Array[], disk: Disk): Float64Array {
  const { aspectRatio, density, soundSpeed } = disk.profiles;
  const all = [...inputs, aspectRatio.packed, density.packed, soundSpeed?.packed];
  return checkOut('out', out, Float64Array, { count: n, what: 'the number of elements' }, all) ?? new Float64Array(n);
}

function shockBatch(smbhMass: unknown, massFinal: unknown, a: unknown, disk: unknown, vKick: unknown, out: unknown): ShockBatch {
  const M = checkMass('smbhMass', smbhMass);
  const mass = quantityArray('massFinal', massFinal);
  const radii = toFloat64Array('a', a);
  const v = quantityArray('vKick', vKick);
  const d = batchDisk(disk);
  const n = sameLengths({ massFinal: mass, a: radii, vKick: v });
  return { smbhMass: M, mass, a: radii, v, disk: d, out: luminosityOutput(out, n, [mass, radii, v], d), status: Float64Array.of(-1, 0) };
}

function shockRange(b: ShockBatch, begin: number, end: number): void {
  for (let i = begin; i < end; i++) {
    const L = shockElement(b.smbhMass, b.mass[i], b.a[i], b.v[i], b.disk);
    if (lastRefusal() !== OK) throw refusal(lastRefusal(), indexed(i), { mass: b.mass[i], a: b.a[i], vKick: b.v[i] }, b.disk);
    b.out[i] = L;
  }
}

// The TypeScript form throws at the refused element itself; the native form reports it in status.
function nativeRefusal(status: Float64Array, inputs: (i: number) => { mass: number; a: number; vKick: number; spin?: number }, disk: Disk): void {
  if (status[0] < 0) return;
  const i = status[0];
  throw refusal(status[1], indexed(i), inputs(i), disk);
}

const SHOCK = defineKernel({
  native: 'shockLuminosities',
  args: (b: ShockBatch) => ({
    inputs: [b.mass, b.a, b.v, b.disk.profiles.aspectRatio.packed, b.disk.profiles.density.packed],
    outputs: [b.out, b.status],
    scalars: [b.smbhMass],
  }),
  units: (b) => b.out.length,
  step: JS_STEP,
  js: shockRange,
});

const shockInputs = (b: ShockBatch) => (i: number) => ({ mass: b.mass[i], a: b.a[i], vKick: b.v[i] });

/**
 * Shock luminosities of many remnants around one SMBH: element i is exactly
 * `shockLuminosity(smbhMass, massFinal[i], a[i], disk, vKick[i])`. Inputs are Float64Arrays in SI
 * (`solarMass([...])`, `kmPerSecond([...])`), `a` in gravitational radii; the disk must be a `Disk`.
 * A refused element throws the single call's error, naming its index.
 *
 * @example
 * const L = shockLuminositiesSync(solarMass(1e8), solarMass([60, 80]), [500, 800], demoDisk, kmPerSecond([100, 200]));
 * inUnit(L, ergPerSecond); // Float64Array(2)
 */
export function shockLuminositiesSync(
  smbhMass: Quantity<Mass>,
  massFinal: QuantityArray<Mass>,
  a: Float64Array | readonly Scalar[],
  disk: Disk,
  vKick: QuantityArray<Velocity>,
  options?: LumOptions,
): QuantityArray<Power> {
  const opts = SYNC_OPTIONS.read('shockLuminositiesSync', options);
  const b = shockBatch(smbhMass, massFinal, a, disk, vKick, opts.out);
  runSync(SHOCK, b, syncCall(opts));
  nativeRefusal(b.status, shockInputs(b), b.disk);
  return b.out as QuantityArray<Power>;
}

/** Async form of {@link shockLuminositiesSync}: runs off the main thread; accepts `signal` and `onProgress`. */
export async function shockLuminosities(
  smbhMass: Quantity<Mass>,
  massFinal: QuantityArray<Mass>,
  a: Float64Array | readonly Scalar[],
  disk: Disk,
  vKick: QuantityArray<Velocity>,
  options?: LumAsyncOptions,
): Promise<QuantityArray<Power>> {
  const opts = ASYNC_OPTIONS.read('shockLuminosities', options);
  const call = asyncCall(opts);
  const b = shockBatch(smbhMass, massFinal, a, disk, vKick, opts.out);
  if (opts.out !== undefined) keepAttached([b.out]);
  await runAsync(SHOCK, b, call);
  nativeRefusal(b.status, shockInputs(b), b.disk);
  return b.out as QuantityArray<Power>;
}

interface JetBatch {
  mass: Float64Array;
  a: Float64Array;
  spin: Float64Array;
  v: Float64Array;
  disk: Disk;
  out: Float64Array;
  /** The native kernel's first refusal: [index or -1, code]. */
  status: Float64Array;
}

function jetBatch(massFinal: unknown, a: unknown, disk: unknown, spinFinal: unknown, vKick: unknown, out: unknown): JetBatch {
  const mass = quantityArray('massFinal', massFinal);
  const radii = toFloat64Array('a', a);
  const d = batchDisk(disk);
  const spin = toFloat64Array('spinFinal', spinFinal);
  const v = quantityArray('vKick', vKick);
  const n = sameLengths({ massFinal: mass, a: radii, spinFinal: spin, vKick: v });
  return { mass, a: radii, spin, v, disk: d, out: luminosityOutput(out, n, [mass, radii, spin, v], d), status: Float64Array.of(-1, 0) };
}

function jetRange(b: JetBatch, begin: number, end: number): void {
  for (let i = begin; i < end; i++) {
    const L = jetElement(b.mass[i], b.a[i], b.spin[i], b.v[i], b.disk);
    if (lastRefusal() !== OK) throw refusal(lastRefusal(), indexed(i), { mass: b.mass[i], a: b.a[i], vKick: b.v[i], spin: b.spin[i] }, b.disk);
    b.out[i] = L;
  }
}

function jetInputs(b: JetBatch) {
  return (i: number) => ({ mass: b.mass[i], a: b.a[i], vKick: b.v[i], spin: b.spin[i] });
}

const JET = defineKernel({
  native: 'jetLuminosities',
  args: (b: JetBatch) => {
    const { aspectRatio, density, soundSpeed } = b.disk.profiles;
    return {
      inputs: [b.mass, b.a, b.spin, b.v, aspectRatio.packed, density.packed, soundSpeed?.packed ?? NO_PROFILE],
      outputs: [b.out, b.status],
      scalars: [],
    };
  },
  units: (b) => b.out.length,
  step: JS_STEP,
  js: jetRange,
});

/**
 * Jet luminosities of many remnants: element i is exactly
 * `jetLuminosity(massFinal[i], a[i], disk, spinFinal[i], vKick[i])`.
 *
 * @example
 * const L = jetLuminositiesSync(solarMass([60, 80]), [500, 800], demoDisk, [0.7, 0.9], kmPerSecond([100, 200]));
 */
export function jetLuminositiesSync(
  massFinal: QuantityArray<Mass>,
  a: Float64Array | readonly Scalar[],
  disk: Disk,
  spinFinal: Float64Array | readonly Scalar[],
  vKick: QuantityArray<Velocity>,
  options?: LumOptions,
): QuantityArray<Power> {
  const opts = SYNC_OPTIONS.read('jetLuminositiesSync', options);
  const b = jetBatch(massFinal, a, disk, spinFinal, vKick, opts.out);
  runSync(JET, b, syncCall(opts));
  nativeRefusal(b.status, jetInputs(b), b.disk);
  return b.out as QuantityArray<Power>;
}

/** Async form of {@link jetLuminositiesSync}: runs off the main thread; accepts `signal` and `onProgress`. */
export async function jetLuminosities(
  massFinal: QuantityArray<Mass>,
  a: Float64Array | readonly Scalar[],
  disk: Disk,
  spinFinal: Float64Array | readonly Scalar[],
  vKick: QuantityArray<Velocity>,
  options?: LumAsyncOptions,
): Promise<QuantityArray<Power>> {
  const opts = ASYNC_OPTIONS.read('jetLuminosities', options);
  const call = asyncCall(opts);
  const b = jetBatch(massFinal, a, disk, spinFinal, vKick, opts.out);
  if (opts.out !== undefined) keepAttached([b.out]);
  await runAsync(JET, b, call);
  nativeRefusal(b.status, jetInputs(b), b.disk);
  return b.out as QuantityArray<Power>;
}
