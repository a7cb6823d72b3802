// The wasm backend's own parts (the module's kernels run through the backend table in every module's
// tests): the heap, zero-copy arrays, errors from the module and its workers, and the browser entry
// (bundled without Node built-ins; its julia equal to the Node API's).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Worker } from 'node:worker_threads';
import { type JuliaImage, alloc, findMax, findMaxSync, free, generateExampleSet, julia, juliaSync, matchPoints, matchPointsSync, solveCubicsSync } from '../src/index.js';
import { wasmRuntime } from '../src/backend.js';
import { Heap } from '../src/wasm/heap.js';
import { handleOver } from '../src/wasm/browser.js';
import type { WasmMemory } from '../src/wasm/engine.js';
import type { WorkerLike } from '../src/wasm/pool.js';
import { WasmRuntime } from '../src/wasm/runtime.js';
import { backends, nativeAvailable, sameBits, wasmAvailable } from './backends.js';

const skip = wasmAvailable ? false : 'hotloop.wasm not built (npm run build:wasm)';

/** A stand-in memory whose growth the engine refuses past `limit` pages. */
function memoryRefusingAfter(pages: number, limit: number): WasmMemory {
  let buffer = new ArrayBuffer(pages * 65536);
  return {
    get buffer() {
      return buffer;
    },
    grow(more: number) {
      if (pages + more > limit) throw new RangeError('WebAssembly.Memory.grow(): Maximum memory size exceeded');
      const old = pages;
      pages += more;
      buffer = new ArrayBuffer(pages * 65536);
      return old;
    },
  };
}

describe('the wasm heap (src/wasm/heap.ts)', () => {
  it('hands out aligned, disjoint blocks and merges freed neighbours', () => {
    const heap = new Heap(memoryRefusingAfter(2, 2), 100);
    const a = heap.alloc(10);
    const b = heap.alloc(100);
    const c = heap.alloc(64);
    for (const start of [a, b, c]) assert.equal(start % 64, 0);
    assert.ok(a >= 100 && b >= a + 64 && c >= b + 128);
    heap.release(b);
    heap.release(a);
    assert.equal(heap.alloc(192), a, 'a and b merged into one block');
    assert.throws(() => heap.release(a + 1), /no allocated block/);
  });

  it('grows the memory by pages, and a refused growth is a RangeError that says how much', () => {
    const heap = new Heap(memoryRefusingAfter(1, 4), 0);
    const big = heap.alloc(3 * 65536);
    assert.equal(big, 0);
    assert.throws(() => heap.alloc(2 * 65536), (error: Error) => error instanceof RangeError && /cannot grow the wasm memory/.test(error.message));
    heap.release(big);
    assert.equal(heap.inUse(), 0);
  });

  it('refuses more than the 4 GiB a wasm32 memory holds', { skip }, () => {
    assert.throws(() => wasmRuntime().alloc(Float64Array, 2 ** 30), (error: Error) => error instanceof RangeError && /exceed 4 GiB/.test(error.message));
  });
});

describe('arrays in the wasm memory (alloc)', { skip }, () => {
  it('are accepted by every backend and read in place by wasm', () => {
    const runtime = wasmRuntime();
    solveCubicsSync(new Float64Array(4), { backend: 'wasm', threads: 4 }); // starts the workers (their stacks come from the heap)
    const before = runtime.heap.inUse();
    const coeffs = alloc(Float64Array, 4 * 1000);
    assert.ok(runtime.owns(coeffs));
    for (let i = 0; i < coeffs.length; i++) coeffs[i] = ((i * 7919) % 23) - 11;
    const expected = solveCubicsSync(Float64Array.from(coeffs), { backend: 'js' });
    for (const b of backends) {
      const got = solveCubicsSync(coeffs, b.options);
      assert.ok(sameBits(got.roots, expected.roots), b.name);
    }
    free(coeffs);
    assert.equal(runtime.heap.inUse(), before);
    assert.throws(() => runtime.free(new Float64Array(4)), TypeError);
    assert.throws(() => runtime.alloc(Array as never, 4), TypeError);
  });

  it('a call frees every block it allocated, also when it fails', () => {
    const runtime = wasmRuntime();
    const before = runtime.heap.inUse();
    juliaSync({ resolution: 50, backend: 'wasm', smooth: true });
    assert.equal(runtime.heap.inUse(), before);
    const xs = new Float64Array(4);
    assert.throws(
      () => runtime.runSync('julia', { inputs: [xs, xs], outputs: [new Uint8Array(16), undefined], scalars: [0, 0, 4, 10] }),
      /julia: the module refused its arguments/,
    );
    assert.equal(runtime.heap.inUse(), before);
  });
});

