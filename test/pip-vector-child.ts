// Run by pip.test.ts under HOTLOOP_SIMD=scalar|avx2|(unset): prints, per boundary mode, whether the
// native answers (on the vector path that setting selects) equal the TypeScript ones, point by point.
import { Engine } from '../src/index.js';
import { builtinZones } from '../src/pip/builtin-zones.js';
import { syntheticAisPoints } from '../src/pip/synthetic-points.js';
import { nativeInfo } from '../src/backend.js';

const points = syntheticAisPoints(300_001, 9); // odd: the vector loops' scalar tails run too
const report: Record<string, boolean | string> = { simd: nativeInfo()?.simd ?? 'none' };
for (const boundary of ['half-open', 'inside', 'outside'] as const) {
  const native = new Engine(builtinZones(), { boundary, backend: 'native', threads: 2 }).locateSync(points);
  const js = new Engine(builtinZones(), { boundary, backend: 'js' }).locateSync(points);
  report[boundary] = native.every((zone, i) => zone === js[i]);
}
console.log(JSON.stringify(report));
