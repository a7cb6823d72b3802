/**
 * Runs a call on every row of the backend table (test/backends.ts), sync and async forms alike,
 * and demands the reference's answer from each: the properties compare the TypeScript reference
 * with native on one thread and on several at the best vector unit, and at every lower vector unit
 * (the table's SIMD column, set in this process as each row is reached).
 */
import assert from 'node:assert/strict';
import type { BackendCase } from '../backends.js';
import { backends, useBackend } from '../backends.js';

export { nativeAvailable } from '../backends.js';

export type Options = BackendCase['options'];

/** The TypeScript reference's row: its options serve to compute what every row must answer. */
export const referenceRow: BackendCase = backends[0];

/**
 * The rows of the backend table, each made current (its vector unit set) as the loop reaches it;
 * the best unit is restored when the loop ends, however it ends.
 */
export function* eachBackend(): Generator<BackendCase> {
  try {
    for (const b of backends) {
      useBackend(b);
      yield b;
    }
  } finally {
    useBackend(referenceRow);
  }
}

/**
 * `run` on every backend case, each result compared with the first (the js row) by `same`,
 * which returns an explanation of the difference or undefined. Returns the reference's result.
 */
export async function agreeOnEveryBackend<R>(
  what: string,
  run: (options: Options) => R | Promise<R>,
  same: (a: R, b: R) => string | undefined,
): Promise<R> {
  let expected: R | undefined;
  for (const b of eachBackend()) {
    const got = await run(b.options);
    if (b === referenceRow) {
      expected = got;
      continue;
    }
    const difference = same(expected as R, got);
    assert.equal(difference, undefined, `${what}: ${b.name} differs from ${referenceRow.name}: ${difference}`);
  }
  return expected as R;
}

/** Throws unless `call` throws (or rejects with) a TypeError or RangeError: bad input never crashes or gets another error. */
export async function assertUsageError(what: string, call: () => unknown): Promise<void> {
  let error: unknown;
  try {
    await call();
  } catch (e) {
    error = e;
  }
  assert.ok(error !== undefined, `${what}: accepted bad input`);
  assert.ok(error instanceof TypeError || error instanceof RangeError, `${what}: expected a TypeError or RangeError, got ${String(error)}`);
  assert.ok(/^Expected |Unknown option |Invalid |Cannot allocate /.test((error as Error).message), `${what}: message does not say what was expected: ${(error as Error).message}`);
}
