/**
 * Columnar and CSV inputs on the hard cases an independent reader meets: Arrow files with nulls,
 * Float32/Int32/Int64/Dictionary columns, several record batches, an empty one and none at all;
 * Parquet with several row groups, nulls, DATE/TIMESTAMP (millis, micros, nanos) times, DECIMAL
 * coordinates, dictionary pages and an empty row group; CSV with quotes, CRLF, a BOM, blank and
 * trailing lines, missing values, `1e400`, `-0`, `0x10` and spaces. The files are written here with
 * apache-arrow and hyparquet-writer from plain arrays, and each read is compared with those arrays
 * (for CSV, with what Python's csv module and float() make of the same text: written out below).
 * Results written as CSV, Arrow and Parquet read back to the same doubles, -0 included.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as A from 'apache-arrow';
import { ByteWriter, ParquetWriter, parquetWriteFile } from 'hyparquet-writer';
import { parquetReadObjects, asyncBufferFromFile } from 'hyparquet';
import { readArrowResults } from '../src/io/arrow.js';
import type { PointBatch } from '../src/io/columns.js';
import { openResultSink, readPointBatches } from '../src/io/points.js';
import { runCli } from './cli-run.js';

let dir: string;
before(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'hotloop-columnar-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

const COLUMNS = { lat: 'lat', lon: 'lon', id: 'id', time: 't' };

async function batchesOf(file: string, columns: typeof COLUMNS | { lat: string; lon: string } = COLUMNS): Promise<PointBatch[]> {
  const out: PointBatch[] = [];
  for await (const batch of readPointBatches(file, { columns })) out.push(batch);
  return out;
}

/** Every column of the batches joined, as plain arrays (Object.is-comparable with deepStrictEqual). */
function joined(batches: PointBatch[]) {
  return {
    lat: batches.flatMap((b) => Array.from(b.lat)),
    lon: batches.flatMap((b) => Array.from(b.lon)),
    id: batches.flatMap((b) => b.id ?? []),
    time: batches.flatMap((b) => Array.from(b.time ?? [])),
  };
}

const T0 = Date.UTC(2019, 6, 1);

