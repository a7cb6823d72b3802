/**
 * The geofence reference: the rules of DESIGN.md written plainly over objects, for tests to compare
 * every other path against. Positions are sorted by time (stably, so of two positions of one id
 * with the same time the first given wins), then walked one by one with a plain state per id.
 */
import type { FenceId, FenceRules, GeofenceEvent } from './events.js';
import { elapsedAtLeast, elapsedMoreThan } from './elapsed.js';

/** One position with its zone already known (first containing zone, -1 for none). */
export interface ZonedPosition {
  id: FenceId;
  time: number;
  lon: number;
  lat: number;
  zone: number;
}

interface IdState {
  time: number;
  lat: number;
  lon: number;
  zone: number;
  /** A zone entered but not yet for `dwell` ms: where and when the id first reached it. */
  candidate: { zone: number; time: number; lat: number; lon: number } | null;
}

/** Events of the positions taken in time order (see the module comment), in that order. */
export function referenceEvents(positions: readonly ZonedPosition[], zoneNames: readonly string[], rules: FenceRules): GeofenceEvent[] {
  const sorted = positions.map((p, i) => ({ p, i })).sort((a, b) => a.p.time - b.p.time || a.i - b.i);
  const states = new Map<FenceId, IdState>();
  const events: GeofenceEvent[] = [];
  const emit = (type: 'enter' | 'exit', id: FenceId, zone: number, at: { time: number; lat: number; lon: number }, expired = false) => {
    const event: GeofenceEvent = { type, id, zone, name: zoneNames[zone], time: at.time, lat: at.lat, lon: at.lon };
    if (expired) event.expired = true;
    events.push(event);
  };
  for (const { p } of sorted) {
    let state = states.get(p.id);
    if (state && p.time <= state.time) continue; // a duplicate (same time): the first one counts
    if (state && elapsedMoreThan(p.time, state.time, rules.gap)) {
      if (state.zone >= 0) emit('exit', p.id, state.zone, state, true);
      state = undefined;
    }
    state ??= { time: -Infinity, lat: NaN, lon: NaN, zone: -1, candidate: null };
    if (p.zone === state.zone) {
      state.candidate = null;
    } else {
      if (state.zone >= 0) emit('exit', p.id, state.zone, p);
      state.zone = -1;
      if (p.zone < 0) {
        state.candidate = null;
      } else {
        if (state.candidate?.zone !== p.zone) state.candidate = { zone: p.zone, time: p.time, lat: p.lat, lon: p.lon };
        if (elapsedAtLeast(p.time, state.candidate.time, rules.dwell)) {
          emit('enter', p.id, p.zone, state.candidate);
          state.zone = p.zone;
          state.candidate = null;
        }
      }
    }
    state.time = p.time;
    state.lat = p.lat;
    state.lon = p.lon;
    states.set(p.id, state);
  }
  return events;
}
