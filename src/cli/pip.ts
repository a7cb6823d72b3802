// `hotloop pip`: zones from GeoJSON files, points from CSV (plain or gzip), Arrow or Parquet files
// (points-input.ts), the zone of every point (or every zone, or counts per zone) out as RFC 4180
// CSV, Arrow or Parquet. Output files go through atomic.ts, everything printed through output.ts.
// The work runs here (pip-run.ts) or, with --queue, as BullMQ jobs of `hotloop worker`s (pip-queue.ts).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { fileError } from '../file-errors.js';
import { csvField } from '../io/csv.js';
import { type FileFormat, resultFormatOf } from '../io/points.js';
import { type Boundary, Engine } from '../pip/api.js';
import { type OutputTarget, openOutput, writeInto } from './atomic.js';
import { type Example, examplesHelp } from './examples.js';
import { note, print } from './output.js';
import { type PipMode, checkListableNames, runPip } from './pip-run.js';
import { runPipQueue } from './pip-queue.js';
import { pointFiles } from './points-input.js';
import { progressBar } from './progress.js';
import { UsageError, parseInteger, parseThreads } from './usage.js';

interface PipFlags {
  zones: string[];
  points: string;
  lat: string;
  lon: string;
  out?: string;
  counts?: boolean;
  all?: boolean;
  repeat: string;
  json?: boolean;
  threads?: string;
  strict?: boolean;
  boundary: string;
  names?: boolean;
  queue?: string;
  queueName: string;
}

export const BOUNDARIES = ['half-open', 'inside', 'outside'];

/** The --boundary flag, checked. */
export function parseBoundary(text: string): Boundary {
  if (!BOUNDARIES.includes(text)) throw new UsageError(`--boundary expects one of ${BOUNDARIES.join(', ')} but received ${JSON.stringify(text)}`);
  return text as Boundary;
}

/** Zone GeoJSON of one file; a file holding one unnamed zone is named after the file. */
export function readZoneFile(file: string): object {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw fileError('read', file, error);
  }
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`Invalid GeoJSON in ${file}: not JSON (${(error as Error).message})`);
  }
  const name = path.basename(file).replace(/\.(geo)?json$/i, '');
  const named = (feature: Record<string, unknown>) => {
    const properties = (feature.properties ?? {}) as Record<string, unknown>;
    return typeof properties.name === 'string' ? feature : { ...feature, properties: { ...properties, name } };
  };
  if (json?.type === 'FeatureCollection' && Array.isArray(json.features) && json.features.length === 1) {
    return { ...json, features: [named(json.features[0] as Record<string, unknown>)] };
  }
  if (json?.type === 'Feature') return named(json);
  if (json?.type === 'Polygon' || json?.type === 'MultiPolygon') return { type: 'Feature', properties: { name }, geometry: json };
  return json;
}

/** An engine over zone files (errors name the file), or over zone GeoJSON already read from them. */
export function loadEngine(files: string[], boundary: Boundary, zones: object[] = files.map(readZoneFile)): Engine {
  try {
    return new Engine(zones, { boundary });
  } catch (error) {
    // The engine names inputs zones[i]; the user knows them by file name. Bad zones are bad data,
    // not bad usage: a plain Error, so the command exits 1.
    throw new Error((error as Error).message.replace(/zones\[(\d+)\]/, (_, i: string) => files[Number(i)]), { cause: error });
  }
}

/** Counts per zone: CSV to `output` when given, and a table or JSON on standard output unless the CSV went there. */
async function reportCounts(engine: Engine, counts: number[], none: number, summary: Record<string, unknown>, output: OutputTarget | undefined, flags: PipFlags): Promise<void> {
  const rows = [{ zone: -1, name: '(none)', points: none }, ...counts.map((count, z) => ({ zone: z, name: engine.zoneNames[z], points: count }))];
  if (output) {
    await writeInto(output, async (write) => {
      await write('zone,name,points\n');
      for (const row of rows) await write(`${row.zone},${csvField(row.name)},${row.points}\n`);
    });
  }
  if (flags.out === '-') return;
  if (flags.json) {
    await print(JSON.stringify({ ...summary, counts: rows }));
    return;
  }
  const width = Math.max(6, ...rows.map((row) => row.name.length));
  const points = rows.reduce((sum, row) => sum + row.points, 0);
  await print(
    `${'zone'.padStart(5)}  ${'name'.padEnd(width)}  ${'points'.padStart(14)}`,
    ...rows.map((row) => `${String(row.zone).padStart(5)}  ${row.name.padEnd(width)}  ${row.points.toLocaleString('en-US').padStart(14)}`),
    `${points.toLocaleString('en-US')} points in ${Number(summary.ms).toFixed(1)} ms`,
  );
}

export const pipExamples: Example[] = [
  { command: 'hotloop pip --zones tokyo.geojson channel.geojson --points ais.csv.gz --counts', comment: 'points per zone (first match)' },
  { command: 'hotloop pip --zones zones.geojson --points ais.csv --out zones.csv', comment: 'the zone of every point, as CSV' },
  { command: 'hotloop pip --zones zones.geojson --points ais.csv --all --names', comment: 'every zone of every point, names joined by ;' },
  { command: 'hotloop pip --zones a.geojson b.geojson --points ais.csv.gz --repeat 1024 --counts --json', comment: "the seed's 43.6M points" },
  { command: 'hotloop pip --zones zones.geojson --points ais.parquet --out zones.arrow', comment: 'Parquet in, Arrow out' },
  { command: "hotloop pip --zones zones.geojson --points 'history/*.parquet' --queue redis://127.0.0.1:6379 --counts", comment: 'BullMQ jobs for `hotloop worker`s' },
];

