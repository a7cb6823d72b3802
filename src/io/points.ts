/**
 * One entry point per direction for every format: `readPointBatches` streams points out of an
 * Arrow IPC (.arrow, .arrows, .feather, .ipc), Parquet (.parquet) or CSV file (any other name;
 * gzip when it ends in .gz), chosen by the file name; `openResultSink` writes results in a format.
 */
import { statSync } from 'node:fs';
import { fileError } from '../file-errors.js';
import { arrowSink, readArrowBatches } from './arrow.js';
import type { ByteSink, ColumnNames, PointBatch, ReadOptions, ReadStats, ResultSink } from './columns.js';
import { csvSink, readCsvBatches } from './csv.js';
import { parquetSink, readParquetBatches } from './parquet.js';

export type FileFormat = 'csv' | 'arrow' | 'arrow-stream' | 'parquet';

const SUFFIXES: [RegExp, FileFormat][] = [
  [/\.(arrow|feather|ipc)$/i, 'arrow'],
  [/\.arrows$/i, 'arrow-stream'],
  [/\.parquet$/i, 'parquet'],
];

/** The format of a file from its name: Arrow or Parquet by their suffixes, CSV for any other name. */
export function formatOf(file: string): FileFormat {
  for (const [pattern, format] of SUFFIXES) if (pattern.test(file)) return format;
  return 'csv';
}

/** A readable file, or an Error naming it and why not (missing, a directory, no permission). */
function checkReadable(file: string): void {
  try {
    if (statSync(file).isDirectory()) throw new Error(`cannot read ${file}: it is a directory`);
  } catch (error) {
    throw (error as NodeJS.ErrnoException).code ? fileError('read', file, error) : error;
  }
}

/** Batches of points from `file`, one CSV block, Arrow record batch or Parquet row group at a time. */
export function readPointBatches(file: string, options: ReadOptions & { rowGroups?: number[] }): AsyncGenerator<PointBatch> {
  checkReadable(file);
  const format = formatOf(file);
  if (format === 'parquet') return readParquetBatches(file, options);
  if (format === 'csv') return readCsvBatches(file, options);
  return readArrowBatches(file, options);
}

/** Every point of a file, and the rows skipped (CSV rows that did not parse). */
export type PointsRead = PointBatch & ReadStats;

/** Batches joined into one, in order (`id` and `time` when `columns` names them). */
export function joinBatches(parts: readonly PointBatch[], columns: ColumnNames): PointBatch {
  const n = parts.reduce((sum, part) => sum + part.lat.length, 0);
  const joined: PointBatch = { lat: new Float64Array(n), lon: new Float64Array(n) };
  if (columns.id !== undefined) joined.id = parts.flatMap((part) => part.id ?? []);
  if (columns.time !== undefined) joined.time = new Float64Array(n);
  let at = 0;
  for (const part of parts) {
    joined.lat.set(part.lat, at);
    joined.lon.set(part.lon, at);
    if (joined.time && part.time) joined.time.set(part.time, at);
    at += part.lat.length;
  }
  return joined;
}

/**
 * Every point of `file` in one batch (for inputs held whole, such as `--repeat`); columns `lat`
 * and `lon` unless named.
 *
 * @example
 * const { lat, lon, skipped } = await readPoints('ais.csv.gz');
 */
export async function readPoints(file: string, options: Partial<ReadOptions> = {}): Promise<PointsRead> {
  const stats: ReadStats = options.stats ?? { skipped: 0 };
  const columns = options.columns ?? { lat: 'lat', lon: 'lon' };
  const parts: PointBatch[] = [];
  for await (const batch of readPointBatches(file, { ...options, columns, stats })) parts.push(batch);
  return { ...joinBatches(parts, columns), ...stats };
}

/** The result format for an output file name: as {@link formatOf} (CSV unless Arrow or Parquet), but gzip is not written. */
export function resultFormatOf(file: string): FileFormat {
  if (/\.gz$/i.test(file)) throw new Error(`${file}: gzip output is not written (write .csv and compress it, or use .parquet)`);
  return formatOf(file);
}

/**
 * A writer of results in `format` (columns lat, lon, zone) into `bytes`; its `close` writes the
 * format's ending, and the owner of `bytes` then closes or commits it.
 */
export async function openResultSink(bytes: ByteSink, format: FileFormat): Promise<ResultSink> {
  if (format === 'parquet') return parquetSink(bytes);
  if (format === 'csv') return csvSink(bytes);
  return arrowSink(bytes, format === 'arrow-stream');
}
