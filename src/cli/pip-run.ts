// `hotloop pip` in this process: the points streamed batch by batch (CSV blocks, Arrow record
// batches, Parquet row groups) through the engine, per-point results written as they come to an
// output of atomic.ts in the format its name says (CSV, Arrow or Parquet), or counts summed.
// `--repeat` holds the points whole.
import type { Engine } from '../pip/api.js';
import type { PointBatch, ReadStats } from '../io/columns.js';
import { type FileFormat, openResultSink } from '../io/points.js';
import { type OutputTarget, writeInto } from './atomic.js';
import { pointBatches, readPoints } from './points-input.js';
import { UsageError } from './usage.js';

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
  strict: boolean;
  /** Per-point results go here, in `format` (unused in counts mode). */
  output?: OutputTarget;
  format: FileFormat;
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
  /** Time spent in the engine. */
  ms: number;
}

const MAX_POINTS = 2 ** 31 - 1;

function tiled(values: Float64Array, times: number): Float64Array {
  const out = new Float64Array(values.length * times);
  for (let r = 0; r < times; r++) out.set(values, r * values.length);
  return out;
}

async function* batchesOf(run: PipRun, stats: ReadStats): AsyncGenerator<PointBatch> {
  const request = { files: run.files, columns: { lat: run.lat, lon: run.lon }, strict: run.strict, stats, onProgress: run.onProgress };
  if (run.repeat === 1) {
    yield* pointBatches(request);
    return;
  }
  const whole = await readPoints(request);
  if (whole.lat.length * run.repeat > MAX_POINTS) throw new UsageError(`--repeat ${run.repeat} gives more than ${MAX_POINTS} points`);
  yield { lat: tiled(whole.lat, run.repeat), lon: tiled(whole.lon, run.repeat) };
}

/** With --all --names: a name holding the list separator could not be split back out of the list. */
export function checkListableNames(engine: Engine): void {
  const clash = engine.zoneNames.find((name) => name.includes(';'));
  if (clash !== undefined) throw new Error(`zone name ${JSON.stringify(clash)} contains ';', the separator of --all lists: drop --names to list indices`);
}

/** Runs the engine over every batch; writes per-point results to `run.output` (committed at the end), or sums counts. */
export async function runPip(run: PipRun): Promise<PipOutcome> {
  const { engine, threads } = run;
  const stats: ReadStats = { skipped: 0 };
  const outcome: PipOutcome = { points: 0, matched: 0, counts: new Array(engine.zoneCount).fill(0), none: 0, stats, ms: 0 };
  const label = (z: number) => (run.names ? (z < 0 ? '' : engine.zoneNames[z]) : String(z));
  const located = async (batch: PointBatch) => {
    const start = performance.now();
    try {
      if (run.mode === 'counts') return await engine.count(batch, { threads });
      return run.mode === 'all' ? await engine.pipAll(batch, { threads }) : await engine.locate(batch, { threads });
    } finally {
      outcome.ms += performance.now() - start;
    }
  };
  if (run.mode === 'counts') {
    for await (const batch of batchesOf(run, stats)) {
      outcome.points += batch.lat.length;
      const { counts, none } = (await located(batch)) as { counts: number[]; none: number };
      counts.forEach((count, z) => (outcome.counts[z] += count));
      outcome.none += none;
    }
    return outcome;
  }
  await writeInto(run.output!, async (write) => {
    const sink = await openResultSink({ write }, run.format);
    for await (const batch of batchesOf(run, stats)) {
      outcome.points += batch.lat.length;
      const result = (await located(batch)) as Int32Array | { offsets: Int32Array | Uint32Array; zones: Int32Array };
      let zone: Int32Array | string[];
      if ('offsets' in result) {
        const { offsets, zones } = result;
        zone = Array.from({ length: batch.lat.length }, (_, i) => Array.from(zones.subarray(offsets[i], offsets[i + 1]), label).join(';'));
        for (let i = 0; i < batch.lat.length; i++) if (offsets[i + 1] > offsets[i]) outcome.matched++;
      } else {
        for (let i = 0; i < result.length; i++) if (result[i] >= 0) outcome.matched++;
        zone = run.names ? Array.from(result, label) : result;
      }
      await sink.write({ lat: batch.lat, lon: batch.lon, zone });
    }
    await sink.close();
  });
  return outcome;
}
