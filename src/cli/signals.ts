// Ending the process by a signal, as a C program would be ended, after removing temporary files.
import { removeTemporaryFiles } from './temporary-files.js';

const NUMBERS = { SIGINT: 2, SIGPIPE: 13, SIGTERM: 15 } as const;
type EndingSignal = keyof typeof NUMBERS;

/**
 * Ends the process by `signal` with its default action, so the parent sees what it sees of any
 * Unix tool (a shell prints 128 + the number: 141 for SIGPIPE, 130 for Ctrl-C). Node ignores
 * SIGPIPE and may have listeners on the others; removing the last listener of a signal restores
 * its default disposition. Where a signal cannot be raised, exits with 128 + its number.
 */
export function endBySignal(signal: EndingSignal): never {
  removeTemporaryFiles();
  process.removeAllListeners(signal);
  const restore = () => {};
  process.on(signal, restore);
  process.off(signal, restore);
  try {
    process.kill(process.pid, signal);
  } catch {
    // no such signal on this platform
  }
  process.exit(128 + NUMBERS[signal]);
}

let hooked = false;

/** From the first temporary file on: Ctrl-C or SIGTERM removes the temporary files, then ends by that signal. */
export function endCleanlyOnInterrupt(): void {
  if (hooked) return;
  hooked = true;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => endBySignal(signal));
}
