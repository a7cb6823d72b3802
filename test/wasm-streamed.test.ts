// Inputs an async wasm call copies in while its workers already run (src/wasm/streamed.ts): the
// workers wait for the part they read (native/wasm/chunks.h inputs_ready), results equal the
// TypeScript reference's whatever the lengths, offsets, buffers and thread counts, a call
// cancelled while its workers wait leaves, and pip's zones are copied into the wasm memory once.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Engine, cubicYRoots, cubicYRootsSync, demoDisk, julia, kmPerSecond, shockLuminositiesSync, solarMass, solveCubics, solveCubicsSync } from '../src/index.js';
import { findMax, findMaxSync, argMax, argMaxSync } from '../src/reduce/api.js';
import { wasmRuntime } from '../src/backend.js';
import { JOB_BYTES, JOB_READY, STATUS_CANCELLED, STATUS_DONE } from '../src/wasm/abi.js';
import { STREAMED_KERNELS, STREAM_PIECE_BYTES, copyStreamed } from '../src/wasm/streamed.js';
import { builtinZones } from '../src/pip/builtin-zones.js';
import { syntheticAisPoints } from '../src/pip/synthetic-points.js';
import { sameBits, wasmAvailable } from './backends.js';

const skip = wasmAvailable ? false : 'hotloop.wasm not built (npm run build:wasm)';
const THREADS = [1, 3];

type Pool = { run(name: string, args: number[], threads: number): Promise<number[]> };
const poolOf = () => (wasmRuntime() as unknown as { workers(): Pool }).workers();

/** `values` in a new array of the same type placed `offset` elements into a larger buffer (shared or not). */
function placed<T extends Float64Array | Int8Array>(values: T, offset: number, shared = false): T {
  const type = values.constructor as { new (buffer: ArrayBufferLike, byteOffset: number, length: number): T; BYTES_PER_ELEMENT: number };
  const bytes = (values.length + offset + 3) * type.BYTES_PER_ELEMENT;
  const buffer = shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes);
  const view = new type(buffer, offset * type.BYTES_PER_ELEMENT, values.length);
  view.set(values);
  return view;
}

/** The same bytes (so -0 differs from +0, and NaNs keep their payloads). */
function bitsEqual(a: ArrayBufferView, b: ArrayBufferView): boolean {
  return a.constructor === b.constructor && Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}

/** Settles `promise` or says it is still pending after `ms`. */
async function pendingAfter(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let settled = false;
  void promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  await new Promise((resolve) => setTimeout(resolve, ms));
  return !settled;
}

