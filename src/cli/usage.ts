/** Command-line argument parsing shared by the commands: bad values are UsageErrors (exit code 2). */

export class UsageError extends Error {
  override name = 'UsageError';
}

/** A number flag; `-0.1`, `1e-3` and `.5` are accepted, anything else is a usage error. */
export function parseNumber(flag: string, text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value)) {
    throw new UsageError(`${flag} expects a finite number but received ${JSON.stringify(text)}`);
  }
  return value;
}

export function parseInteger(flag: string, text: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isInteger(value) || value < min || value > max) {
    throw new UsageError(`${flag} expects an integer between ${min} and ${max} but received ${JSON.stringify(text)}`);
  }
  return value;
}

/** The `--threads` flag, shared by every command with a native kernel. */
export function parseThreads(text: string | undefined): number | undefined {
  return text === undefined ? undefined : parseInteger('--threads', text, 1, 1024);
}
