/** Runs the CLI from source (no build needed) and captures what it prints and its exit code. */
import { spawn, spawnSync, type StdioOptions } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const main = fileURLToPath(new URL('../src/cli/main.ts', import.meta.url));
/** The command line that runs the CLI from source, for shells: `${hotloopCommand} cubic 1 2 3 4`. */
export const hotloopCommand = `'${process.execPath}' --import tsx '${main}'`;
const repo = fileURLToPath(new URL('..', import.meta.url));
// A hung CLI fails its test. HOTLOOP_TEST_TIME_SCALE stretches the bound where every process is
// slower (npm run test:sanitize preloads ASan into Node, about 3x its CPU time per start-up).
const TIMEOUT_MS = 120_000 * (Number(process.env.HOTLOOP_TEST_TIME_SCALE) || 1);

export interface CliResult {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], env: Record<string, string> = {}, input?: string): CliResult {
  const result = spawnSync(process.execPath, ['--import', 'tsx', main, ...args], {
    encoding: 'utf8',
    cwd: repo,
    env: { ...process.env, ...env },
    input,
    timeout: TIMEOUT_MS,
  });
  return { status: result.status, signal: result.signal, stdout: result.stdout, stderr: result.stderr };
}

export interface CliOptions {
  env?: Record<string, string>;
  cwd?: string;
  /** Standard output: captured ('pipe', the default) or an open file descriptor (/dev/full). */
  stdout?: 'pipe' | number;
  /** Called with the child's stdout stream as soon as it starts (to close it early, as `head` does). */
  onStdout?: (stream: NodeJS.ReadableStream) => void;
}

/** The same, asynchronous, so that independent runs of a test overlap (each costs about a second of start-up). */
export function runCliAsync(args: string[], options: CliOptions = {}): Promise<CliResult> {
  const stdio: StdioOptions = ['ignore', options.stdout ?? 'pipe', 'pipe'];
  const child = spawn(process.execPath, ['--import', 'tsx', main, ...args], { cwd: options.cwd ?? repo, env: { ...process.env, ...options.env }, stdio });
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8');
  if (options.onStdout && child.stdout) options.onStdout(child.stdout);
  else child.stdout?.on('data', (text: string) => (stdout += text));
  child.stderr!.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_MS);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (status, signal) => {
      clearTimeout(timer);
      resolve({ status, signal, stdout, stderr });
    });
  });
}
