#!/usr/bin/env node
// `npm run build:web`: the Julia explorer (web/) as a static folder, dist/web/: index.html,
// style.css, main.js and julia-worker.js (ES modules bundled by esbuild, with the parts of src/ they
// use). Any static host serves it; `hotloop explore` serves it with the cross-origin-isolation
// headers. A build output: never committed, shipped in the package at pack time (prepack).
//
// With the WebAssembly backend in the checkout (src/wasm/browser.ts, and dist/wasm/hotloop.wasm from
// `npm run build:wasm`) the folder also gets wasm/: its browser entry, its worker and the module,
// which the page loads at run time (web/wasm-engine.ts); without them the page computes on its
// TypeScript workers. HOTLOOP_WASM_FROM=<checkout> takes those three from another checkout (to try
// the page against a branch of the backend).
import { copyFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const source = path.join(root, 'web');
const out = path.join(root, 'dist', 'web');

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
try {
  await build({
    entryPoints: [path.join(source, 'main.ts'), path.join(source, 'julia-worker.ts')],
    outdir: out,
    bundle: true,
    format: 'esm',
    // Browsers with module workers and ES2022 (Chromium 80+, Firefox 114+, Safari 15+).
    target: ['es2022'],
    platform: 'browser',
    minify: true,
    sourcemap: true,
    logLevel: 'warning',
  });
} catch {
  // esbuild has printed the errors.
  process.exit(1);
}
for (const file of ['index.html', 'style.css']) copyFileSync(path.join(source, file), path.join(out, file));

const wasmRoot = path.resolve(process.env.HOTLOOP_WASM_FROM ?? root);
const wasmEntry = path.join(wasmRoot, 'src', 'wasm', 'browser.ts');
const wasmModule = path.join(wasmRoot, 'dist', 'wasm', 'hotloop.wasm');
let wasmNote = 'no WebAssembly backend in this checkout: the page computes on TypeScript workers';
if (existsSync(wasmEntry) && !existsSync(wasmModule)) {
  wasmNote = `no ${path.relative(root, wasmModule)} (npm run build:wasm): the page computes on TypeScript workers`;
} else if (existsSync(wasmEntry)) {
  try {
    await build({
      entryPoints: { browser: wasmEntry, worker: path.join(wasmRoot, 'src', 'wasm', 'worker-browser.ts') },
      outdir: path.join(out, 'wasm'),
      bundle: true,
      format: 'esm',
      target: ['es2022'],
      platform: 'browser',
      minify: true,
      logLevel: 'warning',
    });
  } catch {
    process.exit(1);
  }
  copyFileSync(wasmModule, path.join(out, 'wasm', 'hotloop.wasm'));
  wasmNote = `with the WebAssembly backend of ${path.relative(root, wasmRoot) || 'this checkout'}`;
}
console.error(`hotloop build:web: wrote ${path.relative(root, out)}/ (${wasmNote})`);
