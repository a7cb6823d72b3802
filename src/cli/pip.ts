// `hotloop pip`: zones from GeoJSON files, points from a CSV (plain or gzip), the zone of every
// point (or every zone, or counts per zone) out, as RFC 4180 CSV. Output files go through atomic.ts.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { fileError } from '../file-errors.js';
import { type Boundary, Engine } from '../pip/api.js';
import { type OutputTarget, openOutput, writeInto } from './atomic.js';
import { type Example, examplesHelp } from './examples.js';
import { note, print } from './output.js';
import { readPoints } from './points-input.js';
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
}

const BOUNDARIES = ['half-open', 'inside', 'outside'];
const MAX_POINTS = 2 ** 31 - 1;

/** Zone GeoJSON of one file; a file holding one unnamed zone is named after the file. */
function readZoneFile(file: string): object {
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

/** One CSV field as RFC 4180 writes it: quoted when it holds a comma, a quote or a line break. */
export function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** With --all --names: a name holding the list separator could not be split back out of the list. */
function checkListableNames(engine: Engine): void {
  const clash = engine.zoneNames.find((name) => name.includes(';'));
  if (clash !== undefined) throw new Error(`zone name ${JSON.stringify(clash)} contains ';', the separator of --all lists: drop --names to list indices`);
}

/** The zone column: an index or a name, or with --all every one of them joined by ';' (one field). */
function zoneColumn(engine: Engine, result: Int32Array | { offsets: Uint32Array | Int32Array; zones: Int32Array }, names: boolean): (i: number) => string {
  const label = names ? (z: number) => (z < 0 ? '' : engine.zoneNames[z]) : String;
  if (!('offsets' in result)) return (i) => csvField(label(result[i]));
  return (i) => csvField(Array.from(result.zones.subarray(result.offsets[i], result.offsets[i + 1]), label).join(';'));
}

export const pipExamples: Example[] = [
  { command: 'hotloop pip --zones tokyo.geojson channel.geojson --points ais.csv.gz --counts', comment: 'points per zone (first match)' },
  { command: 'hotloop pip --zones zones.geojson --points ais.csv --out zones.csv', comment: 'the zone of every point, as CSV' },
  { command: 'hotloop pip --zones zones.geojson --points ais.csv --all --names', comment: 'every zone of every point, names joined by ;' },
  { command: 'hotloop pip --zones a.geojson b.geojson --points ais.csv.gz --repeat 1024 --counts --json', comment: "the seed's 43.6M points" },
];

export function registerPip(program: Command): void {
  program
    .command('pip')
    .description('point in polygon: the zone of every point of a CSV, from GeoJSON zones (seed 003)')
    .requiredOption('--zones <files...>', 'GeoJSON files (Polygon, MultiPolygon, Feature or FeatureCollection); zone indices follow their order')
    .requiredOption('--points <file>', 'CSV of points, plain or .gz, with a header line')
    .option('--lat <column>', 'latitude column name', 'lat')
    .option('--lon <column>', 'longitude column name', 'lon')
    .option('--out <file>', 'write per-point zones (or counts with --counts) to this CSV file (- for standard output)')
    .option('--counts', 'count points per zone (first match) instead of listing every point')
    .option('--all', 'list every zone containing each point (indices joined by ;), not only the first')
    .option('--names', 'write zone names instead of indices (empty for none)')
    .option('--repeat <n>', 'repeat the points n times (1024 gives the seed\'s 43.6M points)', '1')
    .option('--boundary <mode>', `points on a ring: ${BOUNDARIES.join(', ')}`, 'half-open')
    .option('--strict', 'fail on a CSV row that does not parse instead of skipping it')
    .option('--threads <n>', 'native threads (default: all)')
    .option('--json', 'print machine-readable JSON')
    .addHelpText('after', examplesHelp(pipExamples))
    .action(async (flags: PipFlags) => {
      if (!BOUNDARIES.includes(flags.boundary)) {
        throw new UsageError(`--boundary expects one of ${BOUNDARIES.join(', ')} but received ${JSON.stringify(flags.boundary)}`);
      }
      if (flags.counts && flags.all) throw new UsageError('--counts and --all exclude each other');
      const rowsToStdout = flags.out === '-' || (flags.out === undefined && !flags.counts);
      if (flags.json && rowsToStdout) throw new UsageError('--json needs --counts or --out <file> (per-point rows go to standard output otherwise)');
      const times = parseInteger('--repeat', flags.repeat, 1, 1_000_000);
      const threads = parseThreads(flags.threads);
      const engine = loadEngine(flags.zones, flags.boundary as Boundary);
      if (flags.all && flags.names) checkListableNames(engine);
      // Opened before the work, so an unwritable --out fails at once.
      const output: OutputTarget | undefined = flags.out !== undefined || !flags.counts ? await openOutput(flags.out ?? '-', '--out') : undefined;

      const reading = progressBar('reading ', !flags.json);
      const csv = await readPoints({ file: flags.points, latColumn: flags.lat, lonColumn: flags.lon, strict: flags.strict ?? false, onProgress: reading.update }).finally(() =>
        reading.stop(),
      );
      if (csv.skipped > 0) {
        const first = csv.firstSkipped!;
        note(`hotloop: skipped ${csv.skipped} CSV rows that did not parse (first: line ${first.line}: ${first.reason}); --strict makes this an error`);
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
        if (output) {
          await writeInto(output, async (write) => {
            await write('zone,name,points\n');
            for (const row of rows) await write(`${row.zone},${csvField(row.name)},${row.points}\n`);
          });
        }
        if (flags.out === '-') return;
        if (flags.json) await print(JSON.stringify({ ...summary, counts: rows }));
        else {
          const width = Math.max(6, ...rows.map((row) => row.name.length));
          await print(
            `${'zone'.padStart(5)}  ${'name'.padEnd(width)}  ${'points'.padStart(14)}`,
            ...rows.map((row) => `${String(row.zone).padStart(5)}  ${row.name.padEnd(width)}  ${row.points.toLocaleString('en-US').padStart(14)}`),
            `${n.toLocaleString('en-US')} points in ${ms.toFixed(1)} ms`,
          );
        }
        return;
      }
      const zoneOf = zoneColumn(engine, result, flags.names ?? false);
      await writeInto(output!, (write) => writePoints(write, points.lat, points.lon, zoneOf));
      if (rowsToStdout) return;
      let matched = 0;
      for (let i = 0; i < n; i++) if ('offsets' in result ? result.offsets[i + 1] > result.offsets[i] : result[i] >= 0) matched++;
      if (flags.json) await print(JSON.stringify({ ...summary, matched, out: flags.out }));
      else await print(`${n.toLocaleString('en-US')} points, ${matched.toLocaleString('en-US')} in a zone, in ${ms.toFixed(1)} ms; wrote ${flags.out}`);
    });
}
