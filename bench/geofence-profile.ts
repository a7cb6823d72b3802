/**
 * Where one geofence consumer's time goes on a packed backlog (issue 16), and an A/B of its two
 * read paths: consumers run in this process against a local redis-server, each on a stream of its
 * own, on the bench's data (the AIS sample repeated in time), after a warm-up on the same ids.
 * Each round times the in-process Geofence (string ids, numeric ids), then each consumer in turn
 * draining a backlog added in one MULTI/EXEC (the others wait, blocked in XREADGROUP), and prints
 * the ratios, the process's CPU per position (every thread), GC time and page faults. With
 * `--cpu-prof-out FILE` the last round's run of the first variant is also CPU-profiled (V8
 * inspector: this thread only; a .cpuprofile for Chrome DevTools).
 *
 *   node --import tsx bench/geofence-profile.ts [--rounds 5] [--copies 10] [--variants worker,client] [--cpu-prof-out FILE] [--no-in-process]
 *
 * Variants: `worker` reads ahead on a worker thread (the default), `client` reads with the client
 * (`readWorker: false`).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { PerformanceObserver } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { Engine, Geofence } from '../src/index.js';
import { runGeofenceConsumer } from '../src/geofence/consumer.js';
import { packPositions } from '../src/geofence/wire.js';
import { connectRedis } from '../src/redis/connect.js';
import { startRedis, stopRedis } from '../test/redis-server.js';
import { type Positions, inProcess, later, loadBase, numericIds, repeatInTime } from './geofence.bench.js';

const { values: flags } = parseArgs({
  options: {
    rounds: { type: 'string', default: '5' },
    copies: { type: 'string', default: '10' },
    variants: { type: 'string', default: 'worker,client' },
    'cpu-prof-out': { type: 'string' },
    'no-in-process': { type: 'boolean', default: false },
  },
});
const PACKED = 4096;
const variants = flags.variants.split(',');
for (const v of variants) if (v !== 'worker' && v !== 'client') throw new Error(`--variants: expected worker and/or client, got ${v}`);

let gcMs = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) gcMs += entry.duration;
}).observe({ entryTypes: ['gc'] });

const { zones, base } = loadBase();
const engine = new Engine(zones, { threads: 1 });
const data = repeatInTime(base, Number(flags.copies));
const span = Math.ceil((data.time.reduce((a, b) => Math.max(a, b), -Infinity) - data.time.reduce((a, b) => Math.min(a, b), Infinity) + 1) / 400_000) * 400_000;
const server = await startRedis();
if (!server) throw new Error('redis-server could not start');
const redis = await connectRedis(server.url, { name: 'bench-producer' });

/** One consumer per variant for the whole run, as the bench's consumer processes (they commit fast after their first commits). */
const controller = new AbortController();
const consumers = await Promise.all(
  variants.map(async (variant) => {
    const stream = `profile:${variant}:in`;
    const out = `profile:${variant}:out`;
    await redis.xgroup('CREATE', stream, 'g', '0', 'MKSTREAM');
    const client = await connectRedis(server.url, { name: `bench-${variant}` });
    const running = runGeofenceConsumer(client, engine, { stream, group: 'g', out, consumer: 'c0', count: 16, threads: 1, signal: controller.signal, readWorker: variant === 'worker' });
    return { variant, stream, out, client, running, added: 0 };
  }),
);
type Consumer = (typeof consumers)[number];

/** The positions packed into one MULTI (sent by the caller: the consumer wakes at its EXEC). */
function backlog(consumer: Consumer, positions: Positions) {
  const multi = redis.multi();
  for (let b = 0; b < positions.id.length; b += PACKED) multi.xadd(consumer.stream, '*', 'positions', packPositions(positions.id, positions.time, positions.lon, positions.lat, b, Math.min(positions.id.length, b + PACKED)));
  consumer.added += Math.ceil(positions.id.length / PACKED);
  return multi;
}

