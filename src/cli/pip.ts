// `hotloop pip`: zones from GeoJSON files, points from CSV (plain or gzip), Arrow or Parquet files,
// the zone of every point (or every zone, or counts per zone) out as CSV, Arrow or Parquet. Output
// files are written whole or not at all. With --queue, the files become BullMQ jobs (pip-queue.ts).
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { type Boundary, Engine } from '../pip/api.js';
import { expandPattern } from './globs.js';
import { type PipMode, runPip } from './pip-run.js';
import { runPipQueue } from './pip-queue.js';
import { progressBar } from './progress.js';
import { removeOnInterrupt, temporaryPath } from './atomic.js';
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

const BOUNDARIES = ['half-open', 'inside', 'outside'];

/** Zone GeoJSON of one file; a file holding one unnamed zone is named after the file. */
export function readZoneFile(file: string): object {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`cannot read zones file ${file}: ${(error as Error).message}`);
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

/** An engine over zone files (errors name the file), or over zone GeoJSON already read. */
export function loadEngine(files: string[], boundary: Boundary, zones: object[] = files.map(readZoneFile)): Engine {
  try {
    return new Engine(zones, { boundary });
  } catch (error) {
    // The engine names inputs zones[i]; the user knows them by file name. Bad zones are bad data,
    // not bad usage: a plain Error, so the command exits 1.
    throw new Error((error as Error).message.replace(/zones\[(\d+)\]/, (_, i: string) => files[Number(i)]), { cause: error });
  }
}

