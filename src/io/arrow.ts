/**
 * Apache Arrow points: IPC files and streams read one record batch at a time, in-memory Tables
 * and Vectors taken as Float64Array views without a copy (a Float64 column without nulls in one
 * chunk), and results written as an IPC file (.arrow, .feather) or stream (.arrows). apache-arrow
 * is an optional peer dependency, loaded on first use; in-memory objects are read through their
 * own methods, so this file imports nothing from it at load time.
 */
import { open } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import type * as Arrow from 'apache-arrow';
import { invalidType } from '../errors.js';
import type { LonLatPoints } from '../pip/api.js';
import { writableOf } from './byte-sinks.js';
import { type ByteSink, type PointBatch, type ReadOptions, type ResultBatch, type ResultSink, columnIndex, idValue, timeValue, wrongColumnType } from './columns.js';
import { optionalImport } from './optional.js';

// Arrow's type ids and float precisions (Schema.fbs), so in-memory vectors are read without the package.
const FLOAT = 3;
const INT = 2;
const DOUBLE = 2;
const DICTIONARY = -1;
const TIME_TYPES = new Set([2, 3, 5, 8, 10, 20]); // Int, Float, Utf8, Date, Timestamp, LargeUtf8
const ID_TYPES = new Set([2, 3, 5, 20]); // Int, Float (whole numbers), Utf8, LargeUtf8

const loadArrow = () => optionalImport<typeof Arrow>('apache-arrow', 'Arrow input and output');

/** The part of an Arrow Vector read here. */
interface VectorLike {
  type: { typeId: number; precision?: number; dictionary?: { typeId: number }; toString(): string };
  length: number;
  nullCount: number;
  data: unknown[];
  get(i: number): unknown;
  toArray(): unknown;
}

function isVector(value: unknown): value is VectorLike {
  return value !== null && typeof value === 'object' && 'type' in value && 'data' in value && typeof (value as VectorLike).get === 'function';
}

/** The type of a column's values: a Dictionary column's value type (its cells read as values through get()). */
function valueTypeId(vector: VectorLike): number {
  const { typeId, dictionary } = vector.type;
  return typeId === DICTIONARY && dictionary ? dictionary.typeId : typeId;
}

/**
 * A numeric Arrow column as a Float64Array: the column's own memory when it is Float64 without
 * nulls in one chunk, else a copy (other number types converted, nulls as NaN).
 */
export function float64Column(vector: VectorLike, name: string, source = 'Arrow input'): Float64Array {
  const { typeId, precision } = vector.type;
  if (typeId === FLOAT && precision === DOUBLE && vector.nullCount === 0) return vector.toArray() as Float64Array;
  if (valueTypeId(vector) !== FLOAT && valueTypeId(vector) !== INT) throw wrongColumnType(source, name, 'numbers', `Arrow type ${vector.type}`);
  const out = new Float64Array(vector.length);
  for (let i = 0; i < out.length; i++) {
    const v = vector.get(i);
    out[i] = v === null ? NaN : Number(v);
  }
  return out;
}

function timeColumn(vector: VectorLike, name: string, source: string): Float64Array {
  if (!TIME_TYPES.has(valueTypeId(vector))) throw wrongColumnType(source, name, 'times (timestamps, dates, numbers of ms or ISO text)', `Arrow type ${vector.type}`);
  const out = new Float64Array(vector.length);
  for (let i = 0; i < out.length; i++) out[i] = timeValue(vector.get(i));
  return out;
}

function idColumn(vector: VectorLike, name: string, source: string): (string | number)[] {
  if (!ID_TYPES.has(valueTypeId(vector))) throw wrongColumnType(source, name, 'ids (integers or text)', `Arrow type ${vector.type}`);
  return Array.from({ length: vector.length }, (_, i) => idValue(vector.get(i)) ?? '');
}

/** The part of an Arrow Table or RecordBatch read here. */
interface ColumnsLike {
  getChild(name: string): unknown;
  schema: { fields: { name: string }[] };
}

function child(table: ColumnsLike, name: string, source: string): VectorLike {
  columnIndex(source, name, table.schema.fields.map((field) => field.name));
  const vector = table.getChild(name);
  if (!isVector(vector)) throw wrongColumnType(source, name, 'an Arrow vector', typeof vector);
  return vector;
}

function batchOf(table: ColumnsLike, options: ReadOptions, source: string): PointBatch {
  const { columns } = options;
  return {
    lat: float64Column(child(table, columns.lat, source), columns.lat, source),
    lon: float64Column(child(table, columns.lon, source), columns.lon, source),
    ...(columns.id !== undefined ? { id: idColumn(child(table, columns.id, source), columns.id, source) } : {}),
    ...(columns.time !== undefined ? { time: timeColumn(child(table, columns.time, source), columns.time, source) } : {}),
  };
}

