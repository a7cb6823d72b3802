/**
 * Polygon matching (seed 001): for each point, among the polygons whose center is closer than
 * maxDist, the one with the smallest area. The seed's API (`Polygon`, `findClosePolygons`,
 * `selectBestPolygon`, `main`, `generateExample`) beside a packed batch (`PolygonSet`,
 * `matchPoints`) that runs natively on every core with a grid index over the centers.
 */
import type { BackendOptions } from '../host.js';
import { invalidRange, invalidType } from '../errors.js';
import { type Call, asyncCall, byBackend, defineKernel, keepAttached, nativeAddon, runAsync, runSync, syncCall, wasmFunction } from '../kernel.js';
import { checkOut } from '../validate.js';
import { BACKEND_OPTIONS, PROGRESS_OPTIONS, defineOptions } from '../options.js';
import type { ProgressOptions } from '../progress.js';
import { type CenterGrid, buildGrid } from './grid.js';
import { type CenterArea, type Points, checkMaxDist, checkPolygons, packCenters, packPoints, packPolygons, pointOf } from './input.js';
import { type Point, Polygon } from './polygon.js';
import { PolygonSet } from './polygon-set.js';
import { isClose, matchRange } from './reference.js';

export { Polygon, type Point } from './polygon.js';
export { PolygonSet } from './polygon-set.js';
export { generateExample, generateExampleSet, type ExampleOptions } from './example.js';
export type { Points } from './input.js';

export interface MatchOptions extends BackendOptions {
  /** A polygon is close when the distance from its center is below this (default 10, the seed's). */
  maxDist?: number;
  /** Preallocated Int32Array of one element per point to fill and return (numpy's `out=`). */
  out?: Int32Array;
}

export type MatchAsyncOptions = MatchOptions & ProgressOptions;

const MATCH_OPTIONS = defineOptions<MatchOptions>()({ maxDist: 10, ...BACKEND_OPTIONS, out: undefined });
const MATCH_ASYNC_OPTIONS = defineOptions<MatchAsyncOptions>()({ ...MATCH_OPTIONS.defaults, ...PROGRESS_OPTIONS });
const CALL_OPTIONS = defineOptions<BackendOptions>()({ ...BACKEND_OPTIONS });

/** What matchPoints reads; the TypeScript form builds its grid on first use (native builds its own). */
interface Match extends CenterArea {
  points: Float64Array;
  maxDist: number;
  out: Int32Array;
  grid?: CenterGrid;
}

const MATCH = defineKernel({
  native: 'matchPoints',
  args: (a: Match) => ({ inputs: [a.centers, a.areas, a.points], outputs: [a.out], scalars: [a.maxDist] }),
  units: (a) => a.out.length,
  step: 4096,
  js: (a, begin, end) => {
    a.grid ??= buildGrid(a.centers, a.areas, a.maxDist);
    matchRange(a.grid, a.points, a.maxDist, a.out, begin, end);
  },
});

/**
 * The polygons whose center is closer than maxDist to the point (Euclidean, strict), in input order,
 * as the same objects (subclasses included). The seed's per-call function: each call reads every
 * polygon's center, so prefer `matchPoints` for many points. Runs in TypeScript unless
 * `backend: 'native'` is asked for: the native call must read every center from its object too, so
 * per call it cannot beat the JIT-compiled loop (the bench shows it; the seed's v3 row).
 *
 * @example
 * const near = findClosePolygons(polygons, [10, 20], 10);
 */
export function findClosePolygons<P extends Polygon>(polygons: readonly P[], point: Point, maxDist: number, options?: BackendOptions): P[] {
  const opts = CALL_OPTIONS.read('findClosePolygons', options);
  const list = checkPolygons<P>('polygons', polygons);
  const [px, py] = pointOf('point', point);
  const dist = checkMaxDist(maxDist);
  // One call runs on one thread (threads is checked for a clear error), in TypeScript unless asked.
  const call = syncCall({ ...opts, backend: opts.backend === 'auto' || opts.backend === undefined ? 'js' : opts.backend });
  const closeJs = () => list.filter((p) => isClose(p.center[0], p.center[1], px, py, dist));
  const pick = (found: Int32Array, count: number) => {
    const out: P[] = new Array(count);
    for (let k = 0; k < count; k++) out[k] = list[found[k]];
    return out;
  };
  return byBackend(call, {
    js: closeJs,
    wasm: () => {
      const found = new Int32Array(list.length);
      return pick(found, wasmFunction(call, 'closeIndices', { inputs: [packCenters(list)], outputs: [found], scalars: [px, py, dist] }));
    },
    native: () => {
      const found = new Int32Array(list.length);
      return pick(found, nativeAddon(call).closeIndices(packCenters(list), found, px, py, dist));
    },
  });
}

/**
 * For each `[point, polygons]` pair, `[point, best]`: the first polygon unless a later one has a
 * strictly smaller area (the seed's rule). Every polygon list must be non-empty.
 *
 * @example
 * const best = selectBestPolygon([[[10, 20], findClosePolygons(polygons, [10, 20], 10)]]);
 */
