/** Argument checks shared by every module: each throws a TypeError or RangeError from errors.ts. */
import { invalidRange, invalidType } from './errors.js';

export interface NumberRule {
  integer?: boolean;
  min?: number;
  max?: number;
  /** Exclusive lower bound. */
  above?: number;
}

function ruleText(rule: NumberRule): string {
  const kind = rule.integer ? 'integer' : 'finite number';
  if (rule.min !== undefined && rule.max !== undefined) return `${kind} between ${rule.min} and ${rule.max}`;
  if (rule.above !== undefined) return `${kind} greater than ${rule.above}`;
  if (rule.min !== undefined) return `${kind} of at least ${rule.min}`;
  if (rule.max !== undefined) return `${kind} of at most ${rule.max}`;
  return kind;
}

/** A finite number (an integer when asked) inside the rule's bounds. */
export function checkNumber(name: string, value: unknown, rule: NumberRule = {}): number {
  if (typeof value !== 'number') throw invalidType(name, ruleText(rule), value);
  const ok =
    Number.isFinite(value) &&
    (!rule.integer || Number.isInteger(value)) &&
    (rule.min === undefined || value >= rule.min) &&
    (rule.max === undefined || value <= rule.max) &&
    (rule.above === undefined || value > rule.above);
  if (!ok) throw invalidRange(name, ruleText(rule), value);
  return value;
}

/** Any number, NaN and infinities included (for values checked element-wise by a kernel). */
export function checkAnyNumber(name: string, value: unknown): number {
  if (typeof value !== 'number') throw invalidType(name, 'number', value);
  return value;
}

/**
 * Whether a typed array's buffer was detached (transferred to another thread, or by
 * `structuredClone(x, { transfer })`): it then reads as empty, so a kernel would silently answer
 * for zero elements. Node 20 has no `ArrayBuffer.prototype.detached`; constructing a view over the
 * buffer throws exactly when it is detached. Only an empty view needs the test.
 */
export function isDetached(view: ArrayBufferView): boolean {
  if (view.byteLength !== 0) return false;
  const buffer = view.buffer as ArrayBufferLike & { detached?: boolean };
  if (typeof buffer.detached === 'boolean') return buffer.detached;
  if (buffer.byteLength !== 0 || !(buffer instanceof ArrayBuffer)) return false;
  try {
    new Uint8Array(buffer);
    return false;
  } catch {
    return true;
  }
}

/** `view` unless its buffer was detached: then a TypeError naming `name`. */
export function checkAttached<T extends ArrayBufferView>(name: string, view: T): T {
  if (isDetached(view)) {
    throw new TypeError(`Expected a typed array with its memory for ${name} but received a ${view.constructor.name} on a detached ArrayBuffer (transferred away)`);
  }
  return view;
}

/** A Float64Array as is, or a plain array of numbers copied into one. */
export function toFloat64Array(name: string, value: unknown): Float64Array {
  if (value instanceof Float64Array) return checkAttached(name, value);
  if (Array.isArray(value)) {
    const out = new Float64Array(value.length);
    for (let i = 0; i < value.length; i++) {
      const v = value[i];
      if (typeof v !== 'number') throw invalidType(`${name}[${i}]`, 'number', v);
      out[i] = v;
    }
    return out;
  }
  throw invalidType(name, 'Float64Array or array of numbers', value);
}

export function checkSameLength(names: [string, string], a: { length: number }, b: { length: number }): void {
  if (a.length !== b.length) {
    throw new RangeError(`Expected ${names[0]} and ${names[1]} of the same length but received ${a.length} and ${b.length}`);
  }
}

export function checkFunction(name: string, value: unknown): void {
  if (typeof value !== 'function') throw invalidType(name, 'function', value);
}

export function checkSignal(value: unknown): AbortSignal | undefined {
  if (value === undefined) return undefined;
  if (!(value instanceof AbortSignal)) throw invalidType('signal', 'AbortSignal', value);
  return value;
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}

/**
 * An options object (or undefined) with only the known keys; a misspelled key is an error that
 * suggests the closest known one, as better-sqlite3 does.
 */
export function checkOptions<T extends object>(fn: string, options: unknown, known: readonly string[]): Partial<T> {
  if (options === undefined) return {};
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw invalidType(`${fn} options`, 'object', options);
  }
  for (const key of Object.keys(options)) {
    if (known.includes(key)) continue;
    const best = known.reduce((a, b) => (distance(key, a) <= distance(key, b) ? a : b), known[0]);
    const hint = best !== undefined && distance(key, best) <= 2 ? `; did you mean '${best}'?` : '';
    throw new TypeError(`Unknown option '${key}' for ${fn}${hint} (known: ${known.join(', ')})`);
  }
  return options as Partial<T>;
}

/** A typed-array constructor, for the type an `out` must have. */
export interface TypedArrayType<T extends ArrayBufferView> {
  new (length: number): T;
  readonly name: string;
}

function overlaps(a: ArrayBufferView, b: ArrayBufferView): boolean {
  return a.buffer === b.buffer && a.byteOffset < b.byteOffset + b.byteLength && b.byteOffset < a.byteOffset + a.byteLength;
}

/**
 * A caller's preallocated output (numpy's `out=`): undefined when not given (the call allocates),
 * else exactly of `Type` (TypeError), of `length` elements (RangeError naming both lengths and
 * `what` they count), and sharing no byte with any input (RangeError: the kernels read inputs while
 * they write outputs, so an alias would give results that depend on the backend and thread count).
 */
export function checkOut<T extends ArrayBufferView>(
  name: string,
  out: unknown,
  Type: TypedArrayType<T>,
  length: { count: number; what: string },
  inputs: readonly (ArrayBufferView | undefined)[],
): T | undefined {
  if (out === undefined) return undefined;
  if (!(out instanceof Type)) throw invalidType(name, Type.name, out);
  checkAttached(name, out);
  const received = (out as unknown as { length: number }).length;
  if (received !== length.count) {
    throw new RangeError(`Expected ${name} of length ${length.count} (${length.what}) but received ${received}`);
  }
  for (const input of inputs) {
    if (input !== undefined && overlaps(out, input) && out.byteLength > 0) {
      throw new RangeError(`Expected ${name} to share no memory with the inputs but received a ${Type.name} that overlaps an input (a ${input.constructor.name}); use a separate array`);
    }
  }
  return out;
}
