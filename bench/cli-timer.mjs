// Times `hotloop <args>` from a small process, as a shell starts it: the bench process itself holds
// hundreds of MB, and starting a child from it (fork, then exec) cost 70-190 ms more per run on a
// 2-core VM than from a fresh Node, which the CLI rows would otherwise count as the CLI's.
//
//   node bench/cli-timer.mjs <runs> <warmup> -- <hotloop args...>   prints the runs' wall times in ms (JSON)
import { spawnSync } from 'node:child_process';

const split = process.argv.indexOf('--');
const [runs, warmup] = process.argv.slice(2, split).map(Number);
const args = process.argv.slice(split + 1);
const bin = new URL('../bin/hotloop.js', import.meta.url).pathname;
const times = [];
for (let i = -warmup; i < runs; i++) {
  const start = performance.now();
  const run = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = performance.now() - start;
  if (run.status !== 0) {
    process.stderr.write(`hotloop ${args.join(' ')} failed: ${run.stderr.trim()}\n`);
    process.exit(1);
  }
  if (i >= 0) times.push(ms);
}
process.stdout.write(JSON.stringify(times));
