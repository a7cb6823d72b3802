/**
 * Positions on a Redis stream. An entry holds one position as text fields `id time lon lat` (any
 * producer can write them), or a packed batch in one binary field `positions`:
 *
 *   "HLP1"  u32 n  f64 time[n]  f64 lon[n]  f64 lat[n]  u32 idBytes[n]  utf-8 ids   (little-endian)
 *
 * Ids are strings on Redis: a number id is written in decimal.
 */
const MAGIC = 0x31504c48; // "HLP1" read as a little-endian u32
const HEADER = 8;

/** Positions decoded from entries, as columns; `bad` counts positions that could not be read. */
export interface WirePositions {
  id: string[];
  time: Float64Array;
  lon: Float64Array;
  lat: Float64Array;
}

/**
 * Both binary forms share one layout: magic u32, count n u32, k Float64 columns of n numbers, n
 * u32 id lengths, the ids as UTF-8 (little-endian, as every machine Node runs on).
 */
function packBlob(magic: number, numbers: Float64Array, ids: readonly string[]): Buffer {
  const n = ids.length;
  const lengths = new Uint32Array(n);
  let idBytes = 0;
  for (let i = 0; i < n; i++) idBytes += lengths[i] = Buffer.byteLength(ids[i], 'utf8');
  const start = HEADER + 8 * numbers.length;
  const out = Buffer.allocUnsafe(start + 4 * n + idBytes);
  out.writeUInt32LE(magic, 0);
  out.writeUInt32LE(n, 4);
  out.set(new Uint8Array(numbers.buffer, numbers.byteOffset, 8 * numbers.length), HEADER);
  out.set(new Uint8Array(lengths.buffer), start);
  let at = start + 4 * n;
  for (let i = 0; i < n; i++) at += out.write(ids[i], at, 'utf8');
  return out;
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

/** The binary form of a batch of positions (the `positions` field of a packed entry). */
export function packPositions(id: ArrayLike<string | number>, time: ArrayLike<number>, lon: ArrayLike<number>, lat: ArrayLike<number>, begin = 0, end = time.length): Buffer {
  const n = end - begin;
  const numbers = new Float64Array(3 * n);
  const ids = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    numbers[i] = time[begin + i];
    numbers[n + i] = lon[begin + i];
    numbers[2 * n + i] = lat[begin + i];
    ids[i] = String(id[begin + i]);
  }
  return packBlob(MAGIC, numbers, ids);
}

/** Reads a packed batch; throws a RangeError saying what is wrong with it. */
export function unpackPositions(data: Buffer): WirePositions {
  const { numbers, id } = unpackBlob(data, MAGIC, 'HLP1', 3, 'packed positions batch');
  const n = id.length;
  return { id, time: numbers.subarray(0, n), lon: numbers.subarray(n, 2 * n), lat: numbers.subarray(2 * n) };
}

/** Fields of a one-position entry. */
export function positionFields(id: string | number, time: number, lon: number, lat: number): string[] {
  return ['id', String(id), 'time', String(time), 'lon', String(lon), 'lat', String(lat)];
}

/**
 * The positions of one entry (fields as ioredis returns them: name, value, name, value...), or a
 * RangeError saying why the entry cannot be read. Times and coordinates must be finite numbers.
 */
export function decodeEntry(fields: Buffer[]): WirePositions {
  const values = new Map<string, Buffer>();
  for (let i = 0; i + 1 < fields.length; i += 2) values.set(fields[i].toString(), fields[i + 1]);
  const packed = values.get('positions');
  let positions: WirePositions;
  if (packed) positions = unpackPositions(packed);
  else {
    const text = (name: string) => {
      const value = values.get(name);
      if (value === undefined) throw new RangeError(`entry has no ${name} field (fields: ${[...values.keys()].join(', ')})`);
      return value.toString();
    };
    const id = text('id');
    const number = (name: string) => {
      const raw = text(name).trim();
      const value = raw === '' ? NaN : Number(raw);
      return value;
    };
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

const STATE_MAGIC = 0x31534c48; // "HLS1"
const STATE_FIELDS = 8;

/** Per-id states (8 numbers each, see FenceState.read) with their ids, as stored on Redis. */
export interface WireStates {
  id: string[];
  values: Float64Array;
}

/** "HLS1"  u32 n  f64 values[8n]  u32 idBytes[n]  utf-8 ids. */
export function packStates(states: WireStates): Buffer {
  return packBlob(STATE_MAGIC, states.values.subarray(0, STATE_FIELDS * states.id.length), states.id);
}

/** Reads one state blob from the start of `data`; `bytes` is its length (blobs may follow it back to back). */
export function unpackStates(data: Buffer): WireStates & { bytes: number } {
  const { numbers, id, bytes } = unpackBlob(data, STATE_MAGIC, 'HLS1', STATE_FIELDS, 'geofence state blob');
  return { id, values: numbers, bytes };
}
