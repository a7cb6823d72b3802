// `hotloop demo` for reduce: the seed's find_max on its 100 x 1,000,000 int64 matrix and its transpose.
import { backend } from '../../backend.js';
import type { DemoReport } from './report.js';
import { argMaxSync, findMaxSync } from '../../reduce/api.js';
import { SEED_COLS, SEED_ROWS, seedMatrix } from '../../reduce/seed-matrix.js';

export async function reduceDemo(): Promise<DemoReport> {
  const data = seedMatrix();
  const matrix = { data, rows: SEED_ROWS, cols: SEED_COLS };
  const transposed = { data, rows: SEED_COLS, cols: SEED_ROWS, order: 'F' as const };
  const start = performance.now();
  const columns = findMaxSync(matrix);
  const ms = performance.now() - start;
  const startT = performance.now();
  const rowsOfTranspose = findMaxSync(transposed);
  const msT = performance.now() - startT;
  const where = argMaxSync(matrix);
  let sum = 0n;
  for (const v of columns) sum += v;
  const show = (a: BigInt64Array) => `[${Array.from(a.subarray(0, 5)).join(', ')}, ...]`;
  return {
    title: `reduce (seed 002): findMax over a ${SEED_ROWS} x ${SEED_COLS.toLocaleString('en-US')} int64 matrix`,
    ms,
    lines: [
      `findMax(arr) on the ${backend()} backend: ${columns.length.toLocaleString('en-US')} column maxima ${show(columns)} in ${ms.toFixed(1)} ms (${((data.byteLength / 1e9) / (ms / 1e3)).toFixed(1)} GB/s)`,
      `mean column maximum ${(Number(sum) / columns.length).toFixed(1)}; argMax of column 0: row ${where[0]}`,
      `findMax(arr.T, axis 0), a column-major view of the same memory: ${show(rowsOfTranspose)} in ${msT.toFixed(1)} ms`,
    ],
  };
}
