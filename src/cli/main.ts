// The `hotloop` command: wires the commands together and turns failures into one line and an exit code
// (0 success, 1 failure, 2 bad usage). --debug prints stacks.
import { Command, CommanderError } from 'commander';
import { silenceFallbackWarning } from '../backend.js';
import { registerCubic } from './cubic.js';
import { registerDemo } from './demo.js';
import { registerGeofence } from './geofence.js';
import { registerInfo } from './info.js';
import { registerJulia } from './julia.js';
import { registerLum } from './lum.js';
import { registerPip } from './pip.js';
import { registerPolymatch } from './polymatch.js';
import { registerReduce } from './reduce.js';
import { registerWorker } from './worker.js';
import { UsageError } from './usage.js';
import { packageVersion } from './version.js';

const debug = process.argv.includes('--debug');
silenceFallbackWarning();

function fail(error: unknown): never {
  const usage = error instanceof UsageError || error instanceof TypeError || error instanceof RangeError;
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`hotloop: ${message}\n`);
  if (debug && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  process.exit(usage ? 2 : 1);
}

const program = new Command('hotloop')
  .description('Fast, trustworthy scientific kernels for TypeScript (C++ addon, TypeScript reference).')
  .version(packageVersion(), '-V, --version')
  .option('--debug', 'print stack traces on errors')
  .showHelpAfterError('(run with --help for usage)')
  .exitOverride()
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
registerGeofence(program);
registerWorker(program);

for (const command of program.commands) command.exitOverride().option('--debug', 'print stack traces on errors');

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // Help and version are successes; everything else commander reports is bad usage.
    process.exit(error.exitCode === 0 ? 0 : 2);
  }
  fail(error);
}
