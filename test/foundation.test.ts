// The package's plumbing: backend choice, thread settings, the addon in worker_threads, and the CLI.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { Engine, backend, cubicYRootsSync, findMaxSync, nativeInfo, solveCubic, threads } from '../src/index.js';
import { asyncCall, runNative } from '../src/kernel.js';
import { nativeAvailable } from './backends.js';
import { runCli } from './cli-run.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const workerFile = new URL('./fixtures/worker.ts', import.meta.url).href;

function evalWithEnv(code: string, env: Record<string, string>) {
  return spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
    cwd: root, encoding: 'utf8', env: { ...process.env, ...env },
  });
}

describe('backend selection', () => {
  it('reports the active backend and, with the addon, its vector unit', () => {
    assert.equal(backend(), nativeAvailable ? 'native' : 'js');
    if (nativeAvailable) assert.match(nativeInfo()!.simd, /^(avx512|avx2|scalar)$/);
  });

  it('HOTLOOP_BACKEND=js forces the TypeScript backend without a warning', () => {
    const run = evalWithEnv("import { backend } from './src/index.ts'; console.log(backend());", { HOTLOOP_BACKEND: 'js' });
    assert.equal(run.stdout.trim(), 'js');
    assert.doesNotMatch(run.stderr, /HOTLOOP_NO_ADDON|Warning/);
  });

  it('asking for native when it is forced off is an error that says why', () => {
    const run = evalWithEnv(
      "import { solveCubicsSync } from './src/index.ts'; try { solveCubicsSync([1, 0, 0, -1], { backend: 'native' }); } catch (e) { console.log(e.message); }",
      { HOTLOOP_BACKEND: 'js' },
    );
    assert.match(run.stdout, /native backend is not available: HOTLOOP_BACKEND=js/);
  });

  it('HOTLOOP_THREADS sets the default thread count; an invalid value is a warning and the default is used', () => {
    assert.equal(evalWithEnv("import { threads } from './src/index.ts'; console.log(threads());", { HOTLOOP_THREADS: '3' }).stdout.trim(), '3');
    const bad = evalWithEnv("import os from 'node:os'; import { threads } from './src/index.ts'; console.log(threads() === os.availableParallelism());", { HOTLOOP_THREADS: 'many' });
    assert.equal(bad.stdout.trim(), 'true');
    assert.match(bad.stderr, /Expected integer between 1 and 1024 for HOTLOOP_THREADS but received "many"/);
    assert.ok(threads() >= 1);
  });

  it('a single call stays correct on either backend', () => {
    assert.deepEqual(solveCubic(1, -6, 11, -6).length, 3);
  });
});

describe('typed arrays on a SharedArrayBuffer', () => {
  const shared = (values: number[]) => {
    const array = new Float64Array(new SharedArrayBuffer(8 * values.length));
    array.set(values);
    return array;
  };
  for (const which of ['js', 'native'] as const) {
    it(`are read in place by the ${which} backend`, { skip: which === 'native' && !nativeAvailable ? 'native addon not built' : false }, () => {
      assert.deepEqual(Array.from(findMaxSync({ data: shared([3, 9, 4, 7, 1, 8]), rows: 2, cols: 3 }, { backend: which })), [7, 9, 8]);
      assert.deepEqual(Array.from(cubicYRootsSync(shared([-0.5, 1]), shared([1, 2.5]), { backend: which }).count), [3, 1]);
      const engine = new Engine({ type: 'Polygon', coordinates: [[[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]]] });
      assert.deepEqual(Array.from(engine.pipN(shared([5, 50]), shared([5, 5]), { backend: which })), [0, -1]);
    });
  }
});

describe('native async errors', () => {
  it('carry the JavaScript stack of the call that started them', async function callerOfTheKernel() {
    const failing = () => Promise.reject(Object.assign(new Error('kernel failed'), { stack: 'Error: kernel failed' }));
    await assert.rejects(runNative(asyncCall({}), failing), (error: Error) => /callerOfTheKernel/.test(error.stack ?? ''));
    await assert.rejects(runNative(asyncCall({ onProgress() {} }), failing), (error: Error) => /kernel failed\n.*callerOfTheKernel/s.test(error.stack ?? ''));
  });
});

