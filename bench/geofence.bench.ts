/**
 * geofence (seed 003, issue 16): positions per second through the in-process Geofence (the limit)
 * and through `hotloop geofence` consumer processes on a local redis-server: one consumer and two,
 * one position per entry and packed batches of 4096. The data is the AIS sample repeated with each
 * copy shifted 400 s later (so every copy moves every vessel on in time), or seeded AIS-like points
 * without ../shared. The consumers are warmed up on the data (earlier in time), then each run feeds
 * them the data again, later in time, either as a backlog (all entries added at once: the
 * consumers' own rate) or live (published by this process while they read); each run is paired
 * with an in-process run on the same positions just before it, and its events are checked against
 * one Geofence fed everything the consumers were fed.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { Redis } from 'ioredis';
import { Engine, Geofence } from '../src/index.js';
import { builtinZones } from '../src/pip/builtin-zones.js';
import { syntheticAisPoints } from '../src/pip/synthetic-points.js';
import type { GeofenceEvent } from '../src/geofence/events.js';
import { partitionOf, partitionStream, publishPositions } from '../src/geofence/publish.js';
import { FenceState } from '../src/geofence/state.js';
import { decodeEntry, packPositions, positionFields } from '../src/geofence/wire.js';
import { type TestRedis, startRedis, stopRedis } from '../test/redis-server.js';
import { type Measurement, external, printTable, saveResults, target } from './harness.js';

const AIS = new URL('../../shared/data/ais/', import.meta.url);
const ZONES = ['tokyo', 'channel', 'hamburg', 'athens', 'singapore'];
// The consumers run as users run them: the installed CLI (compiled JavaScript in dist/, as the
// julia bench's CLI rows), not the TypeScript sources through tsx.
const BIN = fileURLToPath(new URL('../bin/hotloop.js', import.meta.url));
const PACKED = 4096;

export interface Positions {
  id: string[];
  time: Float64Array;
  lon: Float64Array;
  lat: Float64Array;
}

export function loadBase(): { zones: object[]; base: Positions } {
  if (existsSync(new URL('ais.csv.gz', AIS))) {
    const text = gunzipSync(readFileSync(new URL('ais.csv.gz', AIS))).toString('utf8');
    const lines = text.trim().split('\n').slice(1);
    const base: Positions = { id: [], time: new Float64Array(lines.length), lon: new Float64Array(lines.length), lat: new Float64Array(lines.length) };
    lines.forEach((line, i) => {
      const [timestamp, mmsi, lat, lon] = line.split(',').map((f) => f.replace(/"/g, ''));
      base.id.push(mmsi);
      base.time[i] = Date.parse(`${timestamp.replace(' ', 'T')}Z`);
      base.lat[i] = Number(lat);
      base.lon[i] = Number(lon);
    });
    return { zones: ZONES.map((zone) => JSON.parse(readFileSync(new URL(`${zone}.geojson`, AIS), 'utf8'))), base };
  }
  console.log(`(shared AIS data not found at ${AIS.pathname}: built-in zones and seeded AIS-like points instead)`);
  const points = syntheticAisPoints(42_625, 3);
  const n = points.lat.length;
  return {
    zones: [builtinZones()],
    base: { id: Array.from({ length: n }, (_, i) => String(200_000_000 + (i % 18_000))), time: Float64Array.from({ length: n }, (_, i) => Math.floor(i / 18_000) * 1000), lon: points.lon, lat: points.lat },
  };
}

export function repeatInTime(base: Positions, copies: number): Positions {
  const n = base.id.length;
  const out: Positions = { id: new Array(n * copies), time: new Float64Array(n * copies), lon: new Float64Array(n * copies), lat: new Float64Array(n * copies) };
  for (let c = 0; c < copies; c++) {
    for (let i = 0; i < n; i++) {
      const k = c * n + i;
      out.id[k] = base.id[i];
      out.time[k] = base.time[i] + c * 400_000;
      out.lon[k] = base.lon[i];
      out.lat[k] = base.lat[i];
    }
  }
  return out;
}

export function inProcess(engine: Engine, data: Positions, batch: number): { ms: number; events: number; cpu: number } {
  const fence = new Geofence(engine);
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  let events = 0;
  for (let b = 0; b < data.id.length; b += batch) {
    events += fence.pushSync({ id: data.id.slice(b, b + batch), time: data.time.subarray(b, b + batch), lon: data.lon.subarray(b, b + batch), lat: data.lat.subarray(b, b + batch) }).length;
  }
  const ms = performance.now() - start;
  const used = process.cpuUsage(cpuStart);
  return { ms, events, cpu: (used.user + used.system) / 1e6 };
}

/**
 * A consumer's work without Redis: decode packed entries (HLP2 buffers made beforehand), locate
 * their positions, run the state machine with an undo mark per entry, as consumer.ts does.
 */
