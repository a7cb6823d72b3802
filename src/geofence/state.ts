/**
 * Per-id geofence state in flat typed arrays (one slot per id), and the transition that turns one
 * position with its zone into events. No object per position: events are the only allocations,
 * and they are rare (a zone boundary crossed). Integer ids (MMSIs) find their slot in an
 * open-addressing table of doubles (ids.ts), other ids through a Map.
 *
 * The rules (DESIGN.md, geofence): a position no newer than the id's last accepted one is ignored
 * (a duplicate or an out-of-order arrival never changes a newer state); a gap longer than
 * `rules.gap` expires the state first (an `exit`, flagged expired, at the last position seen in the
 * zone); a position whose zone differs from the current one exits the current zone at once and
 * starts a candidate for the new one, which becomes an `enter` (dated at its first position) once
 * the id has stayed `rules.dwell` ms in it.
 */
import type { FenceId, FenceRules, GeofenceEvent } from './events.js';
import { elapsedAtLeast, elapsedMoreThan } from './elapsed.js';
import { IntegerSlots } from './ids.js';

const NONE = -1;
/** Numbers per id in {@link FenceState.read}/{@link FenceState.write}. */
export const STATE_FIELDS = 8;
const INITIAL_SLOTS = 1024;

/** Ids and their states, as {@link FenceState.exportStates} writes them. */
export interface StateExport {
  id: FenceId[];
  values: Float64Array;
}

export class FenceState {
  readonly rules: FenceRules;
  readonly #names: readonly string[];
  /** Slots of ids that are integers (see #find), and of every other id. */
  readonly #integers = new IntegerSlots();
  readonly #others = new Map<FenceId, number>();
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
  // Undo log (for a consumer whose commit may be refused): the first change of a slot after mark()
  // saves its previous state; #epoch says which slots were saved since the last mark.
  #epoch = new Uint32Array(INITIAL_SLOTS);
  #mark = 0;
  #undoSlots = new Int32Array(INITIAL_SLOTS);
  #undoValues = new Float64Array(INITIAL_SLOTS * STATE_FIELDS);
  #undoLength = 0;
  #undoing = false;

  constructor(zoneNames: readonly string[], rules: FenceRules) {
    this.#names = zoneNames;
    this.rules = rules;
  }

  /** Ids with a state. */
  get size(): number {
    return this.#integers.size + this.#others.size;
  }

