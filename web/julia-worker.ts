/**
 * A Web Worker that runs hotloop's TypeScript julia kernel (src/julia/reference.ts, bit-identical
 * to the native one) on the bands of rows the page hands it, one at a time, so the page balances
 * the work across workers and drops a cancelled image after at most one band per worker.
 */
import { juliaRows } from '../src/julia/reference.js';
import type { BandMessage, SetupMessage, ToWorker } from './protocol.js';

let setup: SetupMessage | undefined;

function band(job: SetupMessage, begin: number, end: number): BandMessage {
  const width = job.xs.length;
  const n = width * (end - begin);
  const counts = job.itermax > 65535 ? new Uint32Array(n) : new Uint16Array(n);
  const norms = job.smooth ? new Float64Array(n) : undefined;
  // The band's rows as an image of their own: the kernel indexes from its first row.
  const input = { xs: job.xs, ys: job.ys.subarray(begin, end), cr: job.cr, ci: job.ci, t2: job.t2, itermax: job.itermax };
  juliaRows(input, counts, norms, 0, end - begin);
  // An orbit that escapes at step n took n + 1 iterations; one that never escapes took itermax.
  let iterations = 0;
  for (let i = 0; i < n; i++) iterations += counts[i] >= job.itermax ? job.itermax : counts[i] + 1;
  return { job: job.job, begin, end, counts, norms, iterations };
}

self.onmessage = (event: MessageEvent<ToWorker>) => {
  const message = event.data;
  if (message.kind === 'setup') {
    setup = message;
    return;
  }
  if (!setup || setup.job !== message.job) {
    // Cannot happen (a job's setup is always sent before its rows), but a reply keeps the pool's bookkeeping whole.
    (self as unknown as Worker).postMessage({ job: message.job, begin: message.begin, end: message.end, counts: new Uint16Array(0), iterations: 0 });
    return;
  }
  const result = band(setup, message.begin, message.end);
  const transfer: Transferable[] = [result.counts.buffer as ArrayBuffer];
  if (result.norms) transfer.push(result.norms.buffer as ArrayBuffer);
  (self as unknown as Worker).postMessage(result, transfer);
};
