// What the CLI reads and writes: the CSV dialect in and out (RFC 4180, round-tripped through
// csv-parse), .npy files as numpy means them, file errors that name the file, numbers in flags.
import assert from 'node:assert/strict';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, truncateSync, writeFileSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { after, describe, it } from 'node:test';
import { CsvRecords } from '../src/io/csv-records.js';
import { readPoints as readCsvPoints } from '../src/io/points.js';
import { backends } from './backends.js';
import { type CliResult, runCliAsync } from './cli-run.js';
import { npyBytes } from './npy-fixture.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'hotloop-cli-files-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, content: string | Uint8Array) => {
  const full = path.join(dir, name);
  writeFileSync(full, content);
  return full;
};
const square = (x0: number, y0: number, size: number, name?: string) => ({
  type: 'Feature',
  properties: name === undefined ? {} : { name },
  geometry: { type: 'Polygon', coordinates: [[[x0, y0], [x0 + size, y0], [x0 + size, y0 + size], [x0, y0 + size], [x0, y0]]] },
});
/** The backend table as the CLI sees it: HOTLOOP_BACKEND per case. */
const cliBackends = [...new Set(backends.map((b) => b.options.backend))].map((name) => ({ name, env: { HOTLOOP_BACKEND: name } }));

function oneLine(run: CliResult, status: number, message: RegExp): void {
  assert.equal(run.status, status, run.stderr);
  assert.match(run.stderr, /^hotloop: [^\n]*\n$/, `one line: ${run.stderr}`);
  assert.match(run.stderr, message);
}

describe('CSV records (RFC 4180)', () => {
  it('splits quoted fields with commas, quotes and line breaks, and says when a row is malformed', () => {
    const records = new CsvRecords();
    assert.deepEqual(records.line('1,2,3'), ['1', '2', '3']);
    assert.deepEqual(records.line('"a,b","say ""hi""",'), ['a,b', 'say "hi"', '']);
    assert.equal(records.line('x,"two'), undefined);
    assert.ok(records.open);
    assert.equal(records.line(''), undefined);
    assert.deepEqual(records.line('lines",y'), ['x', 'two\n\nlines', 'y']);
    assert.deepEqual(records.line('12" pipe,5'), ['12" pipe', '5'], 'a quote inside an unquoted field is a character');
    assert.throws(() => records.line('"a"b,1'), /text after the closing quote of field 1/);
    assert.deepEqual(records.line('after,error'), ['after', 'error'], 'the splitter recovers on the next line');
  });

  it('reads the dialect: BOM, CRLF, quoted header, quoted line breaks, blank lines; rows stay in step', async () => {
    const csv = file('dialect.csv', '\uFEFF"id","lat","lon","note"\r\n1,5,5,"first\r\nsecond"\r\n\r\n2,"6",7,plain\r\n3,8,9,"a ""quoted"", note"\r\n');
    const points = await readCsvPoints(csv);
    assert.deepEqual([...points.lat], [5, 6, 8]);
    assert.deepEqual([...points.lon], [5, 7, 9]);
    assert.equal(points.skipped, 0);
  });

  it('rejects a file whose quoted field never closes, with the line it opened on', async () => {
    const csv = file('open.csv', 'lat,lon,note\n1,2,ok\n3,4,"never closed\n5,6,x\n');
    await assert.rejects(readCsvPoints(csv), /open\.csv:3: the quoted field opened on line 3 is never closed/);
    await assert.rejects(readCsvPoints(csv, { strict: true }), /open\.csv:3:/);
  });

  it('counts malformed rows by the line they start on; hex and Infinity are not coordinates', async () => {
    const csv = file('bad.csv', 'lat,lon,note\n1,2,"two\nlines"\n0x10,3,x\n4,Infinity,y\n"5"z,1,w\n7,8,ok\n');
    const points = await readCsvPoints(csv);
    assert.deepEqual([...points.lat], [1, 7]);
    assert.equal(points.skipped, 3);
    assert.equal(points.firstSkipped?.line, 4);
  });
});