describe('native addon in worker_threads', { skip: nativeAvailable ? false : 'native addon not built' }, () => {
  it('loads and runs in several workers at once, each with its own pool, and unloads cleanly', async () => {
    const coeffs = [1, -6, 11, -6, 1, 0, 0, -8];
    const runWorker = () =>
      new Promise<{ backend: string; roots: number[] }>((resolve, reject) => {
        // The worker registers tsx itself: Node 20 does not apply --import to workers.
        const script = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(workerFile)}); })`;
        const worker = new Worker(script, { eval: true, workerData: { coeffs } });
        worker.once('message', (message) => {
          resolve(message);
          void worker.terminate();
        });
        worker.once('error', reject);
      });
    const results = await Promise.all([runWorker(), runWorker(), runWorker()]);
    for (const result of results) {
      assert.equal(result.backend, 'native');
      assert.equal(result.roots.length, 6);
    }
    // The main environment is unaffected by the workers' teardown.
    assert.deepEqual(solveCubic(1, 0, 0, -8), [2]);
  });

  it('survives workers terminated while native async calls of every module run', () => {
    // In a child process: an abort there would otherwise take the test runner down with it.
    const fixture = new URL('./fixtures/terminated-worker.ts', import.meta.url).href;
    const boot = `import('tsx/esm/api').then((t) => { t.register(); return import(${JSON.stringify(fixture)}); })`;
    const code = `
      import { Worker } from 'node:worker_threads';
      for (let i = 0; i < 3; i++) {
        const worker = new Worker(${JSON.stringify(boot)}, { eval: true });
        await new Promise((resolve, reject) => { worker.once('message', resolve); worker.once('error', reject); });
        await new Promise((resolve) => setTimeout(resolve, 20 * i));
        await worker.terminate();
      }
      console.log('alive');`;
    // The bound stretches under the sanitizers (HOTLOOP_TEST_TIME_SCALE, as test/cli-run.ts).
    const timeout = 120_000 * (Number(process.env.HOTLOOP_TEST_TIME_SCALE) || 1);
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', code], { cwd: root, encoding: 'utf8', timeout });
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout.trim(), 'alive');
  });
});

describe('CLI', () => {
  it('prints help for the program and every command, exit 0', () => {
    const top = runCli(['--help']);
    assert.equal(top.status, 0);
    for (const command of ['info', 'demo', 'cubic']) {
      assert.match(top.stdout, new RegExp(`\\b${command}\\b`));
      const help = runCli([command, '--help']);
      assert.equal(help.status, 0, `${command} --help`);
      assert.match(help.stdout, /Usage: hotloop/);
    }
  });

  it('info --json names the backend, threads and why native is missing', () => {
    const run = runCli(['info', '--json']);
    assert.equal(run.status, 0);
    const info = JSON.parse(run.stdout);
    assert.equal(info.backend, backend());
    assert.ok(info.threads >= 1);
    const forced = JSON.parse(runCli(['info', '--json'], { HOTLOOP_BACKEND: 'js' }).stdout);
    assert.equal(forced.backend, 'js');
    assert.match(forced.nativeUnavailable, /HOTLOOP_BACKEND=js/);
  });

  it('bad usage exits 2 with one line and no stack; --debug adds the stack', () => {
    for (const args of [['nosuchcommand'], ['cubic', '1', '2'], ['cubic', '1', 'x', '3', '4'], ['demo', '--only', 'nothing'], ['info', '--bogus']]) {
      const run = runCli(args);
      assert.equal(run.status, 2, args.join(' '));
      assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack trace');
    }
    const debug = runCli(['cubic', '1', 'x', '3', '4', '--debug']);
    assert.equal(debug.status, 2);
    assert.match(debug.stderr, /\n\s+at /);
  });

  it('cubic prints the roots', () => {
    assert.deepEqual(runCli(['cubic', '--x0', '-0.5', '--y0', '1']).stdout.trim().split('\n'), ['-2', '1', '1']);
    assert.deepEqual(JSON.parse(runCli(['cubic', '0', '1', '-3', '2', '--json']).stdout), { roots: [1, 2] });
    assert.equal(runCli(['cubic', '1', '0', '1', '0.5']).status, 0);
    assert.equal(runCli(['cubic', '0', '0', '0', '0']).status, 2);
  });

  it('demo runs every module on built-in data', () => {
    const run = runCli(['demo', '--json']);
    assert.equal(run.status, 0, run.stderr);
    const report = JSON.parse(run.stdout);
    assert.ok(report.demos.length >= 1);
    assert.ok(report.demos.every((d: { lines: string[]; ms: number }) => d.lines.length > 0 && d.ms >= 0));
  });

  it('the installed bin runs the compiled CLI', { skip: existsSync(`${root}/dist/src/cli/main.js`) ? false : 'dist/ not built' }, () => {
    const run = spawnSync(process.execPath, [`${root}/bin/hotloop.js`, 'cubic', '1', '-6', '11', '-6', '--json'], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    assert.equal(JSON.parse(run.stdout).roots.length, 3);
  });
});

describe('without the addon', () => {
  // A copy of the package without build/, as after a failed native build.
  const bare = mkdtempSync(path.join(os.tmpdir(), 'hotloop-bare-'));
  for (const entry of ['src', 'package.json', 'binding.gyp']) cpSync(path.join(root, entry), path.join(bare, entry), { recursive: true });
  symlinkSync(path.join(root, 'node_modules'), path.join(bare, 'node_modules'));
  after(() => rmSync(bare, { recursive: true, force: true }));
  // Nor an addon named from outside (npm run test:sanitize names its build in HOTLOOP_ADDON_PATH).
  const env = { ...process.env };
  delete env.HOTLOOP_ADDON_PATH;

  it('serves from TypeScript and warns once, at the first call that falls back', () => {
    const code = "import { backend, solveCubicsSync } from './src/index.ts'; console.log(backend()); solveCubicsSync([1, 0, 0, -8]); solveCubicsSync([1, 0, 0, -1]);";
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { cwd: bare, env, encoding: 'utf8' });
    assert.equal(run.stdout.trim(), 'js');
    assert.equal(run.stderr.match(/HOTLOOP_NO_ADDON/g)?.length, 1, run.stderr);
    assert.match(run.stderr, /npm run build:native/);
  });

  it('keeps CLI errors to one line, and info says why native is missing', () => {
    const cli = (args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', path.join(bare, 'src/cli/main.ts'), ...args], { cwd: bare, env, encoding: 'utf8' });
    const bad = cli(['cubic', '1', 'x', '3', '4']);
    assert.equal(bad.status, 2);
    assert.equal(bad.stderr.trim().split('\n').length, 1, bad.stderr);
    const info = JSON.parse(cli(['info', '--json']).stdout);
    assert.equal(info.backend, 'js');
    assert.match(info.nativeUnavailable, /not built|build/);
  });
});
