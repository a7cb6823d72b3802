/**
 * Per-id geofence state in flat typed arrays (one slot per id, found through a Map), and the
 * transition that turns one position with its zone into events. No object per position: events
 * are the only allocations, and they are rare (a zone boundary crossed).
 *
 * The rules (DESIGN.md, geofence): a position no newer than the id's last accepted one is ignored
 * (a duplicate or an out-of-order arrival never changes a newer state); a gap longer than
 * `rules.gap` expires the state first (an `exit`, flagged expired, at the last position seen in the
 * zone); a position whose zone differs from the current one exits the current zone at once and
 * starts a candidate for the new one, which becomes an `enter` (dated at its first position) once
 * the id has stayed `rules.dwell` ms in it.
 */
import type { FenceId, FenceRules, GeofenceEvent } from './events.js';

const NONE = -1;
const INITIAL_SLOTS = 1024;

export class FenceState {
  readonly rules: FenceRules;
  readonly #names: readonly string[];
  readonly #slots = new Map<FenceId, number>();
  #ids: FenceId[] = [];
  // Per slot: last accepted position, current zone, and the candidate zone waiting for its dwell.
  #time = new Float64Array(INITIAL_SLOTS);
  #lat = new Float64Array(INITIAL_SLOTS);
  #lon = new Float64Array(INITIAL_SLOTS);
  #zone = new Int32Array(INITIAL_SLOTS);
  #candidate = new Int32Array(INITIAL_SLOTS);
  #since = new Float64Array(INITIAL_SLOTS);
  #sinceLat = new Float64Array(INITIAL_SLOTS);
  #sinceLon = new Float64Array(INITIAL_SLOTS);
  #used = 0;

  constructor(zoneNames: readonly string[], rules: FenceRules) {
    this.#names = zoneNames;
    this.rules = rules;
  }

  /** Ids with a state. */
  get size(): number {
    return this.#slots.size;
  }

  #grow(): void {
    const n = this.#time.length * 2;
    const bigger = <T extends Float64Array | Int32Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(n);
      b.set(a);
      return b;
    };
    this.#time = bigger(this.#time);
    this.#lat = bigger(this.#lat);
    this.#lon = bigger(this.#lon);
    this.#zone = bigger(this.#zone);
    this.#candidate = bigger(this.#candidate);
    this.#since = bigger(this.#since);
    this.#sinceLat = bigger(this.#sinceLat);
    this.#sinceLon = bigger(this.#sinceLon);
  }

  /** The slot of `id`, created as "never seen" (no zone, time -Infinity) when new. */
  #slot(id: FenceId): number {
    let s = this.#slots.get(id);
    if (s !== undefined) return s;
    if (this.#used === this.#time.length) this.#grow();
    s = this.#used++;
    this.#slots.set(id, s);
    this.#ids[s] = id;
    this.#time[s] = -Infinity;
    this.#zone[s] = NONE;
    this.#candidate[s] = NONE;
    return s;
  }

  #event(type: 'enter' | 'exit', s: number, zone: number, time: number, lat: number, lon: number, expired = false): GeofenceEvent {
    const event: GeofenceEvent = { type, id: this.#ids[s], zone, name: this.#names[zone], time, lat, lon };
    if (expired) event.expired = true;
    return event;
  }

  /**
   * Applies one position whose zone (first match, -1 for none) is known; pushes its events to `out`.
   * Returns the id's slot when the position was accepted, -1 when it was ignored (not newer).
   */
  apply(id: FenceId, time: number, lon: number, lat: number, zone: number, out: GeofenceEvent[]): number {
    const s = this.#slot(id);
    const last = this.#time[s];
    if (!(time > last)) return -1;
    const { dwell, gap } = this.rules;
    if (time - last > gap) {
      if (this.#zone[s] !== NONE) out.push(this.#event('exit', s, this.#zone[s], last, this.#lat[s], this.#lon[s], true));
      this.#zone[s] = NONE;
      this.#candidate[s] = NONE;
    }
    if (zone !== this.#zone[s]) {
      if (this.#zone[s] !== NONE) {
        out.push(this.#event('exit', s, this.#zone[s], time, lat, lon));
        this.#zone[s] = NONE;
      }
      if (zone === NONE) this.#candidate[s] = NONE;
      else {
        if (this.#candidate[s] !== zone) {
          this.#candidate[s] = zone;
          this.#since[s] = time;
          this.#sinceLat[s] = lat;
          this.#sinceLon[s] = lon;
        }
        if (time - this.#since[s] >= dwell) {
          out.push(this.#event('enter', s, zone, this.#since[s], this.#sinceLat[s], this.#sinceLon[s]));
          this.#zone[s] = zone;
          this.#candidate[s] = NONE;
        }
      }
    } else {
      this.#candidate[s] = NONE;
    }
    this.#time[s] = time;
    this.#lat[s] = lat;
    this.#lon[s] = lon;
    return s;
  }

  /** The id's current zone (-1 for none or unknown) and the time of its last accepted position. */
  current(id: FenceId): { zone: number; time: number } | undefined {
    const s = this.#slots.get(id);
    return s === undefined ? undefined : { zone: this.#zone[s], time: this.#time[s] };
  }

  /**
   * The state of `id` as text, for storage elsewhere (Redis): every field is a decimal number that
   * reads back to the same double.
   */
  encode(id: FenceId): string | undefined {
    const s = this.#slots.get(id);
    if (s === undefined) return undefined;
    return [this.#time[s], this.#lat[s], this.#lon[s], this.#zone[s], this.#candidate[s], this.#since[s], this.#sinceLat[s], this.#sinceLon[s]].join(',');
  }

  /** Sets the state of `id` from {@link encode}'s text; `undefined` forgets the id. Throws on bad text. */
  decode(id: FenceId, text: string | undefined): void {
    if (text === undefined) {
      this.forget(id);
      return;
    }
    const f = text.split(',').map(Number);
    const zones = this.#names.length;
    const zoneOk = (z: number) => Number.isInteger(z) && z >= NONE && z < zones;
    if (f.length !== 8 || f.some(Number.isNaN) || !zoneOk(f[3]) || !zoneOk(f[4])) {
      throw new RangeError(`Expected a geofence state of 8 numbers with zones below ${zones} for id ${String(id)} but received ${JSON.stringify(text)}`);
    }
    const s = this.#slot(id);
    [this.#time[s], this.#lat[s], this.#lon[s], this.#zone[s], this.#candidate[s], this.#since[s], this.#sinceLat[s], this.#sinceLon[s]] = f;
  }

  /** Drops the state of `id` (its slot is not reused: slots are cheap, reuse would need a free list). */
  forget(id: FenceId): void {
    this.#slots.delete(id);
  }

  /** Drops every state. */
  clear(): void {
    this.#slots.clear();
    this.#ids = [];
    this.#used = 0;
  }
}