/**
 * Points of an in-memory Arrow Table (or RecordBatch) for the pip Engine: Float64 columns without
 * nulls in one chunk are used in place, others copied.
 *
 * @example
 * const table = tableFromIPC(await readFile('ais.arrow'));
 * engine.locateSync(arrowPoints(table, { lon: 'lon', lat: 'lat' }));
 */
export function arrowPoints(table: unknown, columns: { lon?: string; lat?: string } = {}): LonLatPoints {
  if (table === null || typeof table !== 'object' || typeof (table as ColumnsLike).getChild !== 'function') {
    throw invalidType('table', 'Arrow Table or RecordBatch', table);
  }
  const lat = columns.lat ?? 'lat';
  const lon = columns.lon ?? 'lon';
  const t = table as ColumnsLike;
  return { lat: float64Column(child(t, lat, 'table'), lat, 'table'), lon: float64Column(child(t, lon, 'table'), lon, 'table') };
}

/** Record batches of an Arrow IPC file or stream, one at a time. */
export async function* readArrowBatches(file: string, options: ReadOptions): AsyncGenerator<PointBatch> {
  const { RecordBatchReader } = await loadArrow();
  const handle = await open(file);
  try {
    // An empty file would read as a stream of no batches: say so, as for an empty CSV.
    if ((await handle.stat()).size === 0) throw new Error(`${file}: empty file (expected an Arrow IPC file or stream)`);
    const notArrow = (error: unknown) => new Error(`${file}: not an Arrow IPC file or stream (${(error as Error).message})`, { cause: error });
    let batches: AsyncIterator<Arrow.RecordBatch>;
    try {
      batches = ((await RecordBatchReader.from(handle)) as unknown as AsyncIterable<Arrow.RecordBatch>)[Symbol.asyncIterator]();
    } catch (error) {
      throw notArrow(error);
    }
    // The reader parses lazily: bad bytes surface at the first batch (or a later one), and its
    // messages name no file.
    for (;;) {
      let next: IteratorResult<Arrow.RecordBatch>;
      try {
        next = await batches.next();
      } catch (error) {
        throw notArrow(error);
      }
      if (next.done) break;
      yield batchOf(next.value as unknown as ColumnsLike, options, file);
    }
    options.onProgress?.(1);
  } finally {
    await handle.close();
  }
}

/** Result batches (lat, lon, zone) back from an Arrow file or stream that {@link arrowSink} wrote. */
export async function* readArrowResults(file: string): AsyncGenerator<ResultBatch> {
  const { RecordBatchReader } = await loadArrow();
  const handle = await open(file);
  try {
    const reader = (await RecordBatchReader.from(handle)) as unknown as AsyncIterable<Arrow.RecordBatch>;
    for await (const batch of reader) {
      const zone = child(batch as unknown as ColumnsLike, 'zone', file);
      yield {
        lat: float64Column(child(batch as unknown as ColumnsLike, 'lat', file), 'lat', file),
        lon: float64Column(child(batch as unknown as ColumnsLike, 'lon', file), 'lon', file),
        zone: zone.type.typeId === INT ? (zone.toArray() as Int32Array) : Array.from({ length: zone.length }, (_, i) => String(zone.get(i) ?? '')),
      };
    }
  } finally {
    await handle.close();
  }
}

/** Results as an Arrow IPC file (or stream, `stream: true`) to `bytes`, one record batch per written batch. */
export async function arrowSink(bytes: ByteSink, stream = false): Promise<ResultSink> {
  const arrow = await loadArrow();
  const writer = stream ? new arrow.RecordBatchStreamWriter() : new arrow.RecordBatchFileWriter();
  const done = pipeline(writer.toNodeStream(), writableOf(bytes));
  let failed: unknown; // a failed write, reported by the next write() (and close(), which awaits `done`)
  done.catch((error) => (failed ??= error));
  return {
    async write({ lat, lon, zone }: ResultBatch) {
      if (failed) throw failed;
      const zoneVector = Array.isArray(zone) ? arrow.vectorFromArray(zone, new arrow.Utf8()) : arrow.makeVector(zone);
      // Record batches, not a Table: the writer finishes the file after writing a whole Table.
      for (const batch of new arrow.Table({ lat: arrow.makeVector(lat), lon: arrow.makeVector(lon), zone: zoneVector }).batches) writer.write(batch);
      await new Promise(setImmediate); // lets the pipe drain before the next batch
      if (failed) throw failed;
    },
    async close() {
      writer.finish();
      await done;
    },
  };
}
