#!/usr/bin/env node
// Checks that native/core stays portable to WebAssembly: every core file except the std::thread
// pool compiles for wasm32 with -fno-exceptions (the wasm C++ runtime has none) and SIMD128.
// Needs clang-19 with the wasm32-wasi sysroot (Debian: clang-19, libc++-19-dev-wasm32); without
// it, says so and exits 0. Exits 1 listing the files that do not compile.
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const compiler = process.env.CLANG ?? 'clang-19';
// Native only: std::thread does not exist in the wasm build, which brings its own Parallel.
const NATIVE_ONLY = new Set(['thread_pool.cc']);

if (spawnSync(compiler, ['--version'], { encoding: 'utf8' }).status !== 0) {
  console.log(`wasm32 check skipped: ${compiler} not found (apt-get install clang-19 libc++-19-dev-wasm32)`);
  process.exit(0);
}

const core = path.join(root, 'native', 'core');
const files = readdirSync(core).filter((name) => name.endsWith('.cc') && !NATIVE_ONLY.has(name)).sort();
const flags = ['--target=wasm32-wasi', '-std=c++17', '-fno-exceptions', '-msimd128', '-ffp-contract=off', '-O0', `-I${path.join(root, 'native')}`];
function compile(name) {
  return new Promise((resolve) => {
    const child = spawn(compiler, [...flags, '-c', path.join(core, name), '-o', '/dev/null'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let errors = '';
    child.stderr.on('data', (chunk) => (errors += chunk));
    child.on('close', (code) => resolve(code === 0 ? null : `${name}:\n${errors.trim().split('\n').slice(0, 6).join('\n')}`));
  });
}

const failed = [];
const queue = [...files];
const workers = Array.from({ length: Math.min(os.availableParallelism(), queue.length) }, async () => {
  for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
    const failure = await compile(name);
    if (failure) failed.push(failure);
  }
});
await Promise.all(workers);
if (failed.length > 0) {
  console.error(`native/core files that do not compile for wasm32 -fno-exceptions:\n${failed.join('\n')}`);
  process.exit(1);
}
console.log(`wasm32 check: ${files.length} native/core files compile with -fno-exceptions -msimd128`);
