/**
 * Runs a call on every row of the backend table (test/backends.ts), sync and async forms alike,
 * and demands the reference's answer from each: the properties compare the TypeScript reference
 * with native on one thread and on several.
 */
import assert from 'node:assert/strict';
import type { BackendCase } from '../backends.js';
import { backends } from '../backends.js';

export { backends, nativeAvailable } from '../backends.js';

export type Options = BackendCase['options'];

/**
 * `run` on every backend case, each result compared with the first (the js row) by `same`,
 * which returns an explanation of the difference or undefined. Returns the reference's result.
 */
export async function agreeOnEveryBackend<R>(
  what: string,
  run: (options: Options) => R | Promise<R>,
  same: (a: R, b: R) => string | undefined,
): Promise<R> {
  const reference = await run(backends[0].options);
  for (const b of backends.slice(1)) {
    const got = await run(b.options);
    const difference = same(reference, got);
    assert.equal(difference, undefined, `${what}: ${b.name} differs from ${backends[0].name}: ${difference}`);
  }
  return reference;
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
