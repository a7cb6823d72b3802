/**
 * Cancellation and progress for long calls. Native kernels share a 2-slot Int32Array with us
 * (native/core/control.h): we set slot 0 when the AbortSignal fires, they add finished work units
 * to slot 1, which we poll to call onProgress at most a few times a second.
 */
import { abortError } from './errors.js';
import { checkFunction, checkSignal } from './validate.js';

export interface ProgressOptions {
  /** Cancels the call: the Promise rejects with an AbortError and the work stops promptly. */
  signal?: AbortSignal;
  /** Called with the fraction done (0..1), at most about 5 times a second, and with 1 at the end. */
  onProgress?: (fraction: number) => void;
}

export const PROGRESS_OPTION_KEYS = ['signal', 'onProgress'] as const;

const PROGRESS_INTERVAL_MS = 200;

export function checkProgressOptions(options: ProgressOptions): void {
  checkSignal(options.signal);
  if (options.onProgress !== undefined) checkFunction('onProgress', options.onProgress);
}

/**
 * Runs a native async kernel with a control array; `total` is the number of work units the kernel
 * reports in slot 1.
 */
export async function withNativeControl(
  options: ProgressOptions,
  total: number,
  run: (control: Int32Array | undefined) => Promise<unknown>,
): Promise<void> {
  const { signal, onProgress } = options;
  if (signal?.aborted) throw abortError(signal);
  // Captured before the native call (as sharp does): an error raised on a worker thread has no
  // JavaScript stack of its own, so it gets the caller's.
  const callSite = new Error();
  if (!signal && !onProgress) {
    try {
      await run(undefined);
    } catch (error) {
      throw withCallerStack(error, callSite);
    }
    return;
  }
  const control = new Int32Array(2);
  const abort = () => Atomics.store(control, 0, 1);
  signal?.addEventListener('abort', abort, { once: true });
  const timer = onProgress
    ? setInterval(() => onProgress(Math.min(1, Atomics.load(control, 1) / Math.max(1, total))), PROGRESS_INTERVAL_MS)
    : undefined;
  try {
    await run(control);
  } catch (error) {
    if ((error as Error)?.name === 'AbortError') throw abortError(signal);
    throw withCallerStack(error, callSite);
  } finally {
    signal?.removeEventListener('abort', abort);
    if (timer) clearInterval(timer);
  }
  onProgress?.(1);
}

function withCallerStack(error: unknown, callSite: Error): unknown {
  if (error instanceof Error && callSite.stack) {
    error.stack = `${error.name}: ${error.message}\n${callSite.stack.split('\n').slice(1).join('\n')}`;
  }
  return error;
}

/**
 * Runs a TypeScript kernel over [0, total) in chunks, yielding to the event loop between chunks so
 * a signal can cancel it and progress can be reported: the async form of the reference backend.
 */
export async function runChunked(
  options: ProgressOptions,
  total: number,
  chunk: number,
  body: (begin: number, end: number) => void,
): Promise<void> {
  const { signal, onProgress } = options;
  let lastReport = Date.now();
  for (let begin = 0; begin < total; begin += chunk) {
    if (signal?.aborted) throw abortError(signal);
    body(begin, Math.min(total, begin + chunk));
    if (onProgress && Date.now() - lastReport >= PROGRESS_INTERVAL_MS) {
      lastReport = Date.now();
      onProgress(Math.min(1, (begin + chunk) / total));
    }
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  if (signal?.aborted) throw abortError(signal);
  onProgress?.(1);
}