describe('errors on the wasm workers', { skip }, () => {
  it('a trap in a worker rejects the call, and the pool serves the next call', async () => {
    const runtime = wasmRuntime();
    const pool = (runtime as unknown as { workers(): { run(name: string, args: number[], threads: number): Promise<number[]> } }).workers();
    // xs far outside the memory: the worker traps on its first load.
    const job = runtime.alloc(Int32Array, 2);
    const args = [0xfffffff0, 16, 8, 0xfffffff0, 16, 8, 0, 256, 4, 0, 0, -1, 0, 0, 4, 10, 0, job.byteOffset];
    await assert.rejects(pool.run('hl_julia', args, 2), /the kernel failed on a worker: RuntimeError/);
    runtime.free(job);
    const fine = await import('../src/index.js').then((m) => m.julia({ resolution: 40, backend: 'wasm', threads: 2 }));
    assert.ok(sameBits(new Float64Array(fine.counts), new Float64Array(juliaSync({ resolution: 40, backend: 'js' }).counts)));
  });
});

describe('sync forms on several threads', { skip }, () => {
  const options = { c: [-0.8, 0.156] as [number, number], xMin: -1.6, xMax: 1.6, yMin: -1, yMax: 1, resolution: 240, itermax: 300, smooth: true };
  const same = (image: JuliaImage, expected: JuliaImage) => {
    assert.deepEqual(image.counts, expected.counts);
    assert.ok(sameBits(image.norms!, expected.norms!));
  };

  it('fork-join on the idle workers of the pool, the calling thread taking part, with the results of one thread', async () => {
    const runtime = wasmRuntime();
    await julia({ resolution: 20, backend: 'wasm', threads: 3 }); // the pool's three workers are up
    const expected = juliaSync({ ...options, backend: 'js' });
    const one = juliaSync({ ...options, backend: 'wasm', threads: 1 });
    assert.equal(runtime.info().lastSyncWorkers, 0);
    const three = juliaSync({ ...options, backend: 'wasm', threads: 3 });
    assert.equal(runtime.info().lastSyncWorkers, 2, 'two workers joined the calling thread');
    // Right after, before any turn of the event loop: the workers are free again.
    const again = juliaSync({ ...options, backend: 'wasm', threads: 4 });
    assert.equal(runtime.info().lastSyncWorkers, 3);
    const async_ = await julia({ ...options, backend: 'wasm', threads: 3 });
    for (const image of [one, three, again, async_]) same(image, expected);
    assert.equal(runtime.info().syncThreads, true, "Node's main thread may block");
  });

  it('the kernels of several stages (matchPoints, reduce) too', async () => {
    const runtime = wasmRuntime();
    await julia({ resolution: 20, backend: 'wasm', threads: 3 });
    const example = generateExampleSet({ polygons: 3000, points: 4000 });
    const expected = matchPointsSync(example.polygons, example.points, { backend: 'js' });
    const sync = matchPointsSync(example.polygons, example.points, { backend: 'wasm', threads: 3 });
    assert.equal(runtime.info().lastSyncWorkers, 2);
    assert.deepEqual(sync, expected);
    assert.deepEqual(await matchPoints(example.polygons, example.points, { backend: 'wasm', threads: 3 }), expected);
    const data = new Float64Array(90 * 4001).map((_, i) => Math.sin(i * 0.37) * 1000);
    for (const axis of [0, 1] as const) {
      const want = findMaxSync({ data, rows: 90, cols: 4001 }, { backend: 'js', axis });
      const got = findMaxSync({ data, rows: 90, cols: 4001 }, { backend: 'wasm', threads: 3, axis });
      assert.equal(runtime.info().lastSyncWorkers, 2);
      assert.ok(sameBits(got, want));
      assert.ok(sameBits(await findMax({ data, rows: 90, cols: 4001 }, { backend: 'wasm', threads: 3, axis }), want));
    }
  });

  it('fork-join from inside a worker_threads Worker too (it may block)', { timeout: 120_000 }, async () => {
    const worker = new Worker(new URL('./wasm-sync-worker.mjs', import.meta.url));
    type Answer = { counts: number[]; lastSyncWorkers: number; syncThreads: boolean; maxima: number[]; expectedMaxima: number[]; streamedSyncWorkers: number };
    const result = await new Promise<Answer>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    await worker.terminate();
    assert.equal(result.syncThreads, true);
    assert.equal(result.lastSyncWorkers, 2);
    assert.deepEqual(result.counts, Array.from(juliaSync({ resolution: 200, itermax: 300, backend: 'js' }).counts));
    assert.deepEqual(result.maxima, result.expectedMaxima, 'a streamed sync call in the Worker');
    assert.equal(result.streamedSyncWorkers, 2);
  });

  it('never waits for workers that are not up: the call runs on the calling thread, and starts them', () => {
    // Workers that never answer (a page whose worker script is still loading).
    let started = 0;
    const silent: WorkerLike = { postMessage() {}, onMessage() {}, onError() {}, ref() {}, unref() {}, terminate() {} };
    const runtime = new WasmRuntime(wasmRuntime().module, () => (started++, silent));
    const hotloop = handleOver(runtime, 3);
    const image = hotloop.juliaSync({ ...options, threads: 3 });
    assert.equal(runtime.info().lastSyncWorkers, 0);
    assert.equal(started, 2, 'the missing workers were started for later calls');
    same(image, juliaSync({ ...options, backend: 'js' }));
    runtime.terminate();
  });
});

