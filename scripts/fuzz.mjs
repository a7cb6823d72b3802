#!/usr/bin/env node
// `npm run fuzz [-- --seconds N] [--runs K] [--only libfuzzer|properties] [target ...]`
//
// Two fuzz passes over the native boundaries, both under AddressSanitizer and UBSan:
//  1. libFuzzer (clang's -fsanitize=fuzzer) on the core entry points that take untrusted shapes,
//     harnesses in test/fuzz/: reduce (dtype, shape, strides), polymatch (the grid over centers
//     and points at any magnitude), pip_orient (pip's exact orientation sign against big-integer
//     arithmetic, subnormals to the top of the range), cubic (batches of any finite coefficients:
//     each element the single call bit for bit, sorted finite roots, the seed's form the general one), julia (odd grids, views on the
//     set's edge, NaN/huge/subnormal values, thresholds whose square overflows, itermax 1 to past
//     65535: every count and norm the one-pixel reference's), lum (shock and jet over packed disk
//     tables of 2 points and more, repeated and infinite breakpoints, extrapolating or not,
//     subnormal densities, refused remnants: each batch stops where the single call refuses and
//     equals it bit for bit before), pip (random zones with holes, repeated vertices, zero-area and
//     huge rings, packed in the harness as src/pip/pack.ts lays them out: pip_range, pip_first,
//     the pipAll passes and count_range against the crossing rule applied to every edge). Each runs N seconds (default 60) at
//     every vector unit the CPU has (HOTLOOP_SIMD). The corpus grows in build-sanitize/fuzz/corpus/<target>/ from run to run;
//     a crash is saved to build-sanitize/fuzz/artifacts/ and replayed with
//     `build-sanitize/fuzz/<target> <file>`.
//  2. The property suite (test/properties/) with K times its inputs (default 20) on the sanitizer
//     build of the addon (scripts/test-sanitize.mjs): the packed pip zones, the cubic batches and the
//     Julia grid, which TypeScript prepares, are reached through the real API this way.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SANITIZE_DIR } from './build-sanitize.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const FUZZ_DIR = path.join(SANITIZE_DIR, 'fuzz');
const HARNESSES = path.join(root, 'test', 'fuzz');
const SANITIZERS = ['-fsanitize=address,undefined,float-cast-overflow', '-fno-sanitize-recover=all'];
const FLAGS = ['-std=c++17', '-O1', '-g', '-fno-omit-frame-pointer', '-ffp-contract=off', '-fno-math-errno', '-pthread', `-I${path.join(root, 'native')}`];

function option(name, fallback) {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
}
const seconds = Number(option('--seconds', '60'));
const runs = Number(option('--runs', '20'));
const only = option('--only', undefined);
const flagValues = new Set(['--seconds', '--runs', '--only'].map((f) => option(f, undefined)));
const targets = process.argv.slice(2).filter((a) => !a.startsWith('--') && !flagValues.has(a));

function fail(message) {
  console.error(`hotloop fuzz: ${message}`);
  process.exit(1);
}

function clang() {
  const found = [process.env.HOTLOOP_SANITIZE_CXX, 'clang++-19', 'clang++'].filter(Boolean)
    .find((cxx) => spawnSync(cxx, ['--version']).status === 0);
  if (!found) fail('libFuzzer needs clang (clang++-19 or clang++ on PATH, or HOTLOOP_SANITIZE_CXX)');
  return found;
}

function run(cmd, args, options = {}) {
  const result = spawnSync(cmd, args, { stdio: 'inherit', ...options });
  return result.status ?? 1;
}

const newest = (files) => Math.max(...files.map((f) => statSync(f).mtimeMs));

