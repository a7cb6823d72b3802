/**
 * The seed's matrix: `np.random.randint(100_000, size=(100, 1_000_000))`, int64, here from hotloop's
 * seeded generator (the same values on every run, not numpy's). Shared by the demo and the bench.
 */
import os from 'node:os';
import { seededRandom } from '../random.js';
import { largeArray } from './large-array.js';

export const SEED_ROWS = 100;
export const SEED_COLS = 1_000_000;
export const SEED_VALUES = 100_000;

/** A rows x cols row-major BigInt64Array of integers in [0, values). */
export function seedMatrix(rows = SEED_ROWS, cols = SEED_COLS, seed = 42, values = SEED_VALUES): BigInt64Array {
  const data = largeArray(BigInt64Array, rows * cols);
  const random = seededRandom(seed);
  // Creating 10^8 bigints would take seconds: write each small non-negative value as the low 32-bit
  // word of its int64 (the high word stays 0), which is its int64 encoding on little-endian hosts.
  if (os.endianness() === 'LE') {
    const words = new Int32Array(data.buffer);
    for (let i = 0; i < data.length; i++) words[2 * i] = Math.floor(random() * values);
  } else {
    for (let i = 0; i < data.length; i++) data[i] = BigInt(Math.floor(random() * values));
  }
  return data;
}
