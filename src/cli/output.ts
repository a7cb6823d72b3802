// Standard output and standard error for every command. Output goes through `print`/`writeStdout`,
// never console.log: the global console swallows write errors, so a command redirected to a full
// disk would exit 0 with its output lost. Here every write is confirmed by its callback, and an
// error on standard output ends the process the way a Unix tool ends (see exit.ts).
import { describeSystemError } from '../file-errors.js';

/** A write to standard output that failed (EPIPE: the reader went away; ENOSPC, EIO, ...). */
export class OutputError extends Error {
  override name = 'OutputError';
  readonly code: string | undefined;
  constructor(cause: NodeJS.ErrnoException) {
    super(`cannot write to standard output: ${describeSystemError(cause)}`, { cause });
    this.code = cause.code;
  }
}

let firstError: OutputError | undefined;
let onError: (error: OutputError) => void = () => {};

/**
 * Routes every standard-output failure to `handler` (exit.ts's), once. Errors can surface as a
 * rejected write or as the stream's 'error' event (commander writes help without a callback);
 * without a listener that event would crash the process with a stack trace.
 */
export function onOutputError(handler: (error: OutputError) => void): void {
  onError = handler;
  process.stdout.on('error', (error: NodeJS.ErrnoException) => report(error));
  // A broken standard error has nowhere to be reported: never let it crash the process.
  process.stderr.on('error', () => {});
}

function report(error: NodeJS.ErrnoException): OutputError {
  if (!firstError) {
    firstError = error instanceof OutputError ? error : new OutputError(error);
    onError(firstError);
  }
  return firstError;
}

/** Writes text or bytes to standard output; resolves once written, rejects with an OutputError. */
export function writeStdout(chunk: string | Uint8Array): Promise<void> {
  if (firstError) return Promise.reject(firstError);
  return new Promise((resolve, reject) => {
    process.stdout.write(chunk, (error) => (error ? reject(report(error as NodeJS.ErrnoException)) : resolve()));
  });
}

/** Writes lines to standard output (each followed by a newline). */
export function print(...lines: string[]): Promise<void> {
  return printLines(lines);
}

/** The same for a list of any length (a spread of a million results would overflow the call stack). */
export function printLines(lines: readonly string[]): Promise<void> {
  return writeStdout(lines.map((line) => `${line}\n`).join(''));
}

/** Waits until everything written so far has reached standard output (or failed). */
export function flushStdout(): Promise<void> {
  return writeStdout('');
}

/** Writes a line to standard error; a failure there is ignored (there is nowhere left to report it). */
export function note(line: string): void {
  process.stderr.write(`${line}\n`);
}
