/**
 * geofence (seed 003, issue 16): positions per second through the in-process Geofence (the limit)
 * and through `hotloop geofence` consumer processes on a local redis-server: one consumer and two,
 * one position per entry and packed batches of 4096. The data is the AIS sample repeated with each
 * copy shifted 400 s later (so every copy moves every vessel on in time), or seeded AIS-like points
 * without ../shared. A consumer run is timed from the first entry published (consumers already
 * waiting, and warmed up on one copy of the sample under other ids) to the last one acknowledged;
 * its events are counted against the in-process run.
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
import { publishPositions } from '../src/geofence/publish.js';
import { FenceState } from '../src/geofence/state.js';
import { decodeEntry, packPositions } from '../src/geofence/wire.js';
import { type TestRedis, startRedis, stopRedis } from '../test/redis-server.js';
import { type Measurement, external, printTable, saveResults, target } from './harness.js';

const AIS = new URL('../../shared/data/ais/', import.meta.url);
const ZONES = ['tokyo', 'channel', 'hamburg', 'athens', 'singapore'];
const MAIN = fileURLToPath(new URL('../src/cli/main.ts', import.meta.url));
const PACKED = 4096;

interface Positions {
  id: string[];
  time: Float64Array;
  lon: Float64Array;
  lat: Float64Array;
}

function loadBase(): { zones: object[]; base: Positions } {
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

function repeatInTime(base: Positions, copies: number): Positions {
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

function inProcess(engine: Engine, data: Positions, batch: number): { ms: number; events: number; cpu: number } {
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
  for (const entry of entries) {
    const p = decodeEntry([field, entry]);
    const zones = engine.locateSync({ lon: p.lon, lat: p.lat }, { threads: 1 });
    state.markUndo();
    for (let i = 0; i < p.time.length; i++) state.apply(p.id[i], p.time[i], p.lon[i], p.lat[i], zones[i], events);
    state.endUndo();
  }
  const ms = performance.now() - start;
  const used = process.cpuUsage(cpuStart);
  return { ms, events: events.length, cpu: (used.user + used.system) / 1e6 };
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux); NaN elsewhere. */
function cpuSeconds(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return NaN;
  }
}

