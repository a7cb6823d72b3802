// The `hotloop` command: wires the commands together. How it ends (exit codes, one-line errors,
// broken pipes) is decided in exit.ts; what it prints goes through output.ts.
import { Command, CommanderError } from './commander.js';
import { commandsFor } from './commands.js';
import { commanderErrorLine, fail } from './exit.js';
import { flushStdout, onOutputError, writeStdout } from './output.js';
import { packageVersion } from './version.js';

const debug = process.argv.includes('--debug');
onOutputError((error) => fail(error, debug));

const program = new Command('hotloop')
  .description('Fast, trustworthy scientific kernels for TypeScript (C++ addon, TypeScript reference).')
  .version(packageVersion(), '-V, --version')
  .option('--debug', 'print stack traces on errors')
  .enablePositionalOptions(false);

// Only the modules this command line needs: start-up is most of a short run's time.
const registers = await Promise.all(commandsFor(process.argv.slice(2)).map((load) => load()));
if (registers.length > 0) (await import('../backend.js')).silenceFallbackWarning();
for (const register of registers) register(program);

/** Every command, subcommands (geofence consume|publish) included. */
const allCommands = (command: Command): Command[] => [command, ...command.commands.flatMap(allCommands)];
for (const command of allCommands(program)) {
  if (command !== program) command.option('--debug', 'print stack traces on errors');
  // Help and --version go through output.ts, so a full disk or a closed pipe is noticed there too.
  // A bad command line is one line, as every other error, naming the help to read.
  const words = (c: Command | null): string[] => (c ? [...words(c.parent), c.name()] : []);
  command.exitOverride().configureOutput({
    writeOut: (text) => void writeStdout(text).catch(() => {}),
    outputError: (text, write) => write(`${commanderErrorLine(text, words(command).join(' '))}\n`),
  });
}

try {
  await program.parseAsync(process.argv);
  await flushStdout();
} catch (error) {
  if (error instanceof CommanderError && error.exitCode === 0) {
    await flushStdout().catch((failure) => fail(failure, debug));
    process.exit(0);
  }
  fail(error, debug);
}
