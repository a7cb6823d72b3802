// Where `hotloop pip` gets its points: one function per input format behind readPoints, so a new
// format (Arrow, Parquet, a Redis stream) is one more reader here and one flag in pip.ts.
import { readCsvPoints } from '../pip/csv.js';

export interface PointsInput {
  lat: Float64Array;
  lon: Float64Array;
  /** Rows that did not parse and were skipped, with the first one's line and reason. */
  skipped: number;
  firstSkipped?: { line: number; reason: string };
}

export interface PointsRequest {
  file: string;
  latColumn: string;
  lonColumn: string;
  strict: boolean;
  onProgress: (fraction: number) => void;
}

/** Reads the points of `request.file`: CSV, plain or gzip (the dialect is in src/pip/csv.ts and the README). */
export function readPoints(request: PointsRequest): Promise<PointsInput> {
  return readCsvPoints(request.file, request);
}