export function selectBestPolygon<P extends Polygon>(polygonSets: ReadonlyArray<readonly [Point, readonly P[]]>): Array<[Point, P]> {
  if (!Array.isArray(polygonSets)) throw invalidType('polygonSets', 'array of [point, polygons] pairs', polygonSets);
  return polygonSets.map((entry: unknown, i) => {
    if (!Array.isArray(entry) || entry.length !== 2) throw invalidType(`polygonSets[${i}]`, '[point, polygons] pair', entry);
    const [point, polygons] = entry as [Point, readonly P[]];
    pointOf(`polygonSets[${i}][0]`, point);
    const list = checkPolygons<P>(`polygonSets[${i}][1]`, polygons);
    if (list.length === 0) throw invalidRange(`polygonSets[${i}][1]`, 'non-empty array of Polygon', list);
    let best = list[0];
    for (const poly of list) if (poly.area() < best.area()) best = poly;
    return [point, best];
  });
}

function centersAndAreas(polygons: unknown): CenterArea {
  if (polygons instanceof PolygonSet) return polygons;
  return packPolygons(checkPolygons('polygons', polygons));
}

/** The caller's `out` (checked against the points and polygons) or a fresh Int32Array. */
function matchOutput(out: unknown, data: CenterArea, points: Float64Array): Int32Array {
  const n = points.length >> 1;
  return checkOut('out', out, Int32Array, { count: n, what: 'the number of points' }, [points, data.centers, data.areas]) ?? new Int32Array(n);
}

function matchSync(data: CenterArea, points: Float64Array, maxDist: number, call: Call, given?: Int32Array): Int32Array {
  const out = matchOutput(given, data, points);
  runSync(MATCH, { centers: data.centers, areas: data.areas, points, maxDist, out }, call);
  return out;
}

/**
 * The seed's `main`: for each point, the best of its close polygons, as `[point, polygon]` pairs;
 * points with no close polygon are left out. Runs the batch path (`matchPoints`), so it costs a
 * grid lookup per point rather than a scan of every polygon.
 *
 * @example
 * const { polygons, points } = generateExample();
 * for (const [point, polygon] of main(polygons, points)) console.log(point, polygon.area());
 */
export function main<P extends Polygon>(polygons: readonly P[], points: ReadonlyArray<Point>, maxDist: number = MATCH_OPTIONS.defaults.maxDist, options?: BackendOptions): Array<[Point, P]> {
  const opts = CALL_OPTIONS.read('main', options);
  const list = checkPolygons<P>('polygons', polygons);
  if (!Array.isArray(points)) throw invalidType('points', 'array of [x, y] points', points);
  const dist = checkMaxDist(maxDist);
  const packed = packPoints(points);
  const best = matchSync(packPolygons(list), packed, dist, syncCall(opts));
  const out: Array<[Point, P]> = [];
  for (let i = 0; i < best.length; i++) if (best[i] >= 0) out.push([points[i], list[best[i]]]);
  return out;
}

/**
 * Index of the best polygon for every point (-1 when none is close): the smallest area among the
 * polygons whose center is closer than `maxDist`, ties to the lowest index. Exact: every backend and
 * thread count gives the same result. `points` is an array of `[x, y]` or a Float64Array of
 * interleaved x, y.
 *
 * @example
 * const { polygons, points } = generateExampleSet({ polygons: 100_000, points: 100_000, span: 1000 });
 * const best = matchPointsSync(polygons, points, { maxDist: 10 }); // Int32Array(100000)
 */
export function matchPointsSync(polygons: readonly Polygon[] | PolygonSet, points: Points, options?: MatchOptions): Int32Array {
  const opts = MATCH_OPTIONS.read('matchPointsSync', options);
  const dist = checkMaxDist(opts.maxDist);
  const data = centersAndAreas(polygons);
  const packed = packPoints(points);
  return matchSync(data, packed, dist, syncCall(opts), opts.out);
}

/**
 * Async form of {@link matchPointsSync}: runs off the main thread; accepts `signal` and `onProgress`.
 *
 * @example
 * const best = await matchPoints(polygons, points, { maxDist: 10, signal: AbortSignal.timeout(5000) });
 */
export async function matchPoints(polygons: readonly Polygon[] | PolygonSet, points: Points, options?: MatchAsyncOptions): Promise<Int32Array> {
  const opts = MATCH_ASYNC_OPTIONS.read('matchPoints', options);
  const dist = checkMaxDist(opts.maxDist);
  const data = centersAndAreas(polygons);
  const packed = packPoints(points);
  const call = asyncCall(opts);
  const out = matchOutput(opts.out, data, packed);
  if (opts.out !== undefined) keepAttached([out]);
  await runAsync(MATCH, { centers: data.centers, areas: data.areas, points: packed, maxDist: dist, out }, call);
  return out;
}