describe('inputs streamed into the wasm memory', { skip }, () => {
  it('copies pieces in order and reports each, for any piece of any input', () => {
    const units = Math.ceil((3 * STREAM_PIECE_BYTES) / 12) + 1; // 12 bytes per unit: over three pieces
    const memory = new ArrayBuffer(12 * units + 128);
    const a = Float64Array.from({ length: units }, (_, i) => i + 0.5);
    const b = Int8Array.from({ length: 4 * units }, (_, i) => (i % 200) - 100);
    const raised: number[] = [];
    copyStreamed(memory, [{ from: a, to: 64, per: 1 }, { from: b, to: 64 + a.byteLength, per: 4 }], units, (upto) => raised.push(upto));
    assert.equal(raised.length, 4, 'in pieces of STREAM_PIECE_BYTES');
    assert.deepEqual(raised, [...raised].sort((x, y) => x - y));
    assert.equal(raised.at(-1), units);
    assert.ok(sameBits(new Float64Array(memory, 64, a.length), a));
    assert.deepEqual(new Int8Array(memory, 64 + a.byteLength, b.length), b);
  });

  it('streams points, cubics and remnants, and a matrix whose items read it in order', () => {
    const lat = new Float64Array(7);
    assert.equal(STREAMED_KERNELS.get('pip')!.units([{}, lat, lat], [0]), 7);
    assert.equal(STREAMED_KERNELS.get('solveCubics')!.units([new Float64Array(12)], []), 3);
    const reduce = STREAMED_KERNELS.get('reduce')!;
    const data = new Float64Array(6);
    // rows, cols, rowStride, colStride, axis, max: a 2 x 3 row-major matrix
    assert.equal(reduce.units([data], [2, 3, 3, 1, 1, 1]), 6, 'row maxima read rows front to back');
    assert.equal(reduce.units([data], [2, 3, 3, 1, 0, 1]), 6, 'column maxima of a row-major matrix: its rows cut into pieces, in order');
    assert.equal(reduce.units([data], [3, 2, 1, 3, 0, 1]), 6, 'column maxima of a column-major matrix read it front to back');
    assert.equal(reduce.units([data], [3, 2, 1, 3, 1, 1]), 6, 'row maxima of a column-major matrix: its columns cut into pieces');
    assert.equal(reduce.units([new Float64Array(9)], [2, 3, 2, 3, 0, 1]), 0, 'an inner reduced axis that is not contiguous reads to the end at once');
    assert.equal(STREAMED_KERNELS.has('julia'), false, 'julia reads a grid, not inputs per pixel');
  });

  it('a worker waits for the inputs it reads, and reads what arrived', { timeout: 60_000 }, async () => {
    const runtime = wasmRuntime();
    const n = 50_000;
    const x0 = runtime.alloc(Float64Array, n);
    const y0 = runtime.alloc(Float64Array, n);
    const roots = runtime.alloc(Float64Array, 3 * n);
    const counts = runtime.alloc(Uint8Array, n);
    const job = runtime.alloc(Int32Array, JOB_BYTES / 4);
    job[2] = 2; // threads
    job[JOB_READY] = 1; // none of the inputs in yet
    const args = [x0.byteOffset, n, 8, y0.byteOffset, n, 8, roots.byteOffset, 3 * n, 8, counts.byteOffset, n, 1, 0, job.byteOffset];
    const answered = poolOf().run('hl_cubicYRoots', args, 2);
    assert.ok(await pendingAfter(answered, 150), 'the workers waited');
    const xs = Float64Array.from({ length: n }, (_, i) => -0.5 + (0.005 * (i + 1)) / n);
    const ys = new Float64Array(n).fill(1);
    x0.set(xs);
    y0.set(ys);
    Atomics.store(job, JOB_READY, 0);
    Atomics.notify(job, JOB_READY);
    assert.deepEqual(await answered, [STATUS_DONE, STATUS_DONE]);
    const expected = cubicYRootsSync(xs, ys, { backend: 'js' });
    assert.ok(sameBits(new Float64Array(roots), expected.roots));
    assert.deepEqual(new Uint8Array(counts), expected.count);
    for (const array of [x0, y0, roots, counts, job]) runtime.free(array);
  });

  it('a call cancelled while its workers wait for inputs leaves', { timeout: 60_000 }, async () => {
    const runtime = wasmRuntime();
    const n = 10_000;
    const x0 = runtime.alloc(Float64Array, n);
    const roots = runtime.alloc(Float64Array, 3 * n);
    const counts = runtime.alloc(Uint8Array, n);
    const control = runtime.allocControl();
    const job = runtime.alloc(Int32Array, JOB_BYTES / 4);
    job[2] = 2;
    job[JOB_READY] = 1;
    const args = [x0.byteOffset, n, 8, x0.byteOffset, n, 8, roots.byteOffset, 3 * n, 8, counts.byteOffset, n, 1, control.byteOffset, job.byteOffset];
    const answered = poolOf().run('hl_cubicYRoots', args, 2);
    assert.ok(await pendingAfter(answered, 100));
    Atomics.store(control, 0, 1); // cancel, without raising the ready count
    assert.deepEqual(await answered, [STATUS_CANCELLED, STATUS_CANCELLED]);
    for (const array of [x0, roots, counts, job]) runtime.free(array);
    runtime.freeControl(control);
  });

  it('pip: the TypeScript zones for odd lengths, offsets into larger buffers, shared buffers, 1 and 3 threads', { timeout: 300_000 }, async () => {
    const engine = new Engine([builtinZones()]);
    for (const length of [1, 3, 4, 5, 40_003, 300_001]) {
      const points = syntheticAisPoints(length, 11);
      const expected = engine.pipN(points.lat, points.lon, { backend: 'js' });
      for (const [offset, shared] of [[0, false], [3, false], [1, true]] as const) {
        const lat = placed(points.lat, offset, shared);
        const lon = placed(points.lon, offset + 2, shared);
        for (const threads of THREADS) {
          const got = await engine.locate({ lat, lon }, { backend: 'wasm', threads });
          assert.deepEqual(got, expected, `${length} points, offset ${offset}, shared ${shared}, ${threads} threads`);
        }
      }
      const counts = await engine.count(points, { backend: 'wasm', threads: 3 });
      assert.deepEqual(counts, engine.countSync(points, { backend: 'js' }));
    }
  });

  it('reduce: the TypeScript maxima in C and F order, values and positions, offsets and shared buffers', { timeout: 300_000 }, async () => {
    for (const [rows, cols] of [[1, 1], [3, 7], [257, 1031], [100, 20_011]]) {
      const f64 = Float64Array.from({ length: rows * cols }, (_, i) => Math.sin(i * 12.9898) * 1e3);
      const i8 = Int8Array.from({ length: rows * cols }, (_, i) => ((i * 7919) % 255) - 127);
      for (const [offset, shared] of [[0, false], [5, false], [3, true]] as const) {
        for (const data of [placed(f64, offset, shared), placed(i8, offset, shared)]) {
          for (const order of ['C', 'F'] as const) {
            const matrix = { data, rows, cols, order };
            for (const axis of [0, 1] as const) {
              const values = findMaxSync(matrix, { axis, backend: 'js' });
              const positions = argMaxSync(matrix, { axis, backend: 'js' });
              for (const threads of THREADS) {
                const label = `${rows}x${cols} ${data.constructor.name} ${order} axis ${axis}, offset ${offset}, shared ${shared}, ${threads} threads`;
                assert.deepEqual(await findMax(matrix, { axis, backend: 'wasm', threads }), values, label);
                assert.deepEqual(await argMax(matrix, { axis, backend: 'wasm', threads }), positions, label);
              }
            }
          }
        }
      }
    }
  });

  it('reduce across the contiguous axis of matrices over 16 MiB: rows cut into pieces taken in order, the TypeScript results', { timeout: 300_000 }, async () => {
    // 19.2 MB and 51.3 MB of float64 (2 and 4 pieces of rows, the last one short), 16.8 MB of int8 (2).
    const cases = [
      { data: Float64Array.from({ length: 300 * 8000 }, (_, i) => Math.sin(i * 12.9898) * 1e3), rows: 300, cols: 8000 },
      { data: Float64Array.from({ length: 401 * 16_001 }, (_, i) => (i % 977 === 5 ? -0 : Math.cos(i * 0.7) * 1e3)), rows: 401, cols: 16_001 },
      { data: Int8Array.from({ length: 4100 * 4099 }, (_, i) => ((i * 7919) % 255) - 127), rows: 4100, cols: 4099 },
    ];
    for (const { data, rows, cols } of cases) {
      for (const [matrix, axis] of [[{ data, rows, cols }, 0], [{ data, rows: cols, cols: rows, order: 'F' as const }, 1]] as const) {
        const values = findMaxSync(matrix, { axis, backend: 'js' });
        const positions = argMaxSync(matrix, { axis, backend: 'js' });
        for (const threads of [1, 2, 3]) {
          const label = `${matrix.rows}x${matrix.cols} ${data.constructor.name} axis ${axis}, ${threads} threads`;
          assert.ok(bitsEqual(await findMax(matrix, { axis, backend: 'wasm', threads }), values), label);
          assert.deepEqual(await argMax(matrix, { axis, backend: 'wasm', threads }), positions, label);
          assert.ok(bitsEqual(findMaxSync(matrix, { axis, backend: 'wasm', threads }), values), `${label}, sync`);
        }
      }
    }
  });

  it('cubic: the TypeScript roots from streamed coefficients', { timeout: 120_000 }, async () => {
    const n = 20_001;
    const coeffs = Float64Array.from({ length: 4 * n }, (_, i) => ((i * 7919) % 23) - 11);
    const x0 = Float64Array.from({ length: n }, (_, i) => -0.5 + (0.005 * (i + 1)) / n);
    const y0 = new Float64Array(n).fill(1);
    const solved = solveCubicsSync(coeffs, { backend: 'js' });
    const yRoots = cubicYRootsSync(x0, y0, { backend: 'js' });
    for (const threads of THREADS) {
      const got = await solveCubics(placed(coeffs, 1, true), { backend: 'wasm', threads });
      assert.ok(sameBits(got.roots, solved.roots));
      const ys = await cubicYRoots(placed(x0, 3), placed(y0, 0, true), { backend: 'wasm', threads });
      assert.ok(sameBits(ys.roots, yRoots.roots));
    }
  });

  it('a streamed call aborted once its inputs are in frees its memory, and the pool serves the next call', { timeout: 120_000 }, async () => {
    const runtime = wasmRuntime();
    const engine = new Engine([builtinZones()]);
    const points = syntheticAisPoints(200_000, 5);
    await engine.locate(points, { backend: 'wasm', threads: 2 }); // the zones now live in the wasm memory
    const blocks = trackBlocks();
    const controller = new AbortController();
    const call = engine.locate(points, { backend: 'wasm', threads: 2, signal: controller.signal });
    controller.abort(); // the inputs are in by now; the workers may or may not have finished
    await call.then(
      (zones) => assert.equal(zones.length, points.lat.length),
      (error: Error) => assert.equal(error.name, 'AbortError'),
    );
    const expected = engine.pipN(points.lat, points.lon, { backend: 'js' });
    assert.deepEqual(await engine.locate(points, { backend: 'wasm', threads: 2 }), expected);
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.deepEqual(blocks.stop(), [], 'every block of the three calls was freed');
  });
});

