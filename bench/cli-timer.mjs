// Times `hotloop <args>` from a small process, as a shell starts it: the bench process itself holds
// hundreds of MB, and starting a child from it (fork, then exec) cost 70-190 ms more per run on a
// 2-core VM than from a fresh Node, which the CLI rows would otherwise count as the CLI's.
//
// The CLI runs in the bench's environment less NODE_EXTRA_CA_CERTS: with it set, every Node
// process parses that certificate bundle at start-up, before any of its own code (OpenSSL's PEM
// decoding: 500 M instructions for `node -e 0` against 83 M without, about 55 ms of CPU on a Zen 5
// VM). The CLI makes no TLS connection in these rows, and a user's machine rarely sets it (build
// and CI sandboxes do, for their proxies): kept, it would be timed as hotloop's start-up.
//
//   node bench/cli-timer.mjs <runs> <warmup> -- <hotloop args...>
// prints JSON: the runs' wall times in ms, and the CPU time (user + system) each run's process took,
// in ms (10 ms ticks), which load on a shared machine moves far less than wall time.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const split = process.argv.indexOf('--');
const [runs, warmup] = process.argv.slice(2, split).map(Number);
const args = process.argv.slice(split + 1);
const bin = new URL('../bin/hotloop.js', import.meta.url).pathname;
const env = { ...process.env };
delete env.NODE_EXTRA_CA_CERTS;

// The CPU time of this process's waited-for children (cutime + cstime of /proc/self/stat), in ms.
function childrenCpuMs() {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
    return (Number(fields[13]) + Number(fields[14])) * 10; // clock ticks: 100 per second on Linux
  } catch {
    return NaN; // not Linux: wall times only
  }
}

const times = [];
const cpu = [];
for (let i = -warmup; i < runs; i++) {
  const cpuBefore = childrenCpuMs();
  const start = performance.now();
  const run = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'], env });
  const ms = performance.now() - start;
  if (run.status !== 0) {
    process.stderr.write(`hotloop ${args.join(' ')} failed: ${run.stderr.trim()}\n`);
    process.exit(1);
  }
  if (i >= 0) {
    times.push(ms);
    cpu.push(childrenCpuMs() - cpuBefore);
  }
}
process.stdout.write(JSON.stringify({ times, cpu }));
