#!/usr/bin/env node
// The install script, and `npm run build:native` (--strict). It prints one line of outcome; the
// full node-gyp output goes to build/hotloop-install.log, and the outcome to build/hotloop-build.json
// so that `hotloop info` can show both even where npm hid this script's output (as a dependency).
//
// At install it compiles only when it must, and never fails the install (the TypeScript backend
// serves every function without the addon):
//   - HOTLOOP_SKIP_NATIVE=1: nothing is compiled;
//   - `npm install --build-from-source` or HOTLOOP_BUILD_FROM_SOURCE=1: always compile;
//   - a local build already there (a clone): recompile only when native/ or binding.gyp changed;
//   - else the prebuilt binary for this platform, when it loads: nothing to compile;
//   - else (no prebuild for this platform, or it does not load here): compile.
// --strict always compiles, echoes the log's tail on failure and exits 1 (for developers).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { LOG_FILE, REPORT_FILE, addonUpToDate, compileAddon, logTail } from './compile-addon.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const strict = process.argv.includes('--strict');
const echo = process.argv.includes('--verbose') || process.env.HOTLOOP_BUILD_VERBOSE === '1';

// Best effort: an unwritable package folder must not fail the install.
function report(outcome, reason, log = null) {
  const body = { outcome, ok: outcome !== 'failed', reason, log, node: process.version, date: new Date().toISOString() };
  try {
    mkdirSync(path.join(root, 'build'), { recursive: true });
    writeFileSync(path.join(root, REPORT_FILE), `${JSON.stringify(body, null, 2)}\n`);
  } catch (error) {
    if (strict) throw error;
  }
}

function lastReportNode() {
  try {
    return JSON.parse(readFileSync(path.join(root, REPORT_FILE), 'utf8')).node;
  } catch {
    return undefined;
  }
}

/** The prebuild for this platform, checked by loading it in a child process (a crash there cannot fail the install). */
async function usablePrebuild() {
  // The package ships dist/; a clone's first install runs before `prepare` compiled it, and a clone
  // has no prebuilds anyway.
  const loaderFile = path.join(root, 'dist', 'src', 'native-loader.js');
  if (!existsSync(loaderFile)) return { file: null, reason: 'no prebuilt binaries in a source checkout' };
  const loader = await import(pathToFileURL(loaderFile).href);
  const target = loader.hostTarget();
  const file = loader.prebuildFiles(root, target).find((candidate) => existsSync(candidate));
  const tag = loader.targetTag(target);
  if (!file) return { file: null, tag, reason: `no prebuilt binary for ${tag} in the package` };
  // The same check as at run time: whole ELF file (src/elf-check.ts), then dlopen.
  const elfCheck = pathToFileURL(path.join(root, 'dist', 'src', 'elf-check.js')).href;
  const probe = `const problem = (await import(${JSON.stringify(elfCheck)})).incompleteElf(process.argv[1]);
    if (problem) throw new Error(problem);
    (await import('node:module')).createRequire(import.meta.url)(process.argv[1]);`;
  const check = spawnSync(process.execPath, ['--input-type=module', '-e', probe, file], { encoding: 'utf8' });
  if (check.status === 0) return { file, tag };
  const error = check.signal ? `it crashed Node with ${check.signal}`
    : /^\w*Error: (.*)$/m.exec(check.stderr)?.[1]?.trim() ?? `exit code ${check.status}`;
  return { file: null, tag, reason: `the prebuilt binary ${path.relative(root, file)} does not load here (${error})` };
}

async function build(why) {
  const result = await compileAddon(root, { echo });
  const log = path.join(root, LOG_FILE);
  if (result.ok) {
    report('built', `built from source in ${result.seconds} s (${why})`, LOG_FILE);
    console.log(`hotloop: native addon built from source in ${result.seconds} s (${why}); log: ${log}`);
    return 0;
  }
  report('failed', `the source build failed: ${result.reason} (it ran because: ${why})`, LOG_FILE);
  if (strict) {
    console.error(logTail(root));
    console.error(`hotloop: native build failed: ${result.reason}. Full log: ${log}`);
    return 1;
  }
  console.warn(`hotloop: native build failed (${result.reason}; it ran because: ${why}); hotloop will use its prebuilt addon if one loads, else its TypeScript backend. Full log: ${log}`);
  return 0;
}

async function main() {
  if (strict) return build('npm run build:native');
  if (process.env.HOTLOOP_SKIP_NATIVE === '1') {
    report('skipped', 'the native build was skipped: HOTLOOP_SKIP_NATIVE=1 at install time');
    console.log('hotloop: native build skipped (HOTLOOP_SKIP_NATIVE=1)');
    return 0;
  }
  if (process.env.HOTLOOP_BUILD_FROM_SOURCE === '1' || process.env.npm_config_build_from_source === 'true') {
    return build('build from source requested');
  }
  if (existsSync(path.join(root, 'build', 'Release', 'hotloop.node'))) {
    // A clone (or an earlier source build): `npx hotloop` re-runs this script on first use, so only
    // recompile when the sources or Node changed.
    if (addonUpToDate(root) && lastReportNode() === process.version) {
      console.log('hotloop: native addon is up to date');
      return 0;
    }
    return build('the sources or Node changed since the last build');
  }
  const prebuild = await usablePrebuild();
  if (prebuild.file) {
    const relative = path.relative(root, prebuild.file);
    report('prebuild', `used the prebuilt binary ${relative} for ${prebuild.tag}; nothing was compiled`);
    console.log(`hotloop: using the prebuilt addon for ${prebuild.tag} (${relative}); nothing to compile`);
    return 0;
  }
  return build(prebuild.reason);
}

try {
  process.exitCode = await main();
} catch (error) {
  // A bug here must not fail someone's `npm install`: say it, record it, carry on.
  if (strict) throw error;
  const message = error instanceof Error ? error.message : String(error);
  report('failed', `the install script failed: ${message}`);
  console.warn(`hotloop: install script failed (${message}); hotloop will use its TypeScript backend.`);
}
