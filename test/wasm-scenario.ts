/**
 * One call of every kernel and function that has a wasm form, sync and async, written once against
 * the shared API (src/api.ts): test/wasm-browser.test.ts runs it in Chromium on `hotloop/wasm`
 * (backend 'wasm') and in Node on the TypeScript reference (backend 'js'), and compares the results.
 * No Node built-ins: it is bundled into the test page.
 */
import type * as Api from '../src/api.js';

/** FNV-1a over the bytes of some arrays: a short, exact fingerprint of a result. */
export function fingerprint(...views: ArrayBufferView[]): string {
  let hash = 0x811c9dc5;
  for (const view of views) {
    const bytes = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
    for (let i = 0; i < bytes.length; i++) hash = Math.imul(hash ^ bytes[i], 0x01000193) >>> 0;
  }
  return hash.toString(16);
}

/** A fixed pseudo-random sequence in [0, 1) (the page and Node draw the same). */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const box = (x0: number, y0: number, x1: number, y1: number) => [
  [x0, y0],
  [x1, y0],
  [x1, y1],
  [x0, y1],
  [x0, y0],
];

export interface ScenarioResult {
  /** Fingerprints of each call's result, by call. */
  fingerprints: Record<string, string>;
  /** The PNG files (deflate differs between zlib and pako: the test compares their pixels). */
  pngs: Record<string, Uint8Array>;
  /** The pixels the PNGs hold. */
  grey: Uint8Array;
  width: number;
  height: number;
}

