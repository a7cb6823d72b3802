// `hotloop demo` for pip: the built-in zones against 2 million seeded AIS-like points.
import { backend } from '../../backend.js';
import type { DemoReport } from './report.js';
import { Engine } from '../../pip/api.js';
import { builtinZones } from '../../pip/builtin-zones.js';
import { syntheticAisPoints } from '../../pip/synthetic-points.js';

export async function pipDemo(): Promise<DemoReport> {
  const n = 2_000_000;
  const engine = new Engine(builtinZones());
  const points = syntheticAisPoints(n, 2026);
  const start = performance.now();
  const zones = engine.locateSync(points);
  const ms = performance.now() - start;
  const { counts, none } = engine.countSync(points);
  const { offsets } = engine.pipAllSync(points);
  let overlapping = 0;
  for (let i = 0; i < n; i++) if (offsets[i + 1] - offsets[i] > 1) overlapping++;
  const first = zones.findIndex((z) => z >= 0);
  return {
    title: 'pip (seed 003): which zone is each vessel in?',
    ms,
    lines: [
      `${engine.zoneCount} built-in zones (a hole, a MultiPolygon, overlaps), ${n.toLocaleString('en-US')} seeded AIS-like points, ${backend()} backend`,
      ...counts.map((count, z) => `${engine.zoneNames[z].padEnd(24)} ${count.toLocaleString('en-US').padStart(9)}`),
      `${'(none)'.padEnd(24)} ${none.toLocaleString('en-US').padStart(9)}`,
      `${overlapping.toLocaleString('en-US')} points are in two zones (Rotterdam inside the North Sea): locate keeps the first, pipAll lists both`,
      `e.g. point ${first} at (${points.lon[first].toFixed(3)}, ${points.lat[first].toFixed(3)}) is in ${engine.zoneNames[zones[first]]}`,
      `${((n / ms) * 1e3 / 1e6).toFixed(1)} M points/s`,
    ],
  };
}