describe('cancelling before the workers join', { skip }, () => {
  it('a call cancelled while its workers are still starting rejects at once', { timeout: 60_000 }, async () => {
    // Workers that never start (a page whose worker script is slow to load): the call must not wait for them.
    const silent: WorkerLike = { postMessage() {}, onMessage() {}, onError() {}, ref() {}, unref() {}, terminate() {} };
    const runtime = new WasmRuntime(wasmRuntime().module, () => silent);
    const hotloop = handleOver(runtime, 2);
    const controller = new AbortController();
    const render = hotloop.julia({ resolution: 50, signal: controller.signal });
    setTimeout(() => controller.abort(), 10);
    await assert.rejects(render, { name: 'AbortError' });
    runtime.terminate();
  });

  it('a call queued behind a busy pool rejects at once, and the workers skip it', { timeout: 120_000 }, async () => {
    const options = { backend: 'wasm', threads: 2 } as const;
    const long = julia({ ...options, resolution: 1500, itermax: 3000 });
    let longDone = false;
    void long.then(() => (longDone = true));
    const controller = new AbortController();
    const queued = julia({ ...options, resolution: 60, signal: controller.signal });
    setTimeout(() => controller.abort(), 10);
    await assert.rejects(queued, { name: 'AbortError' });
    assert.equal(longDone, false, 'rejected while the call before it still runs on both workers');
    const image = await long;
    assert.ok(sameBits(new Float64Array(image.counts), new Float64Array(juliaSync({ resolution: 1500, itermax: 3000, backend: 'wasm' }).counts)));
    const after = await julia({ ...options, resolution: 40 });
    assert.ok(sameBits(new Float64Array(after.counts), new Float64Array(juliaSync({ resolution: 40, backend: 'js' }).counts)));
  });
});

describe('the browser entry (hotloop/wasm)', () => {
  it('bundles for a browser with no Node built-in, and so does its worker', async (t) => {
    let esbuild: typeof import('esbuild');
    try {
      esbuild = await import('esbuild');
    } catch {
      t.skip('esbuild not installed');
      return;
    }
    for (const entry of ['src/wasm/browser.ts', 'src/wasm/worker-browser.ts']) {
      const result = await esbuild.build({
        entryPoints: [new URL(`../${entry}`, import.meta.url).pathname],
        bundle: true,
        platform: 'browser',
        format: 'esm',
        write: false,
        metafile: true,
        logLevel: 'silent',
      });
      const code = result.outputFiles[0].text;
      assert.doesNotMatch(code, /["']node:/, `${entry}: a node: import remains`);
      assert.doesNotMatch(code, /\brequire\(/, `${entry}: a require remains`);
      const inputs = Object.keys(result.metafile.inputs);
      for (const nodeOnly of ['src/backend.ts', 'src/native-loader.ts', 'src/wasm/node.ts', 'src/png/node-deflate.ts']) {
        assert.ok(!inputs.includes(nodeOnly), `${entry} pulls in ${nodeOnly}`);
      }
    }
  });

  it('renders what the Node API renders, sync and async, and checks its options the same way', { skip }, async () => {
    const hotloop = handleOver(wasmRuntime(), 2);
    const options = { c: [-0.8, 0.156] as [number, number], xMin: -1.6, xMax: 1.6, yMin: -1, yMax: 1, resolution: 120, itermax: 300, smooth: true };
    const expected = juliaSync({ ...options, backend: 'js' });
    const sync = hotloop.juliaSync(options);
    const fractions: number[] = [];
    const async_ = await hotloop.julia({ ...options, onProgress: (f) => fractions.push(f) });
    for (const image of [sync, async_]) {
      assert.equal(image.width, expected.width);
      assert.equal(image.height, expected.height);
      assert.ok(sameBits(new Float64Array(image.counts), new Float64Array(expected.counts)));
      assert.ok(sameBits(image.norms!, expected.norms!));
      assert.deepEqual(image.parameters, expected.parameters);
    }
    assert.equal(fractions.at(-1), 1);
    assert.throws(() => hotloop.juliaSync({ resolution: -1 }), RangeError);
    assert.throws(() => hotloop.juliaSync({ backend: 'native' }), /native backend is not available in hotloop\/wasm/);
    await assert.rejects(hotloop.julia({ resolution: 10, signal: AbortSignal.abort() }), { name: 'AbortError' });
    await assert.rejects(hotloop.julia({ threads: 0 }), RangeError);
  });
});

describe('wasm beside native', { skip: !wasmAvailable || !nativeAvailable ? 'needs both the addon and hotloop.wasm' : false }, () => {
  it('gives the counts of native AVX code', () => {
    const native = juliaSync({ resolution: 200, itermax: 500, backend: 'native', smooth: true });
    const wasm = juliaSync({ resolution: 200, itermax: 500, backend: 'wasm', smooth: true });
    assert.ok(sameBits(new Float64Array(native.counts), new Float64Array(wasm.counts)));
    assert.ok(sameBits(native.norms!, wasm.norms!));
  });
});
