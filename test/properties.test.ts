// The property suite (test/properties/): for each module, a child process draws random and extreme
// inputs with fast-check, runs every public batch call on every backend and thread count, and checks
// that they agree and that the module's documented invariants hold. In a child, so that a native
// crash is this test failing with the seed and the input, not the runner dying. Every vector unit
// is checked within the child: the backend table (test/backends.ts) has a row per unit.
//
// HOTLOOP_PROPERTY_SEED=n replays a run; HOTLOOP_PROPERTY_RUNS=k multiplies the number of inputs
// (k = 100 for a long local run); HOTLOOP_PROPERTY_ONLY='pip: shared' runs the matching properties.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Report } from './properties/harness.js';
import { propertyModules } from './properties/modules.js';

const child = fileURLToPath(new URL('./properties/child.ts', import.meta.url));
const repo = fileURLToPath(new URL('..', import.meta.url));

const seed = process.env.HOTLOOP_PROPERTY_SEED ? Number(process.env.HOTLOOP_PROPERTY_SEED) : Math.floor(Math.random() * 2 ** 31);
console.log(`# property suite seed ${seed} (replay with HOTLOOP_PROPERTY_SEED=${seed})`);

// A generous bound for a loaded machine: a hang fails, it does not stall CI (stretched under the
// sanitizers by HOTLOOP_TEST_TIME_SCALE, as test/cli-run.ts).
const CHILD_TIMEOUT_MS = 20 * 60_000 * (Number(process.env.HOTLOOP_TEST_TIME_SCALE) || 1);

const runScale = process.env.HOTLOOP_PROPERTY_RUNS ? Number(process.env.HOTLOOP_PROPERTY_RUNS) : 1;

function envFor(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, HOTLOOP_PROPERTY_SEED: String(seed), HOTLOOP_PROPERTY_RUNS: String(runScale), ...extra };
}

function runChild(module: string, env: NodeJS.ProcessEnv) {
  return spawnSync(process.execPath, ['--import', 'tsx', child, module], { cwd: repo, env, encoding: 'utf8', timeout: CHILD_TIMEOUT_MS, maxBuffer: 64 << 20 });
}

/** The command that reruns one module (and optionally one property at one path) as this run did. */
function replay(module: string, only?: string, path?: string): string {
  const vars = [`HOTLOOP_PROPERTY_SEED=${seed}`, `HOTLOOP_PROPERTY_RUNS=${runScale}`];
  if (only) vars.push(`HOTLOOP_PROPERTY_ONLY='${only}'`);
  if (path) vars.push(`HOTLOOP_PROPERTY_PATH=${path}`);
  return `${vars.join(' ')} node --import tsx test/properties/child.ts ${module}`;
}

/** After a crash: the same seed again, printing every input first; the last one printed is the culprit. */
function describeCrash(module: string, first: ReturnType<typeof runChild>): string {
  const traced = runChild(module, envFor({ HOTLOOP_PROPERTY_TRACE: '1' }));
  const lines = (traced.stderr ?? '').split('\n');
  const lastProperty = lines.filter((l) => l.startsWith('property ')).pop()?.slice('property '.length);
  const lastInput = lines.filter((l) => l.startsWith('input ')).pop()?.slice('input '.length);
  const status = (r: ReturnType<typeof runChild>) => (r.signal ? `signal ${r.signal}` : r.error ? String(r.error) : `exit code ${r.status}`);
  const tail = (first.stderr ?? '').split('\n').filter((l) => !l.startsWith('input ')).slice(-30).join('\n');
  return [
    `the ${module} property child died (${status(first)}; replayed with tracing: ${status(traced)})`,
    `property: ${lastProperty ?? '(before the first property)'}`,
    `input: ${lastInput ?? '(none)'}`,
    `replay: ${replay(module, lastProperty)}`,
    `stderr:\n${tail}`,
  ].join('\n');
}

for (const module of Object.keys(propertyModules)) {
  describe(`properties: ${module}`, () => {
    it('hold for random and extreme inputs on every backend and vector unit', () => {
      const run = runChild(module, envFor());
      const line = (run.stdout ?? '').trim().split('\n').pop() ?? '';
      let report: Report | undefined;
      try {
        report = JSON.parse(line) as Report;
      } catch {
        report = undefined;
      }
      if (run.status !== 0 || !report) assert.fail(describeCrash(module, run));
      const failures = report.failures.map((f) =>
        [`${f.property}: ${f.error}`, `  counterexample: ${f.counterexample}`, `  replay: ${replay(module, f.property, f.path)}`].join('\n'));
      assert.equal(failures.length, 0, `seed ${seed}, ${report.failures.length} of ${report.properties} properties failed:\n${failures.join('\n')}`);
      assert.ok(report.properties > 0 && report.runs >= report.properties, `no property ran for ${module}`);
    });
  });
}
