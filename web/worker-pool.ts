/**
 * The TypeScript engine: a pool of julia workers (web/julia-worker.ts) sharing one image. Rows are
 * handed out in small bands, the next to whichever worker answers first, so uneven rows (the set's
 * interior costs itermax per pixel) do not leave a core idle. A new render cancels the previous one:
 * its remaining bands are never sent and the bands still in flight are dropped on arrival.
 */
import { abortError } from '../src/errors.js';
import type { ResolvedJuliaParameters } from '../src/julia/params.js';
import type { Counts } from '../src/julia/reference.js';
import { ComplexRegion } from '../src/julia/region.js';
import type { ComputeEngine, RenderResult } from './engine.js';
import type { BandMessage, RowsMessage, SetupMessage } from './protocol.js';

// Pixels per band: about 1 to 3 ms of work at 100 iterations, so cancelling waits that long at most.
const BAND_PIXELS = 16384;

interface Job {
  id: number;
  result: RenderResult;
  nextRow: number;
  rowsPerBand: number;
  rowsDone: number;
  started: number;
  resolve(result: RenderResult): void;
  reject(error: unknown): void;
}

export class WorkerPool implements ComputeEngine {
  readonly description: string;
  private readonly workers: Worker[];
  private readonly busy: boolean[];
  private readonly setUp: number[];
  private job: Job | undefined;
  private nextId = 1;

  constructor(url: URL, size: number) {
    this.description = `TypeScript, ${size} worker${size === 1 ? '' : 's'}`;
    this.workers = Array.from({ length: size }, () => new Worker(url, { type: 'module' }));
    this.busy = this.workers.map(() => false);
    this.setUp = this.workers.map(() => 0);
    this.workers.forEach((worker, k) => {
      worker.onmessage = (event: MessageEvent<BandMessage>) => this.received(k, event.data);
      worker.onerror = (event) => this.fail(new Error(`julia worker failed: ${event.message}`));
    });
  }

  render(parameters: ResolvedJuliaParameters, smooth: boolean, signal: AbortSignal): Promise<RenderResult> {
    if (signal.aborted) return Promise.reject(abortError(signal));
    this.fail(abortError()); // a render still running is superseded
    const { width, height, xs, ys } = new ComplexRegion(parameters.xMin, parameters.xMax, parameters.yMin, parameters.yMax).build(parameters.resolution);
    const n = width * height;
    const counts: Counts = parameters.itermax > 65535 ? new Uint32Array(n) : new Uint16Array(n);
    const norms = smooth ? new Float64Array(n) : undefined;
    return new Promise<RenderResult>((resolve, reject) => {
      const id = this.nextId++;
      const job: Job = {
        id,
        result: { width, height, counts, ...(norms ? { norms } : {}), parameters, iterations: 0, milliseconds: 0 },
        nextRow: 0,
        rowsPerBand: Math.max(1, Math.floor(BAND_PIXELS / width)),
        rowsDone: 0,
        started: performance.now(),
        resolve,
        reject,
      };
      this.job = job;
      signal.addEventListener('abort', () => {
        if (this.job === job) this.fail(abortError(signal));
      }, { once: true });
      const setup: SetupMessage = {
        kind: 'setup', job: id, xs, ys, cr: parameters.c.re, ci: parameters.c.im,
        t2: parameters.threshold * parameters.threshold, itermax: parameters.itermax, smooth,
      };
      // Every worker gets the grid now (queued behind a band of an older job, if it is busy).
      this.workers.forEach((worker, k) => {
        worker.postMessage(setup);
        this.setUp[k] = id;
      });
      this.workers.forEach((_, k) => {
        if (!this.busy[k]) this.dispatch(k);
      });
    });
  }

  /** Sends worker k the next band of the current job, if any is left. */
  private dispatch(k: number): void {
    const job = this.job;
    if (!job || job.nextRow >= job.result.height || this.setUp[k] !== job.id) return;
    const begin = job.nextRow;
    const end = Math.min(job.result.height, begin + job.rowsPerBand);
    job.nextRow = end;
    this.busy[k] = true;
    const message: RowsMessage = { kind: 'rows', job: job.id, begin, end };
    this.workers[k].postMessage(message);
  }

  private received(k: number, band: BandMessage): void {
    this.busy[k] = false;
    const job = this.job;
    if (job && band.job === job.id) {
      const { result } = job;
      result.counts.set(band.counts, band.begin * result.width);
      if (result.norms && band.norms) result.norms.set(band.norms, band.begin * result.width);
      result.iterations += band.iterations;
      job.rowsDone += band.end - band.begin;
      if (job.rowsDone === result.height) {
        result.milliseconds = performance.now() - job.started;
        this.job = undefined;
        job.resolve(result);
        return;
      }
    }
    this.dispatch(k);
  }

  /** Ends the current job with `error` (its late bands are dropped when they arrive). */
  private fail(error: unknown): void {
    const job = this.job;
    if (!job) return;
    this.job = undefined;
    job.reject(error);
  }
}