/** Runs every call on `backend` with `threads`. */
export async function scenario(api: typeof Api, backend: 'wasm' | 'js', threads: number): Promise<ScenarioResult> {
  const on = { backend, threads } as const;
  const f: Record<string, string> = {};
  const rand = random(13);

  const juliaOptions = { c: [-0.8, 0.156] as [number, number], xMin: -1.6, xMax: 1.6, yMin: -1, yMax: 1, resolution: 160, itermax: 400, smooth: true };
  const image = api.juliaSync({ ...juliaOptions, ...on });
  f.juliaSync = fingerprint(image.counts, image.norms!);
  const progress: number[] = [];
  const asyncImage = await api.julia({ ...juliaOptions, ...on, onProgress: (p) => progress.push(p) });
  f.julia = fingerprint(asyncImage.counts, asyncImage.norms!) + (progress.at(-1) === 1 ? '' : ' (progress did not end at 1)');
  const grey = api.juliaGrey(image, on);
  f.juliaGrey = fingerprint(grey);
  const png = { width: image.width, height: image.height, channels: 1 as const, pixels: grey };
  const pngs = { encodePngSync: api.encodePngSync(png, { ...on, level: 6, filter: 'up' }), encodePng: await api.encodePng(png, { ...on, level: 1, strategy: 'rle' }) };

  const coeffs = new Float64Array(4 * 3000).map(() => Math.round((rand() - 0.5) * 40) / 4);
  f.solveCubicsSync = fingerprint(...Object.values(api.solveCubicsSync(coeffs, on)));
  f.solveCubics = fingerprint(...Object.values(await api.solveCubics(coeffs, on)));
  const x0 = new Float64Array(2000).map(() => rand() * 10);
  const y0 = new Float64Array(2000).map(() => (rand() - 0.5) * 10);
  f.cubicYRootsSync = fingerprint(...Object.values(api.cubicYRootsSync(x0, y0, on)));
  f.cubicYRoots = fingerprint(...Object.values(await api.cubicYRoots(x0, y0, on)));

  const example = api.generateExample({ polygons: 400, points: 300, span: 100 });
  const xs: number[] = [];
  const ys: number[] = [];
  const offsets = [0];
  for (const polygon of example.polygons) {
    xs.push(...polygon.x);
    ys.push(...polygon.y);
    offsets.push(xs.length);
  }
  const set = api.PolygonSet.fromArrays(new Float64Array(xs), new Float64Array(ys), offsets, on);
  f['PolygonSet.fromArrays'] = fingerprint(set.centers, set.areas);
  const close = api.findClosePolygons(example.polygons, [50, 50], 20, on).map((p) => example.polygons.indexOf(p));
  f.findClosePolygons = fingerprint(Int32Array.from(close));
  f.matchPointsSync = fingerprint(api.matchPointsSync(set, example.points, { ...on, maxDist: example.maxDist }));
  f.matchPoints = fingerprint(await api.matchPoints(set, example.points, { ...on, maxDist: example.maxDist }));

  const zones = {
    type: 'FeatureCollection',
    features: [
      { type: 'Feature', properties: { name: 'a' }, geometry: { type: 'Polygon', coordinates: [box(0, 0, 6, 6), box(2, 2, 3, 3)] } },
      { type: 'Feature', properties: { name: 'b' }, geometry: { type: 'Polygon', coordinates: [box(4, 4, 9, 9)] } },
    ],
  };
  const engine = new api.Engine(zones, on);
  const points = { lon: new Float64Array(5000).map(() => rand() * 10), lat: new Float64Array(5000).map(() => rand() * 10) };
  f['Engine.locateSync'] = fingerprint(engine.locateSync(points));
  f['Engine.locate'] = fingerprint(await engine.locate(points));
  const all = engine.pipAllSync(points);
  f['Engine.pipAllSync'] = fingerprint(all.offsets, all.zones);
  const allAsync = await engine.pipAll(points);
  f['Engine.pipAll'] = fingerprint(allAsync.offsets, allAsync.zones);
  const counts = engine.countSync(points);
  f['Engine.countSync'] = fingerprint(Float64Array.from([...counts.counts, counts.none]));
  const countsAsync = await engine.count(points);
  f['Engine.count'] = fingerprint(Float64Array.from([...countsAsync.counts, countsAsync.none]));

  const matrix = { data: new Float64Array(60 * 700).map(() => Math.round(rand() * 1000) - 500), rows: 60, cols: 700 };
  f.findMaxSync = fingerprint(api.findMaxSync(matrix, { ...on, axis: 0 }));
  f.findMax = fingerprint(await api.findMax(matrix, { ...on, axis: 1 }));
  f.argMinSync = fingerprint(api.argMinSync({ ...matrix, order: 'F' }, { ...on, axis: 0 }));
  f.argMin = fingerprint(await api.argMin(matrix, { ...on, axis: 1 }));
  const ints = { data: new Int16Array(50 * 300).map(() => Math.round(rand() * 60000) - 30000), rows: 50, cols: 300 };
  f['findMinSync(Int16Array)'] = fingerprint(api.findMinSync(ints, { ...on, axis: 1 }));
  f['argMax(Int16Array)'] = fingerprint(await api.argMax(ints, { ...on, axis: 0 }));

  const n = 2000;
  const mass = api.solarMass(Array.from({ length: n }, () => 20 + rand() * 80));
  const a = Float64Array.from({ length: n }, () => 300 + rand() * 5000);
  const spin = Float64Array.from({ length: n }, () => rand() * 0.9);
  const kick = api.kmPerSecond(Array.from({ length: n }, () => 50 + rand() * 500));
  const smbh = api.solarMass(1e8);
  f.shockLuminositiesSync = fingerprint(api.shockLuminositiesSync(smbh, mass, a, api.demoDisk, kick, on));
  f.shockLuminosities = fingerprint(await api.shockLuminosities(smbh, mass, a, api.demoDisk, kick, on));
  f.jetLuminositiesSync = fingerprint(api.jetLuminositiesSync(mass, a, api.demoDisk, spin, kick, on));
  f.jetLuminosities = fingerprint(await api.jetLuminosities(mass, a, api.demoDisk, spin, kick, on));

  return { fingerprints: f, pngs, grey, width: image.width, height: image.height };
}
