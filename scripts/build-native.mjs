#!/usr/bin/env node
// Builds the C++ addon with node-gyp. Run by `npm install`; it never fails the install unless
// --strict is given, because the TypeScript backend serves every function without the addon.
// The outcome is written to build/hotloop-build.json so `hotloop info` can say why the addon is missing.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const strict = process.argv.includes('--strict');
const addonFile = path.join(root, 'build', 'Release', 'hotloop.node');
const reportFile = path.join(root, 'build', 'hotloop-build.json');
const require = createRequire(import.meta.url);

function report(ok, reason) {
  mkdirSync(path.join(root, 'build'), { recursive: true });
  writeFileSync(reportFile,
    JSON.stringify({ ok, reason, node: process.version, date: new Date().toISOString() }, null, 2));
}

function nodeGypScript() {
  try {
    return require.resolve('node-gyp/bin/node-gyp.js');
  } catch {
    return process.env.npm_config_node_gyp; // npm's bundled copy, set inside npm scripts
  }
}

// node-gyp downloads headers unless told where they are. Distribution packages of Node (as on this
// machine) install them under <prefix>/include/node; use them so an empty npm config works offline.
function nodedirArgs() {
  if (process.env.npm_config_nodedir) return [];
  const prefix = path.resolve(path.dirname(process.execPath), '..');
  return existsSync(path.join(prefix, 'include', 'node', 'node_api.h')) ? [`--nodedir=${prefix}`] : [];
}

// `npx hotloop` in a fresh clone installs the package again (and so runs this script again): skip the
// rebuild when this Node already built the addon from the current sources. --strict always rebuilds.
function upToDate() {
  if (strict || !existsSync(addonFile) || !existsSync(reportFile)) return false;
  try {
    const report = JSON.parse(readFileSync(reportFile, 'utf8'));
    if (!report.ok || report.node !== process.version) return false;
  } catch {
    return false;
  }
  const built = statSync(addonFile).mtimeMs;
  const sources = [path.join(root, 'binding.gyp'), ...readdirSync(path.join(root, 'native'), { recursive: true })
    .map((name) => path.join(root, 'native', String(name)))];
  return sources.every((file) => statSync(file).mtimeMs <= built);
}

if (upToDate()) {
  console.log('hotloop: native addon is up to date');
  process.exit(0);
}

if (process.env.HOTLOOP_SKIP_NATIVE === '1') {
  report(false, 'native build skipped: HOTLOOP_SKIP_NATIVE=1 at install time');
  console.warn('hotloop: native build skipped (HOTLOOP_SKIP_NATIVE=1); the TypeScript backend will be used.');
  process.exit(0);
}

const gyp = nodeGypScript();
if (!gyp) {
  report(false, 'node-gyp was not found (install dependencies, then run `npm run build:native`)');
  console.warn('hotloop: node-gyp not found; the TypeScript backend will be used.');
  process.exit(strict ? 1 : 0);
}

const args = [gyp, 'rebuild', '--release', ...nodedirArgs()];
const jobs = process.env.JOBS ?? 'max';
const result = spawnSync(process.execPath, args, {
  cwd: root, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, JOBS: jobs },
});
if (result.status === 0) {
  report(true, 'built');
  process.exit(0);
}
const reason = result.error ? result.error.message : `node-gyp exited with code ${result.status}`;
report(false, `native build failed: ${reason}; see the install log, fix the toolchain (python3, make, g++), then run \`npm run build:native\``);
console.warn(`hotloop: native build failed (${reason}); the TypeScript backend will be used. Run \`npm run build:native\` to retry.`);
process.exit(strict ? 1 : 0);
