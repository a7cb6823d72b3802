// Compiles the addon with node-gyp into build/Release/hotloop.node, writing node-gyp's and the
// compiler's output (about 80 lines when all goes well) to build/hotloop-install.log instead of the
// terminal. Used by build-native.mjs (install, `npm run build:native`) and prebuild.mjs (prepack).
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export const ADDON_FILE = path.join('build', 'Release', 'hotloop.node');
// Kept in step with src/install-report.ts, which reads them.
export const REPORT_FILE = path.join('build', 'hotloop-build.json');
export const LOG_FILE = path.join('build', 'hotloop-install.log');

const require = createRequire(import.meta.url);

export function nodeGypScript() {
  // The clone's pinned devDependency first; installed as a dependency, npm's own bundled copy,
  // which npm names in npm_config_node_gyp for every script it runs.
  try {
    return require.resolve('node-gyp/bin/node-gyp.js');
  } catch {
    const bundled = process.env.npm_config_node_gyp;
    return bundled && existsSync(bundled) ? bundled : undefined;
  }
}

// node-gyp downloads headers unless told where they are. Distribution packages of Node (as on this
// machine) install them under <prefix>/include/node; use them so an empty npm config works offline.
export function nodedirArgs() {
  if (process.env.npm_config_nodedir) return [];
  const prefix = path.resolve(path.dirname(process.execPath), '..');
  return existsSync(path.join(prefix, 'include', 'node', 'node_api.h')) ? [`--nodedir=${prefix}`] : [];
}

/** True when build/Release/hotloop.node is newer than binding.gyp and every file under native/. */
export function addonUpToDate(root) {
  const addon = path.join(root, ADDON_FILE);
  if (!existsSync(addon)) return false;
  const built = statSync(addon).mtimeMs;
  const sources = [path.join(root, 'binding.gyp'), ...readdirSync(path.join(root, 'native'), { recursive: true })
    .map((name) => path.join(root, 'native', String(name)))];
  return sources.every((file) => statSync(file).mtimeMs <= built);
}

/**
 * The line of the log that says what went wrong, for a one-line summary: the compiler's first
 * `error:`, else node-gyp's own error (`gyp ERR! stack Error: Could not find any Python ...`).
 */
function firstErrorLine(logFile) {
  const lines = readFileSync(logFile, 'utf8').split('\n');
  const compiler = lines.find((line) => /\berror:/.test(line) && !line.startsWith('gyp '));
  if (compiler) return compiler.trim().slice(0, 200);
  const gyp = lines.map((line) => /^gyp ERR! stack (\w*Error: .*)/.exec(line)?.[1]).find(Boolean);
  return (gyp ?? '').trim().slice(0, 200);
}

/** The last lines of the log, for a developer whose `npm run build:native` failed. */
export function logTail(root, count = 40) {
  const file = path.join(root, LOG_FILE);
  return existsSync(file) ? readFileSync(file, 'utf8').trimEnd().split('\n').slice(-count).join('\n') : '';
}

function run(args, options, logFd, echo) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    const write = (chunk) => {
      writeSync(logFd, chunk);
      if (echo) process.stderr.write(chunk);
    };
    child.stdout.on('data', write);
    child.stderr.on('data', write);
    child.on('error', (error) => resolve({ ok: false, reason: error.message }));
    child.on('close', (code, signal) => resolve(code === 0
      ? { ok: true }
      : { ok: false, reason: signal ? `node-gyp was killed by ${signal}` : `node-gyp exited with code ${code}` }));
  });
}

/**
 * Builds from scratch (node-gyp clean, configure, build). Resolves to { ok, seconds, reason } where
 * reason, on failure, names the step and the first error line of the log. `echo` also streams the
 * output to stderr.
 */
export async function compileAddon(root, { echo = false } = {}) {
  const started = Date.now();
  const gyp = nodeGypScript();
  rmSync(path.join(root, 'build'), { recursive: true, force: true });
  mkdirSync(path.join(root, 'build'), { recursive: true });
  const logFile = path.join(root, LOG_FILE);
  const logFd = openSync(logFile, 'w');
  const seconds = () => Math.round((Date.now() - started) / 100) / 10;
  try {
    if (!gyp) {
      writeSync(logFd, 'node-gyp was not found: npm_config_node_gyp is unset and node-gyp is not installed.\n');
      return { ok: false, seconds: seconds(), reason: 'node-gyp was not found (run the build through npm, or install node-gyp)' };
    }
    const options = { cwd: root, env: { ...process.env, JOBS: process.env.JOBS ?? 'max' } };
    for (const step of ['configure', 'build']) {
      writeSync(logFd, `$ node-gyp ${step}\n`);
      const result = await run([gyp, step, '--release', ...nodedirArgs()], options, logFd, echo);
      if (!result.ok) {
        const detail = firstErrorLine(logFile);
        return { ok: false, seconds: seconds(), reason: `${result.reason} at ${step}${detail ? `: ${detail}` : ''}` };
      }
    }
    return { ok: true, seconds: seconds() };
  } finally {
    closeSync(logFd);
  }
}
