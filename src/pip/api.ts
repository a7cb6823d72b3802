/**
 * Point-in-polygon engine (seed 003): GeoJSON zones in, the zone of each of millions of lon/lat
 * points out. The seed's `Engine`, `pip1` and `pipN` (lat, lon order, as the seed) beside idiomatic
 * forms over `{ lon, lat }`: `locate` (first zone), `pipAll` (every zone) and `count` (points per
 * zone), each sync or async (Promise, `signal`, `onProgress`), each on the native or the TS backend.
 */
import { type BackendOptions, currentHost } from '../host.js';
import { invalidRange, invalidType } from '../errors.js';
import { asyncCall, defineKernel, keepAttached, runAsync, runSync, syncCall } from '../kernel.js';
import { BACKEND_OPTIONS, PROGRESS_OPTIONS, defineOptions } from '../options.js';
import type { ProgressOptions } from '../progress.js';
import { checkAnyNumber, checkOut, checkSameLength, toFloat64Array } from '../validate.js';
import { type ParsedZone, parseZones } from './geojson.js';
import { packZones } from './pack.js';
import type { PackedZones } from './packed.js';
import { type BoundaryCode, countRange, firstZone, matchCountRange, matchFillRange, pipRange } from './reference.js';

/**
 * How a point exactly on a ring is classified. `'half-open'` (default): the crossing rule of
 * DESIGN.md, where a point on an edge shared by two zones lands in exactly one of them; `'inside'`
 * and `'outside'`: exact tests (robust orientation) that put boundary points inside or outside
 * every polygon they touch (`'outside'` is the seed's geo-crate `contains`).
 */
export type Boundary = 'half-open' | 'inside' | 'outside';

export interface EngineOptions extends BackendOptions {
  boundary?: Boundary;
}

/** Any GeoJSON zone input: a Polygon, MultiPolygon, Feature or FeatureCollection, as an object or JSON text. */
export type ZoneInput = string | object;

/** Points as two parallel arrays, longitude and latitude in degrees. */
export interface LonLatPoints {
  lon: Float64Array | number[];
  lat: Float64Array | number[];
}

/** Every zone containing each point: zones of point i are `zones[offsets[i] .. offsets[i+1])`, ascending. */
export interface ZoneMatches {
  offsets: Int32Array;
  zones: Int32Array;
}

/** Points per zone, by first match (as `locate`), and points in no zone. */
export interface ZoneCounts {
  /** `counts[z]`: points whose first containing zone is z. */
  counts: number[];
  none: number;
}

export type PipCallOptions = BackendOptions;
export type PipAsyncOptions = BackendOptions & ProgressOptions;
/** `locate`/`pipN` options: also a preallocated Int32Array to fill and return (numpy's `out=`). */
export interface LocateOptions extends BackendOptions {
  out?: Int32Array;
}
export type LocateAsyncOptions = LocateOptions & ProgressOptions;

const ENGINE_OPTIONS = defineOptions<EngineOptions>()({ ...BACKEND_OPTIONS, boundary: 'half-open' });
const CALL_OPTIONS = defineOptions<PipCallOptions>()({ ...BACKEND_OPTIONS });
const ASYNC_OPTIONS = defineOptions<PipAsyncOptions>()({ ...BACKEND_OPTIONS, ...PROGRESS_OPTIONS });
const LOCATE_OPTIONS = defineOptions<LocateOptions>()({ ...BACKEND_OPTIONS, out: undefined });
const LOCATE_ASYNC_OPTIONS = defineOptions<LocateAsyncOptions>()({ ...BACKEND_OPTIONS, ...PROGRESS_OPTIONS, out: undefined });
const BOUNDARY_CODES: Record<Boundary, BoundaryCode> = { 'half-open': 0, inside: 1, outside: 2 };
const JS_STEP = 65536; // points per step of the async TypeScript form
const MAX_MATCHES = 2 ** 31 - 1;

/** What every pip kernel reads: the packed zones, the points and the boundary mode. */
interface Query {
  packed: PackedZones;
  lat: Float64Array;
  lon: Float64Array;
  mode: BoundaryCode;
}

