import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { Engine, Geofence, type GeofenceEvent } from '../src/index.js';
import { referenceEvents, type ZonedPosition } from '../src/geofence/reference.js';
import { backends, seededRandom } from './backends.js';
import { loadAis } from './ais.js';

type Ring = number[][];
const box = (x0: number, y0: number, x1: number, y1: number): Ring => [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]];
const feature = (name: string, ring: Ring) => ({ type: 'Feature', properties: { name }, geometry: { type: 'Polygon', coordinates: [ring] } });
// Two overlapping zones (first match wins where they overlap) and one apart.
const ZONES = { type: 'FeatureCollection', features: [feature('a', box(0, 0, 10, 10)), feature('b', box(5, 5, 15, 15)), feature('c', box(20, 0, 30, 10))] };

/** Positions of a few ids wandering over the zones: per id, strictly increasing times. */
function wander(seed: number, ids: number, steps: number): ZonedPosition[] {
  const random = seededRandom(seed);
  const out: ZonedPosition[] = [];
  for (let k = 0; k < ids; k++) {
    let time = Math.floor(random() * 1000);
    for (let s = 0; s < steps; s++) {
      time += 1 + Math.floor(random() * (random() < 0.1 ? 5000 : 300));
      out.push({ id: k % 2 ? `v${k}` : 100 + k, time, lon: -5 + random() * 40, lat: -5 + random() * 20, zone: 0 });
    }
  }
  return out;
}

function zoned(engine: Engine, positions: ZonedPosition[]): ZonedPosition[] {
  return positions.map((p) => ({ ...p, zone: engine.pip1(p.lat, p.lon) }));
}

function columns(positions: readonly ZonedPosition[]) {
  return {
    id: positions.map((p) => p.id),
    time: Float64Array.from(positions, (p) => p.time),
    lon: Float64Array.from(positions, (p) => p.lon),
    lat: Float64Array.from(positions, (p) => p.lat),
  };
}

/** Events in a canonical order (time, id, exit before enter), for comparing runs fed in other orders. */
function canonical(events: GeofenceEvent[]): GeofenceEvent[] {
  const key = (e: GeofenceEvent) => `${String(e.id)}`;
  return [...events].sort((a, b) => a.time - b.time || key(a).localeCompare(key(b)) || a.type.localeCompare(b.type) || a.zone - b.zone);
}

/** Only the positions newer than every earlier arrival of their id: what a geofence accepts. */
function accepted(arrivals: readonly ZonedPosition[]): ZonedPosition[] {
  const last = new Map<string | number, number>();
  return arrivals.filter((p) => {
    if (p.time <= (last.get(p.id) ?? -Infinity)) return false;
    last.set(p.id, p.time);
    return true;
  });
}

