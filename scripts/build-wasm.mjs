#!/usr/bin/env node
// `npm run build:wasm`: compiles native/core (the kernels the wasm backend serves) and native/wasm
// (its exports) into dist/wasm/hotloop.wasm with Debian's clang-19 and wasm-ld-19: wasm32, SIMD128,
// atomics and bulk memory for a shared memory the module imports (env.memory), no WASI at run time.
// Without clang-19 it says so in one line and exits 0 (the wasm backend is then unavailable; `npm
// install` never fails for it). --strict (CI) fails instead. Rebuilds only when a source is newer
// than the module (--force always). Fails if the module imports anything but env.memory. Prints
// to stderr only: `npm pack --json` (which runs prepare) prints its JSON on stdout.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const compiler = process.env.CLANG ?? 'clang-19';
const strict = process.argv.includes('--strict');
const force = process.argv.includes('--force');
export const WASM_OUTPUT = path.join('dist', 'wasm', 'hotloop.wasm');

// The core files the exports use (native/wasm/exports.cc); the rest of native/core is checked for
// wasm32 by scripts/check-wasm-core.mjs.
const CORE = ['julia.cc', 'julia_simd128.cc', 'cubic.cc', 'cubic_simd128.cc', 'cubic_careful.cc', 'cubic_exact.cc', 'pip.cc', 'pip_orient.cc', 'pip_simd128.cc', 'lum.cc', 'polymatch.cc', 'polymatch_grid.cc', 'polymatch_scan.cc', 'png_rows.cc', 'reduce.cc'];
const sources = [
  ...CORE.map((name) => path.join(root, 'native', 'core', name)),
  ...readdirSync(path.join(root, 'native', 'wasm')).filter((name) => name.endsWith('.cc')).map((name) => path.join(root, 'native', 'wasm', name)),
];
const headers = ['core', 'wasm'].flatMap((dir) =>
  readdirSync(path.join(root, 'native', dir)).filter((name) => name.endsWith('.h')).map((name) => path.join(root, 'native', dir, name)),
);

// Pages of 64 KiB: 1 MiB of stack for the calling thread plus data; JavaScript allocates the rest
// (src/wasm/heap.ts) and grows the memory up to 4 GiB, the wasm32 limit.
export const INITIAL_PAGES = 32;
const flags = [
  '--target=wasm32-wasi',
  '-O3',
  '-std=c++17',
  '-fno-exceptions',
  '-fno-rtti',
  '-msimd128',
  '-matomics',
  '-mbulk-memory',
  '-ffp-contract=off',
  `-I${path.join(root, 'native')}`,
  '-nostartfiles',
  '-Wl,--no-entry',
  '-Wl,--import-memory',
  '-Wl,--shared-memory',
  `-Wl,--initial-memory=${INITIAL_PAGES * 65536}`,
  '-Wl,--max-memory=4294967296',
  '-Wl,-z,stack-size=1048576',
  '-Wl,--export=__stack_pointer',
  '-Wl,--export=__heap_base',
  '-Wl,--strip-debug',
];

function skip(reason) {
  if (strict) {
    console.error(`build:wasm failed: ${reason}`);
    process.exit(1);
  }
  console.error(`wasm backend not built: ${reason}`);
  process.exit(0);
}

if (spawnSync(compiler, ['--version'], { encoding: 'utf8' }).status !== 0) {
  skip(`${compiler} not found (apt-get install clang-19 lld-19 libc++-19-dev-wasm32 libclang-rt-19-dev-wasm32)`);
}
const output = path.join(root, WASM_OUTPUT);
const newest = Math.max(...[...sources, ...headers, fileURLToPath(import.meta.url)].map((file) => statSync(file).mtimeMs));
if (!force && existsSync(output) && statSync(output).mtimeMs >= newest) {
  console.error(`wasm backend up to date: ${WASM_OUTPUT}`);
  process.exit(0);
}
mkdirSync(path.dirname(output), { recursive: true });
const temporary = `${output}.${process.pid}.tmp`;
const result = spawnSync(compiler, [...flags, ...sources, '-o', temporary], { encoding: 'utf8' });
if (result.status !== 0) {
  console.error(result.stderr.trim().split('\n').slice(0, 30).join('\n'));
  skip(`${compiler} failed (above)`);
}
const imports = WebAssembly.Module.imports(new WebAssembly.Module(readFileSync(temporary)));
const extra = imports.filter((entry) => !(entry.module === 'env' && entry.name === 'memory'));
if (extra.length > 0) {
  console.error(`build:wasm: the module must import only env.memory but imports ${extra.map((entry) => `${entry.module}.${entry.name}`).join(', ')}`);
  process.exit(1);
}
renameSync(temporary, output);
console.error(`wasm backend built: ${WASM_OUTPUT} (${Math.round(statSync(output).size / 1024)} KiB)`);
