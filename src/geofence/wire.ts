/**
 * Positions on a Redis stream. An entry holds one position as text fields `id time lon lat` (any
 * producer can write them), or a packed batch in one binary field `positions`, in one of two forms
 * (little-endian):
 *
 *   "HLP2"  u32 n  f64 time[n]  f64 lon[n]  f64 lat[n]  f64 id[n]              ids all numeric
 *   "HLP1"  u32 n  f64 time[n]  f64 lon[n]  f64 lat[n]  u32 idBytes[n]  utf-8 ids   any ids
 *
 * Ids are strings on Redis: HLP2 carries ids that are decimal integers (MMSIs: digits, no leading
 * zero, at most 15 of them) as numbers, which is the same id written shorter and read without a
 * string per position. A consumer keys its states by {@link fenceKey}, so "211" in a text entry and
 * 211 in an HLP2 batch are one id.
 */
import { decimalText, parseDecimal } from '../io/decimal.js';

const MAGIC = 0x31504c48; // "HLP1" read as a little-endian u32
const NUMERIC_MAGIC = 0x32504c48; // "HLP2"
const HEADER = 8;
/** The ids HLP2 carries as numbers: canonical decimal integers below 10^15 (exact in a double). */
const NUMERIC_ID = /^(?:0|[1-9][0-9]{0,14})$/;

/** The key a consumer keeps an id's state under: a canonical decimal integer as a number, else the string. */
export function fenceKey(id: string): string | number {
  return NUMERIC_ID.test(id) ? Number(id) : id;
}

/**
 * The number HLP2 writes for `id`, or -1 when it has none: a number that is an integer below 10^15,
 * or text that is one in canonical decimal (NUMERIC_ID), read digit by digit (the producer's
 * hot loop: no regular expression and no string-to-number conversion per position).
 */
function numericValue(id: string | number): number {
  if (typeof id === 'number') return Number.isInteger(id) && id >= 0 && id < 1e15 ? id : -1;
  const n = id.length;
  if (n === 0 || n > 15 || (n > 1 && id.charCodeAt(0) === 48)) return -1;
  let value = 0;
  for (let i = 0; i < n; i++) {
    const digit = id.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/** True when `id` is written as a number by HLP2 (a canonical decimal integer below 10^15). */
function numericId(id: string | number): boolean {
  return numericValue(id) >= 0;
}

/** Positions decoded from an entry, as columns: ids as strings (text, HLP1) or numbers (HLP2). */
export interface WirePositions {
  id: ArrayLike<string | number>;
  time: Float64Array;
  lon: Float64Array;
  lat: Float64Array;
}

/**
 * Both binary forms share one layout: magic u32, count n u32, k Float64 columns of n numbers, n
 * u32 id lengths, the ids as UTF-8 (little-endian, as every machine Node runs on).
 */
function packBlob(magic: number, numbers: Float64Array, ids: ArrayLike<string | number>, into?: Buffer): Buffer {
  const n = ids.length;
  const lengths = new Uint32Array(n);
  let idBytes = 0;
  for (let i = 0; i < n; i++) idBytes += lengths[i] = idLength(ids[i]);
  const start = HEADER + 8 * numbers.length;
  const bytes = start + 4 * n + idBytes;
  const out = into && into.length >= bytes ? into.subarray(0, bytes) : Buffer.allocUnsafe(bytes);
  out.writeUInt32LE(magic, 0);
  out.writeUInt32LE(n, 4);
  out.set(new Uint8Array(numbers.buffer, numbers.byteOffset, 8 * numbers.length), HEADER);
  out.set(new Uint8Array(lengths.buffer), start);
  for (let i = 0, at = start + 4 * n; i < n; at += lengths[i++]) writeId(out, at, ids[i], lengths[i]);
  return out;
}

// An id is written as its text: a string's UTF-8, a number's String(). Non-negative integers
// below 10^15 (MMSIs, as HLP2 batches carry them) and ASCII strings are measured and written
// here, byte by byte, with no string made and no call out of JavaScript per id: a snapshot
// holds every id, and its temporary strings and arrays were megabytes of fresh memory.

/** True for a non-negative integer below 10^15 (its text is its plain decimal digits). */
function smallInteger(id: string | number): id is number {
  return typeof id === 'number' && id >= 0 && id < 1e15 && Number.isInteger(id);
}

/** The decimal digits of a {@link smallInteger}. */
function integerDigits(id: number): number {
  let digits = 1;
  for (let v = id; v >= 10; v = Math.floor(v / 10)) digits++;
  return digits;
}

/** True when every character of `text` is ASCII (its UTF-8 is one byte per character). */
function ascii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) >= 0x80) return false;
  return true;
}

/** The bytes of an id's text. */
function idLength(id: string | number): number {
  if (smallInteger(id)) return integerDigits(id);
  const text = String(id);
  return ascii(text) ? text.length : Buffer.byteLength(text, 'utf8');
}

