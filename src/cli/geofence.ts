// `hotloop geofence`: a consumer of a Redis Streams consumer group that turns positions into
// enter/exit events on another stream (run any number, on any machines); `hotloop geofence
// publish`: a producer that writes a points file to a stream, for tests and demos.
import type { Command } from 'commander';
import { runGeofenceConsumer } from '../geofence/consumer.js';
import { MAX_PARTITIONS, publishPositions } from '../geofence/publish.js';
import type { PointBatch, ReadStats } from '../io/columns.js';
import { checkRedisUrl, connectRedis } from '../redis/connect.js';
import { type Example, examplesHelp } from './examples.js';
import { note, print } from './output.js';
import { BOUNDARIES, loadEngine, parseBoundary } from './pip.js';
import { pointBatches, pointFiles } from './points-input.js';
import { UsageError, parseInteger, parseNumber, parseThreads } from './usage.js';

interface ConsumerFlags {
  redis?: string;
  in?: string;
  group?: string;
  out?: string;
  zones?: string[];
  consumer?: string;
  stateKey?: string;
  dwell: string;
  gap?: string;
  count: string;
  claimIdle: string;
  exitWhenIdle?: string;
  boundary: string;
  threads?: string;
  json?: boolean;
}

interface PublishFlags {
  redis: string;
  in: string;
  points: string;
  id: string;
  time: string;
  lat: string;
  lon: string;
  batch: string;
  maxlen?: string;
  partitions?: string;
  strict?: boolean;
  json?: boolean;
}