describe('hotloop pip: CSV out', () => {
  const zones = file('zones.geojson', JSON.stringify({ type: 'FeatureCollection', features: [square(0, 0, 10, 'a,b'), square(5, 5, 10, 'say "hi"'), square(0, 0, 1, 'line\nbreak')] }));
  const points = file('points.csv', 'lat,lon\n6,6\n20,20\n0.5,0.5\n');

  for (const backend of cliBackends) {
    it(`--all --names writes one RFC 4180 field per point that csv-parse reads back (${backend.name})`, async () => {
      const out = path.join(dir, `all-${backend.name}.csv`);
      const [all, first, counts] = await Promise.all([
        runCliAsync(['pip', '--zones', zones, '--points', points, '--all', '--names', '--out', out], { env: backend.env }),
        runCliAsync(['pip', '--zones', zones, '--points', points, '--names'], { env: backend.env }),
        runCliAsync(['pip', '--zones', zones, '--points', points, '--counts', '--out', '-'], { env: backend.env }),
      ]);
      assert.equal(all.status, 0, all.stderr);
      const rows = parse(readFileSync(out, 'utf8'), { columns: true }) as Array<Record<string, string>>;
      assert.deepEqual(rows, [
        { lat: '6', lon: '6', zone: 'a,b;say "hi"' },
        { lat: '20', lon: '20', zone: '' },
        { lat: '0.5', lon: '0.5', zone: 'a,b;line\nbreak' },
      ]);
      assert.equal(first.status, 0, first.stderr);
      assert.deepEqual(parse(first.stdout, { columns: true }), [
        { lat: '6', lon: '6', zone: 'a,b' },
        { lat: '20', lon: '20', zone: '' },
        { lat: '0.5', lon: '0.5', zone: 'a,b' },
      ]);
      assert.equal(counts.status, 0, counts.stderr);
      assert.deepEqual(parse(counts.stdout, { columns: true }), [
        { zone: '-1', name: '(none)', points: '1' },
        { zone: '0', name: 'a,b', points: '2' },
        { zone: '1', name: 'say "hi"', points: '0' },
        { zone: '2', name: 'line\nbreak', points: '0' },
      ]);
    });
  }

  it('refuses --all --names when a zone name holds the list separator, before any work', async () => {
    const clash = file('clash.geojson', JSON.stringify({ type: 'FeatureCollection', features: [square(0, 0, 10, 'x;y'), square(0, 0, 1, 'z')] }));
    const out = path.join(dir, 'clash.csv');
    oneLine(await runCliAsync(['pip', '--zones', clash, '--points', points, '--all', '--names', '--out', out]), 1, /zone name "x;y" contains ';'/);
    assert.throws(() => readFileSync(out), /ENOENT/, 'nothing written');
  });

  it('reads quoted line breaks in the input and keeps rows in step', async () => {
    const noted = file('noted.csv', 'lat,note,lon\n6,"two\nlines",6\n20,x,20\n');
    const run = await runCliAsync(['pip', '--zones', zones, '--points', noted]);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout, 'lat,lon,zone\n6,6,0\n20,20,-1\n');
  });
});

describe('hotloop file errors name the file and the operation', () => {
  it('a missing or directory input, a truncated .gz, a missing zones file', async () => {
    const zones = file('one.geojson', JSON.stringify(square(0, 0, 10)));
    const gz = gzipSync(Buffer.from(`lat,lon\n${'1,2\n'.repeat(20000)}`));
    const truncated = file('cut.csv.gz', gz.subarray(0, gz.length >> 1));
    const folder = path.join(dir, 'a-folder.npy');
    mkdirSync(folder);
    const runs = await Promise.all([
      runCliAsync(['reduce', folder]),
      runCliAsync(['reduce', path.join(dir, 'missing.npy')]),
      runCliAsync(['pip', '--zones', zones, '--points', truncated, '--counts']),
      runCliAsync(['pip', '--zones', zones, '--points', dir, '--counts']),
      runCliAsync(['pip', '--zones', path.join(dir, 'missing.geojson'), '--points', truncated, '--counts']),
    ]);
    oneLine(runs[0], 1, /cannot read .*a-folder\.npy: it is a directory/);
    oneLine(runs[1], 1, /cannot read .*missing\.npy: no such file or directory \(ENOENT\)/);
    oneLine(runs[2], 1, /cannot read .*cut\.csv\.gz: the gzip data is truncated/);
    oneLine(runs[3], 1, new RegExp(`cannot read ${dir}: it is a directory`));
    oneLine(runs[4], 1, /cannot read .*missing\.geojson: no such file or directory/);
  });
});

