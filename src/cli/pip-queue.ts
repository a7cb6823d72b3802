// `hotloop pip --queue redis://...`: the files (and Parquet row groups) become BullMQ jobs for
// `hotloop worker`s; this process waits for them, then sums the counts or joins the per-point
// parts, in input order, into --out (written whole or not at all).
import { mkdirSync, renameSync, rmSync } from 'node:fs';
import type { Engine } from '../pip/api.js';
import { readArrowResults } from '../io/arrow.js';
import { openResultSink, resultFormatOf } from '../io/points.js';
import { type PipJobMode, type PipRunResult, newRunId, planPipJobs, runPipJobs } from '../pip/queue.js';
import { checkRedisUrl, connectRedis } from '../redis/connect.js';
import type { Boundary } from '../pip/api.js';
import { removeOnInterrupt, temporaryPath } from './atomic.js';
import { progressBar } from './progress.js';
import { UsageError } from './usage.js';

export interface PipQueueRun {
  url: string;
  queueName: string;
  files: string[];
  /** Zone GeoJSON as read from the files (named), and the engine built from it (already validated). */
  zones: object[];
  engine: Engine;
  boundary: Boundary;
  lat: string;
  lon: string;
  mode: PipJobMode;
  names: boolean;
  out?: string;
  progress: boolean;
}

export async function runPipQueue(run: PipQueueRun): Promise<PipRunResult & { ms: number }> {
  try {
    checkRedisUrl('--queue', run.url);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const format = run.out !== undefined && run.mode !== 'counts' ? resultFormatOf(run.out) : undefined;
  const runId = newRunId();
  const partsDir = format ? `${run.out}.parts-${runId}` : undefined;
  const start = performance.now();
  const jobs = await planPipJobs(run.files, { runId, lat: run.lat, lon: run.lon, mode: run.mode, names: run.names, boundary: run.boundary }, partsDir);
  const connection = await connectRedis(run.url, { name: 'hotloop-pip-queue' });
  if (partsDir) mkdirSync(partsDir, { recursive: true });
  const bar = progressBar('jobs    ', run.progress);
  try {
    const result = await runPipJobs(connection, run.queueName, run.zones, jobs, (done, total) => bar.update(done / total)).finally(() => bar.stop());
    if (format && run.out) {
      const temporary = temporaryPath(run.out);
      const release = removeOnInterrupt(temporary);
      const sink = await openResultSink(temporary, format);
      try {
        for (const part of result.parts) for await (const batch of readArrowResults(part)) await sink.write(batch);
        await sink.close();
        renameSync(temporary, run.out);
      } catch (error) {
        sink.abort();
        rmSync(temporary, { force: true });
        throw error;
      } finally {
        release();
      }
    }
    return { ...result, ms: performance.now() - start };
  } finally {
    if (partsDir) rmSync(partsDir, { recursive: true, force: true });
    connection.disconnect();
  }
}
