import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { RecordBatchStreamWriter, tableFromArrays } from 'apache-arrow';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { parquetWriteFile } from 'hyparquet-writer';
import { AIS_COUNTS, loadAis } from './ais.js';
import { runCli } from './cli-run.js';
import { type TestRedis, startRedis, stopRedis } from './redis-server.js';

const MAIN = fileURLToPath(new URL('../src/cli/main.ts', import.meta.url));
const FIXTURE = fileURLToPath(new URL('./fixtures/dying-worker.ts', import.meta.url));
const STALLING = fileURLToPath(new URL('./fixtures/stalling-worker.ts', import.meta.url));
const COPIES = 3;

interface Running {
  child: ChildProcess;
  stdout: () => string;
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}

function start(args: string[]): Running {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (data) => (stdout += data));
  child.stderr!.on('data', (data) => (stderr += data));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { child, stdout: () => stdout, done };
}

async function until(check: () => boolean, what: string, ms = 90_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('pip --queue and hotloop worker (BullMQ)', () => {
  let server: TestRedis | null = null;
  let dir: string;
  let zoneFiles: string[] = [];
  let skip: string | undefined;
  before(async () => {
    const ais = await loadAis();
    if (!ais) {
      skip = 'shared AIS data not found (../shared/data/ais)';
      return;
    }
    server = await startRedis();
    if (!server) {
      skip = 'redis-server could not start';
      return;
    }
    zoneFiles = ais.zoneFiles;
    dir = mkdtempSync(path.join(tmpdir(), 'hotloop-queue-'));
    // COPIES Parquet files of the AIS sample, two row groups each: 2 x COPIES jobs.
    for (let c = 0; c < COPIES; c++) {
      parquetWriteFile({
        filename: path.join(dir, `history-${c}.parquet`),
        columnData: [
          { name: 'lat', data: ais.lat, type: 'DOUBLE' },
          { name: 'lon', data: ais.lon, type: 'DOUBLE' },
        ],
        rowGroupSize: Math.ceil(ais.lat.length / 2),
      });
    }
    // The sample as an Arrow stream of two record batches: one job of two batches, for a part written halfway.
    const table = tableFromArrays({ lat: ais.lat, lon: ais.lon });
    const half = Math.ceil(ais.lat.length / 2);
    const writer = new RecordBatchStreamWriter();
    for (const part of [table.slice(0, half), table.slice(half)]) for (const batch of part.batches) writer.write(batch);
    writeFileSync(path.join(dir, 'halves.arrows'), writer.finish().toUint8Array(true));
  });

  /** Resolves once the queue holds `n` waiting jobs (the coordinator has enqueued them). */
  async function enqueued(url: string, n: number): Promise<void> {
    const connection = new Redis(url, { maxRetriesPerRequest: null });
    const queue = new Queue('hotloop-pip', { connection });
    try {
      const deadline = Date.now() + 60_000;
      while ((await queue.getJobCounts('waiting')).waiting < n) {
        if (Date.now() > deadline) throw new Error('timed out waiting for the jobs to be enqueued');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    } finally {
      await queue.close();
      connection.disconnect();
    }
  }
  after(async () => {
    await stopRedis(server);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('a worker killed mid-job: its job runs again elsewhere, counts equal the seed counts x N, nothing counted twice', { timeout: 180_000 }, async (t) => {
    if (skip) return t.skip(skip);
    const url = server!.url;
    const dying = start([FIXTURE, url, 'hotloop-pip']);
    await until(() => dying.stdout().includes('ready'), 'the dying worker to start');
    const coordinator = start([MAIN, 'pip', '--zones', ...zoneFiles, '--points', path.join(dir, 'history-*.parquet'), '--queue', url, '--counts', '--json']);
    await until(() => dying.stdout().includes('worked'), 'the dying worker to take a job');
    dying.child.kill('SIGKILL');
    await dying.done;
    const workers = [0, 1].map(() => start([MAIN, 'worker', '--queue', url, '--lock-ms', '1000', '--exit-when-idle', '2', '--json']));
    const result = await coordinator.done;
    assert.equal(result.code, 0, result.stderr);
    const { counts, jobs, points } = JSON.parse(result.stdout);
    assert.equal(jobs, 2 * COPIES);
    assert.equal(points, 42_625 * COPIES);
    assert.deepEqual(
      counts.map((row: { points: number }) => row.points),
      AIS_COUNTS.map((count) => count * COPIES),
    );
    const summaries = await Promise.all(workers.map((w) => w.done));
    for (const s of summaries) assert.equal(s.code, 0, s.stderr);
    const completed = summaries.reduce((sum, s) => sum + JSON.parse(s.stdout).completed, 0);
    assert.equal(completed, 2 * COPIES, 'every job completed once by the live workers, the killed one included');
  });

  it('per-point results through the queue equal a local run, in input order (CSV and Arrow)', { timeout: 180_000 }, async (t) => {
    if (skip) return t.skip(skip);
    const url = server!.url;
    const points = path.join(dir, 'history-*.parquet');
    const workers = [0, 1].map(() => start([MAIN, 'worker', '--queue', url]));
    for (const out of ['queued.csv', 'queued.arrows']) {
      const queued = await start([MAIN, 'pip', '--zones', ...zoneFiles, '--points', points, '--queue', url, '--out', path.join(dir, out), ...(out.endsWith('.csv') ? ['--names'] : [])]).done;
      assert.equal(queued.code, 0, queued.stderr);
    }
    // Without --out the joined rows go to standard output (the parts beside the first input file).
    const piped = await start([MAIN, 'pip', '--zones', ...zoneFiles, '--points', points, '--queue', url, '--names']).done;
    assert.equal(piped.code, 0, piped.stderr);
    for (const w of workers) w.child.kill('SIGTERM'); // a worker stops between jobs, exit code 0
    for (const w of workers) assert.equal((await w.done).code, 0);
    const local = runCli(['pip', '--zones', ...zoneFiles, '--points', points, '--out', path.join(dir, 'local.csv'), '--names']);
    assert.equal(local.status, 0, local.stderr);
    assert.equal(readFileSync(path.join(dir, 'queued.csv'), 'utf8'), readFileSync(path.join(dir, 'local.csv'), 'utf8'));
    assert.equal(piped.stdout, readFileSync(path.join(dir, 'local.csv'), 'utf8'), 'the rows on standard output');
    assert.deepEqual(readdirSync(dir).filter((name) => name.startsWith('.hotloop-parts-')), [], 'the parts folders are removed');
    const back = runCli(['pip', '--zones', ...zoneFiles, '--points', path.join(dir, 'queued.arrows'), '--out', path.join(dir, 'again.csv'), '--names']);
    assert.equal(back.status, 0, back.stderr);
    assert.equal(readFileSync(path.join(dir, 'again.csv'), 'utf8'), readFileSync(path.join(dir, 'local.csv'), 'utf8'), 'the Arrow output holds the same points in the same order');
  });

  it('a job retried after its part was written halfway: the output equals a local run', { timeout: 180_000 }, async (t) => {
    if (skip) return t.skip(skip);
    const url = server!.url;
    const input = path.join(dir, 'halves.arrows');
    const stalling = start([STALLING, url, 'hotloop-pip']);
    await until(() => stalling.stdout().includes('ready'), 'the stalling worker to start');
    const coordinator = start([MAIN, 'pip', '--zones', ...zoneFiles, '--points', input, '--queue', url, '--out', path.join(dir, 'halves.csv'), '--names']);
    await until(() => stalling.stdout().includes('stalled'), 'the stalling worker to write its first batch');
    const parts = readdirSync(dir).filter((name) => name.startsWith('.hotloop-parts-'));
    const partial = parts.flatMap((folder) => readdirSync(path.join(dir, folder)).map((name) => path.join(dir, folder, name))).filter((file) => file.endsWith('.tmp'));
    assert.equal(partial.length, 1, 'a part written halfway under its temporary name');
    assert.ok(statSync(partial[0]).size > 0);
    stalling.child.kill('SIGKILL');
    await stalling.done;
    const worker = start([MAIN, 'worker', '--queue', url, '--lock-ms', '1000', '--exit-when-idle', '2', '--json']);
    const result = await coordinator.done;
    assert.equal(result.code, 0, result.stderr);
    assert.equal((await worker.done).code, 0);
    const local = runCli(['pip', '--zones', ...zoneFiles, '--points', input, '--out', path.join(dir, 'halves-local.csv'), '--names']);
    assert.equal(local.status, 0, local.stderr);
    assert.equal(readFileSync(path.join(dir, 'halves.csv'), 'utf8'), readFileSync(path.join(dir, 'halves-local.csv'), 'utf8'));
    assert.deepEqual(readdirSync(dir).filter((name) => name.startsWith('.hotloop-parts-')), [], 'the parts folder, partial part included, is removed');
  });

  it('a job whose file vanished fails the run with one line naming the job and the file', { timeout: 120_000 }, async (t) => {
    if (skip) return t.skip(skip);
    const url = server!.url;
    const input = path.join(dir, 'vanishing.csv');
    writeFileSync(input, 'lat,lon\n35.5,139.8\n');
    const coordinator = start([MAIN, 'pip', '--zones', ...zoneFiles, '--points', input, '--queue', url, '--counts']);
    let worker: Running | undefined;
    try {
      await enqueued(url, 1);
      unlinkSync(input);
      worker = start([MAIN, 'worker', '--queue', url, '--exit-when-idle', '1', '--json']);
      const result = await coordinator.done;
      assert.equal(result.code, 1, result.stderr);
      assert.match(result.stderr, /^hotloop: job 0 \(\S*vanishing\.csv\) failed: cannot read \S*vanishing\.csv: no such file or directory \(ENOENT\)\n$/);
      const summary = await worker.done;
      assert.equal(summary.code, 0, summary.stderr);
      assert.equal(JSON.parse(summary.stdout).completed, 0);
    } finally {
      coordinator.child.kill('SIGKILL'); // no-ops when they have exited; a failed assertion must not leave them running
      worker?.child.kill('SIGKILL');
    }
  });

  it('a worker refuses a job whose zones in Redis are not those the run was enqueued with', { timeout: 120_000 }, async (t) => {
    if (skip) return t.skip(skip);
    const url = server!.url;
    const input = path.join(dir, 'one.csv');
    writeFileSync(input, 'lat,lon\n35.5,139.8\n');
    const coordinator = start([MAIN, 'pip', '--zones', ...zoneFiles, '--points', input, '--queue', url, '--counts']);
    let worker: Running | undefined;
    try {
      await enqueued(url, 1);
      const redis = new Redis(url);
      try {
        const [key] = await redis.keys('hotloop:pip:*:zones');
        await redis.set(key, JSON.stringify([{ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]] }]));
      } finally {
        redis.disconnect();
      }
      worker = start([MAIN, 'worker', '--queue', url, '--exit-when-idle', '1', '--json']);
      const result = await coordinator.done;
      assert.equal(result.code, 1, result.stderr);
      assert.match(result.stderr, /^hotloop: job 0 \(\S*one\.csv\) failed: the zones under hotloop:pip:\w+:zones are not those run \w+ was enqueued with \(SHA-256 [0-9a-f]{12}, expected [0-9a-f]{12}\)\n$/);
      assert.equal((await worker.done).code, 0);
    } finally {
      coordinator.child.kill('SIGKILL');
      worker?.child.kill('SIGKILL');
    }
  });

  it('bad command lines and unreachable queues fail with one clear line', (t) => {
    if (skip) return t.skip(skip);
    const bad = runCli(['pip', '--zones', ...zoneFiles, '--points', path.join(dir, 'history-0.parquet'), '--queue', 'http://localhost', '--counts']);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /^hotloop: Expected redis:\/\/ or rediss:\/\/ URL for --queue but received "http:\/\/localhost"/);
    const down = runCli(['worker', '--queue', 'redis://127.0.0.1:1']);
    assert.equal(down.status, 1);
    assert.match(down.stderr, /^hotloop: cannot connect to Redis at redis:\/\/127\.0\.0\.1:1: .*ECONNREFUSED/);
    assert.equal(down.stderr.trim().split('\n').length, 1);
    const gzipOut = runCli(['pip', '--zones', ...zoneFiles, '--points', path.join(dir, 'history-0.parquet'), '--queue', server!.url, '--out', path.join(dir, 'x.csv.gz')]);
    assert.equal(gzipOut.status, 2);
    assert.match(gzipOut.stderr, /x\.csv\.gz: gzip output is not written/);
  });
});
