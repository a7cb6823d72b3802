// `hotloop demo` for polymatch: the seed's example through the seed's `main`, then a packed batch.
import { backend, threads } from '../../backend.js';
import type { DemoReport } from './report.js';
import { generateExample, generateExampleSet, main, matchPointsSync } from '../../polymatch/api.js';

export async function polymatchDemo(): Promise<DemoReport> {
  const { polygons, points, maxDist } = generateExample();
  const start = performance.now();
  const matches = main(polygons, points, maxDist);
  const ms = performance.now() - start;
  const first = matches.slice(0, 5).map(([point, polygon]) => {
    const center = polygon.center.map((v) => v.toFixed(2)).join(', ');
    return `point [${point.join(', ')}] -> polygon ${polygons.indexOf(polygon)} (center [${center}], area ${polygon.area().toPrecision(17)})`;
  });
  const big = generateExampleSet({ polygons: 200_000, points: 200_000, span: 1414 });
  const batchStart = performance.now();
  const best = matchPointsSync(big.polygons, big.points, { maxDist: big.maxDist });
  const batchMs = performance.now() - batchStart;
  const matched = best.reduce((count, b) => count + (b >= 0 ? 1 : 0), 0);
  return {
    title: 'polymatch (seed 001): per point, the smallest-area polygon whose center is within maxDist',
    ms,
    lines: [
      `seed example: ${polygons.length} polygons of 10 vertices, ${points.length} points, maxDist ${maxDist}: ${matches.length} points matched`,
      ...first,
      `(all polygons share one true area ${polygons[0].area().toPrecision(6)}; rounding and the first-wins rule pick the winner)`,
      `batch: 200,000 polygons x 200,000 points on the ${backend()} backend, ${threads()} threads: ${batchMs.toFixed(1)} ms, ${matched.toLocaleString('en-US')} matched`,
    ],
  };
}
