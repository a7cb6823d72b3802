// The shock luminosity with units stripped: the same checks as shockLuminosity (src/lum/api.ts)
// and the same operations as src/lum/physics.ts, on plain numbers (SI), for the bench's "typed vs
// untyped" row: what differs is only the typed arithmetic (mul, div, scale...). The bench checks
// both give the same bits.
import { Disk } from '../src/lum/disk.js';
import { portableCbrt, portableExp, portableLog } from '../src/lum/portable-math.js';
import { findSegment, segmentValue } from '../src/lum/profile.js';

const G = 6.6743e-11;
const C = 299_792_458;

export function shockLuminosityUntyped(smbhMass: number, mass: number, a: number, disk: Disk, v: number): number {
  if (typeof smbhMass !== 'number' || typeof mass !== 'number' || typeof a !== 'number' || typeof v !== 'number') throw new TypeError('bad input');
  if (!(disk instanceof Disk)) throw new TypeError('bad disk');
  if (!(smbhMass > 0 && smbhMass < Infinity) || !(mass > 0 && mass < Infinity) || !(a > 0 && a < Infinity) || !(v > 0 && v < Infinity)) {
    throw new RangeError('bad input');
  }
  const x = portableLog(a);
  const h = disk.profiles.aspectRatio.packed;
  const rho = disk.profiles.density.packed;
  const hs = findSegment(h, x);
  const rs = findSegment(rho, x);
  if (hs < 0 || rs < 0) throw new RangeError('outside the disk');
  const aspect = portableExp(segmentValue(h, hs, x));
  const density = portableExp(segmentValue(rho, rs, x));
  const orbit = ((G * smbhMass) / (C * C)) * a;
  const hill = orbit * portableCbrt(mass / smbhMass / 3);
  const height = orbit * aspect;
  const volume = height >= hill ? hill * hill * hill * 4.188790204786391 : height * (hill * hill - height * height * 0.3333333333333333) * 6.283185307179586;
  const energy = density * volume * (v * v) * 0.5;
  return energy / (hill / v);
}
