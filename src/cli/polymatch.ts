// `hotloop polymatch`: match the seed's generated example (or a scaled one) and print the winners.
import type { Command } from 'commander';
import { generateExampleSet, matchPoints } from '../polymatch/api.js';
import { type Example, examplesHelp } from './examples.js';
import { print, printLines } from './output.js';
import { progressBar } from './progress.js';
import { checkedAsUsage, parseInteger, parseNumber, parseThreads } from './usage.js';

export const polymatchExamples: Example[] = [
  { command: 'hotloop polymatch', comment: 'the seed example: 1,000 polygons, 100 points, maxDist 10' },
  { command: 'hotloop polymatch --polygons 1000000 --points 1000000 --span 3163', comment: 'a million of each, on every core' },
  { command: 'hotloop polymatch --points 5 --json', comment: "every point's best polygon index (-1 for none) as JSON" },
];

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
    .addHelpText('after', examplesHelp(polymatchExamples))
    .action(async (flags: PolymatchFlags) => {
      const options = {
        polygons: parseInteger('--polygons', flags.polygons, 0, 1e8),
        points: parseInteger('--points', flags.points, 0, 1e8),
        span: parseInteger('--span', flags.span, 1, 2 ** 31),
        maxDist: parseNumber('--max-dist', flags.maxDist),
        seed: parseInteger('--seed', flags.seed, 0, 2 ** 32 - 1),
      };
      // The generator checks the combination (maxDist > 0, polygons x vertices below 2^31): flag values.
      const { polygons, points, maxDist } = checkedAsUsage(() => generateExampleSet(options), { polygons: '--polygons', points: '--points', span: '--span', maxDist: '--max-dist', seed: '--seed' });
      const threads = parseThreads(flags.threads);
      const limit = parseInteger('--limit', flags.limit, 0);
      const bar = progressBar('matching', !flags.json);
      const start = performance.now();
      const best = await matchPoints(polygons, points, { maxDist, threads, onProgress: bar.update }).finally(() => bar.stop());
      const ms = performance.now() - start;
      bar.stop();
      if (flags.json) {
        await print(JSON.stringify({ polygons: polygons.length, maxDist, ms, best: Array.from(best) }));
        return;
      }
      const lines: string[] = [];
      for (let p = 0; p < Math.min(limit, best.length); p++) {
        const b = best[p];
        lines.push(`point [${points[2 * p]}, ${points[2 * p + 1]}] -> ${b < 0 ? 'none' : `polygon ${b} (area ${polygons.areas[b]})`}`);
      }
      const matched = best.reduce((count, b) => count + (b >= 0 ? 1 : 0), 0);
      lines.push(`${matched} of ${best.length} points matched among ${polygons.length} polygons in ${ms.toFixed(1)} ms`);
      await printLines(lines);
    });
}
