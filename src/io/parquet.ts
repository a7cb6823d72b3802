/**
 * Parquet points read one row group at a time with hyparquet (pure JavaScript) and its
 * compressors, and results written row group by row group with hyparquet-writer. All three are
 * optional peer dependencies, loaded on first use. Chosen by measurement on 10M rows (README, "columnar
 * inputs"): hyparquet beside parquet-wasm and DuckDB.
 */
import type * as Hyparquet from 'hyparquet';
import type * as HyparquetWriter from 'hyparquet-writer';
import { type ByteSink, type PointBatch, type ReadOptions, type ResultBatch, type ResultSink, columnIndex, idValue, timeValue, wrongColumnType } from './columns.js';
import { optionalImport } from './optional.js';

const NUMBER_TYPES = new Set(['DOUBLE', 'FLOAT', 'INT32', 'INT64']);
const ID_TYPES = new Set(['INT32', 'INT64', 'BYTE_ARRAY', 'FIXED_LEN_BYTE_ARRAY']);
const TIME_TYPES = new Set(['INT32', 'INT64', 'INT96', 'DOUBLE', 'FLOAT', 'BYTE_ARRAY']);

async function loadReader() {
  const parquet = await optionalImport<typeof Hyparquet>('hyparquet', 'Parquet input');
  const { compressors } = await optionalImport<{ compressors: Hyparquet.Compressors }>('hyparquet-compressors', 'Parquet input');
  return { parquet, compressors };
}

/** The row groups of a Parquet file, their sizes and first rows: the units a batch run splits on. */
export async function parquetRowGroups(file: string): Promise<{ rowStart: number; rows: number }[]> {
  const { parquet } = await loadReader();
  const metadata = await parquet.parquetMetadataAsync(await parquet.asyncBufferFromFile(file));
  let rowStart = 0;
  return metadata.row_groups.map((group) => {
    const rows = Number(group.num_rows);
    const part = { rowStart, rows };
    rowStart += rows;
    return part;
  });
}

function toFloat64(data: ArrayLike<unknown>): Float64Array {
  if (data instanceof Float64Array) return data;
  const out = new Float64Array(data.length);
  for (let i = 0; i < out.length; i++) {
    const v = data[i];
    out[i] = v === null || v === undefined ? NaN : Number(v);
  }
  return out;
}

/**
 * Batches of a Parquet file, one per row group (only `rowGroups` when given, by index), in file order.
 * Only the named columns are read and decompressed.
 */
