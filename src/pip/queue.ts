/**
 * Batch point-in-polygon over many files as BullMQ jobs: one job per file, or per row group of a
 * Parquet file; workers on any machine (sharing the files' folder) run them; the coordinator sums
 * the counts and joins the per-point parts. A job's result is recorded once, when BullMQ completes
 * it, and a job whose worker died (its lock expired) runs again from its start: nothing is counted
 * twice, and a part file is written under a temporary name and renamed, so a retried job replaces
 * it whole.
 */
import { createHash, randomBytes } from 'node:crypto';
import { renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Job, Queue, QueueEvents, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { formatOf, readPointBatches } from '../io/points.js';
import { arrowSink } from '../io/arrow.js';
import { fileSink } from '../io/byte-sinks.js';
import type { ReadStats } from '../io/columns.js';
import { parquetRowGroups } from '../io/parquet.js';
import { optionalImport } from '../io/optional.js';
import { type Boundary, Engine } from './api.js';
// The Node host (src/host.ts): a queue worker may import this file alone, never the `hotloop` entry.
import '../backend.js';

export type PipJobMode = 'first' | 'all' | 'counts';

/** What one job does: its part of the input, the columns, and where its per-point part goes. */
export interface PipJobData {
  runId: string;
  index: number;
  file: string;
  /** Parquet row group, when the job is one row group. */
  rowGroup?: number;
  lat: string;
  lon: string;
  mode: PipJobMode;
  names: boolean;
  boundary: Boundary;
  /** Per-point results (an Arrow IPC stream) go here; absent in counts mode. */
  part?: string;
  /** SHA-256 (hex) of the zones text the coordinator stored: a worker runs the job only on those zones. */
  zonesDigest?: string;
}

export interface PipJobResult {
  points: number;
  /** CSV rows that did not parse, skipped. */
  skipped: number;
  matched: number;
  counts: number[];
  none: number;
}

/** A run's jobs and their merged results. */
export interface PipRunResult extends PipJobResult {
  jobs: number;
  /** Part files in input order (per-point modes). */
  parts: string[];
}

const loadBullmq = () => optionalImport<typeof import('bullmq')>('bullmq', 'The job queue (--queue)');

/** The Redis key holding a run's zones (GeoJSON), read by its workers. */
export const zonesKey = (runId: string) => `hotloop:pip:${runId}:zones`;

/** The digest a job carries of its run's zones text (zonesKey). */
export const zonesDigest = (text: string) => createHash('sha256').update(text).digest('hex');

/** The jobs of a run: one per file, or one per row group of a Parquet file. */
export async function planPipJobs(files: string[], base: Omit<PipJobData, 'index' | 'file' | 'rowGroup' | 'part' | 'zonesDigest'>, partsDir?: string): Promise<PipJobData[]> {
  const jobs: PipJobData[] = [];
  for (const file of files) {
    const absolute = path.resolve(file);
    const groups = formatOf(file) === 'parquet' ? (await parquetRowGroups(absolute)).length : 0;
    const parts = groups > 1 ? Array.from({ length: groups }, (_, g) => g) : [undefined];
    for (const rowGroup of parts) {
      const index = jobs.length;
      jobs.push({ ...base, index, file: absolute, ...(rowGroup !== undefined ? { rowGroup } : {}), ...(partsDir ? { part: path.join(partsDir, `${index}.arrows`) } : {}) });
    }
  }
  return jobs;
}

/**
 * Enqueues the jobs (zones stored once under {@link zonesKey}), waits for every one, and merges
 * their results in job order. Rejects with the first failed job's reason.
 */
export async function runPipJobs(
  connection: Redis,
  queueName: string,
  zones: object[],
  jobs: PipJobData[],
  onProgress?: (done: number, total: number) => void,
): Promise<PipRunResult> {
  const { Queue, QueueEvents } = await loadBullmq();
  const runId = jobs[0]?.runId ?? newRunId();
  const zonesText = JSON.stringify(zones);
  const digest = zonesDigest(zonesText);
  await connection.set(zonesKey(runId), zonesText, 'EX', 7 * 24 * 3600);
  const queue: Queue = new Queue(queueName, { connection });
  const events: QueueEvents = new QueueEvents(queueName, { connection: connection.duplicate() });
  try {
    await events.waitUntilReady();
    const added: Job[] = await queue.addBulk(
      jobs.map((data) => ({ name: 'pip', data: { ...data, zonesDigest: digest }, opts: { jobId: `${runId}-${data.index}`, attempts: 3, removeOnComplete: false, removeOnFail: false } })),
    );
    let done = 0;
    const results = await Promise.all(
      added.map(async (job) => {
        try {
          const result = (await job.waitUntilFinished(events)) as PipJobResult;
          onProgress?.(++done, added.length);
          return result;
        } catch (error) {
          const data = job.data as PipJobData;
          throw new Error(`job ${data.index} (${data.file}${data.rowGroup !== undefined ? ` row group ${data.rowGroup}` : ''}) failed: ${(error as Error).message}`, { cause: error });
        }
      }),
    );
    const merged: PipRunResult = { jobs: jobs.length, points: 0, skipped: 0, matched: 0, counts: new Array(results[0]?.counts.length ?? 0).fill(0), none: 0, parts: [] };
    for (const [i, result] of results.entries()) {
      if (result.counts.length !== merged.counts.length) {
        throw new Error(`job ${i} (${jobs[i].file}) counted ${result.counts.length} zones, job 0 ${merged.counts.length}: the workers did not run on the same zones`);
      }
      merged.points += result.points;
      merged.skipped += result.skipped;
      merged.matched += result.matched;
      merged.none += result.none;
      result.counts.forEach((count, z) => (merged.counts[z] += count));
      if (jobs[i].part) merged.parts.push(jobs[i].part!);
    }
    await Promise.all(added.map((job) => job.remove().catch(() => {})));
    return merged;
  } finally {
    await connection.del(zonesKey(runId)).catch(() => {});
    await events.close();
    await queue.close();
  }
}

export function newRunId(): string {
  return `${Date.now().toString(36)}${randomBytes(4).toString('hex')}`;
}

/** Runs one job: reads its part of the input, locates every point, writes or counts the results. */
export async function processPipJob(data: PipJobData, engineFor: (data: PipJobData) => Promise<Engine>, threads?: number): Promise<PipJobResult> {
  const engine = await engineFor(data);
  const stats: ReadStats = { skipped: 0 };
  const result: PipJobResult = { points: 0, skipped: 0, matched: 0, counts: new Array(engine.zoneCount).fill(0), none: 0 };
  const label = (z: number) => (data.names ? (z < 0 ? '' : engine.zoneNames[z]) : String(z));
  // The part is written under a temporary name and renamed when whole: a retried job replaces it.
  const temporary = data.part ? `${data.part}.${process.pid}.tmp` : undefined;
  const file = temporary ? await fileSink(temporary) : undefined;
  try {
    const sink = file ? await arrowSink(file, true) : undefined;
    const batches = readPointBatches(data.file, { columns: { lat: data.lat, lon: data.lon }, stats, ...(data.rowGroup !== undefined ? { rowGroups: [data.rowGroup] } : {}) });
    for await (const batch of batches) {
      result.points += batch.lat.length;
      if (data.mode === 'counts') {
        const { counts, none } = await engine.count(batch, { threads });
        counts.forEach((count, z) => (result.counts[z] += count));
        result.none += none;
      } else if (data.mode === 'all') {
        const { offsets, zones } = await engine.pipAll(batch, { threads });
        const text = Array.from({ length: batch.lat.length }, (_, i) => Array.from(zones.subarray(offsets[i], offsets[i + 1]), label).join(';'));
        for (let i = 0; i < batch.lat.length; i++) if (offsets[i + 1] > offsets[i]) result.matched++;
        await sink!.write({ lat: batch.lat, lon: batch.lon, zone: text });
      } else {
        const first = await engine.locate(batch, { threads });
        for (let i = 0; i < first.length; i++) {
          if (first[i] < 0) result.none++;
          else {
            result.counts[first[i]]++;
            result.matched++;
          }
        }
        await sink!.write({ lat: batch.lat, lon: batch.lon, zone: data.names ? Array.from(first, label) : first });
      }
    }
    result.skipped = stats.skipped;
    if (sink) {
      await sink.close();
      await file!.close();
      renameSync(temporary!, data.part!);
    }
  } catch (error) {
    await file?.close().catch(() => {});
    if (temporary) rmSync(temporary, { force: true });
    throw error;
  }
  return result;
}

export interface PipWorkerOptions {
  queueName: string;
  concurrency?: number;
  threads?: number;
  /** A job's lock lasts this long (ms) and is renewed while the job runs; a dead worker's job runs again after it. Default 30000. */
  lockMs?: number;
}

/** Engines for jobs, built once per run from the zones its coordinator stored in Redis. */
export function engineLoader(connection: Redis): (data: PipJobData) => Promise<Engine> {
  const engines = new Map<string, Promise<Engine>>();
  return (data) => {
    let engine = engines.get(data.runId);
    if (!engine) {
      engine = connection.get(zonesKey(data.runId)).then((text) => {
        if (text === null) throw new Error(`the zones of run ${data.runId} are gone from Redis (key ${zonesKey(data.runId)})`);
        // Counting with other zones than the run's would merge silently: refuse.
        if (zonesDigest(text) !== data.zonesDigest) {
          throw new Error(`the zones under ${zonesKey(data.runId)} are not those run ${data.runId} was enqueued with (SHA-256 ${zonesDigest(text).slice(0, 12)}, expected ${String(data.zonesDigest).slice(0, 12)})`);
        }
        return new Engine(JSON.parse(text) as object[], { boundary: data.boundary });
      });
      engine.catch(() => engines.delete(data.runId));
      engines.set(data.runId, engine);
    }
    return engine;
  };
}

/** A BullMQ worker running pip jobs. */
export async function startPipWorker(connection: Redis, options: PipWorkerOptions): Promise<Worker> {
  const { Worker } = await loadBullmq();
  const engineFor = engineLoader(connection);
  const lockMs = options.lockMs ?? 30_000;
  return new Worker(options.queueName, (job: Job) => processPipJob(job.data as PipJobData, engineFor, options.threads), {
    connection,
    concurrency: options.concurrency ?? 1,
    lockDuration: lockMs,
    stalledInterval: lockMs,
    maxStalledCount: 2,
  });
}