/** Counts the runtime's streamed copies (each call that streams makes one), until stop(). */
function countStreams(wrap?: (original: (call: Streaming, job: number) => void, call: Streaming, job: number) => void): { count: number; stop(): void } {
  const runtime = wasmRuntime() as unknown as { stream(call: Streaming, job: number): void };
  const original = runtime.stream.bind(runtime);
  const counter = { count: 0, stop: () => void delete (runtime as { stream?: unknown }).stream };
  runtime.stream = (call, job) => {
    counter.count++;
    if (wrap) wrap(original, call, job);
    else original(call, job);
  };
  return counter;
}
type Streaming = { streamed: { from: unknown; to: number; per: number }[] };

describe('sync forms stream their inputs to the idle workers', { skip }, () => {
  const SYNC_THREADS = [1, 2, 3];

  it('pip, cubics and remnants: the TypeScript results on 1, 2 and 3 threads, odd lengths, offsets, shared buffers', { timeout: 300_000 }, async () => {
    const runtime = wasmRuntime();
    await julia({ resolution: 20, backend: 'wasm', threads: 3 }); // the pool's workers are up
    const engine = new Engine([builtinZones()]);
    const streams = countStreams();
    try {
      for (const length of [1, 5, 40_003, 1_200_007]) {
        const points = syntheticAisPoints(length, 13);
        const expected = engine.pipN(points.lat, points.lon, { backend: 'js' });
        for (const [offset, shared] of [[0, false], [3, true]] as const) {
          const lat = placed(points.lat, offset, shared);
          const lon = placed(points.lon, offset + 1, false);
          for (const threads of SYNC_THREADS) {
            const before = streams.count;
            const got = engine.locateSync({ lat, lon }, { backend: 'wasm', threads });
            const label = `${length} points, offset ${offset}, shared ${shared}, ${threads} threads`;
            assert.deepEqual(got, expected, label);
            assert.equal(runtime.info().lastSyncWorkers, threads - 1, label);
            assert.equal(streams.count - before, threads > 1 ? 1 : 0, `${label}: streamed only with workers to start on the pieces`);
          }
        }
      }
      const n = 300_001;
      const coeffs = Float64Array.from({ length: 4 * n }, (_, i) => ((i * 7919) % 23) - 11);
      const solved = solveCubicsSync(coeffs, { backend: 'js' });
      const N = 100_003;
      const mass = solarMass(Float64Array.from({ length: N }, (_, i) => 10 + ((i * 37) % 90)));
      const a = Float64Array.from({ length: N }, (_, i) => 500 + ((i * 7919) % 20_000));
      const v = kmPerSecond(Float64Array.from({ length: N }, (_, i) => 50 + ((i * 13) % 500)));
      const lum = shockLuminositiesSync(solarMass(1e8), mass, a, demoDisk, v, { backend: 'js' });
      for (const threads of SYNC_THREADS) {
        const before = streams.count;
        assert.ok(sameBits(solveCubicsSync(placed(coeffs, 1), { backend: 'wasm', threads }).roots, solved.roots), `cubics, ${threads} threads`);
        assert.ok(sameBits(shockLuminositiesSync(solarMass(1e8), mass, a, demoDisk, v, { backend: 'wasm', threads }) as Float64Array, lum as Float64Array), `remnants, ${threads} threads`);
        assert.equal(streams.count - before, threads > 1 ? 2 : 0);
      }
    } finally {
      streams.stop();
    }
  });

  it('reduce: streamed along and across the contiguous axis, the same maxima and positions', { timeout: 300_000 }, async () => {
    const runtime = wasmRuntime();
    await julia({ resolution: 20, backend: 'wasm', threads: 3 });
    const streams = countStreams();
    try {
      for (const [rows, cols] of [[3, 7], [1001, 2003]]) {
        const data = placed(Float64Array.from({ length: rows * cols }, (_, i) => Math.sin(i * 12.9898) * 1e3), 5);
        for (const order of ['C', 'F'] as const) {
          const matrix = { data, rows, cols, order };
          for (const axis of [0, 1] as const) {
            const values = findMaxSync(matrix, { axis, backend: 'js' });
            const positions = argMaxSync(matrix, { axis, backend: 'js' });
            for (const threads of SYNC_THREADS) {
              const label = `${rows}x${cols} ${order} axis ${axis}, ${threads} threads`;
              const before = streams.count;
              assert.ok(sameBits(findMaxSync(matrix, { axis, backend: 'wasm', threads }), values), label);
              assert.equal(runtime.info().lastSyncWorkers, threads - 1, label);
              assert.deepEqual(argMaxSync(matrix, { axis, backend: 'wasm', threads }), positions, label);
              assert.equal(streams.count - before, threads > 1 ? 2 : 0, label);
            }
          }
        }
      }
    } finally {
      streams.stop();
    }
  });

  it('a copy that fails while the workers compute: the call throws it, frees every block, and the workers serve the next call', { timeout: 120_000 }, async () => {
    const runtime = wasmRuntime();
    const engine = new Engine([builtinZones()]);
    const points = syntheticAisPoints(3 * (STREAM_PIECE_BYTES / 16) + 11, 17); // lat and lon: several pieces
    const expected = engine.pipN(points.lat, points.lon, { backend: 'js' });
    await julia({ resolution: 20, backend: 'wasm', threads: 3 });
    engine.pipN(points.lat, points.lon, { backend: 'wasm' }); // the zones now live in the wasm memory
    const blocks = trackBlocks();
    const streams = countStreams((original, call, job) => {
      // The second input fails to copy at its first piece, after the first piece of the first went in.
      const second = call.streamed[1];
      call.streamed[1] = {
        ...second,
        from: {
          BYTES_PER_ELEMENT: 8,
          byteOffset: 0,
          get buffer(): ArrayBuffer {
            throw new Error('the copy failed');
          },
        },
      };
      original(call, job);
    });
    try {
      assert.throws(() => engine.locateSync(points, { backend: 'wasm', threads: 3 }), /the copy failed/);
    } finally {
      streams.stop();
    }
    assert.deepEqual(blocks.stop(), [], 'every block of the call was freed');
    assert.deepEqual(engine.locateSync(points, { backend: 'wasm', threads: 3 }), expected);
    assert.equal(runtime.info().lastSyncWorkers, 2, 'the workers were free again');
  });
});

