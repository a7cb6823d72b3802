// The body of `hotloop pip` without a queue: points streamed batch by batch (CSV blocks, Arrow
// record batches, Parquet row groups) through the engine, per-point results written as they come
// (CSV, Arrow or Parquet, by the output's name) or counts summed. `--repeat` holds the points whole.
import { renameSync, rmSync } from 'node:fs';
import type { Engine } from '../pip/api.js';
import type { PointBatch, ReadStats, ResultSink } from '../io/columns.js';
import { openResultSink, readPointBatches, readPoints, resultFormatOf } from '../io/points.js';
import { removeOnInterrupt, temporaryPath } from './atomic.js';

export type PipMode = 'first' | 'all' | 'counts';

export interface PipRun {
  engine: Engine;
  files: string[];
  lat: string;
  lon: string;
  mode: PipMode;
  names: boolean;
  repeat: number;
  threads?: number;
  strict?: boolean;
  /** Per-point results to this file (CSV, Arrow or Parquet by its name); stdout (CSV) when absent. */
  out?: string;
  onProgress?: (fraction: number) => void;
}

export interface PipOutcome {
  points: number;
  /** Points in a zone (per-point modes). */
  matched: number;
  /** Per zone, then points in none (counts mode). */
  counts: number[];
  none: number;
  stats: ReadStats;
  ms: number;
}

const MAX_POINTS = 2 ** 31 - 1;

function tiled(batch: PointBatch, times: number): PointBatch {
  if (times === 1) return batch;
  const tile = (values: Float64Array) => {
    const out = new Float64Array(values.length * times);
    for (let r = 0; r < times; r++) out.set(values, r * values.length);
    return out;
  };
  return { lat: tile(batch.lat), lon: tile(batch.lon) };
}

async function* batchesOf(run: PipRun, stats: ReadStats): AsyncGenerator<PointBatch> {
  const columns = { lat: run.lat, lon: run.lon };
  for (const [f, file] of run.files.entries()) {
    const onProgress = run.onProgress && ((x: number) => run.onProgress!((f + x) / run.files.length));
    if (run.repeat > 1) {
      const whole = await readPoints(file, { columns, strict: run.strict, stats, onProgress });
      if (whole.lat.length * run.repeat > MAX_POINTS) throw new RangeError(`Expected at most ${MAX_POINTS} points for --repeat ${run.repeat} but ${file} has ${whole.lat.length} points`);
      yield tiled(whole, run.repeat);
    } else {
      yield* readPointBatches(file, { columns, strict: run.strict, stats, onProgress });
    }
  }
}

/** Runs the engine over every batch; writes per-point results (or sums counts). */
export async function runPip(run: PipRun): Promise<PipOutcome> {
  const { engine, threads } = run;
  const stats: ReadStats = { skipped: 0 };
  const outcome: PipOutcome = { points: 0, matched: 0, counts: new Array(engine.zoneCount).fill(0), none: 0, stats, ms: 0 };
  const label = (z: number) => (run.names ? (z < 0 ? '' : engine.zoneNames[z]) : String(z));
  let sink: ResultSink | undefined;
  let temporary: string | undefined;
  let release = () => {};
  if (run.mode !== 'counts') {
    if (run.out !== undefined) {
      const format = resultFormatOf(run.out);
      temporary = temporaryPath(run.out);
      release = removeOnInterrupt(temporary);
      sink = await openResultSink(temporary, format);
    } else sink = await openResultSink(undefined);
  }
  try {
    for await (const batch of batchesOf(run, stats)) {
      const start = performance.now();
      outcome.points += batch.lat.length;
      if (run.mode === 'counts') {
        const { counts, none } = await engine.count(batch, { threads });
        counts.forEach((count, z) => (outcome.counts[z] += count));
        outcome.none += none;
        outcome.ms += performance.now() - start;
        continue;
      }
      let zone: Int32Array | string[];
      if (run.mode === 'all') {
        const { offsets, zones } = await engine.pipAll(batch, { threads });
        outcome.ms += performance.now() - start;
        zone = Array.from({ length: batch.lat.length }, (_, i) => Array.from(zones.subarray(offsets[i], offsets[i + 1]), label).join(';'));
        for (let i = 0; i < batch.lat.length; i++) if (offsets[i + 1] > offsets[i]) outcome.matched++;
      } else {
        const first = await engine.locate(batch, { threads });
        outcome.ms += performance.now() - start;
        for (let i = 0; i < first.length; i++) if (first[i] >= 0) outcome.matched++;
        zone = run.names ? Array.from(first, label) : first;
      }
      await sink!.write({ lat: batch.lat, lon: batch.lon, zone });
    }
    await sink?.close();
    if (temporary !== undefined) renameSync(temporary, run.out!);
  } catch (error) {
    sink?.abort();
    if (temporary !== undefined) rmSync(temporary, { force: true });
    throw error;
  } finally {
    release();
  }
  return outcome;
}