function consumerWork(engine: Engine, data: Positions, batch: number): { ms: number; events: number; cpu: number } {
  const field = Buffer.from('positions');
  const entries: Buffer[] = [];
  for (let b = 0; b < data.id.length; b += batch) entries.push(packPositions(data.id, data.time, data.lon, data.lat, b, Math.min(data.id.length, b + batch)));
  const state = new FenceState(engine.zoneNames, { dwell: 0, gap: Infinity });
  const events: GeofenceEvent[] = [];
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  // One undo mark per commit of 16 entries, as a consumer reading 16 entries at a time makes.
  entries.forEach((entry, k) => {
    if (k % 16 === 0) state.markUndo();
    const p = decodeEntry([field, entry]);
    const zones = engine.locateSync({ lon: p.lon, lat: p.lat }, { threads: 1 });
    state.applyAll(p.id, p.time, p.lon, p.lat, zones, 0, 0, p.time.length, events);
    if (k % 16 === 15 || k === entries.length - 1) state.endUndo();
  });
  const ms = performance.now() - start;
  const used = process.cpuUsage(cpuStart);
  return { ms, events: events.length, cpu: (used.user + used.system) / 1e6 };
}

/** CPU seconds (user + system) and minor page faults of a process so far, from /proc (Linux); NaN elsewhere. */
function usage(pid: number | undefined): { cpu: number; faults: number } {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    // minflt; utime, stime in clock ticks (USER_HZ = 100)
    return { cpu: (Number(fields[11]) + Number(fields[12])) / 100, faults: Number(fields[7]) };
  } catch {
    return { cpu: NaN, faults: NaN };
  }
}

/** Summed over processes. */
function usageOf(pids: (number | undefined)[]): { cpu: number; faults: number } {
  return pids.map(usage).reduce((a, b) => ({ cpu: a.cpu + b.cpu, faults: a.faults + b.faults }), { cpu: 0, faults: 0 });
}

