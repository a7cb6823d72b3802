// `hotloop pip`: zones from GeoJSON files, points from a CSV (plain or gzip), the zone of every
// point (or every zone, or counts per zone) out. Output files are written whole or not at all.
import { once } from 'node:events';
import { createWriteStream, readFileSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { type Boundary, Engine } from '../pip/api.js';
import { readCsvPoints } from '../pip/csv.js';
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
}

const BOUNDARIES = ['half-open', 'inside', 'outside'];
const MAX_POINTS = 2 ** 31 - 1;

/** Zone GeoJSON of one file; a file holding one unnamed zone is named after the file. */
function readZoneFile(file: string): object {
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

function loadEngine(files: string[], boundary: Boundary): Engine {
  const zones = files.map(readZoneFile);
  try {
    return new Engine(zones, { boundary });
  } catch (error) {
    // The engine names inputs zones[i]; the user knows them by file name. Bad zones are bad data,
    // not bad usage: a plain Error, so the command exits 1.
    throw new Error((error as Error).message.replace(/zones\[(\d+)\]/, (_, i: string) => files[Number(i)]), { cause: error });
  }
}

function repeated(values: Float64Array, times: number): Float64Array {
  if (times === 1) return values;
  const out = new Float64Array(values.length * times);
  for (let r = 0; r < times; r++) out.set(values, r * values.length);
  return out;
}

/** Writes lines to `file` through a temporary file in the same folder, renamed only when complete. */
async function writeAtomically(file: string, lines: (write: (text: string) => Promise<void>) => Promise<void>): Promise<void> {
  const temporary = temporaryPath(file);
  const release = removeOnInterrupt(temporary);
  const stream = createWriteStream(temporary);
  const failed = new Promise<never>((_, reject) => stream.once('error', reject));
  failed.catch(() => {}); // observed below; never an unhandled rejection
  try {
    await lines(async (text) => {
      if (!stream.write(text)) await Promise.race([once(stream, 'drain'), failed]);
    });
    stream.end();
    await Promise.race([once(stream, 'finish'), failed]);
    renameSync(temporary, file);
  } catch (error) {
    stream.destroy();
    rmSync(temporary, { force: true });
    throw error;
  } finally {
    release();
  }
}

/** Per-point rows (lat, lon, zone index, zone name), flushed in blocks. */
async function writePoints(write: (text: string) => Promise<void>, lat: Float64Array, lon: Float64Array, zoneOf: (i: number) => string): Promise<void> {
  await write('lat,lon,zone\n');
  const BLOCK = 8192;
  for (let begin = 0; begin < lat.length; begin += BLOCK) {
    let text = '';
    for (let i = begin; i < Math.min(lat.length, begin + BLOCK); i++) text += `${lat[i]},${lon[i]},${zoneOf(i)}\n`;
    await write(text);
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
    .requiredOption('--points <file>', 'CSV of points, plain or .gz, with a header line')
    .option('--lat <column>', 'latitude column name', 'lat')
    .option('--lon <column>', 'longitude column name', 'lon')
    .option('--out <file>', 'write per-point zones (or counts with --counts) to this CSV file instead of stdout')
    .option('--counts', 'count points per zone (first match) instead of listing every point')
    .option('--all', 'list every zone containing each point (indices joined by ;), not only the first')
    .option('--names', 'write zone names instead of indices (empty for none)')
    .option('--repeat <n>', 'repeat the points n times (1024 gives the seed\'s 43.6M points)', '1')
    .option('--boundary <mode>', `points on a ring: ${BOUNDARIES.join(', ')}`, 'half-open')
    .option('--strict', 'fail on a CSV row that does not parse instead of skipping it')
    .option('--threads <n>', 'native threads (default: all)')
    .option('--json', 'print machine-readable JSON')
    .addHelpText(
      'after',
      '\nExamples:\n  hotloop pip --zones tokyo.geojson channel.geojson --points ais.csv.gz --counts\n  hotloop pip --zones zones.geojson --points ais.csv --out zones.csv\n  hotloop pip --zones a.geojson b.geojson --points ais.csv.gz --repeat 1024 --counts --json',
    )
    .action(async (flags: PipFlags) => {
      if (!BOUNDARIES.includes(flags.boundary)) {
        throw new UsageError(`--boundary expects one of ${BOUNDARIES.join(', ')} but received ${JSON.stringify(flags.boundary)}`);
      }
      if (flags.counts && flags.all) throw new UsageError('--counts and --all exclude each other');
      if (flags.json && !flags.counts && !flags.out) throw new UsageError('--json needs --counts or --out (per-point rows go to stdout otherwise)');
      const times = parseInteger('--repeat', flags.repeat, 1, 1_000_000);
      const threads = parseThreads(flags.threads);
      const engine = loadEngine(flags.zones, flags.boundary as Boundary);

      const reading = progressBar('reading ', !flags.json);
      const csv = await readCsvPoints(flags.points, { latColumn: flags.lat, lonColumn: flags.lon, strict: flags.strict, onProgress: reading.update }).finally(() => reading.stop());
      if (csv.skipped > 0) {
        const first = csv.firstSkipped!;
        process.stderr.write(`hotloop: skipped ${csv.skipped} CSV rows that did not parse (first: line ${first.line}: ${first.reason}); --strict makes this an error\n`);
      }
      if (csv.lat.length * times > MAX_POINTS) throw new UsageError(`--repeat ${times} gives more than ${MAX_POINTS} points`);
      const points = { lat: repeated(csv.lat, times), lon: repeated(csv.lon, times) };
      const n = points.lat.length;

      const working = progressBar('locating', !flags.json);
      const start = performance.now();
      const options = { threads, onProgress: working.update };
      const result = await (flags.counts ? engine.count(points, options) : flags.all ? engine.pipAll(points, options) : engine.locate(points, options)).finally(() =>
        working.stop(),
      );
      const ms = performance.now() - start;
      const summary = { points: n, skipped: csv.skipped, zones: engine.zoneNames, ms: Math.round(ms * 10) / 10 };

      if ('none' in result) {
        const rows = [{ zone: -1, name: '(none)', points: result.none }, ...result.counts.map((count, z) => ({ zone: z, name: engine.zoneNames[z], points: count }))];
        if (flags.out) {
          await writeAtomically(flags.out, async (write) => {
            await write('zone,name,points\n');
            for (const row of rows) await write(`${row.zone},${csvField(row.name)},${row.points}\n`);
          });
        }
        if (flags.json) console.log(JSON.stringify({ ...summary, counts: rows }));
        else {
          const width = Math.max(6, ...rows.map((row) => row.name.length));
          console.log(`${'zone'.padStart(5)}  ${'name'.padEnd(width)}  ${'points'.padStart(14)}`);
          for (const row of rows) console.log(`${String(row.zone).padStart(5)}  ${row.name.padEnd(width)}  ${row.points.toLocaleString('en-US').padStart(14)}`);
          console.log(`${n.toLocaleString('en-US')} points in ${ms.toFixed(1)} ms`);
        }
        return;
      }
      const label = flags.names ? (z: number) => (z < 0 ? '' : csvField(engine.zoneNames[z])) : String;
      const zoneOf =
        'offsets' in result
          ? (i: number) => Array.from(result.zones.subarray(result.offsets[i], result.offsets[i + 1]), label).join(';')
          : (i: number) => label(result[i]);
      if (flags.out) {
        await writeAtomically(flags.out, (write) => writePoints(write, points.lat, points.lon, zoneOf));
        let matched = 0;
        for (let i = 0; i < n; i++) if ('offsets' in result ? result.offsets[i + 1] > result.offsets[i] : result[i] >= 0) matched++;
        if (flags.json) console.log(JSON.stringify({ ...summary, matched, out: flags.out }));
        else console.log(`${n.toLocaleString('en-US')} points, ${matched.toLocaleString('en-US')} in a zone, in ${ms.toFixed(1)} ms; wrote ${flags.out}`);
      } else {
        const write = async (text: string) => {
          if (!process.stdout.write(text)) await once(process.stdout, 'drain');
        };
        await writePoints(write, points.lat, points.lon, zoneOf);
      }
    });
}
