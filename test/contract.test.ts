// The kernel contract and the glue every module shares: the addon against its typed contract, the
// dispatcher's cancellation and progress, inputs transferred during async calls, the environment
// variables, and native/core's portability to wasm32.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ADDON_ARITY } from '../src/addon.js';
import { nativeAddon } from '../src/backend.js';
import { Engine, argMax, cubicYRoots, findMax, findMaxSync, julia, matchPoints, generateExampleSet, solveCubics } from '../src/index.js';
import { asyncCall, defineKernel, runAsync } from '../src/kernel.js';
import { backendHooks, backends, nativeAvailable, useBackend, wasmAvailable } from './backends.js';
import { runCli } from './cli-run.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const square = { type: 'Polygon', coordinates: [[[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]]] };

function evalWithEnv(code: string, env: Record<string, string>, nodeFlags: string[] = []) {
  return spawnSync(process.execPath, [...nodeFlags, '--import', 'tsx', '--input-type=module', '-e', code], {
    cwd: root, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 120_000,
  });
}

describe('the addon against its contract (src/addon.ts)', { skip: nativeAvailable ? false : 'native addon not built' }, () => {
  it('exports exactly the contract, each function with the declared argument count', () => {
    const addon = nativeAddon() as unknown as Record<string, unknown>;
    assert.deepEqual(Object.keys(addon).sort(), Object.keys(ADDON_ARITY).sort());
    for (const [name, arity] of Object.entries(ADDON_ARITY)) {
      assert.equal(typeof addon[name], 'function', name);
      assert.equal((addon[name] as (...args: unknown[]) => unknown).length, arity, name);
    }
  });

  it('names the binding and the parameter when a call is wrong', () => {
    const addon = nativeAddon();
    const f = new Float64Array(4);
    assert.throws(() => addon.solveCubicsSync(f, new Float64Array(3), new Int8Array(1) as never, 1), {
      name: 'TypeError',
      message: 'hotloop native: solveCubics: wrong typed array for counts: expected Uint8Array but received Int8Array',
    });
    assert.throws(() => addon.solveCubicsSync(f, new Float64Array(3), new Uint8Array(1), 0), {
      name: 'RangeError',
      message: 'hotloop native: solveCubics: threads must be an integer between 1 and 1024',
    });
    assert.throws(() => addon.solveCubicsAsync(f, new Float64Array(3), new Uint8Array(1), 1, new Int32Array(2)), /control needs 3 slots/);
    assert.throws(() => addon.capSimd('sse' as never), /level must be 'scalar', 'avx2' or 'avx512'/);
  });
});

describe('async calls: a throwing onProgress rejects the call with its error', () => {
  const n = 400_000;
  const lon = new Float64Array(n).map((_, i) => (i % 2000) / 100);
  const lat = new Float64Array(n).map((_, i) => (i % 1700) / 100);
  const { polygons, points, maxDist } = generateExampleSet({ polygons: 20_000, points: 200_000, span: 300 });
  for (const b of backends) {
    describe(b.name, () => {
      backendHooks(b);
      const calls: Array<[string, (onProgress: (f: number) => void) => Promise<unknown>]> = [
        ['solveCubics', (onProgress) => solveCubics(new Float64Array(4 * n).fill(1), { ...b.options, onProgress })],
        ['cubicYRoots', (onProgress) => cubicYRoots(lon, lat, { ...b.options, onProgress })],
        ['julia', (onProgress) => julia({ ...b.options, resolution: 300, onProgress })],
        ['Engine#locate', (onProgress) => new Engine(square).locate({ lon, lat }, { ...b.options, onProgress })],
        ['Engine#pipAll', (onProgress) => new Engine([square, square]).pipAll({ lon, lat }, { ...b.options, onProgress })],
        ['Engine#count', (onProgress) => new Engine(square).count({ lon, lat }, { ...b.options, onProgress })],
        ['findMax', (onProgress) => findMax({ data: lon, rows: 400, cols: 1000 }, { ...b.options, onProgress })],
        ['argMax', (onProgress) => argMax({ data: lat, rows: 1000, cols: 400 }, { ...b.options, axis: 1, onProgress })],
        ['matchPoints', (onProgress) => matchPoints(polygons, points, { maxDist, ...b.options, onProgress })],
      ];
      for (const [name, call] of calls) {
        it(name, async () => {
          const marker = new Error(`onProgress of ${name} failed`);
          await assert.rejects(call(() => { throw marker; }), (error) => error === marker);
        });
      }
    });
  }

  it('stops a native kernel that would otherwise run for hours', { skip: nativeAvailable ? false : 'native addon not built' }, async () => {
    // c = 0: no pixel of the unit disk ever escapes; only the stop flag can end this render.
    const marker = new Error('enough');
    const render = julia({ backend: 'native', threads: 2, c: [0, 0], xMin: -0.5, xMax: 0.5, yMin: -0.5, yMax: 0.5, resolution: 64, itermax: 4e9, onProgress: () => { throw marker; } });
    await assert.rejects(render, (error) => error === marker);
  });

  it('stops the TypeScript steps at the first throw', async () => {
    let steps = 0;
    const counting = defineKernel({
      native: 'solveCubics',
      args: () => ({ inputs: [new Float64Array(0)], outputs: [new Float64Array(0), new Uint8Array(0)], scalars: [] }),
      units: () => 1e9,
      step: 1,
      js: () => {
        steps++;
        const until = Date.now() + 5;
        while (Date.now() < until);
      },
    });
    const marker = new Error('stop here');
    await assert.rejects(runAsync(counting, {}, asyncCall({ backend: 'js', onProgress: () => { throw marker; } })), (error) => error === marker);
    const seen = steps;
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(steps, seen, 'no step runs after the rejection');
    assert.ok(seen < 1000);
  });

  it('reports fractions within 0..1 that never go back, ending at 1', { skip: nativeAvailable ? false : 'native addon not built' }, async () => {
    const seen: number[] = [];
    await julia({ backend: 'native', threads: 2, resolution: 1500, itermax: 3000, xMin: -1.6, xMax: 1.6, yMin: -1, yMax: 1, onProgress: (f) => seen.push(f) });
    assert.equal(seen.at(-1), 1);
    for (let i = 0; i < seen.length; i++) {
      assert.ok(seen[i] >= 0 && seen[i] <= 1, `fraction ${seen[i]}`);
      if (i > 0) assert.ok(seen[i] >= seen[i - 1], `fraction went back from ${seen[i - 1]} to ${seen[i]}`);
    }
  });
});