export async function* readParquetBatches(file: string, options: ReadOptions & { rowGroups?: number[] }): AsyncGenerator<PointBatch> {
  const { parquet, compressors } = await loadReader();
  const buffer = await parquet.asyncBufferFromFile(file);
  let metadata: Hyparquet.FileMetaData;
  try {
    metadata = await parquet.parquetMetadataAsync(buffer);
  } catch (error) {
    throw new Error(`${file}: not a Parquet file (${(error as Error).message})`, { cause: error });
  }
  const { columns } = options;
  const fields = metadata.schema.slice(1).filter((element) => !element.num_children);
  const typeOf = (name: string, wanted: string, allowed: Set<string>) => {
    const field = fields[columnIndex(file, name, fields.map((element) => element.name))];
    if (!field.type || !allowed.has(field.type)) throw wrongColumnType(file, name, wanted, `Parquet type ${field.type ?? 'group'}`);
  };
  typeOf(columns.lat, 'numbers', NUMBER_TYPES);
  typeOf(columns.lon, 'numbers', NUMBER_TYPES);
  if (columns.id !== undefined) typeOf(columns.id, 'ids (integers or text)', ID_TYPES);
  if (columns.time !== undefined) typeOf(columns.time, 'times (timestamps, numbers of ms or ISO text)', TIME_TYPES);
  const names = [columns.lat, columns.lon, ...(columns.id !== undefined ? [columns.id] : []), ...(columns.time !== undefined ? [columns.time] : [])];

  const groups = metadata.row_groups.map((group) => Number(group.num_rows));
  const starts = groups.map((_, g) => groups.slice(0, g).reduce((a, b) => a + b, 0));
  const wanted = options.rowGroups ?? groups.map((_, g) => g);
  for (const [done, g] of wanted.entries()) {
    if (!Number.isInteger(g) || g < 0 || g >= groups.length) throw new RangeError(`${file}: no row group ${g} (the file has ${groups.length})`);
    const rowStart = starts[g];
    const rows = groups[g];
    // Column chunks may arrive in pieces (pages); each is placed at its own row offset.
    const cells = new Map<string, unknown[] | Float64Array>();
    await parquet.parquetRead({
      file: buffer,
      metadata,
      compressors,
      columns: names,
      rowStart,
      rowEnd: rowStart + rows,
      onChunk: ({ columnName, columnData, rowStart: from }) => {
        const numeric = columnName === columns.lat || columnName === columns.lon;
        let column = cells.get(columnName);
        if (!column) cells.set(columnName, (column = numeric ? new Float64Array(rows) : new Array<unknown>(rows)));
        const data = columnData as ArrayLike<unknown>;
        const begin = from - rowStart;
        const skip = Math.max(0, -begin);
        const end = Math.min(data.length, rows - begin);
        if (numeric && data instanceof Float64Array) {
          if (end > skip) (column as Float64Array).set(data.subarray(skip, end), begin + skip);
          return;
        }
        for (let i = skip; i < end; i++) {
          const v = data[i];
          if (numeric) (column as Float64Array)[begin + i] = v === null || v === undefined ? NaN : Number(v);
          else (column as unknown[])[begin + i] = v;
        }
      },
    });
    const batch: PointBatch = { lat: toFloat64(cells.get(columns.lat) ?? []), lon: toFloat64(cells.get(columns.lon) ?? []) };
    if (columns.id !== undefined) batch.id = Array.from(cells.get(columns.id) ?? [], (v) => idValue(v) ?? '');
    if (columns.time !== undefined) batch.time = Float64Array.from(cells.get(columns.time) ?? [], timeValue);
    yield batch;
    options.onProgress?.((done + 1) / wanted.length);
  }
}

/** Results as Parquet to `bytes`: one row group per written batch, snappy-compressed. */
export async function parquetSink(bytes: ByteSink): Promise<ResultSink> {
  const { ByteWriter, ParquetWriter } = await optionalImport<typeof HyparquetWriter>('hyparquet-writer', 'Parquet output');
  // The writer encodes into a buffer; each row group (flush) and the footer (finish) hand it on.
  const buffer = new ByteWriter();
  const handOn = () => {
    const chunk = new Uint8Array(buffer.buffer.slice(0, buffer.index));
    buffer.index = 0; // `offset` keeps counting the file's bytes, as the footer's offsets need
    return bytes.write(chunk);
  };
  let footer: Promise<void> | undefined;
  Object.assign(buffer, { flush: handOn, finish: () => void (footer = handOn()) });
  let writer: HyparquetWriter.ParquetWriter | undefined;
  const open = (strings: boolean) =>
    (writer = new ParquetWriter({
      writer: buffer,
      schema: [
        { name: 'root', num_children: 3 },
        { name: 'lat', type: 'DOUBLE', repetition_type: 'REQUIRED' },
        { name: 'lon', type: 'DOUBLE', repetition_type: 'REQUIRED' },
        strings ? { name: 'zone', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'REQUIRED' } : { name: 'zone', type: 'INT32', repetition_type: 'REQUIRED' },
      ],
    }));
  return {
    async write({ lat, lon, zone }: ResultBatch) {
      if (lat.length === 0) return;
      await (writer ?? open(Array.isArray(zone))).write({
        columnData: [
          { name: 'lat', data: lat },
          { name: 'lon', data: lon },
          { name: 'zone', data: zone },
        ],
        rowGroupSize: lat.length,
      });
    },
    async close() {
      (writer ?? open(false)).finish();
      await footer;
    },
  };
}