describe("pip's zones in the wasm memory", { skip }, () => {
  it("are copied in at an Engine's first call only", async () => {
    const runtime = wasmRuntime();
    const engine = new Engine([builtinZones()]);
    const points = syntheticAisPoints(1000, 2);
    const first = trackBlocks();
    engine.pipN(points.lat, points.lon, { backend: 'wasm' });
    assert.ok(first.stop().length >= 12, 'the zones stay: a block per packed array');
    const later = trackBlocks();
    engine.pipN(points.lat, points.lon, { backend: 'wasm' });
    await engine.locate(points, { backend: 'wasm', threads: 2 });
    assert.ok(Math.max(...later.sizes) < 64 * 1024, 'and are not copied again: only the points and results, 8 KB each');
    assert.deepEqual(later.stop(), []);
  });

  it('zones that are not frozen are copied per call', () => {
    const runtime = wasmRuntime();
    const engine = new Engine([builtinZones()]);
    const points = syntheticAisPoints(1000, 2);
    const expected = engine.pipN(points.lat, points.lon, { backend: 'js' });
    const zones = unfrozenZones(engine); // the engine's own zones are resident from here on
    assert.equal(Object.isFrozen(zones), false);
    const blocks = trackBlocks();
    const out = new Int32Array(points.lat.length);
    runtime.runSync('pip', { inputs: [zones, points.lat, points.lon], outputs: [out], scalars: [0] });
    assert.deepEqual(out, expected);
    assert.ok(Math.max(...blocks.sizes) > 1024 * 1024, 'the grid was copied in');
    assert.deepEqual(blocks.stop(), [], 'and freed with the call');
  });
});

