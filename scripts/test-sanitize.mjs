#!/usr/bin/env node
// `npm run test:sanitize [-- test/<file>.test.ts ...]`: builds the addon with AddressSanitizer and
// UndefinedBehaviorSanitizer (scripts/build-sanitize.mjs, into build-sanitize/), then runs the test
// suite (or the files given) on it. Passes only when the tests pass and the sanitizers wrote no
// report, in this process or in any child a test started: every report goes to a file under
// build-sanitize/reports/, which is listed at the end.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SANITIZE_ADDON, SANITIZE_DIR, buildSanitized, sanitizerEnv } from './build-sanitize.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const reports = path.join(SANITIZE_DIR, 'reports');

function fail(message) {
  console.error(`hotloop test:sanitize: ${message}`);
  process.exit(1);
}

try {
  buildSanitized();
} catch (error) {
  fail(error.message);
}
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });
const env = sanitizerEnv(reports);

// The tests skip their native cases when no addon loads: make sure this one does, under the sanitizers.
const probe = "import { nativeOrigin } from './src/native-loader.js'; import { backend } from './src/backend.js'; console.log(JSON.stringify({ backend: backend(), file: nativeOrigin()?.loaded?.file }));";
const check = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', probe], { cwd: root, env, encoding: 'utf8' });
const loaded = check.status === 0 ? JSON.parse(check.stdout.trim().split('\n').pop()) : undefined;
if (loaded?.backend !== 'native' || loaded.file !== SANITIZE_ADDON) {
  fail(`the sanitizer build did not load (${check.stderr.trim().split('\n').slice(-3).join(' ') || JSON.stringify(loaded)})`);
}

// package.test.ts packs hotloop and builds and loads an addon of its own in a scratch folder, never
// this one: under the sanitizers it would only take minutes (the compiler runs with ASan preloaded).
const NOT_SANITIZED = new Set(['package.test.ts']);
const files = process.argv.slice(2).length > 0
  ? process.argv.slice(2)
  : readdirSync(path.join(root, 'test')).filter((name) => name.endsWith('.test.ts') && !NOT_SANITIZED.has(name)).sort().map((name) => path.join('test', name));
console.log(`hotloop test:sanitize: ${files.length} test files on ${path.relative(root, SANITIZE_ADDON)}; reports go to ${path.relative(root, reports)}/`);
const started = Date.now();
const tests = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', ...files], { cwd: root, env, stdio: 'inherit' });
const minutes = ((Date.now() - started) / 60_000).toFixed(1);

const found = readdirSync(reports).sort();
for (const name of found) {
  console.error(`\n==== ${path.join(path.relative(root, reports), name)} ====`);
  console.error(readFileSync(path.join(reports, name), 'utf8').split('\n').slice(0, 80).join('\n'));
}
if (found.length > 0) fail(`${found.length} sanitizer report(s), listed above (tests took ${minutes} min)`);
if (tests.status !== 0) fail(`the tests failed under the sanitizers (exit ${tests.status ?? tests.signal}, ${minutes} min); no sanitizer report was written`);
console.log(`hotloop test:sanitize: tests passed, no sanitizer report (${minutes} min)`);
