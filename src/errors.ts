/**
 * Error messages in one shape, after sharp's `invalidParameterError`:
 * "Expected integer between 1 and 1024 for threads but received 0 of type number".
 */

/** Describes a received value for an error message: its printed form and its type. */
function describe(actual: unknown): string {
  let shown: string;
  if (typeof actual === 'string') shown = JSON.stringify(actual.length > 40 ? `${actual.slice(0, 40)}…` : actual);
  else if (typeof actual === 'bigint') shown = `${actual}n`;
  else if (actual === null || actual === undefined || typeof actual !== 'object') shown = String(actual);
  else if (ArrayBuffer.isView(actual)) shown = `${actual.constructor.name}(${(actual as unknown as { length?: number }).length ?? actual.byteLength})`;
  else if (Array.isArray(actual)) shown = `Array(${actual.length})`;
  else shown = actual.constructor?.name ?? 'Object';
  const type = actual === null ? 'null' : Array.isArray(actual) ? 'array' : typeof actual;
  return `${shown} of type ${type}`;
}

/** A TypeError: the value is not of the expected kind. */
export function invalidType(name: string, expected: string, actual: unknown): TypeError {
  return new TypeError(`Expected ${expected} for ${name} but received ${describe(actual)}`);
}

/** A RangeError: the value has the right kind but is out of range or inconsistent. */
export function invalidRange(name: string, expected: string, actual: unknown): RangeError {
  return new RangeError(`Expected ${expected} for ${name} but received ${describe(actual)}`);
}

/** The error an aborted operation rejects with, as Node's own APIs do. */
export function abortError(signal?: AbortSignal): Error {
  const error = new Error('The operation was aborted', signal?.reason === undefined ? undefined : { cause: signal.reason });
  error.name = 'AbortError';
  (error as Error & { code: string }).code = 'ABORT_ERR';
  return error;
}
