/**
 * A worker of the wasm pool (src/wasm/pool.ts): instantiates the module over the shared memory with
 * its own stack, then runs the exports it is sent, one message at a time, answering each with the
 * export's status or the message of a trap (the worker stays usable: its stack pointer is reset
 * before every call). No Node built-ins: worker-node.ts and worker-browser.ts give it its port.
 */
import { GATE_CLOSED, JOB_GATE, STATUS_CANCELLED } from './abi.js';
import { engine, type WasmGlobal, type WasmMemory } from './engine.js';
import { FINISHED_TRAP, type FromWorker, type Gate, type ToWorker } from './pool.js';

type Exports = Record<string, unknown> & { __stack_pointer: WasmGlobal; hl_set_simd128(on: number): number };

export function serve(post: (message: FromWorker) => void, listen: (handler: (message: ToWorker) => void) => void): void {
  let exports: Exports | undefined;
  let memory: WasmMemory | undefined;
  let stackTop = 0;
  listen((message) => {
    if (message.type === 'init') {
      const instance = new engine.Instance(message.module, { env: { memory: message.memory } });
      exports = instance.exports as Exports;
      memory = message.memory;
      stackTop = message.stackTop;
      exports.hl_set_simd128(message.simd128 ? 1 : 0);
      post({ type: 'ready' });
      return;
    }
    if (!exports) return;
    if (message.type === 'simd128') {
      exports.hl_set_simd128(message.on ? 1 : 0);
      return;
    }
    if (message.gate && !join(memory!, message.gate)) {
      finish(memory!, message.finished, 1 << STATUS_CANCELLED);
      post({ type: 'done', id: message.id, status: STATUS_CANCELLED });
      return;
    }
    try {
      exports.__stack_pointer.value = stackTop;
      const status = (exports[message.name] as (...args: number[]) => number)(...message.args);
      finish(memory!, message.finished, 1 << status);
      post({ type: 'done', id: message.id, status });
    } catch (error) {
      finish(memory!, message.finished, FINISHED_TRAP);
      post({ type: 'error', id: message.id, message: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
    }
  });
}

/**
 * Joins a call through its gate, unless the call was cancelled before any worker joined (then the
 * caller has rejected it already, and the arguments may be freed: nothing else of the call is
 * read) or its cancel slot is set (then the export would only return "cancelled").
 */
function join(memory: WasmMemory, { job, control }: Gate): boolean {
  const words = new Int32Array(memory.buffer as unknown as SharedArrayBuffer);
  const gate = (job >> 2) + JOB_GATE;
  for (;;) {
    const joined = Atomics.load(words, gate);
    if (joined === GATE_CLOSED) return false;
    if (Atomics.compareExchange(words, gate, joined, joined + 1) === joined) break;
  }
  return control === 0 || Atomics.load(words, control >> 2) === 0;
}

/** Tells a caller blocked on the call (a sync call, pool.ts FINISHED_BYTES) that this worker is done with it. */
function finish(memory: WasmMemory, finished: number | undefined, bits: number): void {
  if (!finished) return;
  const words = new Int32Array(memory.buffer as unknown as SharedArrayBuffer);
  Atomics.or(words, (finished >> 2) + 1, bits);
  Atomics.add(words, finished >> 2, 1);
  Atomics.notify(words, finished >> 2);
}
