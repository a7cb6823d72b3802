// `hotloop pip --queue redis://...`: the files (and Parquet row groups) become BullMQ jobs for
// `hotloop worker`s; this process waits for them, then sums the counts or joins the per-point
// parts, in input order, into the output (an output of atomic.ts: written whole or not at all).
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Boundary } from '../pip/api.js';
import { readArrowResults } from '../io/arrow.js';
import { type FileFormat, openResultSink } from '../io/points.js';
import { type PipJobMode, type PipRunResult, newRunId, planPipJobs, runPipJobs } from '../pip/queue.js';
import { checkRedisUrl, connectRedis } from '../redis/connect.js';
import { type OutputTarget, resolveTarget, writeInto } from './atomic.js';
import { progressBar } from './progress.js';
import { UsageError } from './usage.js';

export interface PipQueueRun {
  url: string;
  queueName: string;
  files: string[];
  /** Zone GeoJSON as read from the files (named); the workers build their engines from it. */
  zones: object[];
  boundary: Boundary;
  lat: string;
  lon: string;
  mode: PipJobMode;
  names: boolean;
  /** Per-point results go here, in `format` (absent in counts mode). */
  output?: OutputTarget;
  /** The --out file name (absent for standard output): the jobs' parts are written beside it. */
  out?: string;
  format: FileFormat;
  progress: boolean;
}

export async function runPipQueue(run: PipQueueRun): Promise<PipRunResult & { ms: number }> {
  try {
    checkRedisUrl('--queue', run.url);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const runId = newRunId();
  // The workers write their per-point parts in a folder beside --out (beside the first input file
  // when the results go to standard output): they must see it at the same path. Removed at the end.
  const partsBeside = run.out !== undefined ? resolveTarget(run.out) : path.resolve(run.files[0]);
  const partsDir = run.output ? path.join(path.dirname(partsBeside), `.hotloop-parts-${runId}`) : undefined;
  const start = performance.now();
  const jobs = await planPipJobs(run.files, { runId, lat: run.lat, lon: run.lon, mode: run.mode, names: run.names, boundary: run.boundary }, partsDir);
  const connection = await connectRedis(run.url, { name: 'hotloop-pip-queue' });
  if (partsDir) mkdirSync(partsDir, { recursive: true });
  const bar = progressBar('jobs    ', run.progress);
  try {
    const result = await runPipJobs(connection, run.queueName, run.zones, jobs, (done, total) => bar.update(done / total)).finally(() => bar.stop());
    if (run.output) {
      await writeInto(run.output, async (write) => {
        const sink = await openResultSink({ write }, run.format);
        for (const part of result.parts) for await (const batch of readArrowResults(part)) await sink.write(batch);
        await sink.close();
      });
    }
    return { ...result, ms: performance.now() - start };
  } finally {
    if (partsDir) rmSync(partsDir, { recursive: true, force: true });
    connection.disconnect();
  }
}