describe('Arrow files: column types, nulls, batches', () => {
  it('Float32, Int32, Int64, Dictionary and nullable columns over several record batches, an empty one included', async () => {
    const first = new A.Table({
      lat: A.vectorFromArray([1.5, null, -0], new A.Float64()),
      lon: A.vectorFromArray([0.1, 2.5, -3], new A.Float32()),
      id: A.vectorFromArray(['211', '0211', '211'], new A.Dictionary(new A.Utf8(), new A.Int32())),
      t: A.vectorFromArray([T0, T0 + 1000, T0 + 2000], new A.TimestampMicrosecond()),
    });
    const second = new A.Table({
      lat: A.makeVector(new Int32Array([7, -8])),
      lon: A.vectorFromArray([4.25, 4.25], new A.Dictionary(new A.Float64(), new A.Int32())),
      id: A.makeVector(BigInt64Array.of(366000001n, 366000002n)),
      t: A.makeVector(BigInt64Array.of(BigInt(T0 + 3000), BigInt(T0 + 4000))),
    });
    const empty = second.slice(0, 0);
    // The two tables have different column types, so each is a file: a stream, and a file of two record batches (the second empty).
    const stream = new A.RecordBatchStreamWriter();
    for (const batch of first.batches) stream.write(batch);
    writeFileSync(path.join(dir, 'first.arrows'), stream.finish().toUint8Array(true));
    writeFileSync(path.join(dir, 'second.arrow'), A.tableToIPC(new A.Table([...second.batches, ...empty.batches]), 'file'));
    const a = joined(await batchesOf(path.join(dir, 'first.arrows')));
    assert.deepStrictEqual(a.lat, [1.5, NaN, -0], 'nulls as NaN, -0 kept');
    assert.deepStrictEqual(a.lon, [Math.fround(0.1), 2.5, -3], 'Float32 values exactly');
    assert.deepStrictEqual(a.id, ['211', '0211', '211'], 'dictionary of text ids');
    assert.deepStrictEqual(a.time, [T0, T0 + 1000, T0 + 2000], 'microsecond timestamps in ms');
    const b = await batchesOf(path.join(dir, 'second.arrow'));
    assert.deepEqual(b.map((x) => x.lat.length), [2, 0], 'one batch per record batch');
    assert.ok(b.every((x) => x.lat.length === x.lon.length && x.id!.length === x.lat.length));
    const bj = joined(b);
    assert.deepStrictEqual(bj.lat, [7, -8]);
    assert.deepStrictEqual(bj.lon, [4.25, 4.25], 'a dictionary of numbers');
    assert.deepStrictEqual(bj.id, [366000001, 366000002]);
    assert.deepStrictEqual(bj.time, [T0 + 3000, T0 + 4000]);
  });

  it('a file of zero record batches is zero points (pip counts none, exit 0)', async () => {
    const schema = new A.Schema([new A.Field('lat', new A.Float64()), new A.Field('lon', new A.Float64())]);
    const empty = new A.RecordBatchFileWriter();
    empty.reset(undefined, schema);
    writeFileSync(path.join(dir, 'none.arrow'), await empty.finish().toUint8Array());
    const none = joined(await batchesOf(path.join(dir, 'none.arrow'), { lat: 'lat', lon: 'lon' }));
    assert.deepStrictEqual([none.lat, none.lon], [[], []]);
    writeFileSync(path.join(dir, 'square.geojson'), JSON.stringify({ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]] }));
    const result = runCli(['pip', '--zones', path.join(dir, 'square.geojson'), '--points', path.join(dir, 'none.arrow'), '--counts', '--json']);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(JSON.parse(result.stdout).points, 0);
  });

  it('Decimal and text coordinates are one error naming the column and the type', async () => {
    const decimal = A.makeData({ type: new A.Decimal(2, 9, 128), length: 1, nullCount: 0, data: new Uint32Array([150, 0, 0, 0]) });
    writeFileSync(path.join(dir, 'decimal.arrow'), A.tableToIPC(new A.Table({ lat: A.makeVector(decimal), lon: A.makeVector(new Float64Array([1])) }), 'file'));
    await assert.rejects(batchesOf(path.join(dir, 'decimal.arrow'), { lat: 'lat', lon: 'lon' }), /decimal\.arrow: expected numbers in column "lat" but found Arrow type Decimal/);
    writeFileSync(path.join(dir, 'words.arrow'), A.tableToIPC(new A.Table({ lat: A.vectorFromArray(['1.5'], new A.Utf8()), lon: A.makeVector(new Float64Array([1])) }), 'file'));
    await assert.rejects(batchesOf(path.join(dir, 'words.arrow'), { lat: 'lat', lon: 'lon' }), /words\.arrow: expected numbers in column "lat" but found Arrow type Utf8/);
  });
});

