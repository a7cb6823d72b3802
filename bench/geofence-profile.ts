/**
 * Where one geofence consumer's time goes on a packed backlog (issue 16): the consumer runs in this
 * process against a local redis-server, on the bench's data (the AIS sample repeated in time), after
 * a warm-up under other ids. Each round times the in-process Geofence (string ids, numeric ids) and
 * then the consumer draining a backlog added in one MULTI/EXEC, and prints the ratios, the
 * consumer's CPU, GC time and page faults. With `--cpu-prof-out FILE` the last round's consumer run
 * is also CPU-profiled (V8 inspector; open the .cpuprofile in Chrome DevTools or read it with
 * `--summary`).
 *
 *   node --import tsx bench/geofence-profile.ts [--rounds 5] [--copies 10] [--cpu-prof-out /tmp/c.cpuprofile]
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { PerformanceObserver } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { Engine, Geofence } from '../src/index.js';
import { runGeofenceConsumer } from '../src/geofence/consumer.js';
import { packPositions } from '../src/geofence/wire.js';
import { connectRedis } from '../src/redis/connect.js';
import { startRedis, stopRedis } from '../test/redis-server.js';
import { type Positions, inProcess, later, loadBase, numericIds, otherIds, repeatInTime } from './geofence.bench.js';

const { values: flags } = parseArgs({ options: { rounds: { type: 'string', default: '5' }, copies: { type: 'string', default: '10' }, 'cpu-prof-out': { type: 'string' }, 'no-in-process': { type: 'boolean', default: false } } });
const PACKED = 4096;

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
const consumerRedis = await connectRedis(server.url, { name: 'bench-consumer' });
const stream = 'profile:in';

/** The positions packed into one MULTI (sent by the caller: the consumer wakes at its EXEC). */
function backlog(positions: Positions) {
  const multi = redis.multi();
  for (let b = 0; b < positions.id.length; b += PACKED) multi.xadd(stream, '*', 'positions', packPositions(positions.id, positions.time, positions.lon, positions.lat, b, Math.min(positions.id.length, b + PACKED)));
  added += Math.ceil(positions.id.length / PACKED);
  return multi;
}

// One consumer for the whole run, as the bench's consumer processes: it commits fast after its first commits.
const controller = new AbortController();
await redis.xgroup('CREATE', stream, 'g', '0', 'MKSTREAM');
const running = runGeofenceConsumer(consumerRedis, engine, { stream, group: 'g', out: 'profile:out', consumer: 'c0', count: 16, threads: 1, signal: controller.signal });
let added = 0;
/** Resolves once every entry added so far is acknowledged (polled every 2 ms). */
async function drained(): Promise<void> {
  for (;;) {
    const info = (await redis.xinfo('GROUPS', stream)) as unknown[][];
    const fields = new Map<string, unknown>();
    for (let i = 0; i + 1 < info[0].length; i += 2) fields.set(String(info[0][i]), info[0][i + 1]);
    if (Number(fields.get('pending')) === 0 && Number(fields.get('entries-read')) === added) return;
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}
const consume = async () => {
  const before = await redis.xlen('profile:out');
  await drained();
  return { events: (await redis.xlen('profile:out')) - before };
};

try {
  // Warm-up: the same positions under other ids, twice.
  await backlog(otherIds(data)).exec();
  await consume();
  await backlog(later(otherIds(data), span)).exec();
  await consume();
  const rounds = Number(flags.rounds);
  const reference = new Geofence(engine);
  const rows: string[] = [];
  for (let r = 0; r < rounds; r++) {
    const positions = later(data, (r + 2) * span);
    // --no-in-process: the consumer alone in this process's profile (perf record).
    const skip = { ms: NaN, events: 0, cpu: NaN };
    const strings = flags['no-in-process'] ? skip : inProcess(engine, positions, PACKED);
    const numbers = flags['no-in-process'] ? skip : inProcess(engine, numericIds(positions), PACKED);
    const wanted = flags['no-in-process'] ? NaN : reference.pushSync(numericIds(positions)).length;
    const multi = backlog(positions);
    const profiling = flags['cpu-prof-out'] !== undefined && r === rounds - 1;
    const session = profiling ? new Session() : null;
    if (session) {
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.setSamplingInterval', { interval: 100 });
    }
    // Timed from EXEC's reply (the entries are all on the stream; the consumer wakes to them), as the bench.
    await multi.exec();
    const gcBefore = gcMs;
    const usage = process.resourceUsage();
    const start = performance.now();
    if (session) await session.post('Profiler.start');
    const stats = await consume();
    const ms = performance.now() - start;
    const used = process.resourceUsage();
    if (session) {
      const { profile } = await session.post('Profiler.stop');
      writeFileSync(flags['cpu-prof-out']!, JSON.stringify(profile));
      session.disconnect();
    }
    if (!flags['no-in-process'] && stats.events !== wanted) throw new Error(`round ${r}: ${stats.events} events, in-process ${wanted}`);
    const n = positions.id.length;
    const cpuUs = (used.userCPUTime - usage.userCPUTime + used.systemCPUTime - usage.systemCPUTime) / n;
    rows.push(
      `round ${r}: consumer ${ms.toFixed(1)} ms (${((n / ms) * 1e3 / 1e6).toFixed(2)} M/s), ${((strings.ms / ms) * 100).toFixed(0)}% of in-process string ids (${strings.ms.toFixed(1)} ms), ${((numbers.ms / ms) * 100).toFixed(0)}% of numeric ids (${numbers.ms.toFixed(1)} ms); ` +
        `consumer CPU ${cpuUs.toFixed(3)} µs/position (user ${((used.userCPUTime - usage.userCPUTime) / n).toFixed(3)}), GC ${(gcMs - gcBefore).toFixed(1)} ms, minor faults ${used.minorPageFault - usage.minorPageFault}`,
    );
  }
  console.log(rows.join('\n'));
  controller.abort();
  console.log(JSON.stringify(await running));
} finally {
  redis.disconnect();
  consumerRedis.disconnect();
  await stopRedis(server);
}
