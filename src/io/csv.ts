/**
 * CSV points (plain, or gzip when the name ends in .gz) read as a stream of batches, and CSV
 * results written as they come. The dialect: a header line names the columns; comma-separated;
 * RFC 4180 quotes (csv-records.ts, the package's one splitter); a UTF-8 BOM is skipped; LF or CRLF
 * line ends; blank lines ignored; extra columns ignored. Rows that do not parse are counted in
 * `stats` with the first one's line and reason, or, when `strict`, are an error. A quoted field
 * still open at the end of the file is always an error (it would have swallowed every row after it).
 */
import { createReadStream, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { fileError } from '../file-errors.js';
import { CsvRecords, MalformedRow } from './csv-records.js';
import { decimalText, parseDecimal } from './decimal.js';
import { type ByteSink, DEFAULT_BATCH_ROWS, type PointBatch, type ReadOptions, type ResultBatch, type ResultSink, columnIndex, timeValue } from './columns.js';

/** Opens the file as a stream of text lines, gunzipping a .gz; read errors name the file. */
function openLines(file: string) {
  let size: number;
  try {
    const stats = statSync(file);
    if (stats.isDirectory()) throw new Error(`cannot read ${file}: it is a directory`);
    size = stats.size;
  } catch (error) {
    throw (error as NodeJS.ErrnoException).code ? fileError('read', file, error) : error;
  }
  const raw = createReadStream(file);
  const gzip = file.endsWith('.gz');
  const input = gzip ? raw.pipe(createGunzip()) : raw;
  raw.on('error', (error) => input.destroy(error));
  const lines = createInterface({ input, crlfDelay: Infinity });
  const readError = (error: unknown) =>
    // zlib's "unexpected end of file" is a gzip stream cut short.
    gzip && (error as NodeJS.ErrnoException).code === 'Z_BUF_ERROR'
      ? new Error(`cannot read ${file}: the gzip data is truncated (unexpected end of file)`, { cause: error })
      : fileError('read', file, error);
  return { lines, size, bytesRead: () => raw.bytesRead, close: () => raw.destroy(), readError };
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

/** Batches of the named columns of a CSV file, in file order. */
export async function* readCsvBatches(file: string, options: ReadOptions): AsyncGenerator<PointBatch> {
  const { columns, stats } = options;
  const batchRows = options.batchRows ?? DEFAULT_BATCH_ROWS;
  const { lines, size, bytesRead, close, readError } = openLines(file);
  const records = new CsvRecords();
  let index: { lat: number; lon: number; id: number; time: number } | undefined;
  let batch = emptyBatch(batchRows, columns.id !== undefined, columns.time !== undefined);
  let n = 0;
  let lineNumber = 0;
  let recordLine = 0; // where the current record started: a quoted line break spans lines
  const skip = (reason: string) => {
    if (options.strict) throw new Error(`${file}:${recordLine}: ${reason}`);
    if (!stats) return;
    stats.skipped++;
    stats.firstSkipped ??= { line: recordLine, reason };
  };
  try {
    for await (const text of lines) {
      lineNumber++;
      if (!records.open) {
        if (index && text.trim() === '') continue;
        recordLine = lineNumber;
      }
      let fields: string[] | undefined;
      try {
        fields = records.line(lineNumber === 1 ? text.replace(/^\uFEFF/, '') : text);
      } catch (error) {
        if (!(error instanceof MalformedRow) || !index) throw error;
        skip(error.message);
        continue;
      }
      if (!fields) continue;
      if (!index) {
        const header = fields.map((name) => name.trim());
        const find = (name: string | undefined) => {
          if (name === undefined) return -1;
          return columnIndex(file, name, header);
        };
        index = { lat: find(columns.lat), lon: find(columns.lon), id: find(columns.id), time: find(columns.time) };
        continue;
      }
      const y = parseDecimal(fields[index.lat]);
      const x = parseDecimal(fields[index.lon]);
      if (!Number.isFinite(y) || !Number.isFinite(x)) {
        skip(`${columns.lat}/${columns.lon} ${JSON.stringify(fields[index.lat] ?? '')}/${JSON.stringify(fields[index.lon] ?? '')} are not finite numbers`);
        continue;
      }
      if (batch.time) {
        const t = timeValue(fields[index.time]);
        if (!Number.isFinite(t)) {
          skip(`${columns.time} ${JSON.stringify(fields[index.time] ?? '')} is not a time (milliseconds or an ISO-8601 date)`);
          continue;
        }
        batch.time[n] = t;
      }
      if (batch.id) {
        const id = (fields[index.id] ?? '').trim();
        if (id === '') {
          skip(`${columns.id} is empty`);
          continue;
        }
        batch.id[n] = id;
      }
      batch.lat[n] = y;
      batch.lon[n] = x;
      if (++n === batchRows) {
        yield batch;
        options.onProgress?.(Math.min(1, bytesRead() / Math.max(1, size)));
        batch = emptyBatch(batchRows, batch.id !== undefined, batch.time !== undefined);
        n = 0;
      }
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code) throw readError(error);
    throw error;
  } finally {
    close(); // also when a bad row, a missing column or the consumer ended the loop early
  }
  if (records.open) {
    throw new Error(`${file}:${recordLine}: the quoted field opened on line ${recordLine} is never closed (the rest of the file would be inside it)`);
  }
  if (!index) throw new Error(`${file}: empty file (expected a header line)`);
  if (n > 0) yield trimBatch(batch, n);
  options.onProgress?.(1);
}

/** One CSV field as RFC 4180 writes it: quoted when it holds a comma, a quote or a line break. */
export function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Result rows `lat,lon,zone` written to `bytes` as batches come (text zones quoted as RFC 4180 says). */
export function csvSink(bytes: ByteSink): ResultSink {
  let header = false;
  const start = async () => {
    if (header) return;
    header = true;
    await bytes.write('lat,lon,zone\n');
  };
  return {
    async write({ lat, lon, zone }: ResultBatch) {
      await start();
      const BLOCK = 8192;
      for (let begin = 0; begin < lat.length; begin += BLOCK) {
        let text = '';
        const end = Math.min(lat.length, begin + BLOCK);
        if (Array.isArray(zone)) for (let i = begin; i < end; i++) text += `${decimalText(lat[i])},${decimalText(lon[i])},${csvField(zone[i])}\n`;
        else for (let i = begin; i < end; i++) text += `${decimalText(lat[i])},${decimalText(lon[i])},${zone[i]}\n`;
        await bytes.write(text);
      }
    },
    close: start,
  };
}
