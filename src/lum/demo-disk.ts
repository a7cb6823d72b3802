/** hotloop's demo disk (scripts/make-demo-disk.ts generates its table): for examples, the CLI and tests. */
import { kgPerCubicMetre } from '../units/units.js';
import { type Disk, disk, tabulated } from './disk.js';
import type { Extrapolation } from './profile.js';
import { DEMO_ASPECT_RATIO, DEMO_DENSITY, DEMO_RADIUS } from './demo-disk-table.js';

/** The SMBH mass the demo disk was computed for, in solar masses. */
export const DEMO_SMBH_MASS_IN_SUN = 1e8;

/**
 * A steady alpha-disk around a 1e8 M_sun SMBH at 10% of Eddington, tabulated at 32 radii from 10 to
 * 50,000 r_g and interpolated by not-a-knot log-log cubic splines; radii outside are refused.
 */
export const demoDisk: Disk = demoDiskExtrapolated('error');

/** The demo disk with another rule outside its radii (the CLI's `--extrapolate` without `--disk`). */
export function demoDiskExtrapolated(extrapolate: Extrapolation): Disk {
  return disk({
    aspectRatio: tabulated(DEMO_RADIUS, DEMO_ASPECT_RATIO, { extrapolate }),
    density: tabulated(DEMO_RADIUS, kgPerCubicMetre(DEMO_DENSITY), { extrapolate }),
  });
}
