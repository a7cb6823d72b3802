// The CLI's commands by name, each module imported only when its command is run (or the whole list
// is wanted: help, a mistyped command), so `hotloop julia` never compiles the Redis, pip or explorer
// modules and `hotloop --version` none. test/cli-commands.test.ts checks the names against the
// commands each module registers.
import type { Command } from 'commander';

type Register = (program: Command) => void;

/** Top-level command name -> its module's register function, in the order `hotloop --help` lists them. */
export const COMMANDS: ReadonlyArray<readonly [string, () => Promise<Register>]> = [
  ['info', async () => (await import('./info.js')).registerInfo],
  ['demo', async () => (await import('./demo.js')).registerDemo],
  // The modules in seed order (000 to 004).
  ['cubic', async () => (await import('./cubic.js')).registerCubic],
  ['lum', async () => (await import('./lum.js')).registerLum],
  ['polymatch', async () => (await import('./polymatch.js')).registerPolymatch],
  ['reduce', async () => (await import('./reduce.js')).registerReduce],
  ['pip', async () => (await import('./pip.js')).registerPip],
  ['julia', async () => (await import('./julia.js')).registerJulia],
  ['explore', async () => (await import('./explore.js')).registerExplore],
  // Beyond one machine (Redis): the streaming geofence and the batch worker of `pip --queue`.
  ['geofence', async () => (await import('./geofence.js')).registerGeofence],
  ['worker', async () => (await import('./worker.js')).registerWorker],
];

/** The program's own flags: none takes a value, so the first other word of the line is the command. */
const PROGRAM_FLAGS = new Set(['--debug', '-V', '--version', '-h', '--help']);

/**
 * The commands a command line needs registered: only its command when it names one; none for
 * `--version` alone; otherwise every command, so that help lists them all and a mistyped
 * command gets commander's suggestion.
 */
export function commandsFor(args: readonly string[]): ReadonlyArray<() => Promise<Register>> {
  const word = args.find((arg) => !PROGRAM_FLAGS.has(arg));
  const named = COMMANDS.find(([name]) => name === word);
  if (named) return [named[1]];
  const versionOnly = word === undefined && (args.includes('-V') || args.includes('--version')) && !args.includes('-h') && !args.includes('--help');
  return versionOnly ? [] : COMMANDS.map(([, load]) => load);
}
