#!/usr/bin/env node
// Produces this machine's prebuilt addon, prebuilds/<platform>-<arch>/hotloop.napi[.<libc>].node,
// for the package tarball (`npm pack` and `npm publish` run it as `prepack`; also
// `npm run build:prebuild`). Cheap when current: it reuses build/Release when that is newer than
// the sources, and copies only when the prebuild is older than it.
//
// Steps: (re)build build/Release if stale; copy it, stripped of its symbol table; on Linux glibc,
// refuse a binary that would not load on the manylinux_2_28 baseline (scripts/check-portable.mjs).
// One Node-API binary serves every Node version >= 20 and, with run-time vector dispatch, every CPU
// of its architecture. Prebuilds of other platforms already in prebuilds/ (gathered from a release
// CI matrix, see the README) are left as they are.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { judge, maxGlibc, readRequirements } from './check-portable.mjs';
import { ADDON_FILE, LOG_FILE, addonUpToDate, compileAddon, logTail } from './compile-addon.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// Everything goes to stderr: `npm pack --json` prints its JSON on stdout, after this script.
function fail(message) {
  console.error(`hotloop prebuild: ${message}`);
  process.exit(1);
}

// The prebuild's name comes from the compiled loader. npm runs `prepare` (tsc) after `prepack`, so
// compile here only when the loader is missing or stale (a clone installed with --ignore-scripts).
const loaderFile = path.join(root, 'dist', 'src', 'native-loader.js');
const loaderSource = path.join(root, 'src', 'native-loader.ts');
if (!existsSync(loaderFile) || statSync(loaderFile).mtimeMs < statSync(loaderSource).mtimeMs) {
  const tsc = spawnSync(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json',
    '--incremental', '--tsBuildInfoFile', 'dist/.tsbuildinfo'], { cwd: root, stdio: ['ignore', 2, 2] });
  if (tsc.status !== 0) fail('tsc failed: the TypeScript must compile before a prebuild can be named');
}
const loader = await import(pathToFileURL(loaderFile).href);
const target = loader.hostTarget();
const tag = loader.targetTag(target);
const destination = loader.prebuildFiles(root, target)[0];
const built = path.join(root, ADDON_FILE);

if (!addonUpToDate(root)) {
  console.error('hotloop prebuild: compiling the addon (build/Release is missing or older than native/)...');
  const result = await compileAddon(root);
  if (!result.ok) {
    console.error(logTail(root));
    fail(`the native build failed: ${result.reason}. Full log: ${path.join(root, LOG_FILE)}`);
  }
}

const current = existsSync(destination) && statSync(destination).mtimeMs >= statSync(built).mtimeMs;
if (!current) {
  mkdirSync(path.dirname(destination), { recursive: true });
  copyFileSync(built, destination);
  // The symbol table is for debuggers; the dynamic symbols Node needs stay. (prebuildify --strip)
  const strip = process.platform === 'darwin' ? ['strip', ['-x', destination]]
    : process.platform === 'win32' ? null
    : ['strip', ['--strip-unneeded', destination]];
  if (strip) {
    const run = spawnSync(strip[0], strip[1], { encoding: 'utf8' });
    if (run.status !== 0) fail(`${strip[0]} failed: ${run.error?.message ?? run.stderr.trim()}`);
  }
}

let detail = '';
if (target.platform === 'linux' && target.libc === 'glibc') {
  const requirements = readRequirements(destination);
  const problems = judge(requirements);
  if (problems.length > 0) fail(`${destination} would not load on glibc 2.28:\n  ${problems.join('\n  ')}`);
  detail = `, glibc >= ${maxGlibc(requirements.versions)} suffices, no libstdc++`;
}
const size = Math.round(statSync(destination).size / 1024);
console.error(`hotloop prebuild: ${path.relative(root, destination)} for ${tag} (${size} KiB${detail})${current ? ', up to date' : ''}`);
