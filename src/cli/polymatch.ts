// `hotloop polymatch`: match the seed's generated example (or a scaled one) and print the winners.
import type { Command } from 'commander';
import { generateExampleSet, matchPoints } from '../polymatch/api.js';
import { progressBar } from './progress.js';
import { parseInteger, parseNumber, parseThreads } from './usage.js';

interface PolymatchFlags {
  polygons: string;
  points: string;
  span: string;
  maxDist: string;
  seed: string;
  threads?: string;
  limit: string;
  json?: boolean;
}

export function registerPolymatch(program: Command): void {
  program
    .command('polymatch')
    .description("for each point of the seed's generated example, the smallest-area polygon whose center is within --max-dist")
    .option('--polygons <n>', 'number of polygons', '1000')
    .option('--points <n>', 'number of points', '100')
    .option('--span <n>', 'offsets and points lie in [0, span)', '100')
    .option('--max-dist <d>', 'distance limit from a polygon center', '10')
    .option('--seed <n>', 'seed of the example generator', '1')
    .option('--threads <n>', 'native threads (default: HOTLOOP_THREADS or all cores)')
    .option('--limit <n>', 'matches to print', '10')
    .option('--json', 'print machine-readable JSON (every point\'s polygon index, -1 for none)')
    .addHelpText('after', '\nExamples:\n  hotloop polymatch                      # the seed example\n  hotloop polymatch --polygons 1000000 --points 1000000 --span 3163')
    .action(async (flags: PolymatchFlags) => {
      const { polygons, points, maxDist } = generateExampleSet({
        polygons: parseInteger('--polygons', flags.polygons, 0, 1e8),
        points: parseInteger('--points', flags.points, 0, 1e8),
        span: parseInteger('--span', flags.span, 1, 2 ** 31),
        maxDist: parseNumber('--max-dist', flags.maxDist),
        seed: parseInteger('--seed', flags.seed, 0, 2 ** 32 - 1),
      });
      const threads = parseThreads(flags.threads);
      const limit = parseInteger('--limit', flags.limit, 0);
      const bar = progressBar('matching', !flags.json);
      const start = performance.now();
      const best = await matchPoints(polygons, points, { maxDist, threads, onProgress: bar.update });
      const ms = performance.now() - start;
      bar.stop();
      if (flags.json) {
        console.log(JSON.stringify({ polygons: polygons.length, maxDist, ms, best: Array.from(best) }));
        return;
      }
      for (let p = 0; p < Math.min(limit, best.length); p++) {
        const b = best[p];
        console.log(`point [${points[2 * p]}, ${points[2 * p + 1]}] -> ${b < 0 ? 'none' : `polygon ${b} (area ${polygons.areas[b]})`}`);
      }
      const matched = best.reduce((count, b) => count + (b >= 0 ? 1 : 0), 0);
      console.log(`${matched} of ${best.length} points matched among ${polygons.length} polygons in ${ms.toFixed(1)} ms`);
    });
}