describe('hotloop reduce on .npy files, as numpy', () => {
  for (const backend of cliBackends) {
    it(`reduces a 1-D array whole (arange(10).argmax() is 9) and reads |i1, <i1 and <u1 (${backend.name})`, async () => {
      const arange = file('arange.npy', npyBytes('<i8', [10], new BigInt64Array(Array.from({ length: 10 }, (_, i) => BigInt(i)))));
      const i1 = file('i1.npy', npyBytes('<i1', [2, 3], new Int8Array([-5, 7, 0, 3, -128, 127])));
      const u1 = file('u1.npy', npyBytes('<u1', [4], new Uint8Array([3, 250, 9, 250])));
      const [argmax, json, axis1, signed, unsigned] = await Promise.all([
        runCliAsync(['reduce', arange, '--op', 'argmax'], { env: backend.env }),
        runCliAsync(['reduce', arange, '--op', 'min', '--json'], { env: backend.env }),
        runCliAsync(['reduce', arange, '--axis', '1'], { env: backend.env }),
        runCliAsync(['reduce', i1, '--op', 'min'], { env: backend.env }),
        runCliAsync(['reduce', u1, '--op', 'argmax'], { env: backend.env }),
      ]);
      assert.equal(argmax.status, 0, argmax.stderr);
      assert.equal(argmax.stdout, '9\n');
      const report = JSON.parse(json.stdout);
      assert.deepEqual([report.shape, report.result], [[10], '0']);
      oneLine(axis1, 1, /arange\.npy holds a 1-D array: --axis 1 is out of bounds/);
      assert.equal(signed.stdout, '-5\n-128\n0\n');
      assert.equal(unsigned.stdout, '1\n');
    });
  }

  it('reads a file beyond 2 GiB (int8, 2 x 2^30+8, sparse) at the right offsets', async () => {
    const cols = 2 ** 30 + 8;
    const header = npyBytes('|i1', [2, cols], new Int8Array(0));
    const big = file('big.npy', header);
    const dataStart = header.length;
    truncateSync(big, dataStart + 2 * cols); // a hole: no disk used, reads as zeros
    const fd = openSync(big, 'r+');
    try {
      writeSync(fd, new Int8Array([5]), 0, 1, dataStart + 3); // row 0, column 3
      writeSync(fd, new Int8Array([9]), 0, 1, dataStart + 2 * cols - 1); // row 1, the last column
    } finally {
      closeSync(fd);
    }
    const run = await runCliAsync(['reduce', big, '--op', 'argmax', '--axis', '1', '--json']);
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(JSON.parse(run.stdout).result, [3, cols - 1]);
    rmSync(big);
  });

  it('fails with exit 1 and the reason when the data outgrows one typed array or the file', async () => {
    const huge = file('huge.npy', npyBytes('<f8', [2 ** 31], new Float64Array(0)));
    const short = file('short.npy', npyBytes('<f8', [4], new Float64Array(3)));
    const [hugeRun, shortRun] = await Promise.all([runCliAsync(['reduce', huge]), runCliAsync(['reduce', short])]);
    oneLine(hugeRun, 1, /huge\.npy: its data takes 17179869184 bytes, more than the \d+ one typed array holds/);
    oneLine(shortRun, 1, /short\.npy: holds fewer bytes than its shape \(4\) needs/);
  });
});

describe('numbers in flags', () => {
  it('are decimal: 0x10, 0b1, Infinity and 1_000 are usage errors (exit 2) naming the flag', async () => {
    const runs = await Promise.all([
      runCliAsync(['cubic', '0x10', '1', '1', '1']),
      runCliAsync(['polymatch', '--points', '0x10']),
      runCliAsync(['julia', '-R', '0b1', '-o', '-']),
      runCliAsync(['cubic', '--x0', 'Infinity', '--y0', '1']),
      runCliAsync(['reduce', '--threads', '1_000']),
    ]);
    oneLine(runs[0], 2, /a expects a finite number in decimal notation but received "0x10"/);
    oneLine(runs[1], 2, /--points expects an integer between 0 and 100000000 but received "0x10"/);
    oneLine(runs[2], 2, /-R expects an integer .* but received "0b1"/);
    oneLine(runs[3], 2, /--x0 expects a finite number in decimal notation but received "Infinity"/);
    oneLine(runs[4], 2, /--threads expects an integer between 1 and 1024 but received "1_000"/);
  });

  it('bad data is exit 1 in every command, a bad value of a flag exit 2', async () => {
    const zones = file('open-ring.geojson', JSON.stringify({ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1]]] }));
    const pts = file('few.csv', 'lat,lon\n1,1\n');
    const empty = file('empty.npy', npyBytes('<f8', [0, 3], new Float64Array(0)));
    const runs = await Promise.all([
      runCliAsync(['pip', '--zones', zones, '--points', pts, '--counts']),
      runCliAsync(['reduce', empty]),
      runCliAsync(['pip', '--zones', file('ok.geojson', JSON.stringify(square(0, 0, 2))), '--points', pts, '--lat', 'latitude']),
      runCliAsync(['polymatch', '--max-dist', '0']),
      runCliAsync(['julia', '--threshold', '0', '-R', '10', '-o', '-']),
    ]);
    oneLine(runs[0], 1, /open-ring\.geojson/);
    oneLine(runs[1], 1, /empty\.npy: /);
    oneLine(runs[2], 1, /no column named "latitude"/);
    oneLine(runs[3], 2, /for --max-dist but received 0/);
    oneLine(runs[4], 2, /for --threshold but received 0/);
  });
});
