/**
 * hotloop's environment variables, one rule for all: an invalid value is a warning naming the
 * variable, the value and what is accepted, and the default is used. A setting meant for a whole
 * machine must never make a program (or `hotloop info`, which would tell you what is wrong) fail.
 */
import { invalidRange } from './errors.js';

const warned = new Set<string>();

function ignore(name: string, value: string, expected: string, fallback: string): void {
  const key = `${name}=${value}`;
  if (warned.has(key)) return;
  warned.add(key);
  const why = invalidRange(name, expected, value).message;
  process.emitWarning(`Ignoring ${name}: ${why}; using the default, ${fallback}`, { code: 'HOTLOOP_ENV' });
}

/** The variable's value when it is one of `accepted`; unset, empty or invalid (warned) give undefined. */
export function envChoice<T extends string>(name: string, accepted: readonly T[], fallback: string): T | undefined {
  const value = process.env[name];
  if (value === undefined || value === '') return undefined;
  if ((accepted as readonly string[]).includes(value)) return value as T;
  ignore(name, value, `one of ${accepted.join(', ')}`, fallback);
  return undefined;
}

/** The variable as an integer in [min, max]; unset, empty or invalid (warned) give undefined. */
export function envInteger(name: string, min: number, max: number, fallback: () => string): number | undefined {
  const value = process.env[name];
  if (value === undefined || value === '') return undefined;
  // Decimal digits only: Number() would also take '0x10', '1e1' and ' 2 '.
  const n = /^[0-9]+$/.test(value) ? Number(value) : NaN;
  if (n >= min && n <= max) return n;
  ignore(name, value, `integer between ${min} and ${max}`, fallback());
  return undefined;
}
