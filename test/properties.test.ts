// The property suite (test/properties/): for each module, a child process draws random and extreme
// inputs with fast-check, runs every public batch call on every backend and thread count, and checks
// that they agree and that the module's documented invariants hold. In a child, so that a native
// crash is this test failing with the seed and the input, not the runner dying. On a machine with
// AVX-512 or AVX2 the children run again with HOTLOOP_SIMD capping the vector unit, so every
// vector path is checked.
//
// HOTLOOP_PROPERTY_SEED=n replays a run; HOTLOOP_PROPERTY_RUNS=k multiplies the number of inputs
// (k = 100 for a long local run); HOTLOOP_PROPERTY_ONLY='pip: shared' runs the matching properties.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { nativeInfo } from '../src/backend.js';
import { nativeAvailable } from './backends.js';
import type { Report } from './properties/harness.js';
import { propertyModules } from './properties/modules.js';

const child = fileURLToPath(new URL('./properties/child.ts', import.meta.url));
const repo = fileURLToPath(new URL('..', import.meta.url));

const seed = process.env.HOTLOOP_PROPERTY_SEED ? Number(process.env.HOTLOOP_PROPERTY_SEED) : Math.floor(Math.random() * 2 ** 31);
console.log(`# property suite seed ${seed} (replay with HOTLOOP_PROPERTY_SEED=${seed})`);

// The vector units below the best one: each gets its own children (the unit is chosen at load).
const LOWER: Record<string, string[]> = { avx512: ['avx2', 'scalar'], avx2: ['scalar'] };
const simdRuns: Array<string | undefined> = [undefined, ...(nativeAvailable ? (LOWER[nativeInfo()?.simd ?? ''] ?? []) : [])];

// A generous bound for a loaded machine: a hang fails, it does not stall CI (stretched under the
// sanitizers by HOTLOOP_TEST_TIME_SCALE, as test/cli-run.ts).
const CHILD_TIMEOUT_MS = 20 * 60_000 * (Number(process.env.HOTLOOP_TEST_TIME_SCALE) || 1);

const runScale = process.env.HOTLOOP_PROPERTY_RUNS ? Number(process.env.HOTLOOP_PROPERTY_RUNS) : 1;

// A lower vector unit repeats the TypeScript reference's work for its two native rows: it gets half
// the inputs (the best unit, which users run, gets them all).
function envFor(simd: string | undefined, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, HOTLOOP_PROPERTY_SEED: String(seed), HOTLOOP_PROPERTY_RUNS: String(simd ? runScale / 2 : runScale), ...extra };
  if (simd) env.HOTLOOP_SIMD = simd;
  else delete env.HOTLOOP_SIMD;
  return env;
}

function runChild(module: string, env: NodeJS.ProcessEnv) {
  return spawnSync(process.execPath, ['--import', 'tsx', child, module], { cwd: repo, env, encoding: 'utf8', timeout: CHILD_TIMEOUT_MS, maxBuffer: 64 << 20 });
}

/** The command that reruns one module (and optionally one property at one path) as this run did. */
function replay(module: string, simd: string | undefined, only?: string, path?: string): string {
  const vars = [`HOTLOOP_PROPERTY_SEED=${seed}`, `HOTLOOP_PROPERTY_RUNS=${simd ? runScale / 2 : runScale}`];
  if (simd) vars.push(`HOTLOOP_SIMD=${simd}`);
  if (only) vars.push(`HOTLOOP_PROPERTY_ONLY='${only}'`);
  if (path) vars.push(`HOTLOOP_PROPERTY_PATH=${path}`);
  return `${vars.join(' ')} node --import tsx test/properties/child.ts ${module}`;
}

/** After a crash: the same seed again, printing every input first; the last one printed is the culprit. */
function describeCrash(module: string, simd: string | undefined, first: ReturnType<typeof runChild>): string {
  const traced = runChild(module, envFor(simd, { HOTLOOP_PROPERTY_TRACE: '1' }));
  const lines = (traced.stderr ?? '').split('\n');
  const lastProperty = lines.filter((l) => l.startsWith('property ')).pop()?.slice('property '.length);
  const lastInput = lines.filter((l) => l.startsWith('input ')).pop()?.slice('input '.length);
  const status = (r: ReturnType<typeof runChild>) => (r.signal ? `signal ${r.signal}` : r.error ? String(r.error) : `exit code ${r.status}`);
  const tail = (first.stderr ?? '').split('\n').filter((l) => !l.startsWith('input ')).slice(-30).join('\n');
  return [
    `the ${module} property child died (${status(first)}; replayed with tracing: ${status(traced)})`,
    `property: ${lastProperty ?? '(before the first property)'}`,
    `input: ${lastInput ?? '(none)'}`,
    `replay: ${replay(module, simd, lastProperty)}`,
    `stderr:\n${tail}`,
  ].join('\n');
}

for (const module of Object.keys(propertyModules)) {
  describe(`properties: ${module}`, () => {
    for (const simd of simdRuns) {
      it(`hold for random and extreme inputs on every backend${simd ? ` (HOTLOOP_SIMD=${simd})` : ''}`, () => {
        const run = runChild(module, envFor(simd));
        const line = (run.stdout ?? '').trim().split('\n').pop() ?? '';
        let report: Report | undefined;
        try {
          report = JSON.parse(line) as Report;
        } catch {
          report = undefined;
        }
        if (run.status !== 0 || !report) assert.fail(describeCrash(module, simd, run));
        const failures = report.failures.map((f) =>
          [`${f.property}: ${f.error}`, `  counterexample: ${f.counterexample}`, `  replay: ${replay(module, simd, f.property, f.path)}`].join('\n'));
        assert.equal(failures.length, 0, `seed ${seed}, ${report.failures.length} of ${report.properties} properties failed:\n${failures.join('\n')}`);
        assert.ok(report.properties > 0 && report.runs >= report.properties, `no property ran for ${module}`);
      });
    }
  });
}
