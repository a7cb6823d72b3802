// `hotloop demo`: runs every module on built-in data and tells what it did and how long it took.
import type { Command } from 'commander';
import { backend, threads } from '../backend.js';
import { cubicDemo } from './demos/cubic.js';
import { juliaDemo } from './demos/julia.js';
import { lumDemo } from './demos/lum.js';
import { pipDemo } from './demos/pip.js';
import { polymatchDemo } from './demos/polymatch.js';
import { reduceDemo } from './demos/reduce.js';
import type { DemoReport } from './demos/report.js';
import { print } from './output.js';
import { UsageError } from './usage.js';

const demos: Array<{ name: string; run: () => Promise<DemoReport> }> = [
  { name: 'cubic', run: cubicDemo },
  { name: 'lum', run: lumDemo },
  { name: 'polymatch', run: polymatchDemo },
  { name: 'reduce', run: reduceDemo },
  { name: 'pip', run: pipDemo },
  { name: 'julia', run: juliaDemo },
];

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('run every module on built-in data and print what it did and how long it took')
    .option('--only <modules>', `comma-separated subset of: ${demos.map((d) => d.name).join(', ')}`)
    .option('--json', 'print machine-readable JSON')
    .action(async (options: { only?: string; json?: boolean }) => {
      const wanted = options.only?.split(',').map((s) => s.trim());
      const unknown = wanted?.filter((name) => !demos.some((d) => d.name === name)) ?? [];
      if (unknown.length > 0) {
        throw new UsageError(`--only expects some of ${demos.map((d) => d.name).join(', ')} but received ${unknown.join(', ')}`);
      }
      const reports: Array<DemoReport & { name: string }> = [];
      if (!options.json) await print(`hotloop demo: ${backend()} backend, ${threads()} threads`, '');
      for (const demo of demos) {
        if (wanted && !wanted.includes(demo.name)) continue;
        const report = { name: demo.name, ...(await demo.run()) };
        reports.push(report);
        if (!options.json) {
          await print(`${report.title}  (${report.ms.toFixed(1)} ms)`, ...report.lines.map((line) => `  ${line}`), '');
        }
      }
      if (options.json) await print(JSON.stringify({ backend: backend(), threads: threads(), demos: reports }, null, 2));
    });
}
