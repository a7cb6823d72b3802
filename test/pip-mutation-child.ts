/**
 * pipAll while its points change (issue 9): a module for the js backend, and a script that
 * pip-extremes.test.ts runs in a child process for the native backend (argument: threads), so an
 * out-of-bounds write fails the test instead of crashing the runner. Prints one JSON line:
 * { onProgress, worker, guards }.
 */
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { Engine } from '../src/index.js';
import { matchCountRange, matchFillRange } from '../src/pip/reference.js';
import type { BackendCase } from './backends.js';
import { packPolygons, pipBindings } from './pip-kernels.js';

type Options = BackendCase['options'];

const ZONES = 40;
const square = [[[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]]];
const squares = () => Array.from({ length: ZONES }, () => ({ type: 'Polygon', coordinates: square }));
const OUTSIDE = -50;
const INSIDE = 5;

function describeError(error: unknown): string {
  return error instanceof RangeError && /changed zones between its counting and filling passes/.test(error.message) ? 'RangeError' : `unexpected: ${String(error)}`;
}

/** The case: onProgress moves every point into all 40 zones between the two passes. */
export async function mutateDuringPipAll(options: Options): Promise<string> {
  const engine = new Engine(squares(), options);
  const lat = new Float64Array(1000).fill(OUTSIDE);
  const lon = new Float64Array(1000).fill(OUTSIDE);
  const onProgress = (f: number) => {
    if (f === 0.5) {
      lat.fill(INSIDE);
      lon.fill(INSIDE);
    }
  };
  try {
    await engine.pipAll({ lat, lon }, { onProgress });
    return 'resolved with the points changed';
  } catch (error) {
    return describeError(error);
  }
}

/** Whether a pipAll result is well formed and each point is in no zone or in all of them. */
function wellFormed(offsets: Int32Array, zones: Int32Array): boolean {
  if (offsets[0] !== 0 || offsets[offsets.length - 1] !== zones.length) return false;
  for (let i = 0; i + 1 < offsets.length; i++) {
    const n = offsets[i + 1] - offsets[i];
    if (n !== 0 && n !== ZONES) return false;
    for (let k = 0; k < n; k++) if (zones[offsets[i] + k] !== k) return false;
  }
  return true;
}

/** Another thread flips points on a SharedArrayBuffer in and out of the zones while pipAllSync runs. */
export async function mutateFromWorker(options: Options): Promise<string> {
  const n = 100_000;
  const lat = new Float64Array(new SharedArrayBuffer(8 * n)).fill(OUTSIDE);
  const lon = new Float64Array(new SharedArrayBuffer(8 * n)).fill(OUTSIDE);
  const stop = new Int32Array(new SharedArrayBuffer(4));
  const flipper = `
    const { workerData } = require('node:worker_threads');
    const lat = new Float64Array(workerData.lat), lon = new Float64Array(workerData.lon), stop = new Int32Array(workerData.stop);
    for (let v = ${INSIDE}; Atomics.load(stop, 0) === 0; v = v === ${INSIDE} ? ${OUTSIDE} : ${INSIDE}) { lat.fill(v); lon.fill(v); }
  `;
  const worker = new Worker(flipper, { eval: true, workerData: { lat: lat.buffer, lon: lon.buffer, stop: stop.buffer } });
  await once(worker, 'online');
  const engine = new Engine(squares(), options);
  const outcomes = new Set<string>();
  try {
    for (let run = 0; run < 12; run++) {
      try {
        const { offsets, zones } = engine.pipAllSync({ lat, lon });
        outcomes.add(wellFormed(offsets, zones) ? 'ok' : 'malformed result');
      } catch (error) {
        const described = describeError(error);
        outcomes.add(described === 'RangeError' ? 'ok' : described);
      }
    }
  } finally {
    Atomics.store(stop, 0, 1);
    await worker.terminate();
  }
  return [...outcomes].join('; ');
}

/**
 * The fill pass run directly with offsets counted for other points, into an output with guard
 * values on both sides: nothing outside each point's slice may change.
 */
export function fillWithStaleOffsets(options: Options): string {
  const n = 65; // odd: the last point gains matches and its slice ends the output
  const packed = packPolygons(Array.from({ length: ZONES }, () => square));
  const lat = Float64Array.from({ length: n }, (_, i) => (i % 2 ? INSIDE : OUTSIDE));
  const lon = lat.slice();
  const counts = new Int32Array(n);
  matchCountRange(packed, lat, lon, counts, 0, 0, n);
  const offsets = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) offsets[i + 1] = offsets[i] + counts[i];
  // Now every point has moved: the odd ones out of all zones, the even ones into all of them.
  lat.forEach((v, i) => (lat[i] = lon[i] = v === INSIDE ? OUTSIDE : INSIDE));
  const GUARD = 1024;
  const GUARD_VALUE = 0x5a5a5a5a;
  const buffer = new Int32Array(GUARD + offsets[n] + GUARD).fill(GUARD_VALUE);
  const zones = buffer.subarray(GUARD, GUARD + offsets[n]);
  const found = new Int32Array(n);
  if (options.backend === 'native') pipBindings().pipMatchFillSync(packed, lat, lon, offsets, zones, found, 0, options.threads);
  else matchFillRange(packed, lat, lon, offsets, zones, found, 0, 0, n);
  const guardsIntact = buffer.subarray(0, GUARD).every((v) => v === GUARD_VALUE) && buffer.subarray(GUARD + offsets[n]).every((v) => v === GUARD_VALUE);
  if (!guardsIntact) return 'a guard was overwritten';
  if (!found.every((f, i) => f === (i % 2 ? 0 : ZONES))) return `found ${Array.from(found)}`;
  if (!zones.every((v) => v === -1)) return 'slices no longer filled are not -1';
  return 'intact';
}

if (process.argv[1] === new URL(import.meta.url).pathname) {
  const options: Options = { backend: 'native', threads: Number(process.argv[2] ?? 1) };
  const report = { onProgress: await mutateDuringPipAll(options), worker: await mutateFromWorker(options), guards: fillWithStaleOffsets(options) };
  console.log(JSON.stringify(report));
}
