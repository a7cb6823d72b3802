/**
 * Cancellation and progress of long calls, the same for every backend: `signal` cancels (the
 * Promise rejects with an AbortError), `onProgress` hears the fraction done a few times a second
 * and 1 at the end. An `onProgress` that throws stops the work, and the call's Promise rejects
 * with what it threw (never an exception escaping a timer).
 */
import { abortError } from './errors.js';

export interface ProgressOptions {
  /** Cancels the call: the Promise rejects with an AbortError and the work stops promptly. */
  signal?: AbortSignal;
  /** Called with the fraction done (0..1), at most about 5 times a second, and with 1 at the end. */
  onProgress?: (fraction: number) => void;
}

export const PROGRESS_INTERVAL_MS = 200;

/**
 * Reports progress within `span` of the call (a call made of two passes gives each half), and
 * remembers the first error `onProgress` threw, calling `stop` so the work ends.
 */
export class Progress {
  failure: { error: unknown } | undefined;
  #last = Date.now();

  constructor(
    private readonly onProgress: ((fraction: number) => void) | undefined,
    private readonly span: readonly [number, number] = [0, 1],
    private readonly stop: () => void = () => {},
  ) {}

  get wanted(): boolean {
    return this.onProgress !== undefined;
  }

  /** Reports `fraction` (0..1 of this span) if a report is due, or always when `now` is set. */
  report(fraction: number, now = false): void {
    if (!this.onProgress || this.failure) return;
    const time = Date.now();
    if (!now && time - this.#last < PROGRESS_INTERVAL_MS) return;
    this.#last = time;
    const [from, to] = this.span;
    try {
      this.onProgress(from + (to - from) * Math.min(1, Math.max(0, fraction)));
    } catch (error) {
      this.failure = { error };
      this.stop();
    }
  }

  /** Throws what onProgress threw, if it did. */
  check(): void {
    if (this.failure) throw this.failure.error;
  }
}

/** Throws an AbortError when the signal has fired. */
export function checkAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortError(signal);
}