/** Writes an id's text, `length` bytes (idLength's), at `at`. */
function writeId(out: Buffer, at: number, id: string | number, length: number): void {
  if (smallInteger(id)) {
    for (let v = id, k = at + length - 1; k >= at; k--, v = Math.floor(v / 10)) out[k] = 48 + (v % 10);
    return;
  }
  const text = String(id);
  if (text.length !== length) out.write(text, at, length, 'utf8');
  else for (let k = 0; k < length; k++) out[at + k] = text.charCodeAt(k);
}

/** Reads a blob of `columns` number columns; RangeErrors name `what` and the problem. */
function unpackBlob(data: Buffer, magic: number, name: string, columns: number, what: string): { numbers: Float64Array; id: string[]; bytes: number } {
  if (data.length < HEADER || data.readUInt32LE(0) !== magic) throw new RangeError(`not a ${what} (no ${name} header)`);
  const n = data.readUInt32LE(4);
  const start = HEADER + 8 * columns * n;
  if (data.length < start + 4 * n) throw new RangeError(`${what} of ${n} ids is truncated (${data.length} bytes)`);
  // Copy the numbers to aligned memory: the Buffer may start at any byte offset.
  const numbers = new Float64Array(columns * n);
  new Uint8Array(numbers.buffer).set(data.subarray(HEADER, start));
  const id = new Array<string>(n);
  let at = start + 4 * n;
  for (let i = 0, lengths = start; i < n; i++, lengths += 4) {
    const length = data.readUInt32LE(lengths);
    if (at + length > data.length) throw new RangeError(`${what} id ${i} runs past the end`);
    id[i] = data.toString('utf8', at, at + length);
    at += length;
  }
  return { numbers, id, bytes: at };
}

/** The `count` Float64 numbers after the header of `data`: a view when aligned, else an aligned copy. */
function float64Columns(data: Buffer, count: number): Float64Array {
  const offset = data.byteOffset + HEADER;
  if (offset % 8 === 0) return new Float64Array(data.buffer, offset, count);
  const numbers = new Float64Array(count);
  new Uint8Array(numbers.buffer).set(data.subarray(HEADER, HEADER + 8 * count));
  return numbers;
}

/** The binary form of a batch of positions (the `positions` field of a packed entry): HLP2 when every id is numeric, else HLP1. */
export function packPositions(id: ArrayLike<string | number>, time: ArrayLike<number>, lon: ArrayLike<number>, lat: ArrayLike<number>, begin = 0, end = time.length): Buffer {
  const n = end - begin;
  // HLP2 when every id has a number: written straight into the blob, the columns beside them.
  const out = Buffer.allocUnsafe(HEADER + 32 * n);
  const aligned = out.byteOffset % 8 === 0;
  const columns = aligned ? new Float64Array(out.buffer, out.byteOffset + HEADER, 4 * n) : new Float64Array(4 * n);
  let numeric = true;
  for (let i = 0; i < n && numeric; i++) {
    const value = numericValue(id[begin + i]);
    numeric = value >= 0;
    columns[3 * n + i] = value;
  }
  for (let i = 0; i < n; i++) {
    columns[i] = time[begin + i];
    columns[n + i] = lon[begin + i];
    columns[2 * n + i] = lat[begin + i];
  }
  if (numeric) {
    out.writeUInt32LE(NUMERIC_MAGIC, 0);
    out.writeUInt32LE(n, 4);
    if (!aligned) out.set(new Uint8Array(columns.buffer, 0, 32 * n), HEADER);
    return out;
  }
  return packBlob(MAGIC, columns.subarray(0, 3 * n), begin === 0 && end === id.length ? id : Array.prototype.slice.call(id, begin, end));
}

/** Reads a packed batch (HLP1 or HLP2); throws a RangeError saying what is wrong with it. */
export function unpackPositions(data: Buffer): WirePositions {
  if (data.length >= HEADER && data.readUInt32LE(0) === NUMERIC_MAGIC) {
    const n = data.readUInt32LE(4);
    if (data.length !== HEADER + 32 * n) throw new RangeError(`packed positions batch of ${n} numeric ids has ${data.length} bytes, not ${HEADER + 32 * n}`);
    // A view when the numbers are 8-byte aligned in their memory (a reply buffer of its own), else a copy.
    const numbers = float64Columns(data, 4 * n);
    const id = numbers.subarray(3 * n);
    for (let i = 0; i < n; i++) if (!numericId(id[i])) throw new RangeError(`packed positions batch id ${i} is ${id[i]}, not a decimal integer below 10^15`);
    return { id, time: numbers.subarray(0, n), lon: numbers.subarray(n, 2 * n), lat: numbers.subarray(2 * n, 3 * n) };
  }
  const { numbers, id, bytes } = unpackBlob(data, MAGIC, 'HLP1 or HLP2', 3, 'packed positions batch');
  const n = id.length;
  // Bytes after the last id: the count is wrong or the blob is not what it seems; never drop positions unsaid.
  if (bytes !== data.length) throw new RangeError(`packed positions batch of ${n} ids has ${data.length - bytes} bytes after its last id`);
  return { id, time: numbers.subarray(0, n), lon: numbers.subarray(n, 2 * n), lat: numbers.subarray(2 * n) };
}