function csvField(text: string): string {
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function registerPip(program: Command): void {
  program
    .command('pip')
    .description('point in polygon: the zone of every point of a CSV, from GeoJSON zones (seed 003)')
    .requiredOption('--zones <files...>', 'GeoJSON files (Polygon, MultiPolygon, Feature or FeatureCollection); zone indices follow their order')
    .requiredOption('--points <file>', 'points: .csv or .csv.gz (with a header line), .arrow/.arrows/.feather (Arrow IPC) or .parquet; a * or ? in the file name takes every match')
    .option('--lat <column>', 'latitude column name', 'lat')
    .option('--lon <column>', 'longitude column name', 'lon')
    .option('--out <file>', 'write per-point zones to this file instead of stdout: .csv, .arrow, .arrows or .parquet (counts with --counts: CSV)')
    .option('--counts', 'count points per zone (first match) instead of listing every point')
    .option('--all', 'list every zone containing each point (indices joined by ;), not only the first')
    .option('--names', 'write zone names instead of indices (empty for none)')
    .option('--repeat <n>', 'repeat the points n times (1024 gives the seed\'s 43.6M points)', '1')
    .option('--boundary <mode>', `points on a ring: ${BOUNDARIES.join(', ')}`, 'half-open')
    .option('--strict', 'fail on a CSV row that does not parse instead of skipping it')
    .option('--threads <n>', 'native threads (default: all)')
    .option('--json', 'print machine-readable JSON')
    .option('--queue <url>', 'enqueue one BullMQ job per file or Parquet row group on this Redis (redis://host:port) for `hotloop worker`s, and merge their results')
    .option('--queue-name <name>', 'BullMQ queue name', 'hotloop-pip')
    .addHelpText(
      'after',
      '\nExamples:\n  hotloop pip --zones tokyo.geojson channel.geojson --points ais.csv.gz --counts\n  hotloop pip --zones zones.geojson --points ais.csv --out zones.csv\n  hotloop pip --zones a.geojson b.geojson --points ais.csv.gz --repeat 1024 --counts --json\n  hotloop pip --zones zones.geojson --points ais.parquet --out zones.arrow\n  hotloop pip --zones zones.geojson --points \'history/*.parquet\' --queue redis://127.0.0.1:6379 --counts',
    )
    .action(async (flags: PipFlags) => {
      if (!BOUNDARIES.includes(flags.boundary)) {
        throw new UsageError(`--boundary expects one of ${BOUNDARIES.join(', ')} but received ${JSON.stringify(flags.boundary)}`);
      }
      if (flags.counts && flags.all) throw new UsageError('--counts and --all exclude each other');
      if (flags.json && !flags.counts && !flags.out) throw new UsageError('--json needs --counts or --out (per-point rows go to stdout otherwise)');
      const times = parseInteger('--repeat', flags.repeat, 1, 1_000_000);
      const threads = parseThreads(flags.threads);
      const mode: PipMode = flags.counts ? 'counts' : flags.all ? 'all' : 'first';
      const files = expandPattern(flags.points);
      if (flags.queue !== undefined) {
        if (times !== 1) throw new UsageError('--repeat cannot be used with --queue');
        if (mode !== 'counts' && !flags.out) throw new UsageError('--queue needs --counts or --out');
        const zones = flags.zones.map(readZoneFile);
        const engine = loadEngine(flags.zones, flags.boundary as Boundary, zones);
        const result = await runPipQueue({ url: flags.queue, queueName: flags.queueName, files, zones, engine, boundary: flags.boundary as Boundary, lat: flags.lat, lon: flags.lon, mode, names: !!flags.names, out: flags.out, progress: !flags.json });
        const summary = { points: result.points, jobs: result.jobs, zones: engine.zoneNames, ms: Math.round(result.ms * 10) / 10 };
        if (mode === 'counts') printCounts(engine.zoneNames, result.counts, result.none, summary, flags);
        else if (flags.json) console.log(JSON.stringify({ ...summary, matched: result.matched, out: flags.out }));
        else console.log(`${result.points.toLocaleString('en-US')} points in ${result.jobs} jobs, ${result.matched.toLocaleString('en-US')} in a zone, in ${result.ms.toFixed(1)} ms; wrote ${flags.out}`);
        return;
      }
      const engine = loadEngine(flags.zones, flags.boundary as Boundary);

      const working = progressBar('locating', !flags.json);
      const result = await runPip({ engine, files, lat: flags.lat, lon: flags.lon, mode, names: !!flags.names, repeat: times, threads, strict: flags.strict, out: flags.out, onProgress: working.update }).finally(() => working.stop());
      const { stats, ms, points: n } = result;
      if (stats.skipped > 0) {
        const first = stats.firstSkipped!;
        process.stderr.write(`hotloop: skipped ${stats.skipped} CSV rows that did not parse (first: line ${first.line}: ${first.reason}); --strict makes this an error\n`);
      }
      const summary = { points: n, skipped: stats.skipped, zones: engine.zoneNames, ms: Math.round(ms * 10) / 10 };
      if (mode === 'counts') {
        printCounts(engine.zoneNames, result.counts, result.none, summary, flags);
        return;
      }
      if (flags.out) {
        if (flags.json) console.log(JSON.stringify({ ...summary, matched: result.matched, out: flags.out }));
        else console.log(`${n.toLocaleString('en-US')} points, ${result.matched.toLocaleString('en-US')} in a zone, in ${ms.toFixed(1)} ms; wrote ${flags.out}`);
      }
    });
}

/** Counts per zone as a table (or JSON), and as CSV to --out. */
export function printCounts(zoneNames: readonly string[], counts: number[], none: number, summary: Record<string, unknown>, flags: { out?: string; json?: boolean }): void {
  const rows = [{ zone: -1, name: '(none)', points: none }, ...counts.map((count, z) => ({ zone: z, name: zoneNames[z], points: count }))];
  if (flags.out) {
    const temporary = temporaryPath(flags.out);
    const release = removeOnInterrupt(temporary);
    try {
      writeFileSync(temporary, `zone,name,points\n${rows.map((row) => `${row.zone},${csvField(row.name)},${row.points}\n`).join('')}`);
      renameSync(temporary, flags.out);
    } catch (error) {
      rmSync(temporary, { force: true });
      throw error;
    } finally {
      release();
    }
  }
  if (flags.json) console.log(JSON.stringify({ ...summary, counts: rows }));
  else {
    const width = Math.max(6, ...rows.map((row) => row.name.length));
    console.log(`${'zone'.padStart(5)}  ${'name'.padEnd(width)}  ${'points'.padStart(14)}`);
    for (const row of rows) console.log(`${String(row.zone).padStart(5)}  ${row.name.padEnd(width)}  ${row.points.toLocaleString('en-US').padStart(14)}`);
    const n = rows.reduce((sum, row) => sum + row.points, 0);
    console.log(`${n.toLocaleString('en-US')} points in ${Number(summary.ms ?? 0).toFixed(1)} ms`);
  }
}
