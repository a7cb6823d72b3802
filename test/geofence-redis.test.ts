import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { Engine, type GeofenceEvent } from '../src/index.js';
import { runGeofenceConsumer } from '../src/geofence/consumer.js';
import { publishPositions } from '../src/geofence/publish.js';
import { referenceEvents } from '../src/geofence/reference.js';
import { decodeEntry, packPositions, unpackPositions } from '../src/geofence/wire.js';
import { loadAis } from './ais.js';
import { type TestRedis, startRedis, stopRedis } from './redis-server.js';

/** Events read back from an output stream, in stream order, with the fields the consumer wrote. */
export async function readEvents(redis: Redis, stream: string): Promise<GeofenceEvent[]> {
  const entries = await redis.xrange(stream, '-', '+');
  return entries.map(([, fields]) => {
    const f = new Map<string, string>();
    for (let i = 0; i < fields.length; i += 2) f.set(fields[i], fields[i + 1]);
    const event: GeofenceEvent = { type: f.get('type') as 'enter' | 'exit', id: f.get('id')!, zone: Number(f.get('zone')), name: f.get('name')!, time: Number(f.get('time')), lat: Number(f.get('lat')), lon: Number(f.get('lon')) };
    if (f.get('expired')) event.expired = true;
    return event;
  });
}

describe('geofence wire format', () => {
  it('packs and unpacks positions exactly, string and number ids', () => {
    const id = ['258221500', 'ünï', 42];
    const time = [1.5, -0, 1e15];
    const lon = [5.505555, -180, 179.99999999999997];
    const lat = [61.055, 0.1 + 0.2, -90];
    const back = unpackPositions(packPositions(id, time, lon, lat));
    assert.deepEqual(back.id, ['258221500', 'ünï', '42']);
    assert.deepEqual(Array.from(back.time), time);
    assert.deepEqual(Array.from(back.lon), lon);
    assert.deepEqual(Array.from(back.lat), lat);
    // an unaligned copy reads the same
    const packed = packPositions(id, time, lon, lat);
    const shifted = Buffer.alloc(packed.length + 3);
    packed.copy(shifted, 3);
    assert.deepEqual(unpackPositions(shifted.subarray(3)), back);
  });

  it('says why an entry cannot be read', () => {
    const b = (...texts: string[]) => texts.map((t) => Buffer.from(t));
    assert.deepEqual(decodeEntry(b('id', '7', 'time', '1000', 'lon', '2.5', 'lat', '3')).id, ['7']);
    assert.throws(() => decodeEntry(b('id', '7', 'time', '1000', 'lon', '2.5')), /entry has no lat field/);
    assert.throws(() => decodeEntry(b('id', '7', 'time', 'soon', 'lon', '2.5', 'lat', '3')), /not a finite number/);
    assert.throws(() => decodeEntry([Buffer.from('positions'), Buffer.from('junk')]), /no HLP1 header/);
    assert.throws(() => decodeEntry([Buffer.from('positions'), packPositions(['a'], [1], [2], [3]).subarray(0, 20)]), /truncated/);
  });
});

describe('geofence on Redis Streams (in-process consumers)', () => {
  let server: TestRedis | null = null;
  let redis: Redis;
  before(async () => {
    server = await startRedis();
    if (server) redis = new Redis(server.url);
  });
  after(async () => {
    redis?.disconnect();
    await stopRedis(server);
  });

  for (const batch of [1, 1000]) {
    it(`one and two consumers give the reference events exactly (${batch === 1 ? 'one position per entry' : 'packed entries'})`, async (t) => {
      if (!server) return t.skip('redis-server could not start');
      const ais = await loadAis();
      if (!ais) return t.skip('shared AIS data not found (../shared/data/ais)');
      const engine = new Engine(ais.zones);
      const zones = engine.pipN(ais.lat, ais.lon);
      const want = referenceEvents(Array.from(zones, (zone, i) => ({ id: ais.id[i], time: ais.time[i], lon: ais.lon[i], lat: ais.lat[i], zone })), engine.zoneNames, { dwell: 0, gap: Infinity });
      for (const consumers of [1, 2]) {
        const stream = `in:${batch}:${consumers}`;
        const out = `out:${batch}:${consumers}`;
        const published = await publishPositions(redis, stream, [ais], { batch });
        assert.equal(published.positions, ais.id.length);
        const clients = Array.from({ length: consumers }, () => new Redis(server!.url));
        const stats = await Promise.all(
          clients.map((client, c) => runGeofenceConsumer(client, engine, { stream, group: 'g', out, consumer: `c${c}`, exitWhenIdleMs: 300, count: batch === 1 ? 500 : 4 })),
        );
        for (const client of clients) client.disconnect();
        assert.equal(stats.reduce((sum, s) => sum + s.positions, 0), ais.id.length, 'every position processed once');
        assert.deepEqual(await readEvents(redis, out), want);
        assert.equal(Number((await redis.xpending(stream, 'g'))[0]), 0, 'nothing pending');
        if (consumers === 2) assert.ok(stats.every((s) => s.entries > 0), `both consumers worked: ${JSON.stringify(stats)}`);
      }
    });
  }
});
