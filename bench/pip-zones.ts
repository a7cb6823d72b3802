/**
 * The 1,000-zone workload of the pip bench, shared by pip.bench.ts (its table) and pip-units.ts (its
 * rows per vector unit): the zones and the seeded points.
 */
import { seededRandom } from '../src/random.js';

/** 1,000 wavy zones of 1,000 vertices each on a 40 x 25 grid of cells, every tenth with a hole. */
export function manyZones(): object[] {
  const random = seededRandom(11);
  const zones: object[] = [];
  for (let k = 0; k < 1000; k++) {
    const cx = -180 + 9 * ((k % 40) + 0.5);
    const cy = -60 + 5.2 * (Math.floor(k / 40) + 0.5);
    const phase = 2 * Math.PI * random();
    const ring: number[][] = [];
    for (let i = 0; i < 999; i++) {
      const a = (2 * Math.PI * i) / 999;
      const r = 2.2 * (1 + 0.15 * Math.sin(6 * a + phase) + 0.01 * random());
      ring.push([cx + 1.7 * r * Math.cos(a), cy + r * Math.sin(a)]);
    }
    ring.push(ring[0]);
    const rings = [ring];
    if (k % 10 === 0) rings.push([[cx - 0.5, cy - 0.5], [cx - 0.5, cy + 0.5], [cx + 0.5, cy + 0.5], [cx + 0.5, cy - 0.5], [cx - 0.5, cy - 0.5]]);
    zones.push({ type: 'Polygon', coordinates: rings });
  }
  return zones;
}

/** `n` points uniform over the zones' grid (most of the world between 60 S and 70 N). */
export function manyZonesPoints(n: number): { lat: Float64Array; lon: Float64Array } {
  const random = seededRandom(12);
  const lon = new Float64Array(n);
  const lat = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    lon[i] = -180 + 360 * random();
    lat[i] = -60 + 130 * random();
  }
  return { lat, lon };
}
