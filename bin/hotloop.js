#!/usr/bin/env node
// The CLI lives in TypeScript compiled to dist/ at `npm install` (the `prepare` script).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const main = new URL('../dist/src/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(main))) {
  process.stderr.write('hotloop: dist/ is missing; run `npm run build:ts` (or `npm install`) in the package folder.\n');
  process.exit(1);
}
await import(main.href);
