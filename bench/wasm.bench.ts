// The wasm backend against the TypeScript reference and native AVX2, kernel by kernel, in one
// process with the rounds alternated (so a load change hits every row alike): julia, cubic, pip and
// reduce on one thread (CPU time) and on every thread (wall time), then the cost of copying inputs
// into the wasm memory. The targets as ratios of this run.
import { nativeAddon, backend as defaultBackend, threads, wasmRuntime, wasmUnavailableReason } from '../src/backend.js';
import {
  PolygonSet,
  cubicYRoots,
  cubicYRootsSync,
  demoDisk,
  encodePng,
  generateExampleSet,
  julia,
  juliaGrey,
  juliaSync,
  matchPoints,
  matchPointsSync,
  shockLuminosities,
  shockLuminositiesSync,
} from '../src/index.js';
import { Engine } from '../src/pip/api.js';
import { findMax, findMaxSync } from '../src/reduce/api.js';
import { seedMatrix } from '../src/reduce/seed-matrix.js';
import { builtinZones } from '../src/pip/builtin-zones.js';
import { syntheticAisPoints } from '../src/pip/synthetic-points.js';
import { type Measurement, printTable, saveResults, startTable, target } from './harness.js';
import { randomRemnants } from './remnants.js';

const ROUNDS = 7;
const WARMUP = 2; // pages of fresh memory cost a lot on a loaded machine: touch them before timing

interface Row {
  label: string;
  items: number;
  run: () => unknown;
  /** Called before each run: the native row caps the addon to AVX2 there. */
  setup?: () => void;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1];
}

/**
 * Every row once per round, rounds alternated; medians of wall time (`ms`) and of the process's
 * CPU time (`cpuMs`, every thread: the cost of a row whatever else runs on the machine).
 */
async function alternate(rows: Row[]): Promise<Measurement[]> {
  const walls = rows.map(() => [] as number[]);
  const cpus = rows.map(() => [] as number[]);
  for (let warm = 0; warm < WARMUP; warm++) {
    for (const row of rows) {
      row.setup?.();
      await row.run(); // the workers of the async rows start here
    }
  }
  for (let round = 0; round < ROUNDS; round++) {
    for (const [i, row] of rows.entries()) {
      row.setup?.();
      const cpu = process.cpuUsage();
      const start = performance.now();
      await row.run();
      walls[i].push(performance.now() - start);
      const used = process.cpuUsage(cpu);
      cpus[i].push((used.user + used.system) / 1e3);
    }
  }
  return rows.map((row, i) => ({
    label: row.label,
    ms: median(walls[i]),
    runs: walls[i],
    cpuMs: median(cpus[i]),
    items: row.items,
    note: `CPU ${median(cpus[i]).toFixed(1)} ms`,
  }));
}

/**
 * The rule of issue 13: `threads: N` is never slower than `threads: 1`. Wall time of the row on one
 * thread (a sync call that runs on the calling thread alone) over that of the row on every thread
 * (an async call on the pool), same run; below 1 means the second thread cost more than it gave.
 */
function scaling(rows: Measurement[], kernel: string, one: string, all: string): void {
  const [single, every] = [rows.find((r) => r.label === one)!, rows.find((r) => r.label === all)!];
  target(`${kernel}: wasm, ${all.replace(/^wasm( SIMD128)?, /, '')} vs 1 thread, wall (x)`, single.ms / every.ms, 1);
}

/** Wall time per item (the speed-up on every thread), or CPU time per item (one thread's cost). */
const perItem = (rows: Measurement[], label: string, cpu = false) => {
  const row = rows.find((r) => r.label === label)!;
  return (cpu ? (row.cpuMs as number) : row.ms) / row.items;
};