/**
 * Blocks of the wasm heap allocated from now on (their sizes), and stop(): those still in use,
 * then the heap as it was. Not heap.inUse(): the zones of Engines collected meanwhile are freed
 * at any time.
 */
function trackBlocks(): { sizes: number[]; stop(): number[] } {
  const heap = wasmRuntime().heap;
  const live = new Set<number>();
  const sizes: number[] = [];
  const alloc = heap.alloc.bind(heap);
  const release = heap.release.bind(heap);
  heap.alloc = (bytes, what) => {
    const start = alloc(bytes, what);
    live.add(start);
    sizes.push(bytes);
    return start;
  };
  heap.release = (start) => {
    live.delete(start);
    release(start);
  };
  return {
    sizes,
    stop() {
      delete (heap as { alloc?: unknown }).alloc;
      delete (heap as { release?: unknown }).release;
      return [...live];
    },
  };
}

/** A copy of an Engine's packed zones that is not frozen (so a caller may still change it). */
function unfrozenZones(engine: Engine): Record<string, unknown> {
  let packed: Record<string, unknown> | undefined;
  const runtime = wasmRuntime();
  const runSync = runtime.runSync.bind(runtime);
  runtime.runSync = (native, args) => {
    packed ??= { ...(args.inputs[0] as Record<string, unknown>) };
    runSync(native, args);
  };
  try {
    engine.pipN(new Float64Array(1), new Float64Array(1), { backend: 'wasm' });
  } finally {
    delete (runtime as { runSync?: unknown }).runSync; // the prototype's again
  }
  return packed!;
}
