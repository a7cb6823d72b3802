/**
 * Geofence against an independent oracle: test/oracles/geofence_oracle.py, written from DESIGN.md and
 * the README alone (zone membership by shapely, times compared as exact fractions), on hard feeds:
 * ids of every kind, equal and late times, times at the ends of the Date range, dwell and gap at
 * their exact boundaries, positions on edges and vertices in each boundary mode, NaN coordinates,
 * refused batches. Its outputs are stored in test/fixtures/geofence-oracle.json (regenerate:
 * `/usr/bin/python3 test/oracles/geofence_oracle.py > test/fixtures/geofence-oracle.json`), so this
 * test needs no Python. Every case runs on every backend, in the given batches and, where the case
 * allows, in one batch, one position per batch and async pushes of three.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { Engine, Geofence, type GeofenceEvent } from '../src/index.js';
import type { Boundary, ZoneInput } from '../src/pip/api.js';
import { backendHooks, backends } from './backends.js';

type Encoded = number | string;
type EncodedId = ['n', Encoded] | ['s', string];
interface EncodedBatch {
  id: EncodedId[];
  time: Encoded[];
  lon: Encoded[];
  lat: Encoded[];
}
interface OracleCase {
  name: string;
  boundary: Boundary;
  dwell: number;
  gap: Encoded | null;
  rebatch: boolean;
  batches: EncodedBatch[];
  results: ({ events: Record<string, unknown>[] } | { error: string })[];
  final: { id: EncodedId; zone: number; time: Encoded }[];
}

const fixture = JSON.parse(readFileSync(new URL('./fixtures/geofence-oracle.json', import.meta.url), 'utf8')) as {
  zones: ZoneInput;
  cases: OracleCase[];
};

// The fixture writes NaN and the infinities as text, and tags ids with their kind.
const decodeNumber = (v: Encoded): number => (typeof v === 'string' ? Number(v) : v);
const decodeId = ([kind, v]: EncodedId): string | number => (kind === 'n' ? decodeNumber(v) : v);

function decodeBatch(b: EncodedBatch) {
  return { id: b.id.map(decodeId), time: b.time.map(decodeNumber), lon: b.lon.map(decodeNumber), lat: b.lat.map(decodeNumber) };
}
type Batch = ReturnType<typeof decodeBatch>;

function decodeEvent(e: Record<string, unknown>): GeofenceEvent {
  const event = { ...e, id: decodeId(e.id as EncodedId) } as Record<string, unknown>;
  for (const k of ['time', 'lat', 'lon']) event[k] = decodeNumber(event[k] as Encoded);
  return event as unknown as GeofenceEvent;
}

/** The rows of the batches the oracle accepted, as one batch. */
function joined(batches: Batch[]): Batch {
  return {
    id: batches.flatMap((b) => b.id),
    time: batches.flatMap((b) => b.time),
    lon: batches.flatMap((b) => b.lon),
    lat: batches.flatMap((b) => b.lat),
  };
}

function slices(b: Batch, size: number): Batch[] {
  const out: Batch[] = [];
  for (let i = 0; i < b.time.length; i += size) {
    out.push({ id: b.id.slice(i, i + size), time: b.time.slice(i, i + size), lon: b.lon.slice(i, i + size), lat: b.lat.slice(i, i + size) });
  }
  return out;
}

for (const c of backends) {
  describe(`geofence against the Python oracle (${c.name})`, () => {
    backendHooks(c);
    for (const k of fixture.cases) {
      it(k.name, async () => {
        const engine = new Engine(fixture.zones, { ...c.options, boundary: k.boundary });
        const rules = { dwell: k.dwell, ...(k.gap === null ? {} : { gap: decodeNumber(k.gap) }) };
        const fence = new Geofence(engine, { ...c.options, ...rules });
        const batches = k.batches.map(decodeBatch);
        const good: Batch[] = [];
        const want: GeofenceEvent[] = [];
        batches.forEach((batch, i) => {
          const result = k.results[i];
          if ('error' in result) {
            const where = result.error.replace(/[[\]]/g, '\\$&');
            assert.throws(() => fence.pushSync(batch), { name: 'RangeError', message: new RegExp(where) }, `batch ${i}`);
            return;
          }
          const events = result.events.map(decodeEvent);
          assert.deepStrictEqual(fence.pushSync(batch), events, `batch ${i}`);
          good.push(batch);
          want.push(...events);
        });
        for (const f of k.final) {
          assert.deepStrictEqual(fence.current(decodeId(f.id)), { zone: f.zone, time: decodeNumber(f.time) }, `final state of ${JSON.stringify(f.id)}`);
        }
        assert.equal(fence.size, k.final.length, 'ids with a state');
        if (!k.rebatch) return;
        const all = joined(good);
        for (const size of [all.time.length, 1]) {
          const again = new Geofence(engine, { ...c.options, ...rules });
          const got = slices(all, size).flatMap((b) => again.pushSync(b));
          assert.deepStrictEqual(got, want, `batches of ${size}`);
        }
        const async = new Geofence(engine, { ...c.options, ...rules });
        const got = (await Promise.all(slices(all, 3).map((b) => async.push(b)))).flat();
        assert.deepStrictEqual(got, want, 'async pushes of 3');
      });
    }
  });
}
