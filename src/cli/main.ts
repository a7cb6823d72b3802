// The `hotloop` command: wires the commands together. How it ends (exit codes, one-line errors,
// broken pipes) is decided in exit.ts; what it prints goes through output.ts.
import { Command, CommanderError } from 'commander';
import { silenceFallbackWarning } from '../backend.js';
import { registerCubic } from './cubic.js';
import { registerDemo } from './demo.js';
import { fail } from './exit.js';
import { registerInfo } from './info.js';
import { registerJulia } from './julia.js';
import { registerLum } from './lum.js';
import { flushStdout, onOutputError, writeStdout } from './output.js';
import { registerPip } from './pip.js';
import { registerPolymatch } from './polymatch.js';
import { registerReduce } from './reduce.js';
import { packageVersion } from './version.js';

const debug = process.argv.includes('--debug');
silenceFallbackWarning();
onOutputError((error) => fail(error, debug));

const program = new Command('hotloop')
  .description('Fast, trustworthy scientific kernels for TypeScript (C++ addon, TypeScript reference).')
  .version(packageVersion(), '-V, --version')
  .option('--debug', 'print stack traces on errors')
  .showHelpAfterError('(run with --help for usage)')
  .enablePositionalOptions(false);

registerInfo(program);
registerDemo(program);
// The modules in seed order (000 to 004).
registerCubic(program);
registerLum(program);
registerPolymatch(program);
registerReduce(program);
registerPip(program);
registerJulia(program);

for (const command of [program, ...program.commands]) {
  if (command !== program) command.option('--debug', 'print stack traces on errors');
  // Help and --version go through output.ts, so a full disk or a closed pipe is noticed there too.
  command.exitOverride().configureOutput({ writeOut: (text) => void writeStdout(text).catch(() => {}) });
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