/** The field names an entry may carry, as bytes (compared with the names ioredis returns as Buffers). */
const FIELD = { positions: Buffer.from('positions'), id: Buffer.from('id'), time: Buffer.from('time'), lon: Buffer.from('lon'), lat: Buffer.from('lat') };

/** Fields of a one-position entry. */
export function positionFields(id: string | number, time: number, lon: number, lat: number): string[] {
  return ['id', String(id), 'time', decimalText(time), 'lon', decimalText(lon), 'lat', decimalText(lat)];
}

/**
 * The positions of one entry (fields as ioredis returns them: name, value, name, value...), or a
 * RangeError saying why the entry cannot be read. Times and coordinates must be finite numbers.
 */
export function decodeEntry(fields: Buffer[]): WirePositions {
  // The value of a field (the last one of that name, as a Map would keep), found by comparing the names' bytes.
  const field = (name: Buffer): Buffer | undefined => {
    let value: Buffer | undefined;
    for (let i = 0; i + 1 < fields.length; i += 2) if (fields[i].equals(name)) value = fields[i + 1];
    return value;
  };
  const packed = field(FIELD.positions);
  let positions: WirePositions;
  if (packed) {
    // A packed batch beside a text position: which one the producer meant is unknown, so neither is taken.
    for (const name of [FIELD.id, FIELD.time, FIELD.lon, FIELD.lat]) {
      if (field(name) !== undefined) throw new RangeError(`entry has both a packed positions field and a text ${name} field`);
    }
    positions = unpackPositions(packed);
  } else {
    const text = (name: keyof typeof FIELD) => {
      const value = field(FIELD[name]);
      if (value === undefined) {
        const names = new Set<string>();
        for (let i = 0; i + 1 < fields.length; i += 2) names.add(fields[i].toString());
        throw new RangeError(`entry has no ${name} field (fields: ${[...names].join(', ')})`);
      }
      return value.toString();
    };
    const id = text('id');
    const number = (name: 'time' | 'lon' | 'lat') => parseDecimal(text(name));
    positions = { id: [id], time: Float64Array.of(number('time')), lon: Float64Array.of(number('lon')), lat: Float64Array.of(number('lat')) };
  }
  for (let i = 0; i < positions.time.length; i++) {
    if (!Number.isFinite(positions.time[i]) || !Number.isFinite(positions.lon[i]) || !Number.isFinite(positions.lat[i])) {
      throw new RangeError(`position ${i} has a time, lon or lat that is not a finite number`);
    }
    if (positions.id[i] === '') throw new RangeError(`position ${i} has an empty id`);
  }
  return positions;
}

/** An entry as the consumer holds it: its stream id and positions, or null with the reason it cannot be read. */
export interface ReadEntry {
  id: string;
  positions: WirePositions | null;
  error?: string;
  /** The memory of the columns when it belongs to a read-ahead worker's pool (read-ahead.ts), to give back once the entry is committed. */
  buffer?: ArrayBuffer;
}

/** Decodes one entry of an XREADGROUP/XAUTOCLAIM/XRANGE reply; null for an entry deleted from the stream while pending (no fields). */
export function readEntry(id: string, fields: Buffer[] | null): ReadEntry | null {
  if (!fields) return null;
  try {
    return { id, positions: decodeEntry(fields) };
  } catch (error) {
    return { id, positions: null, error: (error as Error).message };
  }
}

const STATE_MAGIC = 0x31534c48; // "HLS1"
const STATE_FIELDS = 8;

/** Per-id states (8 numbers each, see FenceState.read) with their ids, as stored on Redis (as text: a number is written as String() writes it). */
export interface WireStates {
  id: ArrayLike<string | number>;
  values: Float64Array;
}

/** "HLS1"  u32 n  f64 values[8n]  u32 idBytes[n]  utf-8 ids; written at the start of `into` (the result is a view of it) when it is long enough. */
export function packStates(states: WireStates, into?: Buffer): Buffer {
  return packBlob(STATE_MAGIC, states.values.subarray(0, STATE_FIELDS * states.id.length), states.id, into);
}

/** Reads one state blob from the start of `data`; `bytes` is its length (blobs may follow it back to back). */
export function unpackStates(data: Buffer): WireStates & { id: string[]; bytes: number } {
  const { numbers, id, bytes } = unpackBlob(data, STATE_MAGIC, 'HLS1', STATE_FIELDS, 'geofence state blob');
  return { id, values: numbers, bytes };
}