describe('inputs transferred while an async call runs', () => {
  // In a child process with the collector exposed: a use-after-free would kill it, not the runner.
  it('never crash the process: the transfer copies or throws, and the results are those of the sync call', () => {
    const code = `
      import { MessageChannel } from 'node:worker_threads';
      import { Engine, cubicYRoots, cubicYRootsSync, findMax, findMaxSync } from './src/index.ts';
      import { backend } from './src/backend.ts';
      const n = 3_000_000;
      const fresh = () => new Float64Array(n).map((_, i) => (i % 1000) / 50);
      const square = { type: 'Polygon', coordinates: [[[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]]] };
      const steal = (array) => {
        const outcome = [];
        try { structuredClone(array.buffer, { transfer: [array.buffer] }); outcome.push('cloned'); } catch (e) { outcome.push(e.name); }
        const { port1, port2 } = new MessageChannel();
        try { port1.postMessage(array.buffer, [array.buffer]); outcome.push('posted'); } catch (e) { outcome.push(e.name); }
        port1.close(); port2.close();
        globalThis.gc();
        return outcome;
      };
      const same = (a, b) => a.length === b.length && a.every((v, i) => Object.is(v, b[i]));
      const report = {};
      for (const which of ['js', ...(backend() === 'native' ? ['native'] : [])]) {
        const options = { backend: which, threads: 2 };
        const data = fresh();
        const expected = findMaxSync({ data, rows: 3000, cols: 1000 }, options);
        const reducing = findMax({ data, rows: 3000, cols: 1000 }, options);
        const reduceOutcome = steal(data);
        const reduced = await reducing;
        const lon = fresh(), lat = fresh();
        const engine = new Engine(square);
        const zones = engine.locateSync({ lon, lat }, options);
        const locating = engine.locate({ lon, lat }, options);
        const locateOutcome = [...steal(lon), ...steal(lat)];
        const located = await locating;
        const x0 = fresh(), y0 = fresh();
        const roots = cubicYRootsSync(x0, y0, options).roots;
        const solving = cubicYRoots(x0, y0, options);
        const solveOutcome = steal(x0);
        const solved = await solving;
        report[which] = {
          outcomes: [...new Set([...reduceOutcome, ...locateOutcome, ...solveOutcome])],
          attached: data.length === n && lon.length === n && x0.length === n,
          same: same(reduced, expected) && same(located, zones) && same(solved.roots, roots),
        };
      }
      console.log(JSON.stringify(report));`;
    const run = evalWithEnv(code, {}, ['--expose-gc']);
    assert.equal(run.status, 0, `exit ${run.status} ${run.signal ?? ''}: ${run.stderr}`);
    const report = JSON.parse(run.stdout.trim().split('\n').pop()!);
    for (const [which, r] of Object.entries(report) as Array<[string, { outcomes: string[]; attached: boolean; same: boolean }]>) {
      // Node 20 copies an untransferable buffer; Node 21+ throws a DataCloneError. Either way it stays ours.
      assert.ok(r.outcomes.every((o) => o === 'cloned' || o === 'posted' || o === 'DataCloneError'), `${which}: ${r.outcomes}`);
      assert.equal(r.attached, true, which);
      assert.equal(r.same, true, which);
    }
  });
});