/** native/core compiled once into an archive for the harnesses (rebuilt when a core file changes). */
function coreArchive(cxx) {
  const core = path.join(root, 'native', 'core');
  const sources = readdirSync(core).filter((f) => f.endsWith('.cc')).map((f) => path.join(core, f));
  const headers = readdirSync(core).filter((f) => f.endsWith('.h')).map((f) => path.join(core, f));
  const objDir = path.join(FUZZ_DIR, 'obj');
  mkdirSync(objDir, { recursive: true });
  const objects = sources.map((source) => {
    const object = path.join(objDir, `${path.basename(source, '.cc')}.o`);
    if (existsSync(object) && statSync(object).mtimeMs >= newest([source, ...headers])) return object;
    // The vector files need no -m flags: native/core/vector_target.h gives clang their target.
    if (run(cxx, [...FLAGS, ...SANITIZERS, '-fsanitize=fuzzer-no-link', '-c', source, '-o', object]) !== 0) fail(`compiling ${source} failed`);
    return object;
  });
  const archive = path.join(FUZZ_DIR, 'libcore.a');
  if (!existsSync(archive) || statSync(archive).mtimeMs < newest(objects)) {
    const ar = cxx.replace(/clang\+\+(-\d+)?$/, (_, v = '') => `llvm-ar${v}`);
    if (run(spawnSync(ar, ['--version']).status === 0 ? ar : 'ar', ['rcs', archive, ...objects]) !== 0) fail('ar failed');
  }
  return archive;
}

function libFuzzer() {
  const cxx = clang();
  const available = readdirSync(HARNESSES).filter((f) => f.endsWith('_fuzz.cc')).map((f) => f.replace(/_fuzz\.cc$/, ''));
  const chosen = targets.length > 0 ? targets : available;
  const unknown = chosen.filter((t) => !available.includes(t));
  if (unknown.length > 0) fail(`unknown fuzz target ${unknown.join(', ')} (known: ${available.join(', ')})`);
  const archive = coreArchive(cxx);
  const headers = readdirSync(HARNESSES).filter((f) => f.endsWith('.h')).map((f) => path.join(HARNESSES, f));
  // Every vector unit this CPU has, best first: the kernels pick theirs from HOTLOOP_SIMD at load.
  const cpu = readFileSync('/proc/cpuinfo', 'utf8');
  const levels = [cpu.includes('avx512f') ? 'avx512' : null, cpu.includes('avx2') ? 'avx2' : null, 'scalar'].filter(Boolean);
  for (const target of chosen) {
    const binary = path.join(FUZZ_DIR, target);
    const harness = path.join(HARNESSES, `${target}_fuzz.cc`);
    if (!existsSync(binary) || statSync(binary).mtimeMs < newest([harness, ...headers, archive])) {
      if (run(cxx, [...FLAGS, ...SANITIZERS, '-fsanitize=fuzzer', harness, archive, '-o', binary]) !== 0) fail(`building the ${target} harness failed`);
    }
    const corpus = path.join(FUZZ_DIR, 'corpus', target);
    const artifacts = path.join(FUZZ_DIR, 'artifacts');
    mkdirSync(corpus, { recursive: true });
    mkdirSync(artifacts, { recursive: true });
    for (const simd of levels) {
      console.log(`hotloop fuzz: ${target} for ${seconds} s with HOTLOOP_SIMD=${simd}`);
      const status = run(binary, [`-max_total_time=${seconds}`, '-print_final_stats=1', `-artifact_prefix=${artifacts}/${target}-${simd}-`, corpus],
        { env: { ...process.env, HOTLOOP_SIMD: simd, ASAN_OPTIONS: 'detect_leaks=0', UBSAN_OPTIONS: 'print_stacktrace=1' } });
      if (status !== 0) fail(`${target} failed with HOTLOOP_SIMD=${simd}; the input is in ${artifacts}/ (replay: HOTLOOP_SIMD=${simd} ${path.relative(root, binary)} <file>)`);
    }
  }
}

if (only !== 'properties') libFuzzer();
if (only !== 'libfuzzer') {
  console.log(`hotloop fuzz: the property suite with ${runs}x its inputs on the sanitizer build`);
  const status = run(process.execPath, [path.join(root, 'scripts', 'test-sanitize.mjs'), 'test/properties.test.ts'],
    { cwd: root, env: { ...process.env, HOTLOOP_PROPERTY_RUNS: String(runs) } });
  if (status !== 0) fail('the property suite failed on the sanitizer build');
}
console.log('hotloop fuzz: no crash, no sanitizer report, no wrong answer');
