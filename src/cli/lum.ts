// `hotloop lum`: shock (and, with --spin, jet) luminosity of one merger remnant in an AGN disk.
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { Disk, disk, tabulated } from '../lum/disk.js';
import { demoDiskExtrapolated } from '../lum/demo-disk.js';
import { jetLuminosity, shockLuminosity } from '../lum/api.js';
import { type Extrapolation } from '../lum/profile.js';
import { ergPerSecond, inUnit, kgPerCubicMetre, kmPerSecond, metresPerSecond, solarMass } from '../units/units.js';
import { print } from './output.js';
import { UsageError, checkedAsUsage, parseNumber } from './usage.js';

/**
 * The library's parameter names as the lum command's flags, for the messages of its checks: a
 * radius outside the table suggests the table option `extrapolate`, which is a flag here too.
 */
const LUM_FLAGS = {
  smbhMass: '--smbh-mass',
  massFinal: '--mass',
  a: '--a',
  vKick: '--v',
  spinFinal: '--spin',
  extrapolate: '--extrapolate power-law|spline',
};

interface LumFlags {
  smbhMass: string;
  mass?: string;
  a?: string;
  v?: string;
  spin?: string;
  disk?: string;
  extrapolate?: string;
  json?: boolean;
}

const EXTRAPOLATIONS = ['error', 'power-law', 'spline'];

/** A disk table file: JSON { radius (r_g), aspectRatio, density (kg/m^3), soundSpeed? (m/s) }. */
function readDisk(file: string, extrapolate: Extrapolation): Disk {
  let table: Record<string, unknown>;
  try {
    table = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file}: ${(error as Error).message}`, { cause: error });
  }
  // Bad data in the file is a failure (exit 1), not bad usage.
  try {
    const column = (name: string): number[] => {
      const values = table?.[name];
      if (!Array.isArray(values)) throw new TypeError(`expected an array of numbers for ${name}`);
      return values as number[];
    };
    return disk({
      aspectRatio: tabulated(column('radius'), column('aspectRatio'), { extrapolate, name: 'aspectRatio' }),
      density: tabulated(column('radius'), kgPerCubicMetre(column('density')), { extrapolate, name: 'density' }),
      ...(table.soundSpeed === undefined
        ? {}
        : { soundSpeed: tabulated(column('radius'), metresPerSecond(column('soundSpeed')), { extrapolate, name: 'soundSpeed' }) }),
    });
  } catch (error) {
    throw new Error(`${file}: ${(error as Error).message}`, { cause: error });
  }
}

/**
 * A mass or velocity flag: positive, checked here, since the library sees it in SI units and would
 * quote the converted value (kg, m/s) to a user who typed solar masses or km/s.
 */
function positive(flag: string, text: string | undefined): number {
  if (text === undefined) throw new UsageError(`${flag} is required`);
  const value = parseNumber(flag, text);
  if (!(value > 0)) throw new UsageError(`${flag} expects a positive number but received ${JSON.stringify(text)}`);
  return value;
}

export function registerLum(program: Command): void {
  program
    .command('lum')
    .description("shock and jet luminosity of a merger remnant kicked in an AGN disk (McFACTS, seed 000's second example)")
    .option('--smbh-mass <msun>', 'SMBH mass in solar masses', '1e8')
    .option('--mass <msun>', 'remnant mass in solar masses')
    .option('--a <rg>', 'orbital radius in gravitational radii of the SMBH')
    .option('--v <km/s>', 'kick velocity in km/s')
    .option('--spin <chi>', 'remnant spin (0..1): also print the jet luminosity')
    .option('--disk <file.json>', 'disk table: { radius (r_g), aspectRatio, density (kg/m^3), soundSpeed? (m/s) } (default: the demo disk)')
    .option('--extrapolate <how>', 'outside the disk table (the demo disk or --disk): error, power-law or spline', 'error')
    .option('--json', 'print machine-readable JSON')
    .addHelpText('after', '\nExamples:\n  hotloop lum --smbh-mass 1e8 --mass 60 --a 500 --v 100\n  hotloop lum --mass 60 --a 500 --v 100 --spin 0.7 --json')
    .action(async (flags: LumFlags) => {
      const smbhMass = positive('--smbh-mass', flags.smbhMass);
      const mass = positive('--mass', flags.mass);
      if (flags.a === undefined) throw new UsageError('--a is required');
      const a = parseNumber('--a', flags.a);
      const v = positive('--v', flags.v);
      const spin = flags.spin === undefined ? undefined : parseNumber('--spin', flags.spin);
      if (!EXTRAPOLATIONS.includes(flags.extrapolate ?? 'error')) {
        throw new UsageError(`--extrapolate expects error, power-law or spline but received ${JSON.stringify(flags.extrapolate)}`);
      }
      const extrapolate = (flags.extrapolate ?? 'error') as Extrapolation;
      const model = flags.disk === undefined ? demoDiskExtrapolated(extrapolate) : readDisk(flags.disk, extrapolate);
      // The file has been checked by readDisk: what the formulas refuse now is a flag value
      // (a radius outside the table, a spin above 1), so bad usage.
      const shock = checkedAsUsage(() => shockLuminosity(solarMass(smbhMass), solarMass(mass), a, model, kmPerSecond(v)), LUM_FLAGS);
      const jet = spin === undefined ? undefined : checkedAsUsage(() => jetLuminosity(solarMass(mass), a, model, spin, kmPerSecond(v)), LUM_FLAGS);
      const shockErg = inUnit(shock, ergPerSecond);
      const jetErg = jet === undefined ? undefined : inUnit(jet, ergPerSecond);
      if (flags.json) {
        const result = { smbhMassInSun: smbhMass, massInSun: mass, a, vKickKmPerS: v, spin, disk: flags.disk ?? 'demo', shockErgPerS: shockErg, jetErgPerS: jetErg };
        await print(JSON.stringify(result));
        return;
      }
      await print(`shock luminosity  ${shockErg.toPrecision(6)} erg/s`, ...(jetErg === undefined ? [] : [`jet luminosity    ${jetErg.toPrecision(6)} erg/s`]));
    });
}