async function waitFor(check: () => Promise<boolean>, what: string, ms = 600_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Entries read and acknowledged by the group "g" (-1 while some are pending). */
async function drained(redis: Redis, stream: string): Promise<number> {
  const groups = (await redis.xinfo('GROUPS', stream)) as unknown[][];
  const info = new Map<string, unknown>();
  for (let i = 0; i + 1 < groups[0].length; i += 2) info.set(String(groups[0][i]), groups[0][i + 1]);
  return Number(info.get('pending')) === 0 ? Number(info.get('entries-read')) : -1;
}

/** The same positions under other ids (numeric ids stay numeric), for a warm-up that leaves the real ids' states alone. */
function otherIds(data: Positions): Positions {
  return { ...data, id: data.id.map((id) => (/^[1-9][0-9]{0,9}$/.test(id) ? String(Number(id) + 1e12) : `warm-${id}`)) };
}

/** Consumers as processes, waiting on an empty stream; then the data is published and the run timed until all is acknowledged. */
async function throughRedis(server: TestRedis, redis: Redis, zoneFiles: string[], data: Positions, warmUp: Positions, consumers: number, batch: number, run: string): Promise<{ ms: number; events: number; cpu: number; redisCpu: number }> {
  const url = server.url;
  const stream = `bench:${run}:in`;
  const out = `bench:${run}:out`;
  await redis.xgroup('CREATE', stream, 'g', '0', 'MKSTREAM');
  const children: ChildProcess[] = [];
  for (let c = 0; c < consumers; c++) {
    const args = ['--import', 'tsx', MAIN, 'geofence', '--redis', url, '--in', stream, '--group', 'g', '--out', out, '--zones', ...zoneFiles, '--consumer', `c${c}`, '--count', batch === 1 ? '1024' : '2', '--threads', '1'];
    children.push(spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'inherit'] }));
  }
  try {
    // Ready: every consumer is connected and blocked in XREADGROUP (a blocked consumer is not yet listed by XINFO CONSUMERS).
    const blocked = async () => String(await redis.client('LIST')).split('\n').filter((line) => / name=hotloop-geofence /.test(line) && / flags=b /.test(line)).length;
    await waitFor(async () => (await blocked()) === consumers, 'consumers to start', 120_000);
    // Warm-up: the consumers run a first copy of the data under other ids (their JIT warms up, as
    // the in-process rows are warmed by their earlier runs); the timed run is the steady state.
    const warm = await publishPositions(redis, stream, [warmUp], { batch });
    await waitFor(async () => (await drained(redis, stream)) === warm.entries, 'the warm-up to finish');
    const warmEvents = await redis.xlen(out);
    const cpuBefore = children.reduce((sum, child) => sum + cpuSeconds(child.pid), 0);
    const redisBefore = cpuSeconds(server.pid());
    const start = performance.now();
    const { entries } = await publishPositions(redis, stream, [data], { batch });
    await waitFor(async () => (await drained(redis, stream)) === warm.entries + entries, 'the consumers to finish');
    const ms = performance.now() - start;
    const cpu = children.reduce((sum, child) => sum + cpuSeconds(child.pid), 0) - cpuBefore;
    const redisCpu = cpuSeconds(server.pid()) - redisBefore;
    return { ms, events: (await redis.xlen(out)) - warmEvents, cpu, redisCpu };
  } finally {
    for (const child of children) child.kill('SIGTERM');
    await Promise.all(children.map((child) => new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once('exit', resolve)))));
    await redis.del(stream, out, `${stream}:g:state:log`, `${stream}:g:state:snapshot`);
  }
}

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

  const server = await startRedis();
  if (!server) {
    console.log('(redis-server could not start: consumer rows skipped)');
  } else {
    const redis = new Redis(server.url);
    try {
      const cases: [string, Positions, number, number, number][] = [
        ['1 consumer, packed entries (4096)', packedData, PACKED, 1, packedLimit.events],
        ['2 consumers, packed entries (4096)', packedData, PACKED, 2, packedLimit.events],
        ['1 consumer, one position per entry', entryData, 1, 1, entryLimit.events],
        ['2 consumers, one position per entry', entryData, 1, 2, entryLimit.events],
      ];
      for (const [label, data, batch, consumers, events] of cases) {
        const measured = await throughRedis(server, redis, zoneFiles, data, otherIds(base), consumers, batch, label.replace(/\W+/g, '-'));
        if (measured.events !== events) throw new Error(`${label}: ${measured.events} events, in-process ${events}`);
        const perPosition = (seconds: number) => `${((seconds * 1e6) / data.id.length).toFixed(2)} µs`;
        cpuPerPosition[label] = (measured.cpu + measured.redisCpu) / data.id.length;
        rows.push(external(label, measured.ms, data.id.length, `event count equal in-process; CPU/position: consumers ${perPosition(measured.cpu)}, redis ${perPosition(measured.redisCpu)}`));
      }
    } finally {
      redis.disconnect();
      await stopRedis(server);
    }
  }
  rmSync(dir, { recursive: true, force: true });
  printTable(`geofence: ${packedData.id.length.toLocaleString('en-US')} positions packed / ${entryData.id.length.toLocaleString('en-US')} one per entry (AIS sample shifted in time), 5 zones`, rows, 'in-process Geofence, batches of 4096', 'position');
  const rate = (label: string) => {
    const row = rows.find((r) => r.label === label);
    return row ? row.items / row.ms : NaN;
  };
  const packedRatio = rate('1 consumer, packed entries (4096)') / rate('in-process Geofence, batches of 4096');
  target('1 consumer, packed entries / in-process rate (%)', packedRatio * 100, 50);
  const cpuRatio = cpuPerPosition['in-process 4096'] / cpuPerPosition['1 consumer, packed entries (4096)'];
  console.log(`CPU per position, in-process / (1 consumer + redis), packed: ${(cpuRatio * 100).toFixed(1)}% (the rate one consumer would reach on idle cores if it and redis-server shared none)`);
  console.log(`load average (1 min) at the end: ${os.loadavg()[0].toFixed(2)} on ${os.availableParallelism()} cores`);
  saveResults('geofence', { rows, packedRatio, cpuRatio, cpuPerPosition });
}
