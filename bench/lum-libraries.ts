// The shock luminosity written with the two npm unit libraries a user would pick instead: mathjs
// units (checked at run time) and safe-units (checked at compile time, objects at run time). Same
// physics as src/lum/physics.ts; the disk values come in as plain numbers (SI).
import { all, create } from 'mathjs';
import { Measure, kilograms, meters, seconds, watts } from 'safe-units';

const math = create(all);
const mG = math.unit(6.6743e-11, 'm^3 kg^-1 s^-2');
const mC = math.unit(299_792_458, 'm/s');

export function shockLuminosityMathjs(smbhMassKg: number, massKg: number, a: number, aspect: number, density: number, vMs: number): number {
  const M = math.unit(smbhMassKg, 'kg');
  const orbit = math.multiply(math.divide(math.multiply(mG, M), math.multiply(mC, mC)), a) as math.Unit;
  const hill = math.multiply(orbit, Math.cbrt(massKg / smbhMassKg / 3)) as math.Unit;
  const height = math.multiply(orbit, aspect) as math.Unit;
  const volume = math.smaller(height, hill)
    ? math.multiply(math.multiply(height, math.subtract(math.multiply(hill, hill), math.multiply(math.multiply(height, height), 1 / 3))), 2 * Math.PI)
    : math.multiply(math.pow(hill, 3), (4 / 3) * Math.PI);
  const v = math.unit(vMs, 'm/s');
  const gas = math.multiply(math.unit(density, 'kg/m^3'), volume);
  const energy = math.multiply(math.multiply(gas, math.multiply(v, v)), 0.5);
  return (math.divide(energy, math.divide(hill, v)) as math.Unit).toNumber('W');
}

const sG = Measure.of(6.6743e-11, meters.cubed().over(kilograms.times(seconds.squared())));
const sC = Measure.of(299_792_458, meters.over(seconds));
const kgPerM3 = kilograms.over(meters.cubed());
const mPerS = meters.over(seconds);

export function shockLuminositySafeUnits(smbhMassKg: number, massKg: number, a: number, aspect: number, density: number, vMs: number): number {
  const M = Measure.of(smbhMassKg, kilograms);
  const orbit = sG.times(M).over(sC.squared()).scale(a);
  const hill = orbit.scale(Math.cbrt(massKg / smbhMassKg / 3));
  const height = orbit.scale(aspect);
  const volume = height.lt(hill)
    ? height.times(hill.squared().minus(height.squared().scale(1 / 3))).scale(2 * Math.PI)
    : hill.cubed().scale((4 / 3) * Math.PI);
  const v = Measure.of(vMs, mPerS);
  const energy = Measure.of(density, kgPerM3).times(volume).times(v.squared()).scale(0.5);
  return energy.over(hill.over(v)).valueIn(watts);
}
