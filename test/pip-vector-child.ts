// Run by the pip tests under HOTLOOP_SIMD=scalar|avx2|(unset): compares the native answers (on the
// vector path that setting selects) with the TypeScript ones, point by point, and prints a report.
// No argument: the built-in zones and 300,001 AIS-like points, per boundary mode.
// 'extremes': the fixtures of pip-extreme-fixtures.ts at every scale, and extents across the whole
// double range, listing any case whose answers differ.
import { nativeInfo } from '../src/backend.js';
import { Engine } from '../src/index.js';
import { builtinZones } from '../src/pip/builtin-zones.js';
import type { BoundaryCode } from '../src/pip/reference.js';
import { syntheticAisPoints } from '../src/pip/synthetic-points.js';
import { SCALES, fixturePoints, overlapping, scaled, tiling } from './pip-extreme-fixtures.js';
import { type Rings, packPolygons, runKernels } from './pip-kernels.js';

function builtinReport(): Record<string, boolean | string> {
  const points = syntheticAisPoints(300_001, 9); // odd: the vector loops' scalar tails run too
  const report: Record<string, boolean | string> = { simd: nativeInfo()?.simd ?? 'none' };
  for (const boundary of ['half-open', 'inside', 'outside'] as const) {
    const native = new Engine(builtinZones(), { boundary, backend: 'native', threads: 2 }).locateSync(points);
    const js = new Engine(builtinZones(), { boundary, backend: 'js' }).locateSync(points);
    report[boundary] = native.every((zone, i) => zone === js[i]);
  }
  return report;
}

function extremesReport(): { simd: string; mismatches: string[] } {
  const mismatches: string[] = [];
  const compare = (label: string, zones: Rings[], lon: Float64Array, lat: Float64Array) => {
    const packed = packPolygons(zones);
    for (const mode of [0, 1, 2] as BoundaryCode[]) {
      const native = runKernels({ backend: 'native', threads: 2 }, packed, lon, lat, mode);
      const js = runKernels({ backend: 'js', threads: 1 }, packed, lon, lat, mode);
      if (JSON.stringify(native) !== JSON.stringify(js)) mismatches.push(`${label}, mode ${mode}`);
    }
  };
  for (const [name, zones] of [['tiling', tiling], ['overlapping', overlapping]] as const) {
    const points = fixturePoints(zones, 2001, 31);
    for (const k of SCALES) {
      const s = scaled(zones, points, k);
      compare(`${name} at 2^${k}`, s.zones, s.lon, s.lat);
    }
  }
  const max = 1.7e308;
  const wide: Rings[] = [
    [[[-max, -max], [max, -max], [0, max], [-max, -max]]],
    [[[0, 0], [4e-310, 1e-310], [1e-310, 3e-310], [0, 0]]],
    [[[0, 0], [1, 1e-320], [0, 1], [0, 0]]],
  ];
  const values = [0, 5e-324, 1e-320, 2e-310, 0.5, 1, 1e300, -1e300, 1.6e308, -1.6e308, Number.MAX_VALUE, NaN, Infinity];
  const lon = Float64Array.from(values.flatMap((x) => values.map(() => x)));
  const lat = Float64Array.from(values.flatMap(() => values));
  compare('whole-range extents', wide, lon, lat);
  return { simd: nativeInfo()?.simd ?? 'none', mismatches };
}

console.log(JSON.stringify(process.argv[2] === 'extremes' ? extremesReport() : builtinReport()));