const FIRST_ZONE = defineKernel({
  native: 'pip',
  args: ({ q, out }: { q: Query; out: Int32Array }) => ({ inputs: [q.packed, q.lat, q.lon], outputs: [out], scalars: [q.mode] }),
  units: ({ q }) => q.lat.length,
  step: JS_STEP,
  js: ({ q, out }, begin, end) => pipRange(q.packed, q.lat, q.lon, out, q.mode, begin, end),
});

const MATCH_COUNT = defineKernel({
  native: 'pipMatchCount',
  args: ({ q, counts }: { q: Query; counts: Int32Array }) => ({ inputs: [q.packed, q.lat, q.lon], outputs: [counts], scalars: [q.mode] }),
  units: ({ q }) => q.lat.length,
  step: JS_STEP,
  js: ({ q, counts }, begin, end) => matchCountRange(q.packed, q.lat, q.lon, counts, q.mode, begin, end),
});

// Each point's zones into its own slice of `zones`, and its number of matches into `found`.
const MATCH_FILL = defineKernel({
  native: 'pipMatchFill',
  args: ({ q, offsets, zones, found }: { q: Query; offsets: Int32Array; zones: Int32Array; found: Int32Array }) => ({
    inputs: [q.packed, q.lat, q.lon, offsets],
    outputs: [zones, found],
    scalars: [q.mode],
  }),
  units: ({ q }) => q.lat.length,
  step: JS_STEP,
  js: ({ q, offsets, zones, found }, begin, end) => matchFillRange(q.packed, q.lat, q.lon, offsets, zones, found, q.mode, begin, end),
});

const COUNT = defineKernel({
  native: 'pipCount',
  args: ({ q, slots }: { q: Query; slots: Float64Array }) => ({ inputs: [q.packed, q.lat, q.lon], outputs: [slots], scalars: [q.mode] }),
  units: ({ q }) => q.lat.length,
  step: JS_STEP,
  js: ({ q, slots }, begin, end) => countRange(q.packed, q.lat, q.lon, slots, q.mode, begin, end),
});

/** The first-zone output: the caller's `out` (checked against the points) or a fresh Int32Array. */
function zoneOutput(out: unknown, lat: Float64Array, lon: Float64Array): Int32Array {
  return checkOut('out', out, Int32Array, { count: lat.length, what: 'the number of points' }, [lat, lon]) ?? new Int32Array(lat.length);
}

function pointArrays(lat: unknown, lon: unknown): [Float64Array, Float64Array] {
  const la = toFloat64Array('lat', lat);
  const lo = toFloat64Array('lon', lon);
  checkSameLength(['lat', 'lon'], la, lo);
  return [la, lo];
}

function pointsOf(points: unknown): [Float64Array, Float64Array] {
  if (points === null || typeof points !== 'object') throw invalidType('points', 'object { lon, lat }', points);
  const { lon, lat } = points as LonLatPoints;
  return pointArrays(lat, lon);
}

function offsetsFrom(counts: Int32Array): Int32Array {
  const offsets = new Int32Array(counts.length + 1);
  let total = 0;
  for (let i = 0; i < counts.length; i++) {
    total += counts[i];
    if (total > MAX_MATCHES) throw new RangeError(`Expected at most ${MAX_MATCHES} matches for pipAll but the points have more`);
    offsets[i + 1] = total;
  }
  return offsets;
}

/**
 * After the fill pass, which wrote each point's zones only into its own slice and its number of
 * matches into found[i]: a point whose matches no longer fit its slice changed between the passes.
 */
function checkUnchanged(found: Int32Array, offsets: Int32Array): void {
  let changed = 0;
  for (let i = 0; i < found.length; i++) if (found[i] !== offsets[i + 1] - offsets[i]) changed++;
  if (changed > 0) {
    throw new RangeError(
      `Expected points unchanged during pipAll but ${changed} of ${found.length} changed zones between its counting and filling passes (lat and lon must not be modified while a call runs)`,
    );
  }
}

function zoneCounts(slots: Float64Array): ZoneCounts {
  const counts = Array.from(slots.subarray(0, slots.length - 1));
  return { counts, none: slots[slots.length - 1] };
}