export async function run(): Promise<void> {
  const reason = wasmUnavailableReason();
  if (reason) {
    console.log(`wasm bench skipped: ${reason}`);
    return;
  }
  const all = threads();
  const native = defaultBackend() === 'native';
  const capped = (level: 'avx2') => () => void nativeAddon().capSimd(level);
  const restore = () => {
    if (native) nativeAddon().capSimd(nativeAddon().info().simdDetected);
  };
  const results: Record<string, Measurement[]> = {};

  // julia, the seed's region at R=1000 (1e6 pixels, 20..100 iterations).
  const R = 1000;
  startTable();
  const [wasmCounts, nativeCounts] = [new Uint16Array(R * R), new Uint16Array(R * R)];
  const juliaRows = await alternate([
    { label: 'TypeScript, 1 thread', items: R * R, run: () => juliaSync({ resolution: R, backend: 'js' }) },
    { label: 'wasm SIMD128, 1 thread', items: R * R, run: () => juliaSync({ resolution: R, backend: 'wasm', threads: 1 }) },
    { label: `wasm SIMD128, ${all} threads`, items: R * R, run: () => julia({ resolution: R, backend: 'wasm', threads: all }) },
    ...(native ? [{ label: 'native AVX2, 1 thread', items: R * R, setup: capped('avx2'), run: () => juliaSync({ resolution: R, backend: 'native', threads: 1 }) }] : []),
    // The kernels alone: fresh counts cost both backends the same page faults (9 ms of CPU each at
    // times on this VM), which would halve the ratio's distance from 1.
    { label: 'wasm SIMD128, 1 thread, reused counts', items: R * R, run: () => juliaSync({ resolution: R, backend: 'wasm', threads: 1, out: wasmCounts }) },
    ...(native ? [{ label: 'native AVX2, 1 thread, reused counts', items: R * R, setup: capped('avx2'), run: () => juliaSync({ resolution: R, backend: 'native', threads: 1, out: nativeCounts }) }] : []),
  ]);
  restore();
  printTable(`julia ${R}x${R}: wasm against TypeScript and native AVX2 (${ROUNDS} alternated rounds, medians of wall time)`, juliaRows, 'TypeScript, 1 thread', 'pixel');
  results.julia = juliaRows;
  target(`julia: wasm on ${all} threads vs TypeScript, per pixel (x)`, perItem(juliaRows, 'TypeScript, 1 thread') / perItem(juliaRows, `wasm SIMD128, ${all} threads`), 2);
  scaling(juliaRows, 'julia', 'wasm SIMD128, 1 thread', `wasm SIMD128, ${all} threads`);
  if (native) target('julia: wasm SIMD128 / native AVX2, CPU time on 1 thread (x)', perItem(juliaRows, 'wasm SIMD128, 1 thread', true) / perItem(juliaRows, 'native AVX2, 1 thread', true), 2.5, false);
  if (native) {
    const kernel = perItem(juliaRows, 'wasm SIMD128, 1 thread, reused counts', true) / perItem(juliaRows, 'native AVX2, 1 thread, reused counts', true);
    target('julia: wasm SIMD128 / native AVX2, CPU time on 1 thread, reused counts (x)', kernel, 2.2, false);
  }

  // cubic: the seed's batch (1e6 cubics with three real roots each).
  const N = 1_000_000;
  const x0 = new Float64Array(N);
  const y0 = new Float64Array(N).fill(1);
  for (let i = 0; i < N; i++) x0[i] = -0.5 + (0.005 * (i + 1)) / N;
  // Every row fills its own reused result (out=): on a virtual machine a fresh 24 MB result can
  // cost more in page faults than the solves (a wasm call alternated between 33 and 115 ms with
  // fresh results, call after call); the fresh-result row shows that cost apart.
  const result = () => ({ roots: new Float64Array(3 * N), count: new Uint8Array(N) });
  const [jsOut, wasmOut, poolOut, nativeOut] = [result(), result(), result(), result()];
  startTable();
  const cubicRows = await alternate([
    { label: 'TypeScript, 1 thread', items: N, run: () => cubicYRootsSync(x0, y0, { backend: 'js', out: jsOut }) },
    { label: 'wasm SIMD128, 1 thread', items: N, run: () => cubicYRootsSync(x0, y0, { backend: 'wasm', threads: 1, out: wasmOut }) },
    { label: `wasm SIMD128, ${all} threads`, items: N, run: () => cubicYRoots(x0, y0, { backend: 'wasm', threads: all, out: poolOut }) },
    { label: 'wasm SIMD128, 1 thread, fresh result', items: N, run: () => cubicYRootsSync(x0, y0, { backend: 'wasm', threads: 1 }) },
    ...(native ? [{ label: 'native AVX2, 1 thread', items: N, setup: capped('avx2'), run: () => cubicYRootsSync(x0, y0, { backend: 'native', threads: 1, out: nativeOut }) }] : []),
  ]);
  restore();
  printTable(`cubic batch, ${N.toLocaleString('en-US')} cubics into reused results (${ROUNDS} alternated rounds, medians of wall time)`, cubicRows, 'TypeScript, 1 thread', 'solve');
  results.cubic = cubicRows;
  target(`cubic batch: wasm on ${all} threads vs TypeScript, per solve (x)`, perItem(cubicRows, 'TypeScript, 1 thread') / perItem(cubicRows, `wasm SIMD128, ${all} threads`), 2);
  scaling(cubicRows, 'cubic batch', 'wasm SIMD128, 1 thread', `wasm SIMD128, ${all} threads`);

  // pip: the built-in zones and 2M AIS-like points (the pip bench's fallback workload).
  const engine = new Engine([builtinZones()]);
  const points = syntheticAisPoints(2_000_000, 3);
  const P = points.lat.length;
  // The same points, and the result, in the wasm memory: the rows without the copies in and out.
  const runtime = wasmRuntime();
  const inWasm = { lat: runtime.alloc(Float64Array, P), lon: runtime.alloc(Float64Array, P) };
  inWasm.lat.set(points.lat);
  inWasm.lon.set(points.lon);
  const zonesInWasm = runtime.alloc(Int32Array, P);
  // Every row but the last fills its own reused result (out=), as the cubic rows do: a fresh 8 MB
  // result faults its pages in on first write, and on this kind of virtual machine those faults
  // came and went from call to call (0 or ~2,000 of them, +30 ms on a 12-25 ms call), whichever
  // row drew them; the fresh-result row shows that cost apart.
  const [jsZones, wasmZones, poolZones, nativeZones] = [0, 1, 2, 3].map(() => new Int32Array(P));
  startTable();
  const pipRows = await alternate([
    { label: 'TypeScript, 1 thread', items: P, run: () => engine.pipN(points.lat, points.lon, { backend: 'js', out: jsZones }) },
    { label: 'wasm, 1 thread', items: P, run: () => engine.pipN(points.lat, points.lon, { backend: 'wasm', threads: 1, out: wasmZones }) },
    { label: `wasm, ${all} threads`, items: P, run: () => engine.locate(points, { backend: 'wasm', threads: all, out: poolZones }) },
    { label: `wasm, ${all} threads, alloc() arrays`, items: P, run: () => engine.locate(inWasm, { backend: 'wasm', threads: all, out: zonesInWasm }) },
    { label: `wasm, ${all} threads, fresh result`, items: P, run: () => engine.locate(points, { backend: 'wasm', threads: all }) },
    ...(native ? [{ label: 'native AVX2, 1 thread', items: P, setup: capped('avx2'), run: () => engine.pipN(points.lat, points.lon, { backend: 'native', threads: 1, out: nativeZones }) }] : []),
  ]);
  restore();
  printTable(`pip, ${P.toLocaleString('en-US')} points x ${engine.zoneCount} zones (${ROUNDS} alternated rounds, medians of wall time)`, pipRows, 'TypeScript, 1 thread', 'point');
  results.pip = pipRows;
  target(`pip: wasm on ${all} threads vs TypeScript, per point (x)`, perItem(pipRows, 'TypeScript, 1 thread') / perItem(pipRows, `wasm, ${all} threads`), 2);
  scaling(pipRows, 'pip', 'wasm, 1 thread', `wasm, ${all} threads`);
  for (const array of [inWasm.lat, inWasm.lon, zonesInWasm]) runtime.free(array);

  // reduce: the seed's column maxima (arr.max(axis=0)) on a tenth of its matrix, as Float64Array
  // (TypeScript over BigInt64Array would flatter wasm), in C order and as the transpose's view.
  const [rows, cols] = [100, 100_000];
  const matrix = Float64Array.from(seedMatrix(rows, cols), Number);
  const views = { C: { data: matrix, rows, cols }, F: { data: matrix, rows: cols, cols: rows, order: 'F' as const } };
  // A reduction reads its input once, as a copy into the wasm memory does: the same matrix from
  // alloc() shows the kernel without the copy.
  const matrixInWasm = runtime.alloc(Float64Array, matrix.length);
  matrixInWasm.set(matrix);
  for (const [order, view] of Object.entries(views)) {
    const viewInWasm = { ...view, data: matrixInWasm };
    startTable();
    const reduceRows = await alternate([
      { label: 'TypeScript, 1 thread', items: rows * cols, run: () => findMaxSync(view, { backend: 'js' }) },
      { label: 'wasm, 1 thread', items: rows * cols, run: () => findMaxSync(view, { backend: 'wasm', threads: 1 }) },
      { label: `wasm, ${all} threads`, items: rows * cols, run: () => findMax(view, { backend: 'wasm', threads: all }) },
      { label: `wasm, ${all} threads, alloc() matrix`, items: rows * cols, run: () => findMax(viewInWasm, { backend: 'wasm', threads: all }) },
      ...(native ? [{ label: 'native AVX2, 1 thread', items: rows * cols, setup: capped('avx2'), run: () => findMaxSync(view, { backend: 'native', threads: 1 }) }] : []),
    ]);
    restore();
    const title = order === 'C' ? `reduce, column maxima of a ${rows} x ${cols.toLocaleString('en-US')} Float64Array (C order)` : `reduce, column maxima of its transpose (F order, ${cols.toLocaleString('en-US')} x ${rows})`;
    printTable(`${title} (${ROUNDS} alternated rounds, medians of wall time)`, reduceRows, 'TypeScript, 1 thread', 'element');
    results[`reduce${order}`] = reduceRows;
    target(`reduce ${order}: wasm on ${all} threads vs TypeScript, per element (x)`, perItem(reduceRows, 'TypeScript, 1 thread') / perItem(reduceRows, `wasm, ${all} threads`), 2);
    scaling(reduceRows, `reduce ${order}`, 'wasm, 1 thread', `wasm, ${all} threads`);
    target(`reduce ${order}: wasm on ${all} threads, alloc() matrix, vs TypeScript, per element (x)`, perItem(reduceRows, 'TypeScript, 1 thread') / perItem(reduceRows, `wasm, ${all} threads, alloc() matrix`), 2);
  }
  runtime.free(matrixInWasm);

  // matchPoints, lum and the functions (PNG scanlines, polygon stats, grey levels): each row's call as the API makes it.
  await otherKernels(all, native, results);

  // Copying an input into the wasm memory (what a call does for an array not from alloc()).
  const bytes = 256 * 2 ** 20;
  const source = new Float64Array(bytes / 8).fill(1.5);
  const block = runtime.alloc(Float64Array, bytes / 8);
  const copies: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const start = performance.now();
    block.set(source);
    copies.push(performance.now() - start);
  }
  runtime.free(block);
  const copyMs = median(copies);
  console.log(`\ncopy into the wasm memory: ${(bytes / 2 ** 20).toFixed(0)} MiB in ${copyMs.toFixed(1)} ms = ${(bytes / 1e9 / (copyMs / 1e3)).toFixed(1)} GB/s (median of ${ROUNDS}, pages already touched)`);
  saveResults('wasm', { ...results, copyGBs: bytes / 1e9 / (copyMs / 1e3) });
}

