#!/usr/bin/env node
// Builds the addon with AddressSanitizer and UndefinedBehaviorSanitizer into build-sanitize/
// (`npm run build:sanitize`; `npm run test:sanitize` runs it first). build/Release, which the
// package and every other run use, is never touched.
//
// The build is binding.gyp's own target with these changes: clang (its runtime writes UBSan reports
// to log files as ASan's, where gcc's libubsan always prints to stderr), -O1 -g and the sanitizers
// (-fsanitize=address,undefined,float-cast-overflow, -fno-sanitize-recover=all: the first report
// stops the process); libstdc++ linked dynamically, so ASan intercepts operator new/delete; and
// native/platform left out (it pins glibc symbol versions for portability, which would route
// pthread_create around ASan's interceptor). The generated binding.gyp lives in build-sanitize/;
// node-gyp rebuilds only what changed, and everything when the generated file changes.
//
// Node itself is not instrumented, so the ASan runtime must be loaded first: sanitizerEnv() gives
// the environment (LD_PRELOAD of clang's ASan runtime, report files in one folder, leak detection
// off: V8 keeps its heap to the end) with HOTLOOP_ADDON_PATH pointing at this build.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { nodeGypScript, nodedirArgs } from './compile-addon.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const SANITIZE_DIR = path.join(root, 'build-sanitize');
export const SANITIZE_ADDON = path.join(SANITIZE_DIR, 'build', 'Release', 'hotloop.node');
const SANITIZERS = ['-fsanitize=address,undefined,float-cast-overflow', '-fno-sanitize-recover=all'];

/** The clang to build with: HOTLOOP_SANITIZE_CXX, else the first of clang++-19, clang++ on PATH. */
function compiler() {
  const candidates = process.env.HOTLOOP_SANITIZE_CXX ? [process.env.HOTLOOP_SANITIZE_CXX] : ['clang++-19', 'clang++'];
  const found = candidates.find((cxx) => spawnSync(cxx, ['--version'], { encoding: 'utf8' }).status === 0);
  if (!found) throw new Error(`no clang found (tried ${candidates.join(', ')}): install clang with its compiler-rt sanitizers, or set HOTLOOP_SANITIZE_CXX`);
  return found;
}

/**
 * binding.gyp's target rewritten for the sanitizer build in build-sanitize/. The vector files need
 * nothing of their own: native/core/vector_target.h gives clang their target as it gives gcc.
 */
function sanitizeTargets(cxx) {
  const gyp = JSON.parse(readFileSync(path.join(root, 'binding.gyp'), 'utf8'));
  const base = gyp.targets[0];
  const listed = spawnSync(process.execPath, [path.join(root, 'scripts', 'list-sources.mjs')], { cwd: root, encoding: 'utf8' });
  if (listed.status !== 0) throw new Error(`list-sources failed: ${listed.stderr}`);
  const sources = listed.stdout.trim().split(/\s+/).filter((file) => !file.startsWith('native/platform/'));
  const addonApi = createRequire(import.meta.url)('node-addon-api').include_dir;
  const optimise = (flags) => flags.filter((flag) => !/^-O\d$/.test(flag)).concat('-O1', '-g', '-fno-omit-frame-pointer', ...SANITIZERS);
  return [
    {
      target_name: base.target_name,
      variables: { hotloop_sanitize_compiler: cxx }, // recorded so that another compiler rebuilds everything
      include_dirs: [path.resolve(root, addonApi), path.join(root, 'native')],
      defines: base.defines,
      'cflags!': base['cflags!'],
      'cflags_cc!': base['cflags_cc!'],
      cflags: optimise(base.cflags),
      sources: sources.map((file) => path.relative(SANITIZE_DIR, path.join(root, file))),
      cflags_cc: optimise(base.cflags_cc),
      ldflags: [...base.ldflags, ...SANITIZERS],
    },
  ];
}

function run(args, cxx) {
  const gyp = nodeGypScript();
  if (!gyp) throw new Error('node-gyp was not found (run through npm, or npm install in the clone)');
  const cc = cxx.replace(/\+\+(-\d+)?$/, (_, version = '') => version);
  const result = spawnSync(process.execPath, [gyp, ...args, '--release', ...nodedirArgs()], {
    cwd: SANITIZE_DIR, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, CC: cc, CXX: cxx, JOBS: process.env.JOBS ?? 'max' },
  });
  if (result.status !== 0) throw new Error(`node-gyp ${args[0]} failed in ${SANITIZE_DIR}`);
}

/** Configures (from scratch when the generated binding.gyp changed) and builds build-sanitize/; returns the addon's path. */
export function buildSanitized() {
  if (process.platform !== 'linux') throw new Error('the sanitizer build is set up for Linux (clang with compiler-rt)');
  const cxx = compiler();
  mkdirSync(SANITIZE_DIR, { recursive: true });
  const gypFile = path.join(SANITIZE_DIR, 'binding.gyp');
  const text = `${JSON.stringify({ targets: sanitizeTargets(cxx) }, null, 2)}\n`;
  if (!existsSync(gypFile) || readFileSync(gypFile, 'utf8') !== text || !existsSync(path.join(SANITIZE_DIR, 'build', 'Makefile'))) {
    rmSync(path.join(SANITIZE_DIR, 'build'), { recursive: true, force: true });
    writeFileSync(gypFile, text);
    run(['configure'], cxx);
  }
  run(['build'], cxx);
  return SANITIZE_ADDON;
}

/** clang's ASan runtime (which also holds UBSan's), to preload into Node. */
export function asanRuntime() {
  const cxx = compiler();
  const name = `libclang_rt.asan-${process.arch === 'arm64' ? 'aarch64' : 'x86_64'}.so`;
  const found = spawnSync(cxx, [`-print-file-name=${name}`], { encoding: 'utf8' }).stdout?.trim();
  if (!found || !path.isAbsolute(found) || !existsSync(found)) throw new Error(`${cxx} has no ASan runtime (${name}): install its compiler-rt`);
  return found;
}

/**
 * The environment of a process (and its children) running hotloop on the sanitizer build: every
 * report goes to a file under `reportDir` (asan.<pid>, ubsan.<pid>), so a report in a child whose
 * output a test swallows is still found.
 */
export function sanitizerEnv(reportDir, base = process.env) {
  return {
    ...base,
    LD_PRELOAD: [asanRuntime(), base.LD_PRELOAD].filter(Boolean).join(' '),
    ASAN_OPTIONS: `detect_leaks=0:halt_on_error=1:log_path=${path.join(reportDir, 'asan')}`,
    UBSAN_OPTIONS: `halt_on_error=1:print_stacktrace=1:log_path=${path.join(reportDir, 'ubsan')}`,
    HOTLOOP_ADDON_PATH: SANITIZE_ADDON,
    // Node with ASan preloaded takes about 3x the CPU time: the tests' bounds on a child's run stretch alike.
    HOTLOOP_TEST_TIME_SCALE: base.HOTLOOP_TEST_TIME_SCALE ?? '4',
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    console.log(`hotloop: sanitizer build at ${buildSanitized()}`);
  } catch (error) {
    console.error(`hotloop: ${error.message}`);
    process.exitCode = 1;
  }
}