/**
 * Zones from GeoJSON, validated and packed once into flat typed arrays (with a grid over the
 * zones' boxes and per-ring slabs over their edges), then queried with millions of points.
 * Zone indices follow the input order; a FeatureCollection gives one zone per feature.
 *
 * @example
 * const square = { type: 'Polygon', coordinates: [[[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]]] };
 * const engine = new Engine([square]);
 * engine.pip1(5, 5);                                                        // 0 (lat, lon as the seed)
 * engine.locateSync({ lon: new Float64Array([5, 20]), lat: new Float64Array([5, 5]) }); // Int32Array [0, -1]
 */
export class Engine {
  /** Zone names in index order: each feature's `name` property, else "zone <index>". */
  readonly zoneNames: readonly string[];
  readonly boundary: Boundary;
  readonly #packed: PackedZones;
  readonly #mode: BoundaryCode;
  readonly #defaults: BackendOptions;

  constructor(zones: ZoneInput | ZoneInput[], options?: EngineOptions) {
    const opts = ENGINE_OPTIONS.read('Engine', options);
    const boundary = opts.boundary;
    if (!Object.hasOwn(BOUNDARY_CODES, boundary)) throw invalidType('boundary', "'half-open', 'inside' or 'outside'", boundary);
    const host = currentHost();
    host.resolveBackend(opts.backend);
    if (opts.threads !== undefined) host.resolveThreads(opts.threads);
    const inputs = Array.isArray(zones) ? zones : [zones];
    if (inputs.length === 0) throw invalidRange('zones', 'at least one GeoJSON zone', zones);
    const parsed: ParsedZone[] = [];
    inputs.forEach((input, i) => parsed.push(...parseZones(input, `zones[${i}]`, parsed.length)));
    this.zoneNames = Object.freeze(parsed.map((zone) => zone.name));
    this.boundary = boundary;
    this.#packed = Object.freeze(packZones(parsed));
    this.#mode = BOUNDARY_CODES[boundary];
    this.#defaults = { backend: opts.backend, threads: opts.threads };
  }

  /** Number of zones. */
  get zoneCount(): number {
    return this.zoneNames.length;
  }

  #query(lat: Float64Array, lon: Float64Array): Query {
    return { packed: this.#packed, lat, lon, mode: this.#mode };
  }

