import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { compareStreamIds } from '../src/geofence/consumer.js';
import type { GeofenceEvent } from '../src/geofence/events.js';
import { IntegerSlots } from '../src/geofence/ids.js';
import { FenceState, STATE_FIELDS } from '../src/geofence/state.js';

// Keys that collide often (a few small ones), MMSI-like ones, ones past 2^32 and negatives.
const key = fc.oneof(
  fc.integer({ min: -3, max: 40 }),
  fc.integer({ min: 200_000_000, max: 200_000_050 }),
  fc.constantFrom(2 ** 32, 2 ** 32 + 1, 2 ** 53 - 1, -(2 ** 53) + 1, 1e12, 1e12 + 1024, -0),
);

describe('geofence integer id table', () => {
  it('property: any sequence of set, delete and get answers as a Map does', () => {
    const op = fc.tuple(fc.constantFrom('set', 'set', 'delete', 'get'), key);
    fc.assert(
      fc.property(fc.array(op, { maxLength: 3000 }), (ops) => {
        const table = new IntegerSlots();
        const map = new Map<number, number>();
        ops.forEach(([what, k], slot) => {
          if (what === 'set') {
            table.set(k, slot);
            map.set(k, slot);
          } else if (what === 'delete') {
            table.delete(k);
            map.delete(k);
          }
          assert.equal(table.get(k), map.get(k) ?? -1, `${what} ${k}`);
        });
        assert.equal(table.size, map.size);
        for (const [k, slot] of map) assert.equal(table.get(k), slot);
        const slots: number[] = [];
        table.forEachSlot((s) => slots.push(s));
        assert.deepEqual(slots.sort((a, b) => a - b), [...map.values()].sort((a, b) => a - b));
      }),
      { numRuns: 200, seed: 16 },
    );
  });

  it('grows past its first capacity and keeps every key; clear empties it', () => {
    const table = new IntegerSlots();
    for (let i = 0; i < 100_000; i++) table.set(211_000_000 + 7 * i, i);
    assert.equal(table.size, 100_000);
    for (let i = 0; i < 100_000; i += 997) assert.equal(table.get(211_000_000 + 7 * i), i);
    assert.equal(table.get(211_000_001), -1);
    table.clear();
    assert.equal(table.size, 0);
    assert.equal(table.get(211_000_000), -1);
  });
});

/** One position through FenceState's batch loop. */
function applyOne(state: FenceState, id: number | string, time: number, lon: number, lat: number, zone: number, events: GeofenceEvent[]): void {
  state.applyAll([id], [time], [lon], [lat], Int32Array.of(zone), 0, 0, 1, events);
}

describe('geofence state with numeric and string ids', () => {
  it('undo removes ids created since the mark, whichever table holds them, and restores the others', () => {
    const state = new FenceState(['a'], { dwell: 0, gap: Infinity });
    const events: GeofenceEvent[] = [];
    applyOne(state, 211, 1000, 9.9, 53.5, 0, events);
    applyOne(state, 'v1', 1000, 9.9, 53.5, -1, events);
    state.endUndo();
    const before = new Float64Array(STATE_FIELDS);
    state.read(211, before);
    const mark = state.markUndo();
    applyOne(state, 211, 2000, 1, 1, -1, events);
    applyOne(state, 1e12, 2000, 1, 1, 0, events);
    applyOne(state, 'v2', 2000, 1, 1, 0, events);
    applyOne(state, 0.5, 2000, 1, 1, 0, events);
    assert.equal(state.size, 5);
    state.undoTo(mark);
    state.endUndo();
    assert.equal(state.size, 2);
    assert.deepEqual([...state.exportStates().id].sort(), [211, 'v1']);
    const after = new Float64Array(STATE_FIELDS);
    assert.ok(state.read(211, after));
    assert.deepEqual(after, before);
    assert.equal(state.current(1e12), undefined);
    assert.equal(state.current(0.5), undefined);
    // An id removed by the undo starts again from nothing.
    applyOne(state, 1e12, 500, 1, 1, 0, events);
    assert.deepEqual(state.current(1e12), { zone: 0, time: 500 });
  });

  it('-0 and 0 are one id, as Map keys are', () => {
    const state = new FenceState(['a'], { dwell: 0, gap: Infinity });
    const events: GeofenceEvent[] = [];
    applyOne(state, -0, 1000, 1, 1, 0, events);
    applyOne(state, 0, 2000, 1, 1, -1, events);
    assert.equal(state.size, 1);
    assert.deepEqual(events.map((e) => [e.type, Object.is(e.id, 0)]), [['enter', true], ['exit', true]]);
  });
});

describe('stream ids', () => {
  it('property: compare as the numbers they are (ms, then seq; a missing seq is 0)', () => {
    const part = fc.oneof(fc.bigInt({ min: 0n, max: 20n }), fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }));
    fc.assert(
      fc.property(part, part, part, part, fc.boolean(), (am, as, bm, bs, short) => {
        const a = `${am}-${as}`;
        const b = short ? `${bm}` : `${bm}-${bs}`;
        const bSeq = short ? 0n : bs;
        const want = am !== bm ? (am < bm ? -1 : 1) : as !== bSeq ? (as < bSeq ? -1 : 1) : 0;
        assert.equal(Math.sign(compareStreamIds(a, b)), want, `${a} vs ${b}`);
        assert.equal(Math.sign(compareStreamIds(b, a)), want === 0 ? 0 : -want, `${b} vs ${a}`);
      }),
      { numRuns: 500, seed: 16 },
    );
  });
});
