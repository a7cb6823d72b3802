/**
 * Streams lon/lat columns out of a CSV file (plain, or gzip when the name ends in .gz), quoted
 * fields or not, columns chosen by header name. Rows that do not parse are counted with the first
 * one's line and reason, or, when `strict`, are an error: the caller decides, nothing is guessed.
 */
import { createReadStream, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';

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

/** Splits one CSV line into fields: RFC 4180 quoting ("" is an escaped quote inside quotes). */
export function splitCsvLine(line: string): string[] {
  if (!line.includes('"')) return line.split(',');
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      fields.push(field);
      field = '';
    } else field += ch;
  }
  if (quoted) throw new SyntaxError('unterminated quoted field');
  fields.push(field);
  return fields;
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

function parseCoordinate(text: string | undefined): number {
  if (text === undefined) return NaN;
  const trimmed = text.trim();
  return trimmed === '' ? NaN : Number(trimmed);
}

/** Reads the lat/lon columns of a CSV file. Throws when a column is missing, or on a bad row when strict. */
export async function readCsvPoints(file: string, options: CsvPointsOptions = {}): Promise<CsvPoints> {
  const latName = options.latColumn ?? 'lat';
  const lonName = options.lonColumn ?? 'lon';
  const size = statSync(file).size;
  const raw = createReadStream(file);
  const input = file.endsWith('.gz') ? raw.pipe(createGunzip()) : raw;
  raw.on('error', (error) => input.destroy(error));
  const lines = createInterface({ input, crlfDelay: Infinity });
  const lat = new Column();
  const lon = new Column();
  let latIndex = -1;
  let lonIndex = -1;
  let lineNumber = 0;
  let skipped = 0;
  let firstSkipped: CsvPoints['firstSkipped'];
  let lastReport = 0;
  const skip = (reason: string) => {
    if (options.strict) throw new Error(`${file}:${lineNumber}: ${reason}`);
    skipped++;
    firstSkipped ??= { line: lineNumber, reason };
  };
  try {
    for await (const line of lines) {
      lineNumber++;
      if (lineNumber === 1) {
        const header = splitCsvLine(line.replace(/^\uFEFF/, '')).map((name) => name.trim());
        latIndex = header.indexOf(latName);
        lonIndex = header.indexOf(lonName);
        if (latIndex < 0 || lonIndex < 0) {
          throw new Error(`${file}: no column named ${JSON.stringify(latIndex < 0 ? latName : lonName)} in the header (columns: ${header.join(', ')})`);
        }
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
        options.onProgress(Math.min(1, raw.bytesRead / Math.max(1, size)));
      }
    }
  } finally {
    raw.destroy(); // also when a bad row or header ended the loop early
  }
  if (lineNumber === 0) throw new Error(`${file}: empty file (expected a header line)`);
  options.onProgress?.(1);
  return { lat: lat.trimmed(), lon: lon.trimmed(), skipped, firstSkipped };
}