for (const { name, options } of backends) {
  describe(`geofence (${name})`, () => {
    const engine = new Engine(ZONES, options);
    const at = (id: string | number, time: number, lon: number, lat: number) => ({ id: [id], time: [time], lon: [lon], lat: [lat] });

    it('emits enter and exit per id and zone, dated at the position where they happen', () => {
      const fence = new Geofence(engine, options);
      assert.deepEqual(fence.pushSync(at(7, 1000, -1, -1)), []);
      assert.deepEqual(fence.pushSync(at(7, 2000, 2, 2)), [{ type: 'enter', id: 7, zone: 0, name: 'a', time: 2000, lat: 2, lon: 2 }]);
      assert.deepEqual(fence.pushSync(at(7, 3000, 3, 3)), []);
      // a to b directly (7,7 is in both; a is first, so stay in a; 12,12 is only in b)
      assert.deepEqual(fence.pushSync(at(7, 4000, 12, 12)), [
        { type: 'exit', id: 7, zone: 0, name: 'a', time: 4000, lat: 12, lon: 12 },
        { type: 'enter', id: 7, zone: 1, name: 'b', time: 4000, lat: 12, lon: 12 },
      ]);
      assert.deepEqual(fence.pushSync(at(7, 5000, 40, 40)), [{ type: 'exit', id: 7, zone: 1, name: 'b', time: 5000, lat: 40, lon: 40 }]);
      assert.deepEqual(fence.current(7), { zone: -1, time: 5000 });
      assert.equal(fence.current('7'), undefined, 'ids compare as given');
      assert.equal(fence.size, 1);
    });

    it('ignores duplicates and positions older than the last one of their id', () => {
      const fence = new Geofence(engine, options);
      fence.pushSync(at('x', 1000, 2, 2));
      assert.deepEqual(fence.pushSync(at('x', 1000, 2, 2)), [], 'duplicate');
      assert.deepEqual(fence.pushSync(at('x', 1000, 40, 40)), [], 'same time, other place: the first one counts');
      assert.deepEqual(fence.pushSync(at('x', 500, 40, 40)), [], 'older');
      assert.deepEqual(fence.current('x'), { zone: 0, time: 1000 });
      assert.equal(fence.pushSync(at('x', 1001, 40, 40)).length, 1);
    });

    it('counts an enter only after the dwell time, dated at the first position in the zone', () => {
      const fence = new Geofence(engine, { ...options, dwell: 60_000 });
      assert.deepEqual(fence.pushSync(at(1, 0, 2, 2)), []);
      assert.deepEqual(fence.pushSync(at(1, 30_000, 3, 3)), []);
      assert.deepEqual(fence.pushSync(at(1, 60_000, 3, 3)), [{ type: 'enter', id: 1, zone: 0, name: 'a', time: 0, lat: 2, lon: 2 }]);
      // a short visit to c never counts, and leaving it produces no exit
      assert.deepEqual(fence.pushSync(at(1, 70_000, 25, 5)), [{ type: 'exit', id: 1, zone: 0, name: 'a', time: 70_000, lat: 5, lon: 25 }]);
      assert.deepEqual(fence.pushSync(at(1, 80_000, 40, 40)), []);
      assert.deepEqual(fence.pushSync(at(1, 200_000, 25, 5)), []);
      assert.deepEqual(fence.current(1), { zone: -1, time: 200_000 });
    });

    it('expires the state after a gap: an exit at the last position seen in the zone', () => {
      const fence = new Geofence(engine, { ...options, gap: 3_600_000 });
      fence.pushSync(at(9, 0, 2, 2));
      fence.pushSync(at(9, 1000, 3, 3));
      assert.deepEqual(fence.pushSync(at(9, 1000 + 3_600_001, 4, 4)), [
        { type: 'exit', id: 9, zone: 0, name: 'a', time: 1000, lat: 3, lon: 3, expired: true },
        { type: 'enter', id: 9, zone: 0, name: 'a', time: 3_601_001, lat: 4, lon: 4 },
      ]);
      assert.deepEqual(fence.pushSync(at(9, 3_601_001 + 3_600_000, 4, 4)), [], 'exactly the gap does not expire');
    });

    it('equals the reference on time-sorted data, whatever the batching and the dwell and gap', () => {
      const positions = zoned(engine, wander(11, 12, 200));
      for (const rules of [{ dwell: 0, gap: Infinity }, { dwell: 500, gap: Infinity }, { dwell: 0, gap: 2000 }, { dwell: 250, gap: 3000 }]) {
        const want = referenceEvents(positions, engine.zoneNames, rules);
        assert.ok(want.length > 10, `a test with events (${want.length})`);
        const sorted = [...positions].sort((a, b) => a.time - b.time);
        for (const size of [1, 7, 1000, sorted.length]) {
          const fence = new Geofence(engine, { ...options, ...rules });
          const got: GeofenceEvent[] = [];
          for (let i = 0; i < sorted.length; i += size) got.push(...fence.pushSync(columns(sorted.slice(i, i + size))));
          assert.deepEqual(got, want, `rules ${JSON.stringify(rules)}, batches of ${size}`);
        }
      }
    });

    it('property: any interleaving of ids, with redelivered duplicates, gives the reference events', () => {
      const positions = zoned(engine, wander(5, 6, 60));
      const rules = { dwell: 200, gap: 4000 };
      const want = canonical(referenceEvents(positions, engine.zoneNames, rules));
      const byId = new Map<string | number, ZonedPosition[]>();
      for (const p of positions) byId.set(p.id, [...(byId.get(p.id) ?? []), p]);
      fc.assert(
        fc.property(fc.array(fc.nat(), { minLength: positions.length, maxLength: positions.length }), fc.array(fc.tuple(fc.nat(), fc.nat(20))), fc.nat(50), (picks, redeliveries, batch) => {
          // An arrival order that keeps each id's positions in time order but interleaves ids at random.
          const queues = [...byId.values()].map((q) => [...q]);
          const arrivals: ZonedPosition[] = [];
          for (const pick of picks) {
            const open = queues.filter((q) => q.length > 0);
            arrivals.push(open[pick % open.length].shift()!);
          }
          // Redeliver some positions again shortly after their first arrival (at-least-once delivery).
          for (const [which, later] of redeliveries) {
            const i = which % arrivals.length;
            arrivals.splice(Math.min(arrivals.length, i + 1 + later), 0, arrivals[i]);
          }
          const fence = new Geofence(engine, { ...options, ...rules });
          const got: GeofenceEvent[] = [];
          const size = batch + 1;
          for (let i = 0; i < arrivals.length; i += size) got.push(...fence.pushSync(columns(arrivals.slice(i, i + size))));
          assert.deepEqual(canonical(got), want);
        }),
        { numRuns: 30, seed: 16 },
      );
    });

    it('property: shuffled arrivals give the reference over the accepted positions, never an older state', () => {
      const positions = zoned(engine, wander(8, 5, 40));
      const rules = { dwell: 100, gap: Infinity };
      fc.assert(
        fc.property(fc.shuffledSubarray(positions, { minLength: positions.length }), (arrivals) => {
          const fence = new Geofence(engine, { ...options, ...rules });
          const got = fence.pushSync(columns(arrivals));
          assert.deepEqual(canonical(got), canonical(referenceEvents(accepted(arrivals), engine.zoneNames, rules)));
          // The final state is that of each id's newest position, whatever came after it.
          for (const [id, newest] of newestById(arrivals)) assert.equal(fence.current(id)!.time, newest);
        }),
        { numRuns: 30, seed: 61 },
      );
    });

    it('push (async) applies concurrent batches in call order', async () => {
      const positions = zoned(engine, wander(3, 4, 100)).sort((a, b) => a.time - b.time);
      const want = referenceEvents(positions, engine.zoneNames, { dwell: 0, gap: Infinity });
      const fence = new Geofence(engine, options);
      const parts = [positions.slice(0, 300), positions.slice(300, 301), positions.slice(301)];
      const results = await Promise.all(parts.map((part) => fence.push(columns(part))));
      assert.deepEqual(results.flat(), want);
    });

    it('rejects bad input with the parameter named', () => {
      const fence = new Geofence(engine, options);
      assert.throws(() => new Geofence({} as Engine), /Expected pip Engine for engine but received Object/);
      assert.throws(() => new Geofence(engine, { dwell: -1 }), /Expected finite number of at least 0 for dwell but received -1/);
      assert.throws(() => new Geofence(engine, { gap: 0 }), /Expected finite number greater than 0 for gap/);
      assert.throws(() => new Geofence(engine, { dwel: 5 } as never), /Unknown option 'dwel' for Geofence; did you mean 'dwell'\?/);
      assert.throws(() => fence.pushSync(null as never), TypeError);
      assert.throws(() => fence.pushSync({ id: [1], time: [1, 2], lon: [0], lat: [0] }), /Expected id and time of the same length but received 1 and 2/);
      assert.throws(() => fence.pushSync({ id: [1], time: [NaN], lon: [0], lat: [0] }), /Expected finite number of milliseconds for time\[0\] but received NaN/);
      assert.throws(() => fence.pushSync({ id: [null as never], time: [1], lon: [0], lat: [0] }), /Expected string or finite number for id\[0\] but received null/);
      assert.throws(() => fence.pushSync({ id: [Infinity], time: [1], lon: [0], lat: [0] }), RangeError);
      assert.throws(() => fence.pushSync({ id: 5 as never, time: [1], lon: [0], lat: [0] }), /for id but received 5 of type number/);
      assert.throws(() => fence.pushSync({ id: [1], time: ['1'] as never, lon: [0], lat: [0] }), /Expected number for time\[0\]/);
    });
  });
}

function newestById(positions: readonly ZonedPosition[]): Map<string | number, number> {
  const newest = new Map<string | number, number>();
  for (const p of positions) newest.set(p.id, Math.max(newest.get(p.id) ?? -Infinity, p.time));
  return newest;
}

describe('geofence on the AIS sample', () => {
  it('equals the reference, the same on every backend', async (t) => {
    const ais = await loadAis();
    if (!ais) return t.skip('shared AIS data not found (../shared/data/ais)');
    const engine = new Engine(ais.zones);
    const zones = engine.pipN(ais.lat, ais.lon, { backend: 'js' });
    const positions = Array.from(zones, (zone, i) => ({ id: ais.id[i], time: ais.time[i], lon: ais.lon[i], lat: ais.lat[i], zone }));
    const want = referenceEvents(positions, engine.zoneNames, { dwell: 0, gap: Infinity });
    assert.ok(want.length > 0);
    for (const { name, options } of backends) {
      const fence = new Geofence(engine, options);
      assert.deepEqual(fence.pushSync(ais), want, name);
    }
  });
});
