// `hotloop demo` for lum: the seed's McFACTS case, then a million remnants across the demo disk.
import { backend } from '../../backend.js';
import type { DemoReport } from './report.js';
import { seededRandom } from '../../random.js';
import { ergPerSecond, inUnit, kmPerSecond, solarMass } from '../../units/units.js';
import { jetLuminosity, shockLuminositiesSync, shockLuminosity } from '../../lum/api.js';
import { demoDisk } from '../../lum/demo-disk.js';

export async function lumDemo(): Promise<DemoReport> {
  const M = solarMass(1e8);
  const shock = inUnit(shockLuminosity(M, solarMass(60), 500, demoDisk, kmPerSecond(100)), ergPerSecond);
  const jet = inUnit(jetLuminosity(solarMass(60), 500, demoDisk, 0.7, kmPerSecond(100)), ergPerSecond);
  const n = 1_000_000;
  const random = seededRandom(15);
  const massSun = new Float64Array(n);
  const a = new Float64Array(n);
  const vKms = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    massSun[i] = 5 + 195 * random();
    a[i] = 10 * 5000 ** random();
    vKms[i] = 20 + 1500 * random();
  }
  const mass = solarMass(massSun);
  const v = kmPerSecond(vKms);
  const start = performance.now();
  const L = shockLuminositiesSync(M, mass, a, demoDisk, v);
  const ms = performance.now() - start;
  let brightest = 0;
  for (let i = 1; i < n; i++) if (L[i] > L[brightest]) brightest = i;
  return {
    title: "lum (seed 000, McFACTS): shock and jet luminosities of merger remnants in an AGN disk",
    ms,
    lines: [
      `60 M_sun remnant at 500 r_g of a 1e8 M_sun SMBH, kicked at 100 km/s: shock ${shock.toPrecision(4)} erg/s, jet (spin 0.7) ${jet.toPrecision(4)} erg/s`,
      `${n.toLocaleString('en-US')} remnants across the demo disk on the ${backend()} backend; brightest shock ${inUnit(L, ergPerSecond)[brightest].toPrecision(4)} erg/s (${massSun[brightest].toFixed(0)} M_sun at ${a[brightest].toFixed(0)} r_g, ${vKms[brightest].toFixed(0)} km/s)`,
      `${((ms * 1e6) / n).toFixed(1)} ns per remnant`,
    ],
  };
}
