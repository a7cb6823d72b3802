#!/usr/bin/env node
// `npm run build:web`: the Julia explorer (web/) as a static folder, dist/web/: index.html,
// style.css, main.js and julia-worker.js (ES modules bundled by esbuild, with the parts of src/ they
// use). Any static host serves it; `hotloop explore` serves it with the cross-origin-isolation
// headers. A build output: never committed, shipped in the package at pack time (prepack).
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
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
console.error(`hotloop build:web: wrote ${path.relative(root, out)}/`);
