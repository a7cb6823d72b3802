/**
 * Geofence events in one process: feed batches of (id, time, lon, lat), get `enter`/`exit` events
 * per id and zone. Zone lookups go through the pip Engine's batch call (native when loaded), the
 * per-id state lives in typed arrays (state.ts), and the result equals the reference (reference.ts)
 * over the time-sorted positions whenever each id's positions arrive in time order.
 */
import type { BackendOptions } from '../backend.js';
import { invalidRange, invalidType } from '../errors.js';
import type { Engine } from '../pip/api.js';
import { BACKEND_OPTIONS, defineOptions } from '../options.js';
import { checkNumber, checkSameLength, toFloat64Array } from '../validate.js';
import type { FenceId, FenceRules, GeofenceEvent, PositionBatch } from './events.js';
import { FenceState } from './state.js';

export interface GeofenceOptions extends BackendOptions {
  /** Milliseconds an id must stay in a zone before its `enter` counts; default 0 (at once). */
  dwell?: number;
  /** Milliseconds without a position after which an id's state expires; default Infinity (never). */
  gap?: number;
}

const OPTIONS = defineOptions<GeofenceOptions>()({ dwell: undefined, gap: undefined, ...BACKEND_OPTIONS });

/** Validated columns of a batch: ids as given, the three number columns as Float64Arrays. */
export interface CheckedBatch {
  id: ArrayLike<FenceId>;
  time: Float64Array;
  lon: Float64Array;
  lat: Float64Array;
}

/** Checks a batch: four columns of one length, ids strings or finite numbers, times finite. */
export function checkBatch(batch: unknown): CheckedBatch {
  if (batch === null || typeof batch !== 'object') throw invalidType('positions', 'object { id, time, lon, lat }', batch);
  const { id, time, lon, lat } = batch as PositionBatch;
  if (id === null || typeof id !== 'object' || typeof (id as ArrayLike<unknown>).length !== 'number') {
    throw invalidType('id', 'array of strings or numbers, or a typed array', id);
  }
  const t = toFloat64Array('time', time);
  const x = toFloat64Array('lon', lon);
  const y = toFloat64Array('lat', lat);
  checkSameLength(['id', 'time'], id, t);
  checkSameLength(['time', 'lon'], t, x);
  checkSameLength(['lon', 'lat'], x, y);
  for (let i = 0; i < t.length; i++) {
    const v = id[i];
    if (typeof v !== 'string' && (typeof v !== 'number' || !Number.isFinite(v))) {
      if (typeof v === 'number' || typeof v === 'bigint') throw invalidRange(`id[${i}]`, 'string or finite number', v);
      throw invalidType(`id[${i}]`, 'string or finite number', v);
    }
    if (!Number.isFinite(t[i])) throw invalidRange(`time[${i}]`, 'finite number of milliseconds', t[i]);
  }
  return { id, time: t, lon: x, lat: y };
}

/** The rules from options, checked: dwell >= 0 finite, gap > 0 (Infinity allowed). */
export function fenceRules(options: { dwell?: unknown; gap?: unknown }): FenceRules {
  const dwell = options.dwell === undefined ? 0 : checkNumber('dwell', options.dwell, { min: 0 });
  let gap = Infinity;
  if (options.gap !== undefined && options.gap !== Infinity) gap = checkNumber('gap', options.gap, { above: 0 });
  return { dwell, gap };
}

/** Applies zoned positions in order; the events, in the order they happened in the feed. */
export function applyPositions(state: FenceState, batch: CheckedBatch, zones: Int32Array, begin = 0, end = zones.length): GeofenceEvent[] {
  const events: GeofenceEvent[] = [];
  state.applyAll(batch.id, batch.time, batch.lon, batch.lat, zones, 0, begin, end, events);
  return events;
}

/**
 * Enter/exit events per id and zone over a pip {@link Engine}'s zones, with per-id state kept
 * between batches. An id's position no newer than its last accepted one is ignored: duplicates
 * produce nothing and a late position never undoes a newer state.
 *
 * @example
 * const engine = new Engine([hamburg, channel]);
 * const fence = new Geofence(engine, { dwell: 60_000 });
 * const events = fence.pushSync({ id: [211, 211], time: [0, 120_000], lon: [9.9, 9.9], lat: [53.5, 53.5] });
 * // [{ type: 'enter', id: 211, zone: 0, name: 'hamburg', time: 0, lat: 53.5, lon: 9.9 }]
 */
export class Geofence {
  readonly engine: Engine;
  readonly dwell: number;
  readonly gap: number;
  readonly #state: FenceState;
  readonly #backend: BackendOptions;
  // Async pushes apply their positions in call order even when their zone lookups finish out of order.
  #applied: Promise<unknown> = Promise.resolve();

  constructor(engine: Engine, options?: GeofenceOptions) {
    if (engine === null || typeof engine !== 'object' || typeof (engine as Engine).locateSync !== 'function') {
      throw invalidType('engine', 'pip Engine', engine);
    }
    const opts = OPTIONS.read('Geofence', options);
    const rules = fenceRules(opts);
    this.engine = engine;
    this.dwell = rules.dwell;
    this.gap = rules.gap;
    this.#state = new FenceState(engine.zoneNames, rules);
    this.#backend = { backend: opts.backend, threads: opts.threads };
    engine.locateSync({ lon: [], lat: [] }, this.#backend); // checks backend and threads now, not at the first push
  }

  /** Ids with a state. */
  get size(): number {
    return this.#state.size;
  }

  /** The current zone of `id` (-1: in none) and the time of its last accepted position; undefined if never seen. */
  current(id: FenceId): { zone: number; time: number } | undefined {
    return this.#state.current(id);
  }

  /**
   * Feeds a batch; returns its events in feed order.
   *
   * @example
   * fence.pushSync({ id: ['a'], time: [1000], lon: [9.9], lat: [53.5] });
   */
  pushSync(positions: PositionBatch): GeofenceEvent[] {
    const batch = checkBatch(positions);
    const zones = this.engine.locateSync(batch, this.#backend);
    return applyPositions(this.#state, batch, zones);
  }

  /**
   * Async form of {@link Geofence.pushSync}: the zone lookups run off the main thread. Concurrent
   * pushes are applied in call order.
   *
   * @example
   * const events = await fence.push({ id: mmsi, time, lon, lat });
   */
  async push(positions: PositionBatch): Promise<GeofenceEvent[]> {
    const batch = checkBatch(positions);
    const located = this.engine.locate(batch, this.#backend);
    const applied = Promise.all([located, this.#applied]).then(([zones]) => applyPositions(this.#state, batch, zones));
    this.#applied = applied.catch(() => undefined);
    return applied;
  }
}