/** matchPoints and shockLuminosities as julia/cubic/pip above; then the wasm forms of the functions, on one thread. */
async function otherKernels(all: number, native: boolean, results: Record<string, Measurement[]>): Promise<void> {
  // matchPoints at the seed's density: 300k polygons and 300k points.
  const { polygons, points, maxDist } = generateExampleSet({ polygons: 300_000, points: 300_000, span: 1732, seed: 2 });
  const M = points.length / 2;
  startTable();
  const matchRows = await alternate([
    { label: 'TypeScript, 1 thread', items: M, run: () => matchPointsSync(polygons, points, { maxDist, backend: 'js' }) },
    { label: 'wasm, 1 thread', items: M, run: () => matchPointsSync(polygons, points, { maxDist, backend: 'wasm', threads: 1 }) },
    { label: `wasm, ${all} threads`, items: M, run: () => matchPoints(polygons, points, { maxDist, backend: 'wasm', threads: all }) },
    ...(native ? [{ label: 'native, 1 thread', items: M, run: () => matchPointsSync(polygons, points, { maxDist, backend: 'native', threads: 1 }) }] : []),
  ]);
  printTable(`matchPoints, ${M.toLocaleString('en-US')} points x ${polygons.length.toLocaleString('en-US')} polygons (${ROUNDS} alternated rounds, medians of wall time)`, matchRows, 'TypeScript, 1 thread', 'point');
  results.matchPoints = matchRows;
  target(`matchPoints: wasm on ${all} threads vs TypeScript, per point (x)`, perItem(matchRows, 'TypeScript, 1 thread') / perItem(matchRows, `wasm, ${all} threads`), 2);
  scaling(matchRows, 'matchPoints', 'wasm, 1 thread', `wasm, ${all} threads`);

  // shockLuminosities over 1M remnants of the demo disk.
  const N = 1_000_000;
  const { smbh, mass, a, v } = randomRemnants(N);
  startTable();
  const lumRows = await alternate([
    { label: 'TypeScript, 1 thread', items: N, run: () => shockLuminositiesSync(smbh, mass, a, demoDisk, v, { backend: 'js' }) },
    { label: 'wasm, 1 thread', items: N, run: () => shockLuminositiesSync(smbh, mass, a, demoDisk, v, { backend: 'wasm', threads: 1 }) },
    { label: `wasm, ${all} threads`, items: N, run: () => shockLuminosities(smbh, mass, a, demoDisk, v, { backend: 'wasm', threads: all }) },
    ...(native ? [{ label: 'native AVX2, 1 thread', items: N, setup: () => void nativeAddon().capSimd('avx2'), run: () => shockLuminositiesSync(smbh, mass, a, demoDisk, v, { backend: 'native', threads: 1 }) }] : []),
  ]);
  if (native) nativeAddon().capSimd(nativeAddon().info().simdDetected);
  printTable(`shockLuminosities, ${N.toLocaleString('en-US')} remnants (${ROUNDS} alternated rounds, medians of wall time)`, lumRows, 'TypeScript, 1 thread', 'remnant');
  results.shockLuminosities = lumRows;
  target(`shockLuminosities: wasm on ${all} threads vs TypeScript, per remnant (x)`, perItem(lumRows, 'TypeScript, 1 thread') / perItem(lumRows, `wasm, ${all} threads`), 2);
  scaling(lumRows, 'shockLuminosities', 'wasm, 1 thread', `wasm, ${all} threads`);

  // The functions: sync, on the calling thread, inputs copied in and outputs out.
  const image = juliaSync({ resolution: 2000 });
  const grey = juliaGrey(image);
  const png = { width: image.width, height: image.height, channels: 1 as const, pixels: grey };
  const { x, y, offsets } = polygons;
  startTable();
  const functionRows = await alternate([
    { label: 'PolygonSet.fromArrays 300k, TypeScript', items: polygons.length, run: () => PolygonSet.fromArrays(x, y, offsets, { backend: 'js' }) },
    { label: 'PolygonSet.fromArrays 300k, wasm', items: polygons.length, run: () => PolygonSet.fromArrays(x, y, offsets, { backend: 'wasm' }) },
    { label: 'juliaGrey 4M pixels, TypeScript', items: grey.length, run: () => juliaGrey(image, { backend: 'js' }) },
    { label: 'juliaGrey 4M pixels, wasm', items: grey.length, run: () => juliaGrey(image, { backend: 'wasm' }) },
    { label: 'encodePng 4M pixels level 1, TypeScript scanlines', items: grey.length, run: () => encodePng(png, { level: 1, filter: 'up', backend: 'js' }) },
    { label: 'encodePng 4M pixels level 1, wasm scanlines', items: grey.length, run: () => encodePng(png, { level: 1, filter: 'up', backend: 'wasm' }) },
  ]);
  // One table per function (rows alternated in one run above), each against its TypeScript form.
  for (let k = 0; k < functionRows.length; k += 2) {
    const pair = functionRows.slice(k, k + 2);
    printTable(`${pair[0].label.split(',')[0]}: wasm form against TypeScript, calling thread (${ROUNDS} alternated rounds, medians of wall time)`, pair, pair[0].label, 'item');
  }
  results.functions = functionRows;
}