  /** The slot of `id`, or -1 when it has none. Safe integers go to the table (as Map keys, -0 is 0). */
  #find(id: FenceId): number {
    if (typeof id === 'number' && Number.isSafeInteger(id)) return this.#integers.get(id);
    return this.#others.get(id) ?? -1;
  }

  #grow(): void {
    const n = this.#time.length * 2;
    const bigger = <T extends Float64Array | Int32Array | Uint32Array>(a: T): T => {
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
    this.#epoch = bigger(this.#epoch);
  }

  /** The slot of `id`, created when new (small, so that it is inlined into the loop of applyAll). */
  #slot(id: FenceId): number {
    const s = this.#find(id);
    return s >= 0 ? s : this.#add(id);
  }

  /** A new slot for `id`, "never seen" (no zone, time -Infinity). */
  #add(id: FenceId): number {
    if (this.#used === this.#time.length) this.#grow();
    const s = this.#used++;
    if (typeof id === 'number' && Number.isSafeInteger(id)) this.#integers.set(id, s);
    else this.#others.set(id, s);
    this.#ids[s] = id === 0 ? 0 : id; // -0 is stored as 0, as a Map key would be
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
   * Applies positions `begin .. end` of the columns, in order, position i with zone
   * `zones[zoneAt + i]` (first match, -1 for none); pushes their events to `out`.
   *
   * One loop over the columns, not a call per position: a double passed to a call that is not
   * inlined is boxed (a heap number per argument), so a call per position made every position
   * allocate and the collector run every few thousand of them.
   */
  applyAll(id: ArrayLike<FenceId>, time: ArrayLike<number>, lon: ArrayLike<number>, lat: ArrayLike<number>, zones: Int32Array, zoneAt: number, begin: number, end: number, out: GeofenceEvent[]): void {
    const { dwell, gap } = this.rules;
    for (let i = begin; i < end; i++) {
      const s = this.#slot(id[i]);
      const t = time[i];
      const last = this.#time[s];
      if (!(t > last)) continue; // not newer: a duplicate or a late position changes nothing
      const zone = zones[zoneAt + i];
      if (this.#undoing && this.#epoch[s] !== this.#mark) this.#save(s);
      // The exact comparison (elapsed.ts) is called only when the rounded difference equals the span.
      const idle = t - last;
      if (idle > gap || (idle === gap && elapsedMoreThan(t, last, gap))) {
        if (this.#zone[s] !== NONE) out.push(this.#event('exit', s, this.#zone[s], last, this.#lat[s], this.#lon[s], true));
        this.#zone[s] = NONE;
        this.#candidate[s] = NONE;
      }
      if (zone !== this.#zone[s]) {
        if (this.#zone[s] !== NONE) {
          out.push(this.#event('exit', s, this.#zone[s], t, lat[i], lon[i]));
          this.#zone[s] = NONE;
        }
        if (zone === NONE) this.#candidate[s] = NONE;
        else {
          if (this.#candidate[s] !== zone) {
            this.#candidate[s] = zone;
            this.#since[s] = t;
            this.#sinceLat[s] = lat[i];
            this.#sinceLon[s] = lon[i];
          }
          const stayed = t - this.#since[s];
          if (stayed > dwell || (stayed === dwell && elapsedAtLeast(t, this.#since[s], dwell))) {
            out.push(this.#event('enter', s, zone, this.#since[s], this.#sinceLat[s], this.#sinceLon[s]));
            this.#zone[s] = zone;
            this.#candidate[s] = NONE;
          }
        }
      } else {
        this.#candidate[s] = NONE;
      }
      this.#time[s] = t;
      this.#lat[s] = lat[i];
      this.#lon[s] = lon[i];
    }
  }

  /** The id's current zone (-1 for none or unknown) and the time of its last accepted position. */
  current(id: FenceId): { zone: number; time: number } | undefined {
    const s = this.#find(id);
    return s < 0 ? undefined : { zone: this.#zone[s], time: this.#time[s] };
  }

  /**
   * Starts recording changes (or a new group of them): until {@link endUndo}, the first change of
   * each id after this mark saves its previous state. Returns the undo log's position, for
   * {@link undoTo}.
   */
  markUndo(): number {
    this.#undoing = true;
    if (++this.#mark === 0xffffffff) {
      this.#epoch.fill(0);
      this.#mark = 1;
    }
    return this.#undoLength;
  }

  #save(s: number): void {
    this.#epoch[s] = this.#mark;
    if (this.#undoLength === this.#undoSlots.length) {
      const slots = new Int32Array(this.#undoSlots.length * 2);
      slots.set(this.#undoSlots);
      this.#undoSlots = slots;
      const values = new Float64Array(slots.length * STATE_FIELDS);
      values.set(this.#undoValues);
      this.#undoValues = values;
    }
    this.#undoSlots[this.#undoLength] = s;
    this.#copyOut(s, this.#undoValues, this.#undoLength * STATE_FIELDS);
    this.#undoLength++;
  }

  /** Restores every state changed since `position`, newest change first. */
  undoTo(position: number): void {
    for (let k = this.#undoLength - 1; k >= position; k--) {
      const s = this.#undoSlots[k];
      const at = k * STATE_FIELDS;
      if (this.#undoValues[at] === -Infinity) {
        const id = this.#ids[s]; // it had no state before
        if (typeof id === 'number' && Number.isSafeInteger(id)) this.#integers.delete(id);
        else this.#others.delete(id);
        continue;
      }
      this.#time[s] = this.#undoValues[at];
      this.#lat[s] = this.#undoValues[at + 1];
      this.#lon[s] = this.#undoValues[at + 2];
      this.#zone[s] = this.#undoValues[at + 3];
      this.#candidate[s] = this.#undoValues[at + 4];
      this.#since[s] = this.#undoValues[at + 5];
      this.#sinceLat[s] = this.#undoValues[at + 6];
      this.#sinceLon[s] = this.#undoValues[at + 7];
    }
    this.#undoLength = Math.min(this.#undoLength, position);
  }

  /** Stops recording and drops the undo log: the changes are final. */
  endUndo(): void {
    this.#undoing = false;
    this.#undoLength = 0;
    this.#mark++;
  }

  #copyOut(s: number, out: Float64Array, at: number): void {
    out[at] = this.#time[s];
    out[at + 1] = this.#lat[s];
    out[at + 2] = this.#lon[s];
    out[at + 3] = this.#zone[s];
    out[at + 4] = this.#candidate[s];
    out[at + 5] = this.#since[s];
    out[at + 6] = this.#sinceLat[s];
    out[at + 7] = this.#sinceLon[s];
  }

  /**
   * Copies the state of `id` into `out[at .. at + STATE_FIELDS)` (for storage elsewhere: Redis);
   * false when the id has no state.
   */
  read(id: FenceId, out: Float64Array, at = 0): boolean {
    const s = this.#find(id);
    if (s < 0) return false;
    this.#copyOut(s, out, at);
    return true;
  }

  /** Sets the state of `id` from {@link read}'s numbers; a RangeError when they cannot be a state. */
  write(id: FenceId, values: Float64Array, at = 0): void {
    const zones = this.#names.length;
    const zoneOk = (z: number) => Number.isInteger(z) && z >= NONE && z < zones;
    if (Number.isNaN(values[at]) || !zoneOk(values[at + 3]) || !zoneOk(values[at + 4])) {
      throw new RangeError(`Expected a geofence state with zones below ${zones} for id ${String(id)} but received [${Array.from(values.subarray(at, at + STATE_FIELDS))}]`);
    }
    const s = this.#slot(id);
    this.#time[s] = values[at];
    this.#lat[s] = values[at + 1];
    this.#lon[s] = values[at + 2];
    this.#zone[s] = values[at + 3];
    this.#candidate[s] = values[at + 4];
    this.#since[s] = values[at + 5];
    this.#sinceLat[s] = values[at + 6];
    this.#sinceLon[s] = values[at + 7];
  }

  /**
   * Every id with a state and its numbers ({@link read}'s, STATE_FIELDS per id, in the ids'
   * order), for a snapshot, in one pass over the live slots. Written into `into`'s array and
   * numbers (grown when too small, with room to spare), which a caller keeps from one snapshot to
   * the next: fresh megabytes cost a page fault per 4 KiB each time.
   */
  exportStates(into: StateExport = { id: [], values: new Float64Array(0) }): StateExport {
    if (into.values.length < this.size * STATE_FIELDS) into.values = new Float64Array(Math.ceil(this.size * 1.25) * STATE_FIELDS);
    const { id, values } = into;
    let k = 0;
    const add = (s: number) => {
      id[k] = this.#ids[s];
      this.#copyOut(s, values, k * STATE_FIELDS);
      k++;
    };
    this.#integers.forEachSlot(add);
    this.#others.forEach(add);
    id.length = k;
    return { id, values: values.subarray(0, k * STATE_FIELDS) };
  }

  /** Drops every state. */
  clear(): void {
    this.#integers.clear();
    this.#others.clear();
    this.#ids = [];
    this.#used = 0;
    this.#undoLength = 0;
  }
}
