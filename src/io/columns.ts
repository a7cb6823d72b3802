/**
 * What every point reader yields and every result writer takes: batches of named columns as typed
 * arrays. Readers convert each format's column types here, in one place, with errors that name the
 * column and the type found.
 */

import { parseDecimal } from './decimal.js';

/** Which input columns hold what. `id` and `time` are read only when named (the geofence needs them). */
export interface ColumnNames {
  lat: string;
  lon: string;
  id?: string;
  time?: string;
}

/** One batch of points: a CSV block, an Arrow record batch, a Parquet row group. */
export interface PointBatch {
  lat: Float64Array;
  lon: Float64Array;
  /** Present when `ColumnNames.id` was given. */
  id?: (string | number)[];
  /** Milliseconds; present when `ColumnNames.time` was given. */
  time?: Float64Array;
}

/** Rows a reader skipped (CSV rows that do not parse), and the first of them. */
export interface ReadStats {
  skipped: number;
  firstSkipped?: { line: number; reason: string };
}

export interface ReadOptions {
  columns: ColumnNames;
  /** Fail on the first row that does not parse instead of skipping it (CSV). */
  strict?: boolean;
  /** Rows per batch where the format does not fix it (CSV); default 65536. */
  batchRows?: number;
  /** Filled in while reading. */
  stats?: ReadStats;
  /** Called with the fraction of the input read so far. */
  onProgress?: (fraction: number) => void;
}

/** A batch of results to write: the points and, per point, a zone index or a text (names, or every zone). */
export interface ResultBatch {
  lat: Float64Array;
  lon: Float64Array;
  zone: Int32Array | string[];
}

/**
 * Where a result writer puts its bytes, in order: a file, standard output, an atomic output of
 * the CLI (src/cli/atomic.ts). Opening, committing and discarding are the owner's business.
 */
export interface ByteSink {
  write(chunk: string | Uint8Array): Promise<void>;
}

/** Writes result batches in one format to a {@link ByteSink}; `close` writes the format's ending. */
export interface ResultSink {
  write(batch: ResultBatch): Promise<void>;
  close(): Promise<void>;
}

export const DEFAULT_BATCH_ROWS = 65536;

/** An error for a column that is missing from the input, listing the ones present. */
function missingColumn(file: string, name: string, present: readonly string[]): Error {
  return new Error(`${file}: no column named ${JSON.stringify(name)} (columns: ${present.join(', ')})`);
}

/**
 * Where the column `name` is among the input's columns: an error when it is missing, and when it
 * appears more than once (picking one would silently read the other's values).
 */
export function columnIndex(file: string, name: string, present: readonly string[]): number {
  const first = present.indexOf(name);
  if (first < 0) throw missingColumn(file, name, present);
  const second = present.indexOf(name, first + 1);
  if (second >= 0) {
    throw new Error(`${file}: ${JSON.stringify(name)} names more than one column (columns ${first + 1} and ${second + 1}); rename one or choose another with the column flags`);
  }
  return first;
}

/** An error for a column whose type cannot be read as wanted (bad data, as a missing column: a plain Error). */
export function wrongColumnType(file: string, name: string, wanted: string, found: string): Error {
  return new Error(`${file}: expected ${wanted} in column ${JSON.stringify(name)} but found ${found}`);
}

/**
 * Milliseconds from a time cell: a number (already ms), a Date, a bigint, or text holding either a
 * decimal number or an ISO-8601 date (`2019-07-01 00:00:00.000` without a zone is read as UTC). NaN
 * when it is none of these (other date forms included: Date.parse would read them in local time).
 */
export function timeValue(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Date) return value.getTime();
  if (typeof value !== 'string') return NaN;
  const text = value.trim();
  if (text === '') return NaN;
  const number = parseDecimal(text);
  if (!Number.isNaN(number)) return number;
  // ISO-8601 only: Date.parse reads other forms ('2019/07/01', 'July 1, 2019') in the process's
  // time zone, which would make the same file mean other times on another machine.
  const iso = ISO_TIME.exec(text);
  if (!iso) return NaN;
  const [, date, time, zone] = iso;
  if (time === undefined) return Date.parse(date); // a date alone is UTC midnight
  const offset = zone === undefined || zone === 'Z' || zone === 'z' ? 'Z' : `${zone.slice(0, 3)}:${zone.slice(-2)}`;
  return Date.parse(`${date}T${time}${offset}`);
}

/** An ISO-8601 date, optionally with a time (space or T) and a zone (Z, ±hh:mm or ±hhmm); no zone is UTC. */
const ISO_TIME = /^(\d{4}-\d\d-\d\d)(?:[ Tt](\d\d:\d\d(?::\d\d(?:\.\d+)?)?)([Zz]|[+-]\d\d:?\d\d)?)?$/;

/** An id cell as a string or a number: bigints beyond 2^53 stay exact as text. */
export function idValue(value: unknown): string | number | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : String(value);
  return undefined;
}
