import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { Float32, Table, tableFromArrays, tableToIPC, vectorFromArray, makeVector, Utf8, RecordBatchStreamWriter } from 'apache-arrow';
import { parquetWriteFile } from 'hyparquet-writer';
import { Engine, arrowPoints } from '../src/index.js';
import { readArrowResults } from '../src/io/arrow.js';
import { csvSink } from '../src/io/csv.js';
import { optionalImport } from '../src/io/optional.js';
import { formatOf, readPointBatches, readPoints } from '../src/io/points.js';
import { AIS_COUNTS, AIS_CSV, loadAis } from './ais.js';
import { backends } from './backends.js';
import { runCli } from './cli-run.js';

const square = { type: 'Feature', properties: { name: 'square' }, geometry: { type: 'Polygon', coordinates: [[[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]]] } };

let dir: string;
before(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'hotloop-io-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe('Arrow in memory', () => {
  for (const { name, options } of backends) {
    it(`takes Float64 columns without a copy and locates them (${name})`, () => {
      const lon = new Float64Array([5, 20, 1]);
      const lat = new Float64Array([5, 5, 9]);
      const table = tableFromArrays({ lon, lat, name: ['a', 'b', 'c'] });
      const points = arrowPoints(table) as { lon: Float64Array; lat: Float64Array };
      assert.equal(points.lon.buffer, lon.buffer, 'a view of the same memory');
      assert.equal(points.lon.byteOffset, lon.byteOffset);
      assert.equal(points.lat.buffer, lat.buffer);
      assert.deepEqual(Array.from(new Engine(square, options).locateSync(points, options)), [0, -1, 0]);
    });
  }

  it('copies other number types and chunked columns, nulls as NaN', () => {
    const table = new Table({ x: vectorFromArray([1.5, null, 3], new Float32()), y: makeVector(new Int32Array([7, 8, 9])) });
    const points = arrowPoints(table, { lon: 'x', lat: 'y' });
    assert.deepEqual(Array.from(points.lon), [1.5, NaN, 3]);
    assert.deepEqual(Array.from(points.lat), [7, 8, 9]);
    const chunked = new Table({ lon: makeVector(new Float64Array([1, 2])), lat: makeVector(new Float64Array([3, 4])) }).concat(new Table({ lon: makeVector(new Float64Array([5])), lat: makeVector(new Float64Array([6])) }));
    assert.deepEqual(Array.from(arrowPoints(chunked).lon), [1, 2, 5]);
  });

  it('names the column and what it found', () => {
    const table = tableFromArrays({ lon: new Float64Array([1]), lat: ['north'] });
    assert.throws(() => arrowPoints(table), /table: expected numbers in column "lat" but found Arrow type Dictionary<Int32, Utf8>/);
    assert.throws(() => arrowPoints(tableFromArrays({ lon: new Float64Array([1]), lat: new Float64Array([2]) }), { lat: 'latitude' }), /table: no column named "latitude" \(columns: lon, lat\)/);
    assert.throws(() => arrowPoints([1, 2]), /Expected Arrow Table or RecordBatch for table but received Array\(2\)/);
  });
});