async function waitFor(check: () => Promise<boolean>, what: string, ms = 600_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/**
 * Waits for the consumers' commits to reach a point, checking at each commit rather than on a
 * timer: the commit script's HSET on a group's state hash is announced by a keyspace notification
 * (on this bench's own server), so the end of a run is seen one round trip after the last commit,
 * not up to a polling interval late, and the bench does not poll (CPU taken from the consumers on
 * 2 cores). A check every 100 ms besides, in case a notification is missed.
 */
async function commitWatcher(redis: Redis): Promise<{ until(check: () => Promise<boolean>, what: string): Promise<void>; close(): void }> {
  await redis.config('SET', 'notify-keyspace-events', 'Kh');
  const sub = redis.duplicate();
  let wake: (() => void) | null = null;
  sub.on('pmessage', () => wake?.());
  await sub.psubscribe('__keyspace@*__:*:state');
  return {
    async until(check, what) {
      const deadline = Date.now() + 600_000;
      for (;;) {
        let timer: NodeJS.Timeout | undefined;
        // Armed before the check: a commit during the check sends it round again at once.
        const changed = new Promise<void>((resolve) => {
          wake = resolve;
          timer = setTimeout(resolve, 100);
        });
        const done = await check();
        if (done || Date.now() > deadline) {
          clearTimeout(timer);
          wake = null;
          if (done) return;
          throw new Error(`timed out waiting for ${what}`);
        }
        await changed;
        clearTimeout(timer);
      }
    },
    close: () => sub.disconnect(),
  };
}

/** Entries read and acknowledged by the group "g" of each stream, summed (-1 while some are pending). */
async function drained(redis: Redis, streams: string[]): Promise<number> {
  let total = 0;
  for (const stream of streams) {
    const groups = (await redis.xinfo('GROUPS', stream)) as unknown[][];
    const info = new Map<string, unknown>();
    for (let i = 0; i + 1 < groups[0].length; i += 2) info.set(String(groups[0][i]), groups[0][i + 1]);
    if (Number(info.get('pending')) !== 0) return -1;
    total += Number(info.get('entries-read'));
  }
  return total;
}

function head(data: Positions, n: number): Positions {
  return { id: data.id.slice(0, n), time: data.time.subarray(0, n), lon: data.lon.subarray(0, n), lat: data.lat.subarray(0, n) };
}

/** The same positions with the ids as numbers (the in-process Geofence then keys them as the consumers do). */
export function numericIds(data: Positions): Positions {
  return { ...data, id: data.id.map(Number) as unknown as string[] };
}

/** The positions of each partition, in their order (publishPositions' sharding). */
function shard(data: Positions, partitions: number): Positions[] {
  if (partitions === 1) return [data];
  const rows: number[][] = Array.from({ length: partitions }, () => []);
  data.id.forEach((id, i) => rows[partitionOf(id, partitions)].push(i));
  return rows.map((r) => ({ id: r.map((i) => data.id[i]), time: Float64Array.from(r, (i) => data.time[i]), lon: Float64Array.from(r, (i) => data.lon[i]), lat: Float64Array.from(r, (i) => data.lat[i]) }));
}

/** The same positions `ms` later: a run after another one moves every id on in time. */
export function later(data: Positions, ms: number): Positions {
  return { ...data, time: data.time.map((t) => t + ms) };
}

/**
 * How the timed positions reach the stream: `backlog` adds them all at once (packed beforehand,
 * in one MULTI/EXEC, so the consumers find them waiting: their own rate, as when they catch up
 * with a queue), `live` publishes them while the consumers read (publishPositions in this
 * process, on the same 2 cores: the producer's packing and XADDs are in the timed window).
 */
type Feed = 'backlog' | 'live';

interface RedisRun {
  feed: Feed;
  ms: number;
  events: number;
  cpu: number;
  /** Minor page faults of the consumer processes in the run (on this VM each costs ~15 µs). */
  faults: number;
  redisCpu: number;
  /** The in-process Geofence timed on the same positions just before this run: ids as in the data (strings), and as numbers. */
  inProcessMs: number;
  inProcessNumericMs: number;
}

/**
 * Consumers as processes, started once and warmed up; then each feed in turn: the in-process
 * Geofence is timed on the run's positions, and the positions go through the consumers, timed
 * from the moment they are on the stream (backlog) or the first is published (live) to the last
 * one acknowledged. Each run's positions come `span` ms after the previous run's.
 */
async function throughRedis(server: TestRedis, redis: Redis, engine: Engine, zoneFiles: string[], data: Positions, span: number, consumers: number, partitions: number, batch: number, feeds: Feed[], run: string): Promise<RedisRun[]> {
  const url = server.url;
  const stream = `bench:${run}:in`;
  const out = `bench:${run}:out`;
  // Partitioned: one stream per partition (publishPositions shards the ids), consumer c on partition c mod N.
  const streams = partitions === 1 ? [stream] : Array.from({ length: partitions }, (_, p) => partitionStream(stream, p));
  for (const s of streams) await redis.xgroup('CREATE', s, 'g', '0', 'MKSTREAM');
  const commits = await commitWatcher(redis);
  const children: ChildProcess[] = [];
  // Packed entries: 16 of 4096 positions per read; one position per entry: 1024 per read.
  const count = batch === 1 ? '1024' : '16';
  for (let c = 0; c < consumers; c++) {
    const args = [BIN, 'geofence', '--redis', url, '--in', streams[c % partitions], '--group', 'g', '--out', out, '--zones', ...zoneFiles, '--consumer', `c${c}`, '--count', count, '--threads', '1'];
    children.push(spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'inherit'] }));
  }
  try {
    // Ready: every consumer is connected and blocked in XREADGROUP (a blocked consumer is not yet listed by XINFO CONSUMERS).
    const blocked = async () => String(await redis.client('LIST')).split('\n').filter((line) => / name=hotloop-geofence(-read)? /.test(line) && / flags=b /.test(line)).length;
    await waitFor(async () => (await blocked()) === consumers, 'consumers to start', 120_000);
    // Warm-up: the consumers run a first copy of the data, earlier in time (their JIT warms up, as
    // the in-process rows are warmed by their earlier runs); the timed runs are the steady state.
    // The same ids, so a consumer holds the states of the ids an in-process Geofence on the same
    // positions holds (other ids would double its id table and state arrays: more cache misses
    // per position than the in-process run it is compared with).
    const warmUp = later(batch === 1 ? head(data, 42_625) : data, -span);
    const warm = await publishPositions(redis, stream, [warmUp], { batch, partitions });
    let entriesSoFar = warm.entries;
    await commits.until(async () => (await drained(redis, streams)) === entriesSoFar, 'the warm-up to finish');
    // The events each run should give: one Geofence fed everything the consumers are fed, in order.
    const reference = new Geofence(engine);
    reference.pushSync(warmUp);
    const runs: RedisRun[] = [];
    for (const [k, feed] of feeds.entries()) {
      const positions = later(data, (k + 1) * span);
      const wanted = reference.pushSync(positions).length;
      const inProcessMs = inProcess(engine, positions, batch === 1 ? 1024 : PACKED).ms;
      const inProcessNumericMs = inProcess(engine, numericIds(positions), batch === 1 ? 1024 : PACKED).ms;
      const eventsBefore = await redis.xlen(out);
      const before = usageOf(children.map((child) => child.pid));
      const redisBefore = usage(server.pid()).cpu;
      let start: number;
      let entries: number;
      if (feed === 'backlog') {
        // Packed (and sharded) beforehand, added in one MULTI/EXEC: the consumers wake to them all.
        const multi = redis.multi();
        entries = 0;
        for (const [p, part] of shard(positions, partitions).entries()) {
          const target = streams[p];
          for (let b = 0; b < part.id.length; b += batch, entries++) {
            const end = Math.min(part.id.length, b + batch);
            if (batch === 1) multi.xadd(target, '*', ...positionFields(part.id[b], part.time[b], part.lon[b], part.lat[b]));
            else multi.xadd(target, '*', 'positions', packPositions(part.id, part.time, part.lon, part.lat, b, end));
          }
        }
        await multi.exec();
        start = performance.now();
      } else {
        start = performance.now();
        ({ entries } = await publishPositions(redis, stream, [positions], { batch, partitions }));
      }
      entriesSoFar += entries;
      await commits.until(async () => (await drained(redis, streams)) === entriesSoFar, 'the consumers to finish');
      const ms = performance.now() - start;
      const after = usageOf(children.map((child) => child.pid));
      const [cpu, faults] = [after.cpu - before.cpu, after.faults - before.faults];
      const redisCpu = usage(server.pid()).cpu - redisBefore;
      const events = (await redis.xlen(out)) - eventsBefore;
      if (events !== wanted) throw new Error(`${run}, ${feed}: ${events} events, in-process ${wanted}`);
      runs.push({ feed, ms, events, cpu, faults, redisCpu, inProcessMs, inProcessNumericMs });
    }
    return runs;
  } finally {
    commits.close();
    for (const child of children) child.kill('SIGTERM');
    await Promise.all(children.map((child) => new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once('exit', resolve)))));
    await redis.del(out, ...streams.flatMap((s) => [s, `${s}:g:state`]));
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

