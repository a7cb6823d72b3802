/**
 * Runs a kernel that works on other threads (the addon's pool, the wasm workers) under a call's
 * `signal` and `onProgress`, through the control slots of native/core/control.h. No Node built-ins:
 * the wasm browser entry (src/wasm/browser.ts) uses it as src/kernel.ts does.
 */
import { abortError } from './errors.js';
import { PROGRESS_INTERVAL_MS, Progress, checkAborted } from './progress.js';

/** What a controlled run needs of a call (src/kernel.ts AsyncCall has it). */
export interface ControlledCall {
  signal?: AbortSignal;
  onProgress?: (fraction: number) => void;
  /** Made where the call started: an error raised on a worker thread gets this JavaScript stack. */
  site: Error;
}

/** Control slots shared with native kernels (native/core/control.h): cancel, chunks done, chunks announced. */
export const CONTROL_SLOTS = 3;

/** Where a call's control slots live: a plain Int32Array for the addon, the wasm memory for wasm. */
export interface ControlSlots {
  make(): Int32Array;
  free(control: Int32Array): void;
  /** Told when the cancel slot was set (the wasm pool rejects at once a call no worker has joined yet). */
  stopped?(control: Int32Array): void;
}
const PLAIN_SLOTS: ControlSlots = { make: () => new Int32Array(CONTROL_SLOTS), free: () => {} };

/**
 * Runs a native (or wasm) async kernel: hands it a control array when the call wants cancellation or
 * progress, turns the cancel flag into an AbortError and gives errors the caller's stack.
 */
export async function runNative(
  call: ControlledCall,
  start: (control: Int32Array | undefined) => Promise<void>,
  span: readonly [number, number] = [0, 1],
  slots: ControlSlots = PLAIN_SLOTS,
): Promise<void> {
  const { signal, onProgress } = call;
  checkAborted(signal);
  if (!signal && !onProgress) {
    try {
      await start(undefined);
    } catch (error) {
      throw withCallerStack(error, call.site);
    }
    return;
  }
  const control = slots.make();
  const stop = () => {
    Atomics.store(control, 0, 1);
    slots.stopped?.(control);
  };
  const progress = new Progress(onProgress, span, stop);
  signal?.addEventListener('abort', stop, { once: true });
  const timer = onProgress
    ? setInterval(() => progress.report(Atomics.load(control, 1) / Math.max(1, Atomics.load(control, 2)), true), PROGRESS_INTERVAL_MS)
    : undefined;
  try {
    await start(control);
  } catch (error) {
    progress.check(); // onProgress threw and so stopped the kernel: that is the call's error
    if ((error as Error)?.name === 'AbortError') throw abortError(signal);
    throw withCallerStack(error, call.site);
  } finally {
    signal?.removeEventListener('abort', stop);
    if (timer) clearInterval(timer);
    slots.free(control);
  }
  progress.check();
  progress.report(1, true);
  progress.check();
}

function withCallerStack(error: unknown, site: Error): unknown {
  if (error instanceof Error && site.stack) {
    error.stack = `${error.name}: ${error.message}\n${site.stack.split('\n').slice(1).join('\n')}`;
  }
  return error;
}
