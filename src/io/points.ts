/**
 * One entry point per direction for every format: `readPointBatches` streams points out of a CSV
 * (.csv, .csv.gz), Arrow IPC (.arrow, .arrows, .feather, .ipc) or Parquet (.parquet) file, chosen by
 * the file name; `openResultSink` writes results in the format its file name says.
 */
import { arrowSink, readArrowBatches } from './arrow.js';
import type { PointBatch, ReadOptions, ResultSink } from './columns.js';
import { csvSink, readCsvBatches } from './csv.js';
import { parquetSink, readParquetBatches } from './parquet.js';

export type FileFormat = 'csv' | 'arrow' | 'arrow-stream' | 'parquet';

const SUFFIXES: [RegExp, FileFormat][] = [
  [/\.csv(\.gz)?$|\.gz$|\.txt$/i, 'csv'],
  [/\.(arrow|feather|ipc)$/i, 'arrow'],
  [/\.arrows$/i, 'arrow-stream'],
  [/\.parquet$/i, 'parquet'],
];

/** The format of a file from its name; an Error listing the known suffixes when there is none. */
export function formatOf(file: string): FileFormat {
  for (const [pattern, format] of SUFFIXES) if (pattern.test(file)) return format;
  throw new Error(`${file}: unknown file type (expected .csv, .csv.gz, .arrow, .arrows, .feather, .ipc or .parquet)`);
}

/** Batches of points from `file`, one CSV block, Arrow record batch or Parquet row group at a time. */
export function readPointBatches(file: string, options: ReadOptions & { rowGroups?: number[] }): AsyncGenerator<PointBatch> {
  const format = formatOf(file);
  if (format === 'parquet') return readParquetBatches(file, options);
  if (format === 'csv') return readCsvBatches(file, options);
  return readArrowBatches(file, options);
}

/** Every point of `file` in one batch (for inputs that must be held whole, such as `--repeat`). */
export async function readPoints(file: string, options: ReadOptions): Promise<PointBatch> {
  const parts: PointBatch[] = [];
  for await (const batch of readPointBatches(file, options)) parts.push(batch);
  if (parts.length === 1) return parts[0];
  const n = parts.reduce((sum, part) => sum + part.lat.length, 0);
  const joined: PointBatch = { lat: new Float64Array(n), lon: new Float64Array(n) };
  if (options.columns.id !== undefined) joined.id = parts.flatMap((part) => part.id ?? []);
  if (options.columns.time !== undefined) joined.time = new Float64Array(n);
  let at = 0;
  for (const part of parts) {
    joined.lat.set(part.lat, at);
    joined.lon.set(part.lon, at);
    if (joined.time && part.time) joined.time.set(part.time, at);
    at += part.lat.length;
  }
  return joined;
}

/** The result format for an output file name: as {@link formatOf}, but gzip output is not written. */
export function resultFormatOf(file: string): FileFormat {
  if (/\.gz$/i.test(file)) throw new Error(`${file}: gzip output is not written (write .csv and compress it, or use .parquet)`);
  return formatOf(file);
}

/**
 * A writer for results to `file` in `format` (by default the one its name says); standard output
 * (no file) is CSV. The CLI passes a temporary file and the final name's format.
 */
export async function openResultSink(file: string | undefined, format: FileFormat = file === undefined ? 'csv' : resultFormatOf(file)): Promise<ResultSink> {
  if (file === undefined) return csvSink('-', process.stdout);
  if (format === 'parquet') return parquetSink(file);
  if (format === 'csv') return csvSink(file);
  return arrowSink(file, format === 'arrow-stream');
}
