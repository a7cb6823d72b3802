// `hotloop demo`: runs every module on built-in data and tells what it did and how long it took.
import type { Command } from 'commander';
import { backend, threads } from '../backend.js';
import { cubicDemo } from '../cubic/demo.js';
import { lumDemo } from '../lum/demo.js';
import { polymatchDemo } from '../polymatch/demo.js';
import { reduceDemo } from '../reduce/demo.js';
import { pipDemo } from '../pip/demo.js';
import { juliaDemo } from '../julia/demo.js';
import type { DemoReport } from './demo-report.js';
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
      if (!options.json) console.log(`hotloop demo: ${backend()} backend, ${threads()} threads\n`);
      for (const demo of demos) {
        if (wanted && !wanted.includes(demo.name)) continue;
        const report = { name: demo.name, ...(await demo.run()) };
        reports.push(report);
        if (!options.json) {
          console.log(`${report.title}  (${report.ms.toFixed(1)} ms)`);
          for (const line of report.lines) console.log(`  ${line}`);
          console.log('');
        }
      }
      if (options.json) console.log(JSON.stringify({ backend: backend(), threads: threads(), demos: reports }, null, 2));
    });
}
