/** Command-line argument parsing shared by the commands: bad values are UsageErrors (exit code 2). */

export class UsageError extends Error {
  override name = 'UsageError';
}

// Decimal only: JavaScript's Number() would also take 0x10, 0b11, 0o7, Infinity and '' (as 0),
// which a numeric flag should not silently accept.
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A decimal number flag: `-0.1`, `1e-3`, `.5` and `+2` are accepted; hex, `Infinity`, `1_000` are usage errors. */
export function parseNumber(flag: string, text: string): number {
  const value = DECIMAL.test(text) ? Number(text) : NaN;
  if (!Number.isFinite(value)) {
    throw new UsageError(`${flag} expects a finite number in decimal notation but received ${JSON.stringify(text)}`);
  }
  return value;
}

export function parseInteger(flag: string, text: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const value = DECIMAL.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new UsageError(`${flag} expects an integer between ${min} and ${max} but received ${JSON.stringify(text)}`);
  }
  return value;
}

/** The `--threads` flag, shared by every command with a native kernel. */
export function parseThreads(text: string | undefined): number | undefined {
  return text === undefined ? undefined : parseInteger('--threads', text, 1, 1024);
}

/**
 * Runs a library call that only checks command-line values (example sizes, render parameters):
 * the TypeError or RangeError it throws for a bad value is bad usage, so it becomes a UsageError
 * with the same message, the library's parameter names replaced by the flags the user typed, as
 * `flags` maps them, wherever src/errors.ts's messages name one: `for maxDist` (the value
 * refused), `massFinal = 1e32 kg` (the inputs of a refused element), `with extrapolate` (an
 * option that would have helped). Use it around checks, never around work on the user's data.
 */
export function checkedAsUsage<T>(check: () => T, flags: Readonly<Record<string, string>> = {}): T {
  try {
    return check();
  } catch (error) {
    if (!(error instanceof TypeError || error instanceof RangeError)) throw error;
    throw new UsageError(withFlags(error.message, flags), { cause: error });
  }
}

/** `message` with the library parameter names of `flags` replaced by their flags (see checkedAsUsage). */
function withFlags(message: string, flags: Readonly<Record<string, string>>): string {
  const flag = (name: string) => (Object.hasOwn(flags, name) ? flags[name] : undefined);
  return message
    .replace(/\b(for|with) ([A-Za-z]\w*)\b/g, (whole, word: string, name: string) => (flag(name) ? `${word} ${flag(name)}` : whole))
    .replace(/\b([A-Za-z]\w*) = /g, (whole, name: string) => (flag(name) ? `${flag(name)} = ` : whole));
}