function redisUrl(flag: string, url: string | undefined): string {
  if (url === undefined) throw new UsageError(`${flag} is required`);
  try {
    checkRedisUrl(flag, url);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  return url;
}

function required(flag: string, value: string | undefined): string {
  if (value === undefined || value === '') throw new UsageError(`${flag} is required`);
  return value;
}

function nonNegative(flag: string, text: string, unit: string): number {
  const value = parseNumber(flag, text);
  if (value < 0) throw new UsageError(`${flag} expects ${unit} >= 0 but received ${JSON.stringify(text)}`);
  return value;
}

/** Positions with a usable id, time and position only (Arrow and Parquet cells may be null); the others counted as skipped. */
function usable(batch: PointBatch, stats: ReadStats): Required<PointBatch> {
  const { id, time } = batch as Required<PointBatch>;
  const keep: number[] = [];
  for (let i = 0; i < time.length; i++) {
    if (Number.isFinite(time[i]) && id[i] !== '' && Number.isFinite(batch.lat[i]) && Number.isFinite(batch.lon[i])) keep.push(i);
    else stats.skipped++;
  }
  if (keep.length === time.length) return batch as Required<PointBatch>;
  return {
    id: keep.map((i) => id[i]),
    time: Float64Array.from(keep, (i) => time[i]),
    lat: Float64Array.from(keep, (i) => batch.lat[i]),
    lon: Float64Array.from(keep, (i) => batch.lon[i]),
  };
}

export const geofenceExamples: Example[] = [
  {
    command: 'hotloop geofence --redis redis://127.0.0.1:6379 --in ais:positions --group geofence --out ais:events --zones hamburg.geojson channel.geojson',
    comment: 'a consumer; run as many as you like',
  },
  { command: 'hotloop geofence consume --redis redis://10.0.0.5:6379 --in ais:positions --group geofence --out ais:events --zones zones.geojson --dwell 60000', comment: 'enters count after 60 s inside' },
];

export const publishExamples: Example[] = [
  { command: 'hotloop geofence publish --redis redis://127.0.0.1:6379 --in ais:positions --points ais.csv.gz', comment: 'one position per entry (text fields)' },
  { command: 'hotloop geofence publish --redis redis://127.0.0.1:6379 --in ais:positions --points history.parquet --batch 4096', comment: 'packed binary entries of 4096 positions' },
  {
    command: 'hotloop geofence publish --redis redis://127.0.0.1:6379 --in ais:positions --points ais.csv.gz --batch 4096 --partitions 4',
    comment: 'ids sharded over ais:positions:0 .. :3; run consumers with --in ais:positions:<p>',
  },
];

export function registerGeofence(program: Command): void {
  const geofence = program
    .command('geofence')
    .description('enter/exit events per vessel and zone on Redis Streams: `geofence [consume]` runs a consumer, `geofence publish` writes positions');
  geofence
    .command('consume', { isDefault: true })
    .description('a consumer group member: positions from --in, enter/exit events per id and zone to --out (the default subcommand)')
    .option('--redis <url>', 'Redis server: redis://host:port')
    .option('--in <stream>', 'input stream of positions')
    .option('--group <name>', 'consumer group (created at the start of the stream if missing)')
    .option('--out <stream>', 'output stream of events')
    .option('--zones <files...>', 'GeoJSON zone files; zone indices follow their order')
    .option('--consumer <name>', "this consumer's name in the group (default: host-pid)")
    .option('--state-key <key>', "hash of the group's watermark and state snapshot (default: <in>:<group>:state)")
    .option('--dwell <ms>', 'milliseconds in a zone before an enter counts', '0')
    .option('--gap <ms>', "milliseconds without a position after which an id's state expires (default: never)")
    .option('--count <n>', 'entries per read', '128')
    .option('--claim-idle <ms>', "claim another consumer's entries pending this long (it died)", '30000')
    .option('--exit-when-idle <seconds>', 'exit after this long with nothing to read or claim and nothing pending in the group')
    .option('--boundary <mode>', `points on a ring: ${BOUNDARIES.join(', ')}`, 'half-open')
    .option('--threads <n>', 'native threads for the zone lookups (default: all)')
    .option('--json', 'print a JSON summary at exit (else one line on standard error)')
    .addHelpText(
      'after',
      `\nEntries hold one position (fields id, time in ms, lon, lat) or a packed binary batch (field positions).\nEvents are entries with fields type (enter|exit), id, zone, name, time, lat, lon (and expired=1 after a --gap).\n${examplesHelp(geofenceExamples)}`,
    )
    .action(async (flags: ConsumerFlags) => {
      const url = redisUrl('--redis', flags.redis);
      const stream = required('--in', flags.in);
      const group = required('--group', flags.group);
      const out = required('--out', flags.out);
      if (!flags.zones || flags.zones.length === 0) throw new UsageError('--zones is required');
      const boundary = parseBoundary(flags.boundary);
      const dwell = nonNegative('--dwell', flags.dwell, 'milliseconds');
      const gap = flags.gap === undefined ? undefined : parseNumber('--gap', flags.gap);
      if (gap !== undefined && gap <= 0) throw new UsageError(`--gap expects milliseconds > 0 but received ${JSON.stringify(flags.gap)}`);
      const count = parseInteger('--count', flags.count, 1, 100_000);
      const claimIdleMs = parseInteger('--claim-idle', flags.claimIdle, 0);
      const idle = flags.exitWhenIdle === undefined ? undefined : nonNegative('--exit-when-idle', flags.exitWhenIdle, 'seconds');
      const threads = parseThreads(flags.threads);
      const engine = loadEngine(flags.zones, boundary);

      const redis = await connectRedis(url, { name: 'hotloop-geofence' });
      // SIGINT/SIGTERM stop the consumer between two commits; what it holds stays pending for the others.
      const controller = new AbortController();
      const stop = () => controller.abort();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      const start = performance.now();
      try {
        const stats = await runGeofenceConsumer(redis, engine, {
          stream,
          group,
          out,
          consumer: flags.consumer,
          stateKey: flags.stateKey,
          dwell,
          gap,
          count,
          claimIdleMs,
          exitWhenIdleMs: idle === undefined ? undefined : idle * 1000,
          threads,
          signal: controller.signal,
          log: (line) => note(`hotloop: ${line}`),
        });
        const seconds = (performance.now() - start) / 1000;
        if (flags.json) await print(JSON.stringify({ ...stats, seconds: Math.round(seconds * 1000) / 1000 }));
        else {
          note(`hotloop geofence: ${stats.entries} entries (${stats.positions} positions), ${stats.events} events, ${stats.claimed} claimed, ${stats.unreadable} unreadable, in ${seconds.toFixed(1)} s`);
        }
      } finally {
        process.removeListener('SIGINT', stop);
        process.removeListener('SIGTERM', stop);
        redis.disconnect();
      }
    });

  geofence
    .command('publish')
    .description('write the positions of a points file to a Redis stream (one per entry, or packed with --batch)')
    .requiredOption('--redis <url>', 'Redis server: redis://host:port')
    .requiredOption('--in <stream>', 'stream to add the positions to')
    .requiredOption('--points <file>', 'points: .arrow/.arrows/.feather (Arrow IPC), .parquet, else CSV (plain or .gz) with a header line; a * or ? in the file name takes every match')
    .option('--id <column>', 'id (MMSI) column', 'mmsi')
    .option('--time <column>', 'time column: milliseconds, or ISO-8601 dates (UTC when no zone is given)', 'timestamp')
    .option('--lat <column>', 'latitude column', 'lat')
    .option('--lon <column>', 'longitude column', 'lon')
    .option('--batch <n>', 'positions per entry: 1 writes text fields, more a packed binary batch', '1')
    .option('--maxlen <n>', 'trim the stream to about this many entries')
    .option('--partitions <n>', 'shard the positions by id over n streams <in>:0 .. <in>:<n-1>, each with its own consumers')
    .option('--strict', 'fail on a CSV row that does not parse instead of skipping it')
    .option('--json', 'print a JSON summary')
    .addHelpText('after', examplesHelp(publishExamples))
    .action(async (flags: PublishFlags) => {
      const url = redisUrl('--redis', flags.redis);
      const batch = parseInteger('--batch', flags.batch, 1, 1_000_000);
      const maxlen = flags.maxlen === undefined ? undefined : parseInteger('--maxlen', flags.maxlen, 1);
      const partitions = flags.partitions === undefined ? undefined : parseInteger('--partitions', flags.partitions, 1, MAX_PARTITIONS);
      const stats: ReadStats = { skipped: 0 };
      const files = pointFiles(flags.points);
      const batches = pointBatches({ files, columns: { id: flags.id, time: flags.time, lat: flags.lat, lon: flags.lon }, strict: flags.strict ?? false, stats });
      // Read the first batch before connecting, so a bad file or column fails without touching Redis.
      const first = await batches.next();
      const redis = await connectRedis(url, { name: 'hotloop-publish' });
      try {
        async function* all() {
          if (!first.done) yield usable(first.value, stats);
          for await (const next of batches) yield usable(next, stats);
        }
        const written = await publishPositions(redis, flags.in, all(), { batch, maxlen, partitions });
        if (flags.json) await print(JSON.stringify({ ...written, skipped: stats.skipped }));
        else {
          const skipped = stats.skipped > 0 ? `; skipped ${stats.skipped} rows without a usable id, time or position${stats.firstSkipped ? ` (first: line ${stats.firstSkipped.line}: ${stats.firstSkipped.reason})` : ''}` : '';
          const to = partitions === undefined || partitions === 1 ? flags.in : `${flags.in}:0 .. ${flags.in}:${partitions - 1}`;
          await print(`${written.positions} positions in ${written.entries} entries to ${to}${skipped}`);
        }
      } finally {
        redis.disconnect();
      }
    });
}
