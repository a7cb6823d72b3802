// `hotloop reduce`: the seed's findMax (and min, argmax, argmin) over a numpy .npy file, or over the
// seed's own seeded 100 x 1,000,000 int64 matrix when no file is given.
import type { Command } from 'commander';
import { argMax, argMin, findMax, findMin } from '../reduce/api.js';
import type { Matrix } from '../reduce/matrix.js';
import { readNpy } from '../reduce/npy.js';
import { SEED_COLS, SEED_ROWS, seedMatrix } from '../reduce/seed-matrix.js';
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

export function registerReduce(program: Command): void {
  program
    .command('reduce')
    .description("max, min, argmax or argmin of each column (or row) of a 2-D .npy array; without a file, the seed's matrix")
    .argument('[file]', 'a .npy file (np.save) of a 1-D or 2-D little-endian integer or float array')
    .option('--op <operation>', 'max, min, argmax or argmin', 'max')
    .option('--axis <axis>', '0: one result per column, 1: one per row', '0')
    .option('--transpose', 'reduce the transposed array (a view, no copy)')
    .option('--threads <n>', 'threads for the native backend')
    .option('--json', 'print machine-readable JSON')
    .addHelpText('after', '\nExamples:\n  hotloop reduce                      # the seed: max of each column of its 100 x 1,000,000 int64 matrix\n  hotloop reduce data.npy --op argmin --axis 1 --json')
    .action(async (file: string | undefined, flags: ReduceFlags) => {
      const run = OPERATIONS[flags.op as keyof typeof OPERATIONS];
      if (!run) throw new UsageError(`--op expects max, min, argmax or argmin but received ${JSON.stringify(flags.op)}`);
      const axis = parseInteger('--axis', flags.axis, 0, 1) as 0 | 1;
      const threads = parseThreads(flags.threads);
      let matrix: Matrix = file === undefined ? { data: seedMatrix(), rows: SEED_ROWS, cols: SEED_COLS } : readNpy(file);
      if (flags.transpose) matrix = { data: matrix.data, rows: matrix.cols, cols: matrix.rows, order: matrix.order === 'F' ? 'C' : 'F' };
      const bar = progressBar(`reduce ${flags.op}`, !flags.json);
      const start = performance.now();
      let result: unknown;
      try {
        result = await run(matrix, { axis, threads, onProgress: bar.update });
      } catch (error) {
        bar.stop();
        // A shape the reduction rejects is bad data in the file (exit 1), not bad usage.
        if (file !== undefined && (error instanceof RangeError || error instanceof TypeError)) throw new Error(`${file}: ${error.message}`, { cause: error });
        throw error;
      }
      const ms = performance.now() - start;
      bar.stop();
      const values = Array.from(result as ArrayLike<number | bigint>, (v) => (typeof v === 'bigint' ? v.toString() : v));
      if (flags.json) {
        console.log(JSON.stringify({ op: flags.op, axis, rows: matrix.rows, cols: matrix.cols, dtype: matrix.data.constructor.name, ms, result: values }));
      } else {
        console.log(values.join('\n'));
        process.stderr.write(`${flags.op} over axis ${axis} of a ${matrix.rows} x ${matrix.cols} ${matrix.data.constructor.name}: ${values.length} results in ${ms.toFixed(1)} ms\n`);
      }
    });
}
