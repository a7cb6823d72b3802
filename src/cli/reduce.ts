// `hotloop reduce`: the seed's findMax (and min, argmax, argmin) over a numpy .npy file, or over the
// seed's own seeded 100 x 1,000,000 int64 matrix when no file is given. As numpy: a 2-D array
// reduces along --axis, a 1-D array reduces to one value.
import type { Command } from 'commander';
import { argMax, argMin, findMax, findMin } from '../reduce/api.js';
import type { Matrix } from '../reduce/matrix.js';
import { readNpy } from '../reduce/npy.js';
import { SEED_COLS, SEED_ROWS, seedMatrix } from '../reduce/seed-matrix.js';
import { type Example, examplesHelp } from './examples.js';
import { note, print, printLines } from './output.js';
import { progressBar } from './progress.js';
import { UsageError, parseInteger, parseThreads } from './usage.js';

const OPERATIONS = { max: findMax, min: findMin, argmax: argMax, argmin: argMin } as const;

interface ReduceFlags {
  op: string;
  axis: string;
  transpose?: boolean;
  threads?: string;
  json?: boolean;
}

export const reduceExamples: Example[] = [
  { command: 'hotloop reduce', comment: "the seed: max of each column of its 100 x 1,000,000 int64 matrix" },
  { command: 'hotloop reduce data.npy --op argmin --axis 1 --json', comment: 'position of the minimum of each row, as JSON' },
  { command: 'hotloop reduce vector.npy --op argmax', comment: 'a 1-D array reduces to one value, as numpy.argmax' },
];

/** The seed's matrix (or its transpose, a column-major view of the same memory). */
function fromSeed(axis: 0 | 1, transpose: boolean): { matrix: Matrix; axis: 0 | 1; shape: number[] } {
  const data = seedMatrix();
  const matrix: Matrix = transpose ? { data, rows: SEED_COLS, cols: SEED_ROWS, order: 'F' } : { data, rows: SEED_ROWS, cols: SEED_COLS };
  return { matrix, axis, shape: [matrix.rows, matrix.cols] };
}

/** The matrix to reduce and the axis of it that the user's --axis names. */
function fromFile(file: string, axis: 0 | 1, transpose: boolean): { matrix: Matrix; axis: 0 | 1; shape: number[] } {
  const { matrix: array, shape } = readNpy(file);
  if (shape.length === 1) {
    // numpy reduces a 1-D array whole; here it is one row, reduced along its columns. Its only
    // axis is 0, and its transpose is itself.
    if (axis !== 0) throw new Error(`${file} holds a 1-D array: --axis ${axis} is out of bounds (a 1-D array has only axis 0)`);
    return { matrix: array, axis: 1, shape };
  }
  const matrix = transpose ? { data: array.data, rows: array.cols, cols: array.rows, order: array.order === 'F' ? 'C' : 'F' } as const : array;
  return { matrix, axis, shape: [matrix.rows, matrix.cols] };
}

export function registerReduce(program: Command): void {
  program
    .command('reduce')
    .description("max, min, argmax or argmin of each column (or row) of a 2-D .npy array, or of a whole 1-D one; without a file, the seed's matrix")
    .argument('[file]', 'a .npy file (np.save) of a 1-D or 2-D little-endian integer or float array')
    .option('--op <operation>', 'max, min, argmax or argmin', 'max')
    .option('--axis <axis>', '0: one result per column, 1: one per row (a 1-D array has only axis 0)', '0')
    .option('--transpose', 'reduce the transposed array (a view, no copy)')
    .option('--threads <n>', 'threads for the native backend')
    .option('--json', 'print machine-readable JSON')
    .addHelpText('after', examplesHelp(reduceExamples))
    .action(async (file: string | undefined, flags: ReduceFlags) => {
      const run = OPERATIONS[flags.op as keyof typeof OPERATIONS];
      if (!run) throw new UsageError(`--op expects max, min, argmax or argmin but received ${JSON.stringify(flags.op)}`);
      const axisFlag = parseInteger('--axis', flags.axis, 0, 1) as 0 | 1;
      const threads = parseThreads(flags.threads);
      const { matrix, axis, shape } = file === undefined ? fromSeed(axisFlag, flags.transpose ?? false) : fromFile(file, axisFlag, flags.transpose ?? false);
      const bar = progressBar(`reduce ${flags.op}`, !flags.json);
      const start = performance.now();
      const result = await run(matrix, { axis, threads, onProgress: bar.update })
        .catch((error: Error) => {
          // A shape the reduction rejects (an empty axis) is bad data in the file: name the file.
          throw file === undefined ? error : new Error(`${file}: ${error.message}`, { cause: error });
        })
        .finally(() => bar.stop());
      const ms = performance.now() - start;
      const values = Array.from(result as ArrayLike<number | bigint>, (v) => (typeof v === 'bigint' ? v.toString() : v));
      const dtype = matrix.data.constructor.name;
      if (flags.json) {
        // A 1-D array gives one value, as numpy does; a 2-D one a list.
        const shown = shape.length === 1 ? values[0] : values;
        await print(JSON.stringify({ op: flags.op, axis: axisFlag, shape, rows: matrix.rows, cols: matrix.cols, dtype, ms, result: shown }));
      } else {
        await printLines(values.map(String));
        note(`${flags.op} over axis ${axisFlag} of a ${shape.length === 1 ? `1-D ${shape[0]}` : `${matrix.rows} x ${matrix.cols}`} ${dtype}: ${values.length} results in ${ms.toFixed(1)} ms`);
      }
    });
}