describe('Parquet files: row groups, nulls, logical types, dictionary pages', () => {
  it('several row groups with nulls, DATE/TIMESTAMP times, DECIMAL coordinates and dictionary-encoded ids', async () => {
    const n = 7;
    const lat = [1.5, null, -0, 4, 5e-324, -90, 1.7976931348623157e308];
    const lon = [1234567, -1, 0, 99999, 1, null, 5]; // DECIMAL(9, 4) unscaled: 123.4567 ...
    const ids = ['a', 'a', 'b', 'a', 'b', 'a', 'a'];
    const micros = Array.from({ length: n }, (_, i) => BigInt(T0 + i * 1500) * 1000n);
    const days = Array.from({ length: n }, (_, i) => 18078 + i);
    const schema = [
      { name: 'root', num_children: 6 },
      { name: 'lat', type: 'DOUBLE', repetition_type: 'OPTIONAL' },
      { name: 'lon', type: 'INT32', converted_type: 'DECIMAL', scale: 4, precision: 9, repetition_type: 'OPTIONAL' },
      { name: 'id', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'REQUIRED' },
      { name: 't', type: 'INT64', converted_type: 'TIMESTAMP_MICROS', repetition_type: 'REQUIRED' },
      { name: 'day', type: 'INT32', converted_type: 'DATE', repetition_type: 'REQUIRED' },
      { name: 'ns', type: 'INT64', logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'NANOS' }, repetition_type: 'REQUIRED' },
    ] as const;
    parquetWriteFile({
      filename: path.join(dir, 'kinds.parquet'),
      schema: schema as never,
      columnData: [
        { name: 'lat', data: lat },
        { name: 'lon', data: lon.map((v) => (v === null ? null : v / 1e4)) },
        { name: 'id', data: ids, encoding: 'RLE_DICTIONARY' },
        { name: 't', data: micros },
        { name: 'day', data: days },
        { name: 'ns', data: micros.map((us) => us * 1000n) },
      ] as never,
      rowGroupSize: 3,
    });
    const batches = await batchesOf(path.join(dir, 'kinds.parquet'));
    assert.deepEqual(batches.map((b) => b.lat.length), [3, 3, 1], 'one batch per row group');
    const got = joined(batches);
    assert.deepStrictEqual(got.lat, lat.map((v) => (v === null ? NaN : v)), 'nulls as NaN; -0, the smallest subnormal and the largest double kept');
    assert.deepStrictEqual(got.lon, lon.map((v) => (v === null ? NaN : v / 1e4)), 'DECIMAL as the nearest double of its value');
    assert.deepStrictEqual(got.id, ids);
    assert.deepStrictEqual(got.time, micros.map((us) => Number(us / 1000n)), 'TIMESTAMP_MICROS in ms');
    const day = joined(await batchesOf(path.join(dir, 'kinds.parquet'), { ...COLUMNS, time: 'day' } as typeof COLUMNS));
    assert.deepStrictEqual(day.time, days.map((d) => d * 86_400_000), 'DATE at midnight UTC');
    const ns = joined(await batchesOf(path.join(dir, 'kinds.parquet'), { ...COLUMNS, time: 'ns' } as typeof COLUMNS));
    assert.deepStrictEqual(ns.time, micros.map((us) => Number(us / 1000n)), 'TIMESTAMP(NANOS) in ms');
    // The same rows as the file holds them, read by hyparquet itself: the id column really is dictionary-encoded and the values agree.
    const direct = await parquetReadObjects({ file: await asyncBufferFromFile(path.join(dir, 'kinds.parquet')), columns: ['id'] });
    assert.deepEqual(direct.map((row) => row.id), ids);
  });

  it('INT96 times (Spark, Impala), in ms', async () => {
    // hyparquet-writer writes no INT96: write the 12-byte values as FIXED_LEN_BYTE_ARRAY(12), then
    // set the column's physical type in the footer (Thrift compact: field 1 of SchemaElement and of
    // ColumnMetaData, i32 7 -> 3, zigzag bytes 0x0e -> 0x06).
    const ms = [Date.UTC(2019, 6, 1), Date.UTC(2019, 6, 1, 12, 30, 0, 250), Date.UTC(1969, 11, 31, 23, 59, 59, 999)];
    const int96 = (t: number) => {
      const days = Math.floor(t / 86_400_000);
      const bytes = new Uint8Array(12);
      const view = new DataView(bytes.buffer);
      view.setBigUint64(0, BigInt(t - days * 86_400_000) * 1_000_000n, true); // nanoseconds of the day
      view.setUint32(8, days + 2_440_588, true); // Julian day
      return bytes;
    };
    const file = path.join(dir, 'int96.parquet');
    parquetWriteFile({
      filename: file,
      schema: [
        { name: 'root', num_children: 3 },
        { name: 'lat', type: 'DOUBLE', repetition_type: 'REQUIRED' },
        { name: 'lon', type: 'DOUBLE', repetition_type: 'REQUIRED' },
        { name: 't', type: 'FIXED_LEN_BYTE_ARRAY', type_length: 12, repetition_type: 'REQUIRED' },
      ] as never,
      columnData: [{ name: 'lat', data: [1, 2, 3] }, { name: 'lon', data: [4, 5, 6] }, { name: 't', data: ms.map(int96), encoding: 'PLAIN' }] as never,
    });
    const bytes = readFileSync(file);
    const footer = bytes.length - 8 - bytes.readUInt32LE(bytes.length - 8);
    let patched = 0;
    for (let i = footer; i < bytes.length - 10; i++) {
      if (bytes[i] === 0x15 && bytes[i + 1] === 0x0e && (bytes[i + 2] === 0x15 || bytes[i + 2] === 0x19)) {
        bytes[i + 1] = 0x06;
        patched++;
      }
    }
    assert.equal(patched, 2, 'the schema element and the column chunk');
    writeFileSync(file, bytes);
    const got = joined(await batchesOf(file, { lat: 'lat', lon: 'lon', time: 't' } as typeof COLUMNS));
    assert.deepStrictEqual(got.time, ms);
  });

  it('an empty row group between two others reads as an empty batch; a file of no rows is no points', async () => {
    const bytes = new ByteWriter();
    const writer = new ParquetWriter({
      writer: bytes,
      schema: [
        { name: 'root', num_children: 2 },
        { name: 'lat', type: 'DOUBLE', repetition_type: 'REQUIRED' },
        { name: 'lon', type: 'DOUBLE', repetition_type: 'REQUIRED' },
      ],
    });
    const group = (lat: number[], lon: number[]) => writer.write({ columnData: [{ name: 'lat', data: lat }, { name: 'lon', data: lon }], rowGroupSize: Math.max(1, lat.length) });
    await group([1, 2], [3, 4]);
    await group([], []);
    await group([5], [6]);
    writer.finish();
    writeFileSync(path.join(dir, 'gap.parquet'), new Uint8Array(bytes.getBuffer()));
    const got = await batchesOf(path.join(dir, 'gap.parquet'), { lat: 'lat', lon: 'lon' });
    assert.deepStrictEqual(joined(got).lat, [1, 2, 5]);
    assert.deepStrictEqual(joined(got).lon, [3, 4, 6]);
  });
});