export function registerPip(program: Command): void {
  program
    .command('pip')
    .description('point in polygon: the zone of every point of a CSV, Arrow or Parquet file, from GeoJSON zones (seed 003)')
    .requiredOption('--zones <files...>', 'GeoJSON files (Polygon, MultiPolygon, Feature or FeatureCollection); zone indices follow their order')
    .requiredOption('--points <file>', 'points: .arrow/.arrows/.feather (Arrow IPC), .parquet, else CSV (plain or .gz) with a header line; a * or ? in the file name takes every match')
    .option('--lat <column>', 'latitude column name', 'lat')
    .option('--lon <column>', 'longitude column name', 'lon')
    .option('--out <file>', 'write per-point zones to this file (- for standard output): .arrow, .arrows, .parquet, else CSV; with --counts, the counts as CSV')
    .option('--counts', 'count points per zone (first match) instead of listing every point')
    .option('--all', 'list every zone containing each point (indices joined by ;), not only the first')
    .option('--names', 'write zone names instead of indices (empty for none)')
    .option('--repeat <n>', 'repeat the points n times (1024 gives the seed\'s 43.6M points)', '1')
    .option('--boundary <mode>', `points on a ring: ${BOUNDARIES.join(', ')}`, 'half-open')
    .option('--strict', 'fail on a CSV row that does not parse instead of skipping it')
    .option('--threads <n>', 'native threads (default: all)')
    .option('--json', 'print machine-readable JSON')
    .option('--queue <url>', 'run as BullMQ jobs on this Redis (redis://host:port), one per file or Parquet row group, for `hotloop worker`s; the results are merged here')
    .option('--queue-name <name>', 'BullMQ queue name', 'hotloop-pip')
    .addHelpText('after', examplesHelp(pipExamples))
    .action(async (flags: PipFlags) => {
      const boundary = parseBoundary(flags.boundary);
      if (flags.counts && flags.all) throw new UsageError('--counts and --all exclude each other');
      const rowsToStdout = flags.out === '-' || (flags.out === undefined && !flags.counts);
      if (flags.json && rowsToStdout) throw new UsageError('--json needs --counts or --out <file> (per-point rows go to standard output otherwise)');
      const times = parseInteger('--repeat', flags.repeat, 1, 1_000_000);
      const threads = parseThreads(flags.threads);
      if (flags.queue !== undefined && times !== 1) throw new UsageError('--repeat cannot be used with --queue');
      let format: FileFormat = 'csv';
      if (flags.out !== undefined && flags.out !== '-' && flags.out !== '') {
        try {
          format = resultFormatOf(flags.out);
        } catch (error) {
          throw new UsageError((error as Error).message);
        }
        if (flags.counts && format !== 'csv') throw new UsageError(`--counts writes CSV, not ${format} (--out ${flags.out})`);
      }
      const mode: PipMode = flags.counts ? 'counts' : flags.all ? 'all' : 'first';
      const files = pointFiles(flags.points);
      const zones = flags.zones.map(readZoneFile);
      const engine = loadEngine(flags.zones, boundary, zones);
      if (flags.all && flags.names) checkListableNames(engine);
      // Opened before the work, so an unwritable --out fails at once.
      const output: OutputTarget | undefined = flags.out !== undefined || !flags.counts ? await openOutput(flags.out ?? '-', '--out') : undefined;

      if (flags.queue !== undefined) {
        const result = await runPipQueue({ url: flags.queue, queueName: flags.queueName, files, zones, boundary, lat: flags.lat, lon: flags.lon, mode, names: !!flags.names, output: mode === 'counts' ? undefined : output, out: rowsToStdout ? undefined : flags.out, format, progress: !flags.json });
        const summary = { points: result.points, jobs: result.jobs, skipped: result.skipped, zones: engine.zoneNames, ms: Math.round(result.ms * 10) / 10 };
        if (result.skipped > 0) note(`hotloop: the jobs skipped ${result.skipped} CSV rows that did not parse`);
        if (mode === 'counts') await reportCounts(engine, result.counts, result.none, summary, output, flags);
        else if (rowsToStdout) return;
        else if (flags.json) await print(JSON.stringify({ ...summary, matched: result.matched, out: flags.out }));
        else await print(`${result.points.toLocaleString('en-US')} points in ${result.jobs} jobs, ${result.matched.toLocaleString('en-US')} in a zone, in ${result.ms.toFixed(1)} ms; wrote ${flags.out}`);
        return;
      }

      const working = progressBar('locating', !flags.json);
      const result = await runPip({ engine, files, lat: flags.lat, lon: flags.lon, mode, names: !!flags.names, repeat: times, threads, strict: flags.strict ?? false, output, format, onProgress: working.update }).finally(() =>
        working.stop(),
      );
      const { stats, ms, points } = result;
      if (stats.skipped > 0) {
        const first = stats.firstSkipped!;
        note(`hotloop: skipped ${stats.skipped} CSV rows that did not parse (first: line ${first.line}: ${first.reason}); --strict makes this an error`);
      }
      const summary = { points, skipped: stats.skipped, zones: engine.zoneNames, ms: Math.round(ms * 10) / 10 };
      if (mode === 'counts') {
        await reportCounts(engine, result.counts, result.none, summary, output, flags);
        return;
      }
      if (rowsToStdout) return;
      if (flags.json) await print(JSON.stringify({ ...summary, matched: result.matched, out: flags.out }));
      else await print(`${points.toLocaleString('en-US')} points, ${result.matched.toLocaleString('en-US')} in a zone, in ${ms.toFixed(1)} ms; wrote ${flags.out}`);
    });
}