export async function run(): Promise<void> {
  const { zones, base } = loadBase();
  const engine = new Engine(zones, { threads: 1 });
  const dir = mkdtempSync(path.join(tmpdir(), 'hotloop-geofence-bench-'));
  const zoneFiles = zones.map((zone, i) => {
    const file = path.join(dir, `zone${i}.geojson`);
    writeFileSync(file, JSON.stringify(zone));
    return file;
  });
  const packedData = repeatInTime(base, 10);
  const entryData = repeatInTime(base, 2);
  const rows: Measurement[] = [];
  const limit = (data: Positions, batch: number) => {
    const runs = Array.from({ length: 5 }, () => inProcess(engine, data, batch));
    runs.sort((a, b) => a.ms - b.ms);
    return runs[2];
  };
  const packedLimit = limit(packedData, PACKED);
  rows.push(external('in-process Geofence, batches of 4096', packedLimit.ms, packedData.id.length, `${packedLimit.events} events; median of 5; CPU ${(packedLimit.cpu * 1e6 / packedData.id.length).toFixed(2)} µs/position`));
  const work = Array.from({ length: 5 }, () => consumerWork(engine, packedData, PACKED)).sort((a, b) => a.ms - b.ms)[2];
  if (work.events !== packedLimit.events) throw new Error(`consumer work without Redis: ${work.events} events, in-process ${packedLimit.events}`);
  rows.push(external("a consumer's work without Redis (decode, locate, state)", work.ms, packedData.id.length, `packed entries of 4096; median of 5; CPU ${((work.cpu * 1e6) / packedData.id.length).toFixed(2)} µs/position`));
  const entryLimit = limit(entryData, 1024);
  rows.push(external('in-process Geofence, batches of 1024', entryLimit.ms, entryData.id.length, `${entryLimit.events} events; median of 5; CPU ${(entryLimit.cpu * 1e6 / entryData.id.length).toFixed(2)} µs/position`));
  const cpuPerPosition: Record<string, number> = { 'in-process 4096': packedLimit.cpu / packedData.id.length, 'in-process 1024': entryLimit.cpu / entryData.id.length };

  const numericLimit = limit(numericIds(packedData), PACKED);
  rows.push(external('in-process Geofence, batches of 4096, numeric ids', numericLimit.ms, packedData.id.length, `ids as numbers, as the consumers key them; median of 5; CPU ${((numericLimit.cpu * 1e6) / packedData.id.length).toFixed(2)} µs/position`));
  // Each run's positions come after the previous run's: the span of the data, rounded up.
  const span = (data: Positions) => Math.ceil((data.time.reduce((a, b) => Math.max(a, b), -Infinity) - data.time.reduce((a, b) => Math.min(a, b), Infinity) + 1) / 400_000) * 400_000;
  const ratios: Record<string, number> = {};

  const server = await startRedis();
  if (!server) {
    console.log('(redis-server could not start: consumer rows skipped)');
  } else {
    const redis = new Redis(server.url);
    try {
      // Packed: backlog runs (seven for the target row, three in one group, five otherwise), each
      // paired with in-process runs just before it, and one live run.
      const cases: [string, Positions, number, number, number, Feed[]][] = [
        ['1 consumer, packed entries (4096)', packedData, PACKED, 1, 1, [...Array<Feed>(7).fill('backlog'), 'live']],
        ['2 consumers, one group, packed entries (4096)', packedData, PACKED, 2, 1, ['backlog', 'backlog', 'backlog', 'live']],
        ['2 consumers, 2 partitions, packed entries (4096)', packedData, PACKED, 2, 2, ['backlog', 'backlog', 'backlog', 'backlog', 'backlog', 'live']],
        ['1 consumer, one position per entry', entryData, 1, 1, 1, ['backlog', 'live']],
        ['2 consumers, one group, one position per entry', entryData, 1, 2, 1, ['backlog', 'live']],
      ];
      for (const [label, data, batch, consumers, partitions, feeds] of cases) {
        const runs = await throughRedis(server, redis, engine, zoneFiles, data, span(data), consumers, partitions, batch, feeds, label.replace(/\W+/g, '-'));
        for (const feed of ['backlog', 'live'] as const) {
          const mine = runs.filter((r) => r.feed === feed);
          const middle = mine.find((r) => r.ms === median(mine.map((m) => m.ms)))!;
          const perPosition = (seconds: number) => `${((seconds * 1e6) / data.id.length).toFixed(2)} µs`;
          const ratio = median(mine.map((r) => r.inProcessMs / r.ms));
          const numericRatio = median(mine.map((r) => r.inProcessNumericMs / r.ms));
          ratios[`${label}, ${feed}`] = ratio;
          ratios[`${label}, ${feed}, numeric ids in process`] = numericRatio;
          cpuPerPosition[`${label}, ${feed}`] = (middle.cpu + middle.redisCpu) / data.id.length;
          const runsNote = mine.length > 1 ? `median of ${mine.length}; ` : '';
          rows.push(
            external(
              `${label}, ${feed}`,
              middle.ms,
              data.id.length,
              `${runsNote}${(ratio * 100).toFixed(0)}% of the in-process rate timed just before (${(numericRatio * 100).toFixed(0)}% with numeric ids in process); events equal in-process; CPU/position: consumers ${perPosition(middle.cpu)}, redis ${perPosition(middle.redisCpu)}; consumers' page faults ${middle.faults}`,
            ),
          );
        }
      }
    } finally {
      redis.disconnect();
      await stopRedis(server);
    }
  }
  rmSync(dir, { recursive: true, force: true });
  printTable(`geofence: ${packedData.id.length.toLocaleString('en-US')} positions packed / ${entryData.id.length.toLocaleString('en-US')} one per entry (AIS sample shifted in time), 5 zones`, rows, 'in-process Geofence, batches of 4096', 'position');
  // The target: one consumer's rate on packed entries against the in-process Geofence on the same
  // positions, each backlog run paired with an in-process run just before it (median of the ratios).
  const packedRatio = ratios['1 consumer, packed entries (4096), backlog'];
  target('1 consumer, packed entries (backlog) / in-process rate (%)', packedRatio * 100, 50);
  // The same against the in-process Geofence given the ids as numbers (2x faster than string ids).
  target('1 consumer, packed entries (backlog) / in-process rate with numeric ids (%)', ratios['1 consumer, packed entries (4096), backlog, numeric ids in process'] * 100, 50);
  console.log(`live (the producer publishing in this process meanwhile): 1 consumer at ${(ratios['1 consumer, packed entries (4096), live'] * 100).toFixed(1)}% of the in-process rate`);
  const cpuRatio = cpuPerPosition['in-process 4096'] / cpuPerPosition['1 consumer, packed entries (4096), backlog'];
  console.log(`CPU per position, in-process / (1 consumer + redis), packed backlog: ${(cpuRatio * 100).toFixed(1)}%`);
  console.log(`load average (1 min) at the end: ${os.loadavg()[0].toFixed(2)} on ${os.availableParallelism()} cores`);
  saveResults('geofence', { rows, packedRatio, ratios, cpuRatio, cpuPerPosition });
}
