/**
 * The wasm benches' luminosity workload: `n` remnants of 10-100 solar masses at 500-20,500 r_g
 * with kicks of 50-550 km/s around a 1e8 solar-mass SMBH (seeded, so every bench times the same).
 */
import { kmPerSecond, solarMass } from '../src/index.js';
import { seededRandom } from './harness.js';

export function randomRemnants(n: number, seed = 7) {
  const random = seededRandom(seed);
  const mass = solarMass(Float64Array.from({ length: n }, () => 10 + 90 * random()));
  const a = Float64Array.from({ length: n }, () => 500 + 20_000 * random());
  const v = kmPerSecond(Float64Array.from({ length: n }, () => 50 + 500 * random()));
  return { smbh: solarMass(1e8), mass, a, v };
}
