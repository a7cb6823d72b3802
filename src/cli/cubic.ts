// `hotloop cubic`: real roots of one cubic from the command line.
import type { Command } from 'commander';
import { cubicYRoot, solveCubic } from '../cubic/api.js';
import { type Example, examplesHelp } from './examples.js';
import { print } from './output.js';
import { UsageError, parseNumber } from './usage.js';

export const cubicExamples: Example[] = [
  { command: 'hotloop cubic 1 -7 14 -8', comment: 'roots of x^3 - 7x^2 + 14x - 8, one per line: 1, 2, 4', output: '1\n2\n4\n' },
  { command: 'hotloop cubic 1 -6 11 -6', comment: '(x-1)(x-2)(x-3): exactly 1, 2, 3', output: '1\n2\n3\n' },
  { command: 'hotloop cubic --x0 -0.5 --y0 1', comment: "the seed's x0*y^3 + 1.5*y - y0: -2, then the double root 1", output: '-2\n1\n1\n' },
  { command: 'hotloop cubic 0 1 -3 2 --json', comment: 'a = 0 degrades to the quadratic', output: '{"roots":[1,2]}\n' },
];

export function registerCubic(program: Command): void {
  program
    .command('cubic')
    .description('real roots of a*x^3 + b*x^2 + c*x + d, or of the seed\'s x0*y^3 + 1.5*y - y0 with --x0/--y0')
    .argument('[coefficients...]', 'a b c d (highest degree first)')
    .option('--x0 <number>', "the seed's x0")
    .option('--y0 <number>', "the seed's y0")
    .option('--json', 'print machine-readable JSON')
    .addHelpText('after', examplesHelp(cubicExamples))
    .action(async (coefficients: string[], options: { x0?: string; y0?: string; json?: boolean }) => {
      let roots: number[];
      if (options.x0 !== undefined || options.y0 !== undefined) {
        if (options.x0 === undefined || options.y0 === undefined || coefficients.length > 0) {
          throw new UsageError('give either --x0 and --y0, or four coefficients a b c d');
        }
        roots = cubicYRoot(parseNumber('--x0', options.x0), parseNumber('--y0', options.y0));
      } else {
        if (coefficients.length !== 4) {
          throw new UsageError(`expected four coefficients a b c d but received ${coefficients.length}`);
        }
        const [a, b, c, d] = coefficients.map((text, i) => parseNumber('abcd'[i], text));
        if (a === 0 && b === 0 && c === 0 && d === 0) throw new UsageError('all four coefficients are zero: every x is a root');
        roots = solveCubic(a, b, c, d);
      }
      await print(options.json ? JSON.stringify({ roots }) : roots.length === 0 ? 'no real roots' : roots.join('\n'));
    });
}