describe('inputs on a resizable ArrayBuffer', () => {
  // Shrinking the buffer under a native async kernel crashed the process (SIGSEGV): async calls
  // refuse such inputs; the sync forms (no JavaScript runs meanwhile) read them as usual.
  for (const b of backends) {
    it(`are refused by async calls and read by sync ones (${b.name})`, async () => {
      useBackend(b);
      const values = [3, 9, 4, 7, 1, 8];
      const Resizable = ArrayBuffer as unknown as new (bytes: number, options: { maxByteLength: number }) => ArrayBuffer;
      const resizable = new Float64Array(new Resizable(48, { maxByteLength: 96 }));
      resizable.set(values);
      const matrix = { data: resizable, rows: 2, cols: 3 };
      await assert.rejects(findMax(matrix, b.options), { name: 'TypeError', message: /Expected typed arrays on fixed-length buffers .* resizable ArrayBuffer/ });
      await assert.rejects(new Engine(square).locate({ lon: resizable, lat: new Float64Array(6) }, b.options), { name: 'TypeError', message: /resizable/ });
      assert.deepEqual(Array.from(findMaxSync(matrix, b.options)), [7, 9, 8]);
    });
  }
});

describe('environment variables: an invalid value is a warning, and the default is used', () => {
  it('HOTLOOP_BACKEND', () => {
    const run = evalWithEnv("import { backend, solveCubicsSync } from './src/index.ts'; solveCubicsSync([1, 0, 0, -1]); console.log(backend());", { HOTLOOP_BACKEND: 'gpu' });
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout.trim(), nativeAvailable ? 'native' : wasmAvailable ? 'wasm' : 'js');
    assert.match(run.stderr, /Ignoring HOTLOOP_BACKEND: Expected one of native, wasm, js, auto for HOTLOOP_BACKEND but received "gpu".*using the default, auto/);
  });

  it('HOTLOOP_BACKEND=wasm makes wasm the default backend', { skip: wasmAvailable ? false : 'hotloop.wasm not built' }, () => {
    const run = evalWithEnv("import { backend, juliaSync } from './src/index.ts'; juliaSync({ resolution: 20 }); console.log(backend());", { HOTLOOP_BACKEND: 'wasm' });
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout.trim(), 'wasm');
    assert.equal(run.stderr, '', 'no fallback warning when wasm is asked for');
  });

  it('HOTLOOP_SIMD caps the vector unit, and a bogus value is ignored', { skip: nativeAvailable ? false : 'native addon not built' }, () => {
    const code = "import { nativeInfo } from './src/index.ts'; console.log(nativeInfo().simd, nativeInfo().simdDetected);";
    const capped = evalWithEnv(code, { HOTLOOP_SIMD: 'scalar' });
    assert.equal(capped.stdout.trim().split(' ')[0], 'scalar');
    const bogus = evalWithEnv(code, { HOTLOOP_SIMD: 'bogus' });
    const [used, detected] = bogus.stdout.trim().split(' ');
    assert.equal(used, detected);
    assert.match(bogus.stderr, /Ignoring HOTLOOP_SIMD: Expected one of scalar, avx2, avx512 for HOTLOOP_SIMD but received "bogus"/);
  });

  it('HOTLOOP_THREADS: `hotloop info` still works and says what it ignored', () => {
    for (const value of ['abc', '0', '0x10', '2000']) {
      const run = runCli(['info', '--json'], { HOTLOOP_THREADS: value });
      assert.equal(run.status, 0, run.stderr);
      assert.ok(JSON.parse(run.stdout).threads >= 1);
      assert.match(run.stderr, new RegExp(`Ignoring HOTLOOP_THREADS: Expected integer between 1 and 1024 for HOTLOOP_THREADS but received "${value}"`));
    }
  });
});

describe('native/core stays portable to wasm32', () => {
  const clang = spawnSync('clang-19', ['--version']).status === 0;
  it('every core file but the thread pool compiles with -fno-exceptions -msimd128', { skip: clang ? false : 'clang-19 not installed' }, async () => {
    const child = spawn(process.execPath, [fileURLToPath(new URL('../scripts/check-wasm-core.mjs', import.meta.url))], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const code = await new Promise((resolve) => child.on('close', resolve));
    assert.equal(code, 0, output);
    assert.match(output, /native\/core files compile/);
  });
});
