// How the hotloop command ends, decided here and nowhere else:
//   0  success (help and --version included);
//   2  a bad command line: unknown command or flag, a flag value that is not what it expects
//      (UsageError, commander's own errors), nothing else;
//   1  every other failure: bad data in a file, a file that cannot be read or written, a full disk;
//   the reader of standard output went away (EPIPE, as in `hotloop ... | head`): silent, ended by
//      SIGPIPE as coreutils are, so the shell reports head's status (and 141 under pipefail).
// Errors are one line on standard error, `hotloop: <message>`; --debug adds the stack.
import { CommanderError } from './commander.js';
import { OutputError, note } from './output.js';
import { endBySignal } from './signals.js';
import { removeTemporaryFiles } from './temporary-files.js';
import { UsageError } from './usage.js';

const EXIT_FAILURE = 1;
const EXIT_USAGE = 2;

/** The exit code of a failure: 2 only for a bad command line. */
export function exitCodeOf(error: unknown): number {
  if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : EXIT_USAGE;
  return error instanceof UsageError ? EXIT_USAGE : EXIT_FAILURE;
}

/**
 * commander's own error (an unknown command or flag, a missing value, an extra argument) as the
 * one line every other error is: `hotloop: <what>`, its suggestion kept (`did you mean --output?`),
 * and where to look: `text` is what commander would print ("error: ...\n(Did you mean ...?)\n"),
 * `command` the command line's words so far ("hotloop julia").
 */
export function commanderErrorLine(text: string, command: string): string {
  const [first, ...rest] = text.trim().replace(/^error: /, '').split('\n');
  const suggestion = rest.map((line) => line.replace(/^\(Did you mean (.*)\)$/, 'did you mean $1')).join(' ');
  return `hotloop: ${first}${suggestion ? `; ${suggestion}` : ''} (see ${command} --help)`;
}

/** Reports `error` as one line (the stack with --debug) and exits with its code. */
export function fail(error: unknown, debug: boolean): never {
  if (error instanceof OutputError && error.code === 'EPIPE') endBySignal('SIGPIPE');
  const code = exitCodeOf(error);
  if (!(error instanceof CommanderError)) {
    // commander has printed its own message (through commanderErrorLine); everything else is printed here.
    note(`hotloop: ${error instanceof Error ? error.message : String(error)}`);
    if (debug && error instanceof Error && error.stack) note(error.stack);
  }
  removeTemporaryFiles();
  process.exit(code);
}
