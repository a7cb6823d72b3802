// Where the commands get their points (`pip --points`, `geofence publish --points`): the files a
// pattern names, read in the format each name says (src/io: CSV, Arrow, Parquet), streamed batch
// by batch or held whole. A new format is one more reader in src/io/points.ts.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { ColumnNames, PointBatch, ReadStats } from '../io/columns.js';
import { type PointsRead, joinBatches, readPointBatches } from '../io/points.js';

export interface PointsRequest {
  files: string[];
  columns: ColumnNames;
  strict: boolean;
  /** Rows skipped (CSV rows that do not parse) are counted here. */
  stats: ReadStats;
  /** The fraction of all the files read so far. */
  onProgress?: (fraction: number) => void;
}

/**
 * The files of a `--points` value: `*` and `?` in its last path segment (`history/*.parquet`)
 * take every match in name order; a name without them is taken as it is.
 */
export function pointFiles(pattern: string): string[] {
  const base = path.basename(pattern);
  if (!/[*?]/.test(base)) return [pattern];
  const dir = path.dirname(pattern);
  const regex = new RegExp(`^${base.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (error) {
    throw new Error(`cannot list ${dir} for ${pattern}: ${(error as Error).message}`);
  }
  const files = names.filter((name) => regex.test(name)).sort().map((name) => path.join(dir, name));
  if (files.length === 0) throw new Error(`no file matches ${pattern}`);
  return files;
}

/** The points of every file, one batch (CSV block, Arrow record batch, Parquet row group) at a time. */
export async function* pointBatches(request: PointsRequest): AsyncGenerator<PointBatch> {
  const { files, onProgress } = request;
  for (const [f, file] of files.entries()) {
    const progress = onProgress && ((x: number) => onProgress((f + x) / files.length));
    yield* readPointBatches(file, { columns: request.columns, strict: request.strict, stats: request.stats, onProgress: progress });
  }
}

/** Every point of every file, held whole. */
export async function readPoints(request: PointsRequest): Promise<PointsRead> {
  const parts: PointBatch[] = [];
  for await (const batch of pointBatches(request)) parts.push(batch);
  return { ...joinBatches(parts, request.columns), ...request.stats };
}
