// Out of wasm memory: every block the wasm backend takes from its memory (arrays of alloc, copies
// of inputs and outputs, a kernel's scratch block, a call's job, a worker's stack) is a RangeError
// that says what it was for when the memory cannot grow, never a trap; the runtime stays usable
// and gives every block back. A runtime whose memory may grow to 4 MiB only makes this cheap.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { wasmRuntime } from '../src/backend.js';
import { handleOver } from '../src/wasm/browser.js';
import type { WorkerLike } from '../src/wasm/pool.js';
import { WasmRuntime } from '../src/wasm/runtime.js';
import { wasmAvailable } from './backends.js';

const skip = wasmAvailable ? false : 'hotloop.wasm not built (npm run build:wasm)';
const MAXIMUM = 4 * 1024 * 1024;

/** A runtime of at most 4 MiB whose workers never start; and a filler that leaves `room` bytes free. */
function smallRuntime(spawned: { count: number } = { count: 0 }) {
  const silent: WorkerLike = { postMessage() {}, onMessage() {}, onError() {}, ref() {}, unref() {}, terminate() {} };
  const runtime = new WasmRuntime(wasmRuntime().module, () => (spawned.count++, silent), MAXIMUM);
  const start = (runtime.heap as unknown as { free: { start: number }[] }).free[0].start;
  const leave = (room: number) => runtime.alloc(Uint8Array, MAXIMUM - start - room);
  return { runtime, leave };
}

/** Asserts a RangeError about the memory that names `what`, and that the heap is back to `inUse`. */
function refused(runtime: WasmRuntime, inUse: number, what: RegExp) {
  return (error: Error) => {
    assert.ok(error instanceof RangeError, `${error.name}: ${error.message}`);
    assert.match(error.message, /cannot grow the wasm memory from \d+ to \d+ bytes for /);
    assert.match(error.message, what);
    assert.equal(runtime.heap.inUse(), inUse, 'every block of the refused call was given back');
    return true;
  };
}

const cubics = (n: number) => ({ inputs: [new Float64Array(4 * n).fill(1)], outputs: [new Float64Array(3 * n), new Uint8Array(n)], scalars: [] });

describe('out of wasm memory', { skip }, () => {
  it('refuses a maximum below the module or above 4 GiB', () => {
    assert.throws(() => new WasmRuntime(wasmRuntime().module, undefined, 2 ** 20), /Expected a number of bytes between 2097152 and 4294967296 for maximumMemory but received 1048576/);
    assert.throws(() => new WasmRuntime(wasmRuntime().module, undefined, 2 ** 33), RangeError);
  });

  it('alloc', () => {
    const { runtime } = smallRuntime();
    assert.throws(() => runtime.alloc(Float64Array, 1_000_000), refused(runtime, 0, /for alloc\(Float64Array, 1000000\)/));
    const fits = runtime.alloc(Float64Array, 100_000);
    runtime.free(fits);
  });

  it('the copy of an input, and of an output, on the calling thread', () => {
    const { runtime, leave } = smallRuntime();
    const filler = leave(1 << 20);
    const inUse = runtime.heap.inUse();
    assert.throws(() => runtime.runSync('solveCubics', cubics(65_536)), refused(runtime, inUse, /a copy of solveCubics's input \(Float64Array of 262144 elements\)/));
    assert.throws(() => runtime.runSync('solveCubics', cubics(20_000)), refused(runtime, inUse, /a copy of solveCubics's output \(Float64Array of 60000 elements\)/));
    runtime.free(filler);
    const batch = cubics(20_000);
    runtime.runSync('solveCubics', batch);
    assert.equal(batch.outputs[1][0], 1, 'x^3 + x^2 + x + 1 has one real root');
    assert.equal(runtime.heap.inUse(), 0);
  });

  it("a kernel's scratch block (matchPoints)", () => {
    const { runtime, leave } = smallRuntime();
    const polygons = 12_000;
    const points = 12_000;
    const centers = new Float64Array(2 * polygons).map((_, i) => i % 1000);
    const args = { inputs: [centers, new Float64Array(polygons).fill(1), new Float64Array(2 * points).map((_, i) => i % 997)], outputs: [new Int32Array(points)], scalars: [10] };
    const filler = leave(800_000); // the copies (528 kB) fit, not the scratch besides
    const inUse = runtime.heap.inUse();
    assert.throws(() => runtime.runSync('matchPoints', args), refused(runtime, inUse, /the scratch block of matchPoints/));
    runtime.free(filler);
    runtime.runSync('matchPoints', args);
    assert.equal(runtime.heap.inUse(), 0);
  });

  it("a call's job", () => {
    const { runtime, leave } = smallRuntime();
    // Arrays in the wasm memory are not copied: only the job is left to allocate.
    const coeffs = runtime.alloc(Float64Array, 4);
    const roots = runtime.alloc(Float64Array, 3);
    const counts = runtime.alloc(Uint8Array, 1);
    const filler = leave(3 * 64);
    const inUse = runtime.heap.inUse();
    assert.throws(() => runtime.runSync('solveCubics', { inputs: [coeffs], outputs: [roots, counts], scalars: [] }), refused(runtime, inUse, /the job of a call/));
    runtime.free(filler);
  });

  it("a worker's stack: the async call rejects and no worker is left behind", async () => {
    const spawned = { count: 0 };
    const { runtime, leave } = smallRuntime(spawned);
    const filler = leave(100_000);
    const inUse = runtime.heap.inUse();
    const hotloop = handleOver(runtime, 2);
    await assert.rejects(hotloop.julia({ resolution: 8, threads: 2 }), refused(runtime, inUse, /the stack of wasm worker 1/));
    assert.equal(spawned.count, 0);
    // A sync call that would start workers for later runs on the calling thread instead of failing.
    const image = hotloop.juliaSync({ resolution: 8, threads: 2 });
    assert.equal(image.width, 8);
    runtime.free(filler);
  });
});