describe('point files: CSV, Arrow IPC, Parquet', () => {
  it('read the same columns in batches, whatever the format', async (t) => {
    const ais = await loadAis();
    if (!ais) return t.skip('shared AIS data not found (../shared/data/ais)');
    const columns = { lat: 'lat', lon: 'lon', id: 'mmsi', time: 'timestamp' };
    const want = await readPoints(AIS_CSV.pathname, { columns });
    assert.deepEqual(want.id, ais.id);
    assert.deepEqual(Array.from(want.time!), Array.from(ais.time));
    const n = ais.id.length;
    const table = tableFromArrays({ timestamp: Float64Array.from(ais.time), mmsi: ais.id.map(Number), lat: ais.lat, lon: ais.lon });
    writeFileSync(path.join(dir, 'ais.arrow'), tableToIPC(table, 'file'));
    // A stream of several record batches.
    const writer = new RecordBatchStreamWriter();
    for (let b = 0; b < n; b += 10_000) for (const batch of table.slice(b, b + 10_000).batches) writer.write(batch);
    writeFileSync(path.join(dir, 'ais.arrows'), await writer.finish().toUint8Array());
    parquetWriteFile({
      filename: path.join(dir, 'ais.parquet'),
      columnData: [
        { name: 'mmsi', data: ais.id, type: 'STRING' },
        { name: 'timestamp', data: Array.from(ais.time, (ms) => new Date(ms)), type: 'TIMESTAMP' },
        { name: 'lat', data: ais.lat, type: 'DOUBLE' },
        { name: 'lon', data: ais.lon, type: 'DOUBLE' },
      ],
      rowGroupSize: 10_000,
    });
    for (const file of ['ais.arrow', 'ais.arrows', 'ais.parquet']) {
      const batches = [];
      for await (const batch of readPointBatches(path.join(dir, file), { columns })) batches.push(batch);
      if (file !== 'ais.arrow') assert.equal(batches.length, 5, `${file}: one batch per record batch or row group`);
      const got = await readPoints(path.join(dir, file), { columns });
      assert.deepEqual(Array.from(got.lat), Array.from(want.lat), file);
      assert.deepEqual(Array.from(got.lon), Array.from(want.lon), file);
      assert.deepEqual(Array.from(got.time!), Array.from(want.time!), file);
      assert.deepEqual(got.id!.map(String), want.id, file);
    }
    const group = [];
    for await (const batch of readPointBatches(path.join(dir, 'ais.parquet'), { columns, rowGroups: [2] })) group.push(batch);
    assert.deepEqual(Array.from(group[0].lat), Array.from(want.lat.subarray(20_000, 30_000)), 'one row group alone');
  });

  it('pip --points takes every format and writes CSV, Arrow or Parquet results that read back the same', async (t) => {
    const ais = await loadAis();
    if (!ais) return t.skip('shared AIS data not found (../shared/data/ais)');
    for (const file of ['ais.arrow', 'ais.arrows', 'ais.parquet']) {
      const counts = runCli(['pip', '--zones', ...ais.zoneFiles, '--points', path.join(dir, file), '--counts', '--json']);
      assert.equal(counts.status, 0, counts.stderr);
      assert.deepEqual(JSON.parse(counts.stdout).counts.map((row: { points: number }) => row.points), AIS_COUNTS, file);
    }
    const csv = runCli(['pip', '--zones', ...ais.zoneFiles, '--points', AIS_CSV.pathname, '--out', path.join(dir, 'zones.csv')]);
    assert.equal(csv.status, 0, csv.stderr);
    for (const out of ['zones.arrow', 'zones.parquet']) {
      const written = runCli(['pip', '--zones', ...ais.zoneFiles, '--points', path.join(dir, 'ais.parquet'), '--out', path.join(dir, out)]);
      assert.equal(written.status, 0, written.stderr);
      // Read the results back as points, and locate them again: the same CSV.
      const again = runCli(['pip', '--zones', ...ais.zoneFiles, '--points', path.join(dir, out), '--out', path.join(dir, `${out}.csv`)]);
      assert.equal(again.status, 0, again.stderr);
      assert.equal(readFileSync(path.join(dir, `${out}.csv`), 'utf8'), readFileSync(path.join(dir, 'zones.csv'), 'utf8'), out);
    }
    const zones: number[] = [];
    for await (const batch of readArrowResults(path.join(dir, 'zones.arrow'))) zones.push(...(batch.zone as Int32Array));
    assert.deepEqual(zones, readFileSync(path.join(dir, 'zones.csv'), 'utf8').trim().split('\n').slice(1).map((line) => Number(line.split(',')[2])));
  });

  it('bad files and columns: one line naming the file, the column and what was found', () => {
    writeFileSync(path.join(dir, 'words.csv'), 'lat,lon\n1,2\n');
    writeFileSync(path.join(dir, 'twice.csv'), 'lat,lon,lat\n1,2,3\n');
    writeFileSync(path.join(dir, 'text.arrow'), tableToIPC(tableFromArrays({ lat: ['x'], lon: new Float64Array([1]) }), 'file'));
    writeFileSync(path.join(dir, 'not.parquet'), 'PAR1 not really');
    writeFileSync(path.join(dir, 'gz.csv.gz'), gzipSync('lat,lon\n1,2\n'));
    const zone = path.join(dir, 'square.geojson');
    writeFileSync(zone, JSON.stringify(square));
    const cases: [string[], number, RegExp][] = [
      [['--points', path.join(dir, 'words.csv'), '--lat', 'latitude'], 1, /words\.csv: no column named "latitude" \(columns: lat, lon\)/],
      [['--points', path.join(dir, 'twice.csv')], 1, /twice\.csv: "lat" names more than one column \(columns 1 and 3\)/],
      [['--points', path.join(dir, 'text.arrow')], 1, /text\.arrow: expected numbers in column "lat" but found Arrow type Dictionary<Int32, Utf8>/],
      [['--points', path.join(dir, 'ais.parquet'), '--lat', 'mmsi'], 1, /ais\.parquet: expected numbers in column "mmsi" but found Parquet type BYTE_ARRAY/],
      [['--points', path.join(dir, 'not.parquet')], 1, /not\.parquet: not a Parquet file/],
      [['--points', path.join(dir, 'missing.csv')], 1, /cannot read \S*missing\.csv: no such file or directory/],
      [['--points', path.join(dir, 'gz.csv.gz'), '--out', path.join(dir, 'out.csv.gz'), '--all'], 2, /out\.csv\.gz: gzip output is not written/],
      [['--points', path.join(dir, 'none-*.parquet')], 1, /no file matches/],
    ];
    for (const [args, status, message] of cases) {
      const result = runCli(['pip', '--zones', zone, ...(args.includes('--all') ? [] : ['--counts']), ...args]);
      assert.equal(result.status, status, `${args.join(' ')}: ${result.stderr}`);
      assert.match(result.stderr, message);
      assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
    }
  });

  it('CSV results read back to the same doubles, -0 and extremes included', async () => {
    const lat = new Float64Array([-0, 0, 5e-324, -1.7976931348623157e308, 0.1 + 0.2]);
    const lon = new Float64Array([-0, -5e-324, 1e21, 1e-7, -0]);
    let text = '';
    const sink = csvSink({ write: async (chunk) => void (text += String(chunk)) });
    await sink.write({ lat, lon, zone: new Int32Array([0, -1, 1, 2, -1]) });
    await sink.close();
    const rows = text.trim().split('\n').slice(1).map((line) => line.split(','));
    assert.deepEqual(rows.map(([y]) => Number(y)), Array.from(lat));
    assert.deepEqual(rows.map(([, x]) => Number(x)), Array.from(lon));
    assert.ok(rows.every(([y, x], i) => Object.is(Number(y), lat[i]) && Object.is(Number(x), lon[i])), text);
  });

  it('CSV results read back to the same doubles for every finite coordinate (property)', async () => {
    const finite = fc.double({ noNaN: true, noDefaultInfinity: true });
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(finite, finite), { minLength: 1, maxLength: 50 }), async (points) => {
        const lat = Float64Array.from(points, ([y]) => y);
        const lon = Float64Array.from(points, ([, x]) => x);
        let text = '';
        const sink = csvSink({ write: async (chunk) => void (text += String(chunk)) });
        await sink.write({ lat, lon, zone: new Int32Array(points.length) });
        await sink.close();
        const rows = text.trim().split('\n').slice(1).map((line) => line.split(','));
        return rows.length === points.length && rows.every(([y, x], i) => Object.is(Number(y), lat[i]) && Object.is(Number(x), lon[i]));
      }),
      { numRuns: 300 },
    );
  });

  it('formats come from file names', () => {
    assert.equal(formatOf('a.CSV'), 'csv');
    assert.equal(formatOf('a.csv.gz'), 'csv');
    assert.equal(formatOf('a.feather'), 'arrow');
    assert.equal(formatOf('a.arrows'), 'arrow-stream');
    assert.equal(formatOf('a.parquet'), 'parquet');
    // Any other name is CSV, as `hotloop pip --points` always read it (main's CLI took any name).
    assert.equal(formatOf('points.txt'), 'csv');
    assert.equal(formatOf('points'), 'csv');
  });

  it('a missing optional package is named with the command that installs it', async () => {
    await assert.rejects(optionalImport('hotloop-no-such-package', 'Frobnication'), /Frobnication needs the optional package 'hotloop-no-such-package', which is not installed: run `npm install hotloop-no-such-package`/);
  });
});