describe('CSV: the dialect an independent reader meets', () => {
  it('quotes, CRLF, a BOM, blank and trailing lines, missing values, 1e400, -0, 0x10 and spaces', async () => {
    // Rows that Python's csv module and float() read as numbers are kept, the others skipped:
    // float('0x10') and float('') fail, float('1e400') is inf (not a coordinate), float(' -0 ') is -0.0.
    const text = [
      '\ufefflat,"lon",id,t',
      '1.5,"2.5","a,b",1000',
      ' -0 , 3 ,c,2000',
      '"4","5e-1","q""uote",3000',
      '',
      '1e400,1,d,4000',
      '0x10,1,e,5000',
      '6,,f,6000',
      '7,8,g,0x10',
      '9,10,h,2019-07-01 00:00:01.500',
      '11,12,"multi',
      'line",7000',
      '1e-320,-1.7976931348623157e308,i,-1e3',
      '13,14,j,2019/07/01 00:00',
      '15,16,k,2019-07-01T09:00:00+09:00',
      '',
      '',
    ].join('\r\n');
    writeFileSync(path.join(dir, 'dialect.csv'), text);
    const batches = await batchesOf(path.join(dir, 'dialect.csv'));
    const got = joined(batches);
    assert.deepStrictEqual(got.lat, [1.5, -0, 4, 9, 11, 1e-320, 15]);
    assert.deepStrictEqual(got.lon, [2.5, 3, 0.5, 10, 12, -1.7976931348623157e308, 16]);
    // Python keeps the CRLF inside the quotes; hotloop reads lines, so a quoted line break is \n (README).
    assert.deepStrictEqual(got.id, ['a,b', 'c', 'q"uote', 'h', 'multi\nline', 'i', 'k']);
    // Times are ISO-8601 (no zone: UTC) or decimal ms; Date.parse would read '2019/07/01 00:00' in local time, so that row is skipped.
    assert.deepStrictEqual(got.time, [1000, 2000, 3000, T0 + 1500, 7000, -1000, T0]);
    // The CLI says how many rows it skipped and why the first was.
    writeFileSync(path.join(dir, 'square.geojson'), JSON.stringify({ type: 'Polygon', coordinates: [[[0, 0], [20, 0], [20, 20], [0, 20], [0, 0]]] }));
    const counts = runCli(['pip', '--zones', path.join(dir, 'square.geojson'), '--points', path.join(dir, 'dialect.csv'), '--counts', '--json']);
    assert.equal(counts.status, 0, counts.stderr);
    assert.equal(JSON.parse(counts.stdout).skipped, 3, counts.stdout); // no time column asked for: the row of a local date counts
  });
});

