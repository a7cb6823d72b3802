/**
 * Option objects declared once per call shape: every key of the options interface with its default
 * (`undefined` where the default is resolved at call time, as threads). A key missing from the
 * declaration, or one the interface does not have, is a compile error; at run time an unknown key
 * is a TypeError that suggests the closest known one (src/validate.ts).
 */
import type { BackendOptions } from './backend.js';
import type { ProgressOptions } from './progress.js';
import { checkOptions } from './validate.js';

/** Every key of T, each with its default or undefined. */
export type OptionSpec<T> = { [K in keyof Required<T>]: T[K] | undefined };
type NoExtraKeys<S, T> = { [K in Exclude<keyof S, keyof T>]: never };
/** T with the declared defaults filled in. */
export type WithDefaults<T, S> = T & { [K in keyof S as S[K] extends undefined ? never : K]-?: Exclude<T[K & keyof T], undefined> };

export interface Options<T, S> {
  /** The known keys, in declaration order. */
  readonly keys: readonly string[];
  readonly defaults: S;
  /** Checks the keys (not the values) of a call's options and fills in the defaults. */
  read(fn: string, options: unknown): WithDefaults<T, S>;
}

/**
 * Declares the options of T: `defineOptions<MatchOptions>()({ maxDist: 10, ...BACKEND_OPTIONS })`.
 * (Two calls, so that T is given and the defaults' literal types are inferred.)
 */
export function defineOptions<T extends object>() {
  return <const S extends OptionSpec<T>>(defaults: S & NoExtraKeys<S, T>): Options<T, S> => {
    const keys = Object.keys(defaults);
    const filled = keys.filter((key) => (defaults as Record<string, unknown>)[key] !== undefined);
    return {
      keys,
      defaults,
      read(fn, options) {
        const given = checkOptions<T>(fn, options, keys) as Record<string, unknown>;
        // Copy (never write to the caller's object) only when a default is missing.
        if (filled.every((key) => given[key] !== undefined)) return given as WithDefaults<T, S>;
        const out = { ...given };
        for (const key of filled) if (out[key] === undefined) out[key] = (defaults as Record<string, unknown>)[key];
        return out as WithDefaults<T, S>;
      },
    };
  };
}

/** The options of every call that has a native kernel. */
export const BACKEND_OPTIONS = { backend: undefined, threads: undefined } as const satisfies OptionSpec<BackendOptions>;
/** The options every async call adds. */
export const PROGRESS_OPTIONS = { signal: undefined, onProgress: undefined } as const satisfies OptionSpec<ProgressOptions>;
