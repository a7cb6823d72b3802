/**
 * Streams lon/lat columns out of a CSV file (plain, or gzip when the name ends in .gz), columns
 * chosen by header name. The dialect: a header line; comma-separated; RFC 4180 quotes (a field
 * starting with `"` may hold commas, `""` and line breaks); a UTF-8 BOM is skipped; LF or CRLF line
 * ends; blank lines ignored; extra columns ignored. Rows that do not parse are counted with the
 * first one's line and reason, or, when `strict`, are an error: the caller decides, nothing is
 * guessed. A quoted field still open at the end of the file is always an error (it would have
 * swallowed every row after it).
 */
import { createReadStream, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { fileError } from '../file-errors.js';

export interface CsvPointsOptions {
  latColumn?: string;
  lonColumn?: string;
  /** Fail on the first row that does not parse instead of skipping it. */
  strict?: boolean;
  /** Called with the fraction of the file read so far. */
  onProgress?: (fraction: number) => void;
}

export interface CsvPoints {
  lat: Float64Array;
  lon: Float64Array;
  /** Rows skipped because they did not parse, and the first of them. */
  skipped: number;
  firstSkipped?: { line: number; reason: string };
}

/** A row that does not follow the dialect; the reader skips it or, when strict, fails. */
class MalformedRow extends Error {}

const enum State {
  FieldStart,
  Unquoted,
  Quoted,
  /** A quote inside a quoted field: the closing quote, or the first of `""`. */
  QuoteSeen,
}

/**
 * Splits physical lines into records (arrays of fields) by RFC 4180: a field that starts with a
 * quote runs to its closing quote, across commas and line breaks; `""` inside it is one quote. A
 * quote inside an unquoted field is kept as a character (as most writers mean it); text after a
 * closing quote makes the row malformed.
 */
export class CsvRecords {
  private fields: string[] = [];
  private field = '';
  private state = State.FieldStart;

  /** True while a quoted field is open: the current record continues on the next line. */
  get open(): boolean {
    return this.state === State.Quoted;
  }

  /** Adds one physical line: the record's fields when it is complete, undefined when it continues. */
  line(text: string): string[] | undefined {
    if (this.state === State.FieldStart && this.fields.length === 0 && !text.includes('"')) return text.split(',');
    if (this.state === State.Quoted) this.field += '\n'; // the line break was inside the quotes
    for (let i = 0; i < text.length; ) {
      switch (this.state) {
        case State.FieldStart:
          if (text[i] === '"') {
            this.state = State.Quoted;
            i++;
          } else this.state = State.Unquoted;
          break;
        case State.Unquoted: {
          const comma = text.indexOf(',', i);
          this.field += text.slice(i, comma < 0 ? text.length : comma);
          if (comma < 0) i = text.length;
          else {
            this.endField();
            i = comma + 1;
          }
          break;
        }
        case State.Quoted: {
          const quote = text.indexOf('"', i);
          this.field += text.slice(i, quote < 0 ? text.length : quote);
          if (quote < 0) i = text.length;
          else {
            this.state = State.QuoteSeen;
            i = quote + 1;
          }
          break;
        }
        case State.QuoteSeen:
          if (text[i] === '"') {
            this.field += '"';
            this.state = State.Quoted;
          } else if (text[i] === ',') this.endField();
          else {
            const field = this.fields.length + 1;
            this.reset();
            throw new MalformedRow(`text after the closing quote of field ${field}`);
          }
          i++;
          break;
      }
    }
    if (this.state === State.Quoted) return undefined;
    this.fields.push(this.field);
    const record = this.fields;
    this.reset();
    return record;
  }

  private endField(): void {
    this.fields.push(this.field);
    this.field = '';
    this.state = State.FieldStart;
  }

  private reset(): void {
    this.fields = [];
    this.field = '';
    this.state = State.FieldStart;
  }
}

/** A growable Float64Array: doubles its capacity, trimmed at the end. */
class Column {
  data = new Float64Array(1 << 16);
  length = 0;
  push(value: number): void {
    if (this.length === this.data.length) {
      const bigger = new Float64Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = value;
  }
  trimmed(): Float64Array {
    return this.data.slice(0, this.length);
  }
}

/** A decimal coordinate; anything else (empty, `0x10`, `Infinity`, text) is NaN or not finite. */
function parseCoordinate(text: string | undefined): number {
  if (text === undefined) return NaN;
  const trimmed = text.trim();
  if (trimmed === '') return NaN;
  // Number() also reads the 0x, 0b and 0o prefixes (unsigned only): not decimal coordinates.
  const second = trimmed.charCodeAt(1) | 0x20;
  if (trimmed.charCodeAt(0) === 48 && (second === 0x78 || second === 0x62 || second === 0x6f)) return NaN;
  return Number(trimmed);
}

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

/** Reads the lat/lon columns of a CSV file. Throws when a column is missing, or on a bad row when strict. */
export async function readCsvPoints(file: string, options: CsvPointsOptions = {}): Promise<CsvPoints> {
  const latName = options.latColumn ?? 'lat';
  const lonName = options.lonColumn ?? 'lon';
  const { lines, size, bytesRead, close, readError } = openLines(file);
  const records = new CsvRecords();
  const lat = new Column();
  const lon = new Column();
  let header: string[] | undefined;
  let latIndex = -1;
  let lonIndex = -1;
  let lineNumber = 0;
  let recordLine = 0; // where the current record started: a quoted line break spans lines
  let skipped = 0;
  let firstSkipped: CsvPoints['firstSkipped'];
  let lastReport = 0;
  const skip = (reason: string) => {
    if (options.strict) throw new Error(`${file}:${recordLine}: ${reason}`);
    skipped++;
    firstSkipped ??= { line: recordLine, reason };
  };
  try {
    for await (const text of lines) {
      lineNumber++;
      if (!records.open) {
        if (header && text.trim() === '') continue;
        recordLine = lineNumber;
      }
      let fields: string[] | undefined;
      try {
        fields = records.line(lineNumber === 1 ? text.replace(/^\uFEFF/, '') : text);
      } catch (error) {
        if (!(error instanceof MalformedRow) || !header) throw error;
        skip(error.message);
        continue;
      }
      if (!fields) continue;
      if (!header) {
        header = fields.map((name) => name.trim());
        latIndex = header.indexOf(latName);
        lonIndex = header.indexOf(lonName);
        if (latIndex < 0 || lonIndex < 0) {
          throw new Error(`${file}: no column named ${JSON.stringify(latIndex < 0 ? latName : lonName)} in the header (columns: ${header.join(', ')})`);
        }
        continue;
      }
      const y = parseCoordinate(fields[latIndex]);
      const x = parseCoordinate(fields[lonIndex]);
      if (!Number.isFinite(y) || !Number.isFinite(x)) {
        skip(`${latName}/${lonName} ${JSON.stringify(fields[latIndex] ?? '')}/${JSON.stringify(fields[lonIndex] ?? '')} are not finite numbers`);
        continue;
      }
      lat.push(y);
      lon.push(x);
      if (options.onProgress && lineNumber - lastReport >= 65536) {
        lastReport = lineNumber;
        options.onProgress(Math.min(1, bytesRead() / Math.max(1, size)));
      }
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code) throw readError(error);
    throw error;
  } finally {
    close(); // also when a bad row or header ended the loop early
  }
  if (records.open) {
    throw new Error(`${file}:${recordLine}: the quoted field opened on line ${recordLine} is never closed (the rest of the file would be inside it)`);
  }
  if (!header) throw new Error(`${file}: empty file (expected a header line)`);
  options.onProgress?.(1);
  return { lat: lat.trimmed(), lon: lon.trimmed(), skipped, firstSkipped };
}