describe('geofence CLI: bad input', () => {
  it('bad URLs, missing flags and bad numbers are usage errors (exit 2); an unreachable Redis exits 1', () => {
    const zone = path.join(dir, 'square.geojson');
    writeFileSync(zone, JSON.stringify(square));
    writeFileSync(path.join(dir, 'words.csv'), 'lat,lon\n1,2\n');
    const cases: [string[], number, RegExp][] = [
      [['geofence', '--redis', 'localhost:6379', '--in', 'a', '--group', 'g', '--out', 'b', '--zones', zone], 2, /Expected redis:\/\/ or rediss:\/\/ URL for --redis but received "localhost:6379"/],
      [['geofence', '--redis', 'redis://127.0.0.1:1', '--group', 'g', '--out', 'b', '--zones', zone], 2, /--in is required/],
      [['geofence', '--redis', 'redis://127.0.0.1:1', '--in', 'a', '--group', 'g', '--out', 'b', '--zones', zone, '--dwell', 'soon'], 2, /--dwell expects a finite number in decimal notation but received "soon"/],
      [['geofence', '--redis', 'redis://127.0.0.1:1', '--in', 'a', '--group', 'g', '--out', 'b', '--zones', zone], 1, /cannot connect to Redis at redis:\/\/127\.0\.0\.1:1: connect ECONNREFUSED/],
      [['geofence', 'publish', '--redis', 'redis://127.0.0.1:1', '--in', 'a', '--points', path.join(dir, 'words.csv')], 1, /words\.csv: no column named "mmsi" \(columns: lat, lon\)/],
      [['geofence', 'publish', '--redis', 'redis://127.0.0.1:1', '--in', 'a', '--points', path.join(dir, 'words.csv'), '--batch', '0'], 2, /--batch expects an integer between 1 and 1000000 but received "0"/],
    ];
    for (const [args, status, message] of cases) {
      const result = runCli(args);
      assert.equal(result.status, status, `${args.join(' ')}: ${result.stderr}`);
      assert.match(result.stderr, message);
    }
    const help = runCli(['geofence', 'consume', '--help']);
    assert.equal(help.status, 0);
    assert.match(help.stdout, /--exit-when-idle <seconds>/);
    assert.match(runCli(['geofence', 'publish', '--help']).stdout, /--batch <n>/);
    assert.match(runCli(['worker', '--help']).stdout, /--lock-ms <ms>/);
  });
});
