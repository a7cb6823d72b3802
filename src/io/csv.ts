/**
 * CSV points (plain, or gzip when the name ends in .gz) read as a stream of batches, and CSV
 * results written as they come. Fields are split by the pip module's RFC 4180 splitter; rows that
 * do not parse are counted in `stats`, or are an error when `strict`.
 */
import { once } from 'node:events';
import { createReadStream, createWriteStream, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { splitCsvLine } from '../pip/csv.js';
import { DEFAULT_BATCH_ROWS, type PointBatch, type ReadOptions, type ResultBatch, type ResultSink, missingColumn, timeValue } from './columns.js';

function numberCell(text: string | undefined): number {
  if (text === undefined) return NaN;
  const trimmed = text.trim();
  return trimmed === '' ? NaN : Number(trimmed);
}

/** Batches of the named columns of a CSV file, in file order. */
export async function* readCsvBatches(file: string, options: ReadOptions): AsyncGenerator<PointBatch> {
  const { columns, stats } = options;
  const batchRows = options.batchRows ?? DEFAULT_BATCH_ROWS;
  const size = statSync(file).size;
  const raw = createReadStream(file);
  const input = file.endsWith('.gz') ? raw.pipe(createGunzip()) : raw;
  raw.on('error', (error) => input.destroy(error));
  const lines = createInterface({ input, crlfDelay: Infinity });
  let index = { lat: -1, lon: -1, id: -1, time: -1 };
  let lineNumber = 0;
  let batch = emptyBatch(batchRows, columns.id !== undefined, columns.time !== undefined);
  let n = 0;
  const skip = (reason: string) => {
    if (options.strict) throw new Error(`${file}:${lineNumber}: ${reason}`);
    if (!stats) return;
    stats.skipped++;
    stats.firstSkipped ??= { line: lineNumber, reason };
  };
  try {
    for await (const line of lines) {
      lineNumber++;
      if (lineNumber === 1) {
        const header = splitCsvLine(line.replace(/^\uFEFF/, '')).map((name) => name.trim());
        const find = (name: string | undefined) => {
          if (name === undefined) return -1;
          const i = header.indexOf(name);
          if (i < 0) throw missingColumn(file, name, header);
          return i;
        };
        index = { lat: find(columns.lat), lon: find(columns.lon), id: find(columns.id), time: find(columns.time) };
        continue;
      }
      if (line.trim() === '') continue;
      let fields: string[];
      try {
        fields = splitCsvLine(line);
      } catch (error) {
        skip((error as Error).message);
        continue;
      }
      const y = numberCell(fields[index.lat]);
      const x = numberCell(fields[index.lon]);
      if (!Number.isFinite(y) || !Number.isFinite(x)) {
        skip(`${columns.lat}/${columns.lon} ${JSON.stringify(fields[index.lat] ?? '')}/${JSON.stringify(fields[index.lon] ?? '')} are not finite numbers`);
        continue;
      }
      let t = 0;
      if (batch.time) {
        t = timeValue(fields[index.time]);
        if (!Number.isFinite(t)) {
          skip(`${columns.time} ${JSON.stringify(fields[index.time] ?? '')} is not a time (milliseconds or an ISO-8601 date)`);
          continue;
        }
      }
      let id = '';
      if (batch.id) {
        id = (fields[index.id] ?? '').trim();
        if (id === '') {
          skip(`${columns.id} is empty`);
          continue;
        }
      }
      batch.lat[n] = y;
      batch.lon[n] = x;
      if (batch.time) batch.time[n] = t;
      if (batch.id) batch.id[n] = id;
      if (++n === batchRows) {
        yield batch;
        options.onProgress?.(Math.min(1, raw.bytesRead / Math.max(1, size)));
        batch = emptyBatch(batchRows, batch.id !== undefined, batch.time !== undefined);
        n = 0;
      }
    }
  } finally {
    raw.destroy(); // also when a bad row, a missing column or the consumer ended the loop early
  }
  if (lineNumber === 0) throw new Error(`${file}: empty file (expected a header line)`);
  if (n > 0) yield trimBatch(batch, n);
  options.onProgress?.(1);
}

function emptyBatch(rows: number, withId: boolean, withTime: boolean): PointBatch {
  return {
    lat: new Float64Array(rows),
    lon: new Float64Array(rows),
    ...(withId ? { id: new Array<string>(rows) } : {}),
    ...(withTime ? { time: new Float64Array(rows) } : {}),
  };
}

function trimBatch(batch: PointBatch, n: number): PointBatch {
  return {
    lat: batch.lat.subarray(0, n),
    lon: batch.lon.subarray(0, n),
    ...(batch.id ? { id: batch.id.slice(0, n) } : {}),
    ...(batch.time ? { time: batch.time.subarray(0, n) } : {}),
  };
}

function csvField(text: string): string {
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Result rows `lat,lon,zone` written to `file` (or to `stream` when given) as batches come. */
export function csvSink(file: string, stream: NodeJS.WritableStream = createWriteStream(file)): ResultSink {
  let failed: Error | undefined;
  stream.on('error', (error: Error) => (failed = error));
  const write = async (text: string) => {
    if (failed) throw failed;
    if (!stream.write(text)) await once(stream as NodeJS.EventEmitter, 'drain');
    if (failed) throw failed;
  };
  let header = false;
  return {
    async write({ lat, lon, zone }: ResultBatch) {
      if (!header) {
        header = true;
        await write('lat,lon,zone\n');
      }
      const BLOCK = 8192;
      for (let begin = 0; begin < lat.length; begin += BLOCK) {
        let text = '';
        const end = Math.min(lat.length, begin + BLOCK);
        if (Array.isArray(zone)) for (let i = begin; i < end; i++) text += `${lat[i]},${lon[i]},${csvField(zone[i])}\n`;
        else for (let i = begin; i < end; i++) text += `${lat[i]},${lon[i]},${zone[i]}\n`;
        await write(text);
      }
    },
    async close() {
      if (!header) await write('lat,lon,zone\n');
      if (stream === process.stdout) return;
      stream.end();
      await once(stream as NodeJS.EventEmitter, 'finish');
      if (failed) throw failed;
    },
    abort() {
      (stream as NodeJS.WritableStream & { destroy?: () => void }).destroy?.();
    },
  };
}