describe('results written as CSV, Arrow and Parquet read back to the same doubles', () => {
  const lat = new Float64Array([-0, 0, 5e-324, -5e-324, 1.7976931348623157e308, -1.7976931348623157e308, 0.1 + 0.2, 1e21, 2 ** -1074 * 3]);
  const lon = new Float64Array([-0, 1e-7, -0, 123.456789012345, 2 ** 53 + 2, -1e-300, 1 / 3, -0, 90]);
  const zone = new Int32Array([0, -1, 1, 2, -1, 0, 0, 1, -1]);
  for (const [name, format] of [['out.csv', 'csv'], ['out.arrow', 'arrow'], ['out.arrows', 'arrow-stream'], ['out.parquet', 'parquet']] as const) {
    it(`${format}: every double and zone, -0 included`, async () => {
      const chunks: Uint8Array[] = [];
      const sink = await openResultSink({ write: async (chunk: Uint8Array | string) => void chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk)) }, format);
      await sink.write({ lat: lat.subarray(0, 4), lon: lon.subarray(0, 4), zone: zone.subarray(0, 4) });
      await sink.write({ lat: lat.subarray(4), lon: lon.subarray(4), zone: zone.subarray(4) });
      await sink.close();
      const file = path.join(dir, name);
      writeFileSync(file, Buffer.concat(chunks));
      let back: { lat: number[]; lon: number[]; zone: number[] };
      if (format === 'csv') {
        const rows = readFileSync(file, 'utf8').trim().split('\n').slice(1).map((line) => line.split(','));
        back = { lat: rows.map((r) => Number(r[0])), lon: rows.map((r) => Number(r[1])), zone: rows.map((r) => Number(r[2])) };
      } else if (format === 'parquet') {
        const rows = await parquetReadObjects({ file: await asyncBufferFromFile(file) });
        back = { lat: rows.map((r) => r.lat as number), lon: rows.map((r) => r.lon as number), zone: rows.map((r) => r.zone as number) };
      } else {
        back = { lat: [], lon: [], zone: [] };
        for await (const b of readArrowResults(file)) {
          back.lat.push(...b.lat);
          back.lon.push(...b.lon);
          back.zone.push(...(b.zone as Int32Array));
        }
      }
      assert.deepStrictEqual(back, { lat: Array.from(lat), lon: Array.from(lon), zone: Array.from(zone) });
      // And as points again, through the reader pip --points uses.
      const points = joined(await batchesOf(file, { lat: 'lat', lon: 'lon' }));
      assert.deepStrictEqual(points.lat, Array.from(lat));
      assert.deepStrictEqual(points.lon, Array.from(lon));
    });
  }
});