  /**
   * The seed's `pip_1`: index of the first zone containing the point, else -1 (NaN gives -1).
   * Runs the TypeScript kernel: one native call would cost more than the test itself.
   *
   * @example
   * engine.pip1(35.5, 139.8); // index of the first zone containing lat 35.5, lon 139.8, or -1
   */
  pip1(lat: number, lon: number): number {
    checkAnyNumber('lat', lat);
    checkAnyNumber('lon', lon);
    return firstZone(this.#packed, lon, lat, this.#mode);
  }

  /**
   * The seed's `pip_n` (and `pip_n_threaded`, which is this call with `threads`): the first zone of
   * every point, -1 for none. Arguments in the seed's order, latitudes first.
   *
   * @example
   * engine.pipN(new Float64Array([5, 5]), new Float64Array([5, 20]), { threads: 4 }); // Int32Array [0, -1]
   */
  pipN(lat: Float64Array | number[], lon: Float64Array | number[], options?: LocateOptions): Int32Array {
    const opts = LOCATE_OPTIONS.read('pipN', options);
    const call = syncCall(opts, this.#defaults);
    const [la, lo] = pointArrays(lat, lon);
    const out = zoneOutput(opts.out, la, lo);
    runSync(FIRST_ZONE, { q: this.#query(la, lo), out }, call);
    return out;
  }

  /**
   * The first zone of every point of `{ lon, lat }`, -1 for none (`pipN` with named arrays).
   *
   * @example
   * engine.locateSync({ lon: [5, 20], lat: [5, 5] }); // Int32Array [0, -1]
   */
  locateSync(points: LonLatPoints, options?: LocateOptions): Int32Array {
    const opts = LOCATE_OPTIONS.read('locateSync', options);
    const call = syncCall(opts, this.#defaults);
    const [lat, lon] = pointsOf(points);
    const out = zoneOutput(opts.out, lat, lon);
    runSync(FIRST_ZONE, { q: this.#query(lat, lon), out }, call);
    return out;
  }

  /**
   * Async form of {@link Engine.locateSync}: runs off the main thread; accepts `signal` and `onProgress`.
   *
   * @example
   * const zones = await engine.locate({ lon, lat }, { signal: AbortSignal.timeout(5000) });
   */
  async locate(points: LonLatPoints, options?: LocateAsyncOptions): Promise<Int32Array> {
    const opts = LOCATE_ASYNC_OPTIONS.read('locate', options);
    const call = asyncCall(opts, this.#defaults);
    const [lat, lon] = pointsOf(points);
    const out = zoneOutput(opts.out, lat, lon);
    if (opts.out !== undefined) keepAttached([out]);
    await runAsync(FIRST_ZONE, { q: this.#query(lat, lon), out }, call);
    return out;
  }

  /**
   * Every zone containing each point, as CSR: zones of point i are `zones[offsets[i] .. offsets[i+1])`,
   * ascending. For overlapping zones, where `locate` keeps only the first.
   *
   * @example
   * const { offsets, zones } = engine.pipAllSync({ lon: [5], lat: [5] });
   * Array.from(zones.subarray(offsets[0], offsets[1])); // [0]
   */
  pipAllSync(points: LonLatPoints, options?: PipCallOptions): ZoneMatches {
    const call = syncCall(CALL_OPTIONS.read('pipAllSync', options), this.#defaults);
    const q = this.#query(...pointsOf(points));
    const counts = new Int32Array(q.lat.length);
    runSync(MATCH_COUNT, { q, counts }, call);
    const offsets = offsetsFrom(counts);
    const zones = new Int32Array(offsets[counts.length]);
    // counts, no longer needed, receives each point's number of matches found by the fill.
    runSync(MATCH_FILL, { q, offsets, zones, found: counts }, call);
    checkUnchanged(counts, offsets);
    return { offsets, zones };
  }

  /**
   * Async form of {@link Engine.pipAllSync}; accepts `signal` and `onProgress`.
   *
   * @example
   * const { offsets, zones } = await engine.pipAll({ lon, lat });
   */
  async pipAll(points: LonLatPoints, options?: PipAsyncOptions): Promise<ZoneMatches> {
    const call = asyncCall(ASYNC_OPTIONS.read('pipAll', options), this.#defaults);
    const q = this.#query(...pointsOf(points));
    const counts = new Int32Array(q.lat.length);
    // Two passes (count, then fill): progress runs 0..0.5 over the first, 0.5..1 over the second.
    await runAsync(MATCH_COUNT, { q, counts }, call, [0, 0.5]);
    const offsets = offsetsFrom(counts);
    const zones = new Int32Array(offsets[counts.length]);
    await runAsync(MATCH_FILL, { q, offsets, zones, found: counts }, call, [0.5, 1]);
    checkUnchanged(counts, offsets);
    return { offsets, zones };
  }

  /**
   * Points per zone by first match (what `locate` returns, tallied without an output array), and
   * points in no zone: the seed's `value_counts()`.
   *
   * @example
   * engine.countSync({ lon: [5, 20], lat: [5, 5] }); // { counts: [1], none: 1 }
   */
  countSync(points: LonLatPoints, options?: PipCallOptions): ZoneCounts {
    const call = syncCall(CALL_OPTIONS.read('countSync', options), this.#defaults);
    const slots = new Float64Array(this.zoneCount + 1);
    runSync(COUNT, { q: this.#query(...pointsOf(points)), slots }, call);
    return zoneCounts(slots);
  }

  /**
   * Async form of {@link Engine.countSync}; accepts `signal` and `onProgress`.
   *
   * @example
   * const { counts, none } = await engine.count({ lon, lat }, { onProgress: (f) => console.log(f) });
   */
  async count(points: LonLatPoints, options?: PipAsyncOptions): Promise<ZoneCounts> {
    const call = asyncCall(ASYNC_OPTIONS.read('count', options), this.#defaults);
    const slots = new Float64Array(this.zoneCount + 1);
    await runAsync(COUNT, { q: this.#query(...pointsOf(points)), slots }, call);
    return zoneCounts(slots);
  }
}
