/**
 * Seeded AIS-like vessel positions for the demo and benchmarks when the shared AIS sample is not
 * there: most points cluster around ports and along the shipping lanes between them, the rest are
 * scattered over the oceans, like a real feed. The same seed always gives the same points.
 */
import { seededRandom } from '../random.js';

type Position = [number, number];

const PORTS: Position[] = [
  [4.0, 51.95], [-5.6, 36.0], [32.3, 31.3], [103.8, 1.25], [122.0, 31.0], [-118.25, 33.7],
  [-79.6, 8.9], [-74.0, 40.5], [-46.3, -24.0], [18.4, -33.9], [139.8, 35.4], [8.5, 53.9],
];

// Lanes as waypoint lists (lon, lat), none crossing the antimeridian.
const LANES: Position[][] = [
  [[4.0, 51.95], [-1.5, 50.0], [-9.5, 43.0], [-5.6, 36.0], [11.0, 37.5], [32.3, 31.3]],
  [[32.5, 29.5], [43.4, 12.6], [52.0, 13.0], [80.5, 5.8], [95.0, 6.0], [103.8, 1.25]],
  [[103.8, 1.25], [110.0, 10.0], [122.0, 31.0], [130.0, 33.0], [139.8, 35.4]],
  [[-74.0, 40.5], [-40.0, 40.0], [-5.6, 36.0]],
  [[-79.6, 8.9], [-90.0, 12.0], [-110.0, 22.0], [-118.25, 33.7]],
  [[-46.3, -24.0], [-20.0, -30.0], [18.4, -33.9], [40.0, -25.0], [80.5, 5.8]],
];

function gaussian(random: () => number): number {
  // Box-Muller; 1 - random() is in (0, 1], so the logarithm is finite.
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/** `n` AIS-like points: 35% near ports, 50% along lanes, 15% anywhere between 60S and 70N. */
export function syntheticAisPoints(n: number, seed = 1): { lon: Float64Array; lat: Float64Array } {
  const random = seededRandom(seed);
  const lon = new Float64Array(n);
  const lat = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const kind = random();
    let x: number;
    let y: number;
    if (kind < 0.35) {
      const [px, py] = PORTS[Math.floor(random() * PORTS.length)];
      x = px + 0.3 * gaussian(random);
      y = py + 0.3 * gaussian(random);
    } else if (kind < 0.85) {
      const lane = LANES[Math.floor(random() * LANES.length)];
      const leg = Math.floor(random() * (lane.length - 1));
      const t = random();
      x = lane[leg][0] + t * (lane[leg + 1][0] - lane[leg][0]) + 0.25 * gaussian(random);
      y = lane[leg][1] + t * (lane[leg + 1][1] - lane[leg][1]) + 0.25 * gaussian(random);
    } else {
      x = -180 + 360 * random();
      y = -60 + 130 * random();
    }
    lon[i] = x;
    lat[i] = y;
  }
  return { lon, lat };
}