/** Resolves once every entry added so far is acknowledged (polled every 2 ms); the events written meanwhile. */
async function drained(consumer: Consumer, eventsBefore: number): Promise<number> {
  for (;;) {
    const info = (await redis.xinfo('GROUPS', consumer.stream)) as unknown[][];
    const fields = new Map<string, unknown>();
    for (let i = 0; i + 1 < info[0].length; i += 2) fields.set(String(info[0][i]), info[0][i + 1]);
    if (Number(fields.get('pending')) === 0 && Number(fields.get('entries-read')) === consumer.added) return (await redis.xlen(consumer.out)) - eventsBefore;
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

/** CPU seconds of this process's main thread (its task id is the pid), from /proc (Linux); NaN elsewhere. */
function mainThreadSeconds(): number {
  try {
    const fields = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return NaN;
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

try {
  // Warm-up: the same positions earlier in time, twice (the consumers then hold the states of the ids an in-process Geofence on them holds).
  for (const consumer of consumers) {
    for (const shift of [0, span]) {
      await backlog(consumer, later(data, shift)).exec();
      await drained(consumer, 0);
    }
  }
  const rounds = Number(flags.rounds);
  const reference = new Geofence(engine);
  for (const shift of [0, span]) reference.pushSync(numericIds(later(data, shift)));
  const ratios: Record<string, { strings: number[]; numbers: number[]; cpu: number[]; main: number[]; ms: number[] }> = {};
  for (let r = 0; r < rounds; r++) {
    const positions = later(data, (r + 2) * span);
    const n = positions.id.length;
    const wanted = reference.pushSync(numericIds(positions)).length;
    for (const consumer of consumers) {
      // --no-in-process: the consumer alone in this process's profile (perf record).
      const skip = { ms: NaN, events: 0, cpu: NaN };
      const strings = flags['no-in-process'] ? skip : inProcess(engine, positions, PACKED);
      const numbers = flags['no-in-process'] ? skip : inProcess(engine, numericIds(positions), PACKED);
      const multi = backlog(consumer, positions);
      const profiling = flags['cpu-prof-out'] !== undefined && r === rounds - 1 && consumer === consumers[0];
      const session = profiling ? new Session() : null;
      if (session) {
        session.connect();
        await session.post('Profiler.enable');
        await session.post('Profiler.setSamplingInterval', { interval: 100 });
      }
      const eventsBefore = await redis.xlen(consumer.out);
      // Timed from EXEC's reply (the entries are all on the stream; the consumer wakes to them), as the bench.
      await multi.exec();
      const gcBefore = gcMs;
      const usage = process.resourceUsage();
      const mainBefore = mainThreadSeconds();
      const start = performance.now();
      if (session) await session.post('Profiler.start');
      const events = await drained(consumer, eventsBefore);
      const ms = performance.now() - start;
      const used = process.resourceUsage();
      const mainUs = ((mainThreadSeconds() - mainBefore) * 1e6) / n;
      if (session) {
        const { profile } = await session.post('Profiler.stop');
        writeFileSync(flags['cpu-prof-out']!, JSON.stringify(profile));
        session.disconnect();
      }
      if (events !== wanted) throw new Error(`round ${r}, ${consumer.variant}: ${events} events, in-process ${wanted}`);
      const cpuUs = (used.userCPUTime - usage.userCPUTime + used.systemCPUTime - usage.systemCPUTime) / n;
      const mine = (ratios[consumer.variant] ??= { strings: [], numbers: [], cpu: [], main: [], ms: [] });
      mine.strings.push(strings.ms / ms);
      mine.numbers.push(numbers.ms / ms);
      mine.cpu.push(cpuUs);
      mine.main.push(mainUs);
      mine.ms.push(ms);
      console.log(
        `round ${r}, ${consumer.variant.padEnd(6)}: ${ms.toFixed(1)} ms (${((n / ms) * 1e3 / 1e6).toFixed(2)} M/s), ${((strings.ms / ms) * 100).toFixed(0)}% of in-process string ids (${strings.ms.toFixed(1)} ms), ${((numbers.ms / ms) * 100).toFixed(0)}% of numeric ids (${numbers.ms.toFixed(1)} ms); ` +
          `CPU ${cpuUs.toFixed(3)} µs/position (main thread ${mainUs.toFixed(2)}; user ${((used.userCPUTime - usage.userCPUTime) / n).toFixed(3)}), GC ${(gcMs - gcBefore).toFixed(1)} ms, minor faults ${used.minorPageFault - usage.minorPageFault}`,
      );
    }
  }
  for (const [variant, { strings, numbers, cpu, main, ms }] of Object.entries(ratios)) {
    console.log(
      `${variant}: median of ${rounds}: ${median(ms).toFixed(1)} ms, ${(median(strings) * 100).toFixed(0)}% of in-process string ids, ${(median(numbers) * 100).toFixed(0)}% of numeric ids, ` +
        `CPU ${median(cpu).toFixed(3)} µs/position (main thread ${median(main).toFixed(2)})`,
    );
  }
  controller.abort();
  for (const consumer of consumers) console.log(consumer.variant, JSON.stringify(await consumer.running));
} finally {
  redis.disconnect();
  for (const consumer of consumers) consumer.client.disconnect();
  await stopRedis(server);
}
