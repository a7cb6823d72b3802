import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { Redis } from 'ioredis';
import { Engine, Geofence, type GeofenceEvent } from '../src/index.js';
import { COMMIT_SCRIPT } from '../src/geofence/commit-script.js';
import { runGeofenceConsumer } from '../src/geofence/consumer.js';
import { partitionOf, partitionStream, publishPositions } from '../src/geofence/publish.js';
import { runCli } from './cli-run.js';
import { referenceEvents } from '../src/geofence/reference.js';
import { ReadAheadWorker } from '../src/geofence/read-ahead.js';
import { decodeEntry, fenceKey, packPositions, packStates, positionFields, unpackPositions, unpackStates } from '../src/geofence/wire.js';
import { AIS_ZONES, loadAis } from './ais.js';
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

/** One redis-server for the enclosing describe (`server` null when it cannot start) and a client to it. */
function useRedis(): { server: TestRedis | null; redis: Redis } {
  const db: { server: TestRedis | null; redis: Redis } = { server: null, redis: undefined as unknown as Redis };
  before(async () => {
    db.server = await startRedis();
    if (db.server) db.redis = new Redis(db.server.url);
  });
  after(async () => {
    db.redis?.disconnect();
    await stopRedis(db.server);
  });
  return db;
}

/** The single-process reference events of the AIS sample in time order, zones named `names`. */
function aisReference(ais: NonNullable<Awaited<ReturnType<typeof loadAis>>>, engine: Engine, names: readonly string[]): GeofenceEvent[] {
  const zones = engine.pipN(ais.lat, ais.lon);
  return referenceEvents(Array.from(zones, (zone, i) => ({ id: ais.id[i], time: ais.time[i], lon: ais.lon[i], lat: ais.lat[i], zone })), names, { dwell: 0, gap: Infinity });
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

  it('numeric ids (MMSIs) travel as numbers: HLP2, no string per position; one id whichever form carried it', () => {
    const id = ['258221500', 42, '0'];
    const packed = packPositions(id, [1, 2, 3], [4, 5, 6], [7, 8, 9]);
    assert.equal(packed.toString('latin1', 0, 4), 'HLP2');
    assert.equal(packed.length, 8 + 4 * 8 * 3);
    const back = unpackPositions(packed);
    assert.deepEqual(Array.from(back.id), [258221500, 42, 0]);
    assert.deepEqual(Array.from(back.lat), [7, 8, 9]);
    // Not canonical decimal integers: strings (HLP1), as given.
    for (const other of ['0123', '1e3', '-5', ' 7', '1234567890123456']) {
      const mixed = packPositions(['1', other], [1, 2], [3, 4], [5, 6]);
      assert.equal(mixed.toString('latin1', 0, 4), 'HLP1', other);
      assert.deepEqual(unpackPositions(mixed).id, ['1', other]);
    }
    assert.equal(fenceKey('258221500'), 258221500);
    assert.equal(fenceKey('0123'), '0123');
    assert.equal(fenceKey('v7'), 'v7');
    const truncated = packed.subarray(0, packed.length - 8);
    assert.throws(() => unpackPositions(truncated), /numeric ids has 96 bytes, not 104/);
    const bad = Buffer.from(packed);
    bad.writeDoubleLE(1.5, 8 + 3 * 8 * 3);
    assert.throws(() => unpackPositions(bad), /id 0 is 1\.5, not a decimal integer/);
  });

  it('packs per-id states exactly; blobs back to back read one after the other', () => {
    const a = { id: ['258221500', 'ünï'], values: Float64Array.from({ length: 16 }, (_, i) => (i % 3 === 0 ? -Infinity : i / 7)) };
    const b = { id: ['x'], values: new Float64Array([1, 2, 3, 0, -1, 4, 5, 6]) };
    const both = Buffer.concat([packStates(a), packStates(b)]);
    const first = unpackStates(both);
    assert.deepEqual(first.id, a.id);
    assert.deepEqual(Array.from(first.values), Array.from(a.values));
    const second = unpackStates(both.subarray(first.bytes));
    assert.deepEqual(second.id, b.id);
    assert.equal(first.bytes + second.bytes, both.length);
    assert.throws(() => unpackStates(Buffer.from('nope')), /no HLS1 header/);
  });

  it('property: state and HLP1 blobs carry every id as its text (a number as String() writes it, UTF-8, into reused memory too)', () => {
    const char = fc.oneof(fc.integer({ min: 0x20, max: 0x7e }), fc.integer({ min: 0, max: 0xffff })).map((c) => String.fromCharCode(c)); // lone surrogates included
    const id = fc.oneof(
      fc.integer({ min: 0, max: 1e15 - 1 }),
      fc.constantFrom(0, -0, 1e15, 2 ** 53, -7, 1.5, 1e21, 5e-324),
      fc.double({ noNaN: true }),
      fc.array(char, { maxLength: 12 }).map((cs) => cs.join('')),
    );
    fc.assert(
      fc.property(fc.array(id, { maxLength: 40 }), fc.boolean(), (ids, reuse) => {
        // What the bytes say: each id's String(), through UTF-8 (a lone surrogate reads back as U+FFFD).
        const text = ids.map((v) => Buffer.from(String(v), 'utf8').toString('utf8'));
        const values = Float64Array.from({ length: 8 * ids.length }, (_, i) => i / 3);
        const into = reuse ? Buffer.alloc(1 << 16, 0xee) : undefined;
        const blob = packStates({ id: ids, values }, into);
        if (into) assert.equal(blob.buffer, into.buffer, 'written into the memory given');
        const back = unpackStates(blob);
        assert.deepEqual(back.id, text);
        assert.deepEqual(Array.from(back.values), Array.from(values));
        assert.equal(back.bytes, blob.length);
        // A batch of positions whose ids are not all numeric goes as HLP1, ids as text the same way.
        const withText = [...ids, 'v'];
        const n = withText.length;
        const positions = unpackPositions(packPositions(withText, new Float64Array(n), new Float64Array(n), new Float64Array(n)));
        assert.deepEqual(Array.from(positions.id), [...text, 'v']);
      }),
      { numRuns: 300, seed: 16 },
    );
  });

  it('says why an entry cannot be read', () => {
    const b = (...texts: string[]) => texts.map((t) => Buffer.from(t));
    assert.deepEqual(decodeEntry(b('id', '7', 'time', '1000', 'lon', '2.5', 'lat', '3')).id, ['7']);
    assert.throws(() => decodeEntry(b('id', '7', 'time', '1000', 'lon', '2.5')), /entry has no lat field/);
    assert.throws(() => decodeEntry(b('id', '7', 'time', 'soon', 'lon', '2.5', 'lat', '3')), /not a finite number/);
    assert.throws(() => decodeEntry([Buffer.from('positions'), Buffer.from('junk')]), /no HLP1 or HLP2 header/);
    assert.throws(() => decodeEntry([Buffer.from('positions'), packPositions(['a'], [1], [2], [3]).subarray(0, 20)]), /truncated/);
  });
});

describe('geofence partitions', () => {
  it('shard ids by FNV-1a of their text: one partition per id whichever form carries it', () => {
    // FNV-1a 32-bit reference values ("a", "foobar", and "é" as its two UTF-8 bytes).
    assert.equal(partitionOf('a', 4096), 0xe40c292c % 4096);
    assert.equal(partitionOf('foobar', 4093), 0xbf9cf968 % 4093);
    assert.equal(partitionOf('é', 4093), 0x1e9de8c1 % 4093);
    assert.equal(partitionOf(258221500, 7), 4);
    assert.equal(partitionOf('258221500', 7), 4);
    assert.equal(partitionOf('x', 1), 0);
    const counts = [0, 0, 0, 0];
    for (let id = 211_000_000; id < 211_004_000; id++) counts[partitionOf(id, 4)]++;
    assert.ok(counts.every((n) => n > 800), `spread over the partitions: ${counts}`);
  });

  it('bad --partitions and --count values are usage errors naming the flag (exit 2)', () => {
    for (const bad of ['0', '-1', '1.5', 'two', '4097']) {
      const result = runCli(['geofence', 'publish', '--redis', 'redis://127.0.0.1:1', '--in', 'a', '--points', 'none.csv', '--partitions', bad]);
      assert.equal(result.status, 2, `${bad}: ${result.stderr}`);
      assert.match(result.stderr, new RegExp(`--partitions expects an integer between 1 and 4096 but received "${bad.replace('.', '\\.')}"`));
    }
    // The consumer's batch size per read.
    for (const bad of ['0', '100001', 'many']) {
      const result = runCli(['geofence', '--redis', 'redis://127.0.0.1:1', '--in', 'a', '--group', 'g', '--out', 'b', '--zones', 'none.geojson', '--count', bad]);
      assert.equal(result.status, 2, `--count ${bad}: ${result.stderr}`);
      assert.match(result.stderr, new RegExp(`--count expects an integer between 1 and 100000 but received "${bad}"`));
    }
  });
});

describe('geofence on Redis Streams (in-process consumers)', () => {
  const db = useRedis();

  for (const [batch, readWorker] of [[1, true], [1000, true], [1000, false]] as const) {
    it(`one and two consumers give the reference events exactly (${batch === 1 ? 'one position per entry' : 'packed entries'}, ${readWorker ? 'reading ahead on a worker' : 'the client reading'})`, async (t) => {
      if (!db.server) return t.skip('redis-server could not start');
      const ais = await loadAis();
      if (!ais) return t.skip('shared AIS data not found (../shared/data/ais)');
      const engine = new Engine(ais.zones);
      const want = aisReference(ais, engine, engine.zoneNames);
      for (const consumers of [1, 2]) {
        const stream = `in:${batch}:${readWorker}:${consumers}`;
        const out = `out:${batch}:${readWorker}:${consumers}`;
        const published = await publishPositions(db.redis, stream, [ais], { batch });
        assert.equal(published.positions, ais.id.length);
        const clients = Array.from({ length: consumers }, () => new Redis(db.server!.url));
        const stats = await Promise.all(
          clients.map((client, c) => runGeofenceConsumer(client, engine, { stream, group: 'g', out, consumer: `c${c}`, exitWhenIdleMs: 300, count: batch === 1 ? 500 : 4, readWorker })),
        );
        for (const client of clients) client.disconnect();
        assert.equal(stats.reduce((sum, s) => sum + s.positions, 0), ais.id.length, 'every position processed once');
        assert.deepEqual(await readEvents(db.redis, out), want);
        assert.equal(Number((await db.redis.xpending(stream, 'g'))[0]), 0, 'nothing pending');
        if (consumers === 2) assert.ok(stats.every((s) => s.entries > 0), `both consumers worked: ${JSON.stringify(stats)}`);
      }
    });
  }
});

/** An HLP1 batch (wire.ts: "HLP1", n, time, lon, lat as Float64, n u32 id byte lengths, the ids as UTF-8) written by hand, whatever the ids. */
function packTextIds(ids: string[], time: Float64Array, lon: Float64Array, lat: Float64Array): Buffer {
  const n = ids.length;
  const text = ids.map((id) => Buffer.from(id, 'utf8'));
  const head = Buffer.alloc(8 + 24 * n + 4 * n);
  head.write('HLP1', 0, 'latin1');
  head.writeUInt32LE(n, 4);
  [time, lon, lat].forEach((column, c) => column.forEach((v, i) => head.writeDoubleLE(v, 8 + 8 * (c * n + i))));
  text.forEach((bytes, i) => head.writeUInt32LE(bytes.length, 8 + 24 * n + 4 * i));
  return Buffer.concat([head, ...text]);
}

describe('geofence read-ahead worker', () => {
  const db = useRedis();

  it('hands out each entry in a buffer of its own; a buffer given back is reused only for a later entry, never under one still held', async (t) => {
    if (!db.server) return t.skip('redis-server could not start');
    const n = 300;
    const column = (k: number) => Float64Array.from({ length: n }, (_, i) => k * 1e6 + i);
    for (let k = 0; k < 4; k++) await db.redis.xadd('pool', '*', 'positions', packPositions(Array.from({ length: n }, (_, i) => 1000 + i), column(k), column(k), column(k)));
    await db.redis.xgroup('CREATE', 'pool', 'g', '0');
    const reader = ReadAheadWorker.start(new Redis(db.server.url, { lazyConnect: true }))!;
    try {
      const [a] = await reader.read('pool', 'g', 'c', 1);
      const [b] = await reader.read('pool', 'g', 'c', 1);
      assert.ok(a.buffer && b.buffer && a.buffer !== b.buffer);
      assert.equal(a.positions!.time[0], 0);
      reader.recycle([a.buffer!]);
      // Given back: detached here, so nothing held can read the reused memory.
      assert.equal(a.positions!.time.length, 0);
      const [c, d] = await reader.read('pool', 'g', 'c', 2);
      assert.deepEqual([c.positions!.time[0], d.positions!.time[0]], [2e6, 3e6]);
      // b, still held, is untouched by the entries read into recycled memory after it.
      assert.deepEqual(Array.from(b.positions!.time), Array.from(column(1)));
      assert.deepEqual(Array.from(b.positions!.id as Float64Array), Array.from({ length: n }, (_, i) => 1000 + i));
      assert.deepEqual(await reader.read('pool', 'g', 'c', 1), []);
    } finally {
      await reader.close();
    }
  });

  it('one stream with text entries, packed numeric ids (HLP2) and packed string ids (HLP1): the events of the reference', async (t) => {
    if (!db.server) return t.skip('redis-server could not start');
    const ais = await loadAis();
    if (!ais) return t.skip('shared AIS data not found (../shared/data/ais)');
    const engine = new Engine(ais.zones);
    // The ids as numbers in the reference: the consumer keys "211" and 211 as one id (fenceKey).
    const want = aisReference({ ...ais, id: ais.id.map((id) => fenceKey(String(id))) as typeof ais.id }, engine, engine.zoneNames);
    const n = ais.id.length;
    for (let from = 0, k = 0; from < n; k++) {
      const to = Math.min(n, from + [1, 500, 700][k % 3]);
      const ids = Array.from({ length: to - from }, (_, i) => String(ais.id[from + i]));
      if (k % 3 === 0) await db.redis.xadd('mixed', '*', ...positionFields(ids[0], ais.time[from], ais.lon[from], ais.lat[from]));
      // HLP1 (ids as text) as another producer may write it for integer ids too: "211" there is 211 in an HLP2 batch.
      else if (k % 3 === 2) await db.redis.xadd('mixed', '*', 'positions', packTextIds(ids, ais.time.subarray(from, to), ais.lon.subarray(from, to), ais.lat.subarray(from, to)));
      else await db.redis.xadd('mixed', '*', 'positions', packPositions(ids, ais.time.subarray(from, to), ais.lon.subarray(from, to), ais.lat.subarray(from, to)));
      from = to;
    }
    const client = new Redis(db.server.url);
    try {
      const stats = await runGeofenceConsumer(client, engine, { stream: 'mixed', group: 'g', out: 'mixed:out', exitWhenIdleMs: 300, count: 8 });
      assert.equal(stats.positions, n);
      const events = (await readEvents(db.redis, 'mixed:out')).map((e) => ({ ...e, id: fenceKey(String(e.id)) }));
      assert.deepEqual(events, want);
    } finally {
      client.disconnect();
    }
  });

  it("connects like the client: its user and password, its database, its key prefix", async (t) => {
    if (!db.server) return t.skip('redis-server could not start');
    await db.redis.call('ACL', 'SETUSER', 'fence', 'on', '>s3cret', '~*', '&*', '+@all');
    const client = new Redis(db.server.url, { username: 'fence', password: 's3cret', db: 3, keyPrefix: 'p:' });
    try {
      const n = 2000;
      const id = Array.from({ length: n }, (_, i) => 100 + (i % 7));
      const time = Float64Array.from({ length: n }, (_, i) => i * 1000);
      const lon = Float64Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 0.5 : 5));
      const lat = lon.slice();
      await publishPositions(client, 'in', [{ id, time, lon, lat }], { batch: 250 });
      const engine = new Engine({ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]] });
      const stats = await runGeofenceConsumer(client, engine, { stream: 'in', group: 'g', out: 'out', exitWhenIdleMs: 200, count: 2 });
      assert.equal(stats.positions, n);
      const plain = new Redis(db.server.url, { db: 3 });
      const want = new Geofence(engine).pushSync({ id, time, lon, lat });
      assert.deepEqual((await readEvents(plain, 'p:out')).map((e) => ({ ...e, id: Number(e.id) })), want);
      assert.equal(Number((await plain.xpending('p:in', 'g'))[0]), 0);
      plain.disconnect();
    } finally {
      client.disconnect();
    }
  });

  it('readWorker must be a boolean', async () => {
    const engine = new Engine({ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]] });
    await assert.rejects(runGeofenceConsumer(new Redis({ lazyConnect: true }), engine, { stream: 's', group: 'g', out: 'o', readWorker: 'yes' as unknown as boolean }), { name: 'TypeError', message: /boolean for readWorker but received "yes"/ });
  });
});

describe('geofence commit script', () => {
  const db = useRedis();

  it('a commit sent before the reply to the one it follows is accepted only right after that one, not after another consumer reached the same entry', async (t) => {
    if (!db.server) return t.skip('redis-server could not start');
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) ids.push(await db.redis.xadd('in', '*', 'id', 'a', 'time', String(i), 'lon', '0', 'lat', '0') as string);
    await db.redis.xgroup('CREATE', 'in', 'g', '0');
    await db.redis.xreadgroup('GROUP', 'g', 'x', 'COUNT', 10, 'STREAMS', 'in', '>');
    // ARGV: group, seen, seen token, this token, k, then per entry: id, positions, events (none here).
    const commit = (seen: string, seenToken: string, token: string, entries: string[]) =>
      db.redis.eval(COMMIT_SCRIPT, 3, 'in', 'in:g:state', 'out', 'g', seen, seenToken, token, entries.length, ...entries.flatMap((id) => [id, 1, 0])) as Promise<[string, number, string, number, number]>;
    // x sends entry 1 first (entry 0 is older and pending: refused), then entry 2 after it.
    assert.deepEqual((await commit('', '', 'x1', [ids[1]]))[0], 'wait');
    // Another consumer commits entries 0 and 1: the watermark is now where x1 would have left it.
    assert.deepEqual((await commit('', '', 'y1', [ids[0], ids[1]])).slice(0, 3), ['ok', 2, ids[1]]);
    // x's second commit named x1, which was refused: its copy lacks entry 0, so it is refused too.
    assert.deepEqual((await commit(ids[1], 'x1', 'x2', [ids[2]])).slice(0, 3), ['stale', 0, ids[1]]);
    // Named after the commit that really stands there, it goes through; a chain of two in one go too.
    assert.deepEqual((await commit(ids[1], 'y1', 'x3', [ids[2]])).slice(0, 3), ['ok', 1, ids[2]]);
    assert.deepEqual((await commit(ids[2], 'x3', 'x4', [ids[3]])).slice(0, 3), ['ok', 1, ids[3]]);
    assert.equal(await db.redis.hget('in:g:state', 'commit'), 'x4');
    assert.equal(Number((await db.redis.xpending('in', 'g'))[0]), 0);
  });
});

describe('geofence consumer that commits without waiting', () => {
  const db = useRedis();

  it('a consumer alone commits fast; when a second one joins, its refused commits rebuild its copy and the events still equal the reference', async (t) => {
    if (!db.server) return t.skip('redis-server could not start');
    const ais = await loadAis();
    if (!ais) return t.skip('shared AIS data not found (../shared/data/ais)');
    const engine = new Engine(ais.zones);
    const want = aisReference(ais, engine, engine.zoneNames);
    await publishPositions(db.redis, 'in', [ais], { batch: 50 });
    const clients = [new Redis(db.server.url), new Redis(db.server.url)];
    try {
      const options = { stream: 'in', group: 'g', out: 'out', exitWhenIdleMs: 300, count: 2 };
      const a = runGeofenceConsumer(clients[0], engine, { ...options, consumer: 'a' });
      // b joins once a has committed 12 entries alone (a commits fast after 4 calm commits).
      while (Number((await db.redis.hget('in:g:state', 'count')) ?? 0) < 12) await new Promise((resolve) => setTimeout(resolve, 5));
      const b = runGeofenceConsumer(clients[1], engine, { ...options, consumer: 'b' });
      const stats = await Promise.all([a, b]);
      assert.ok(stats[0].rebuilds >= 1, `a's fast commits were refused once b committed: ${JSON.stringify(stats)}`);
      assert.ok(stats[1].entries > 0, `b worked: ${JSON.stringify(stats)}`);
      assert.equal(stats[0].positions + stats[1].positions, ais.id.length, 'every position processed once');
      assert.deepEqual(await readEvents(db.redis, 'out'), want);
      assert.equal(Number((await db.redis.xpending('in', 'g'))[0]), 0, 'nothing pending');
    } finally {
      for (const client of clients) client.disconnect();
    }
  });

  it('a consumer committing fast stores a snapshot once per snapshotEvery positions, not once more for each commit in flight when it was sent', async (t) => {
    if (!db.server) return t.skip('redis-server could not start');
    const box = { type: 'Feature', properties: { name: 'z' }, geometry: { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]] } };
    const engine = new Engine([box]);
    const n = 10_000;
    const positions = { id: Array.from({ length: n }, (_, i) => `v${i % 100}`), time: Array.from({ length: n }, (_, i) => i), lon: Array.from({ length: n }, (_, i) => (i % 7) * 0.3), lat: new Array<number>(n).fill(0.5) };
    // Keys of its own: the describe's server is shared with the test before.
    await publishPositions(db.redis, 'snap:in', [positions], { batch: 250 });
    const client = new Redis(db.server.url);
    try {
      // 1 entry (250 positions) per commit, a snapshot due every 2,000: at most 5 while running and 1 at the exit.
      const stats = await runGeofenceConsumer(client, engine, { stream: 'snap:in', group: 'g', out: 'snap:out', consumer: 'a', count: 1, exitWhenIdleMs: 300, snapshotEvery: 2000 });
      assert.equal(stats.positions, n);
      assert.equal(stats.rebuilds, 0);
      assert.ok(stats.snapshots >= 3 && stats.snapshots <= n / 2000 + 1, `snapshots: ${JSON.stringify(stats)}`);
      assert.equal(await db.redis.hget('snap:in:g:state', 'snapAt'), await db.redis.hget('snap:in:g:state', 'last'), 'the last snapshot stands at the watermark');
    } finally {
      client.disconnect();
    }
  });
});

describe('geofence on partitioned streams', () => {
  const db = useRedis();

  it('one consumer per partition: each id in one partition, the events of all partitions equal the reference', async (t) => {
    if (!db.server) return t.skip('redis-server could not start');
    const ais = await loadAis();
    if (!ais) return t.skip('shared AIS data not found (../shared/data/ais)');
    const engine = new Engine(ais.zones);
    const want = aisReference(ais, engine, engine.zoneNames);
    await assert.rejects(publishPositions(db.redis, 'ais', [ais], { partitions: 0 }), (error: Error) => error instanceof RangeError && /partitions/.test(error.message));
    await assert.rejects(publishPositions(db.redis, 'ais', [ais], { partitions: 2.5 }), (error: Error) => error instanceof RangeError && /partitions/.test(error.message));
    const partitions = 3;
    const published = await publishPositions(db.redis, 'ais', [ais], { batch: 1000, partitions });
    assert.equal(published.positions, ais.id.length);
    assert.equal(await db.redis.exists('ais'), 0, 'nothing on the unpartitioned stream');
    const clients = Array.from({ length: partitions }, () => new Redis(db.server!.url));
    const stats = await Promise.all(
      clients.map((client, p) => runGeofenceConsumer(client, engine, { stream: partitionStream('ais', p), group: 'g', out: 'events', consumer: `c${p}`, exitWhenIdleMs: 300, count: 4 })),
    );
    for (const client of clients) client.disconnect();
    assert.ok(stats.every((s) => s.positions > 0 && s.replayed === 0), `every partition had work, no consumer replayed another's: ${JSON.stringify(stats)}`);
    assert.equal(stats.reduce((sum, s) => sum + s.positions, 0), ais.id.length);
    for (let p = 0; p < partitions; p++) {
      for (const [, fields] of await db.redis.xrangeBuffer(partitionStream('ais', p), '-', '+')) {
        for (const id of Array.from(decodeEntry(fields).id)) assert.equal(partitionOf(id, partitions), p, `id ${id} in partition ${p}`);
      }
    }
    // Each id's events in order; across partitions, events interleave in any order.
    const byId = (events: GeofenceEvent[]) => {
      const grouped = new Map<string, GeofenceEvent[]>();
      for (const e of events) grouped.set(String(e.id), [...(grouped.get(String(e.id)) ?? []), { ...e, id: String(e.id) }]);
      return new Map([...grouped].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    };
    assert.deepEqual(byId(await readEvents(db.redis, 'events')), byId(want));
  });
});

const MAIN = fileURLToPath(new URL('../src/cli/main.ts', import.meta.url));

/** A `hotloop geofence` consumer process; resolves its JSON summary when it exits. */
function consumerProcess(url: string, args: string[]): { child: ChildProcess; done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stats?: Record<string, number>; stderr: string }> } {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, 'geofence', '--redis', url, ...args, '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (data) => (stdout += data));
  child.stderr!.on('data', (data) => (stderr += data));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stats?: Record<string, number>; stderr: string }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal, stats: stdout.trim() ? JSON.parse(stdout.trim().split('\n').pop()!) : undefined, stderr })),
  );
  return { child, done };
}

async function groupInfo(redis: Redis, stream: string): Promise<Map<string, unknown>> {
  const groups = (await redis.xinfo('GROUPS', stream)) as unknown[][];
  const info = new Map<string, unknown>();
  for (let i = 0; groups[0] && i + 1 < groups[0].length; i += 2) info.set(String(groups[0][i]), groups[0][i + 1]);
  return info;
}

/** Consumer connections blocked in XREADGROUP (a consumer's own, or its read-ahead worker's); a blocked consumer is not yet listed by XINFO CONSUMERS. */
async function blockedConsumers(redis: Redis): Promise<number> {
  return String(await redis.client('LIST')).split('\n').filter((line) => / name=hotloop-geofence(-read)? /.test(line) && / flags=b /.test(line)).length;
}

async function until(check: () => Promise<boolean>, what: string, ms = 90_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** The reference events of the AIS sample, with the zone names the CLI gives (each file's name). */
function cliReference(ais: NonNullable<Awaited<ReturnType<typeof loadAis>>>): GeofenceEvent[] {
  return aisReference(ais, new Engine(ais.zones), AIS_ZONES);
}

/** A consumer process of the AIS tests: small reads, quick claims, exits 2 s after the group is drained. */
function consumerArgs(ais: NonNullable<Awaited<ReturnType<typeof loadAis>>>, c: number): string[] {
  return ['--in', 'ais:positions', '--group', 'geofence', '--out', 'ais:events', '--zones', ...ais.zoneFiles, '--consumer', `c${c}`, '--count', '4', '--claim-idle', '1000', '--exit-when-idle', '2', '--threads', '1'];
}

describe('geofence on Redis: nothing is lost', () => {
  it('3 consumer processes, one SIGKILLed mid-stream: every position processed once, events equal the reference, nothing pending', { timeout: 180_000 }, async (t) => {
    const ais = await loadAis();
    if (!ais) return t.skip('shared AIS data not found (../shared/data/ais)');
    const server = await startRedis();
    if (!server) return t.skip('redis-server could not start');
    const redis = new Redis(server.url);
    try {
      const want = cliReference(ais);
      await redis.xgroup('CREATE', 'ais:positions', 'geofence', '0', 'MKSTREAM');
      const consumers = [0, 1, 2].map((c) => consumerProcess(server.url, consumerArgs(ais, c)));
      // Published once all three wait for it (blocked in XREADGROUP), so that no consumer that
      // started first takes the whole stream before c1 is up.
      await until(async () => (await blockedConsumers(redis)) === 3, 'the consumers to start');
      const { entries } = await publishPositions(redis, 'ais:positions', [ais], { batch: 100 });
      // Kill c1 while it holds entries (read, not yet committed) and the stream is not yet drained:
      // stopped first (SIGSTOP), so that what it holds cannot change between the look and the kill.
      const c1Holds = async () => ((await redis.xpending('ais:positions', 'geofence', '-', '+', 1, 'c1')) as unknown[]).length > 0;
      await until(async () => {
        consumers[1].child.kill('SIGSTOP');
        if (await c1Holds()) return true;
        consumers[1].child.kill('SIGCONT');
        return false;
      }, 'c1 to hold entries');
      consumers[1].child.kill('SIGKILL');
      const killedAt = Number((await groupInfo(redis, 'ais:positions')).get('entries-read'));
      assert.ok(killedAt < entries, `killed mid-stream (${killedAt} of ${entries} entries read)`);
      const results = await Promise.all(consumers.map((c) => c.done));
      assert.equal(results[1].signal, 'SIGKILL');
      for (const c of [0, 2]) assert.equal(results[c].code, 0, results[c].stderr);
      const info = await groupInfo(redis, 'ais:positions');
      assert.equal(Number(info.get('entries-read')), entries, 'every entry delivered');
      assert.equal(Number(info.get('pending')), 0, 'nothing pending');
      assert.ok(results[0].stats!.claimed + results[2].stats!.claimed > 0, 'the killed consumer\'s entries were claimed');
      assert.deepEqual(await readEvents(redis, 'ais:events'), want, 'events equal the single-process reference, in order, none twice');
    } finally {
      redis.disconnect();
      await stopRedis(server);
    }
  });

  it('Redis restarting mid-run: consumers reconnect and finish with the same events', { timeout: 180_000 }, async (t) => {
    const ais = await loadAis();
    if (!ais) return t.skip('shared AIS data not found (../shared/data/ais)');
    const server = await startRedis({ persistent: true });
    if (!server) return t.skip('redis-server could not start');
    const redis = new Redis(server.url, { maxRetriesPerRequest: null });
    redis.on('error', () => {});
    try {
      const want = cliReference(ais);
      await redis.xgroup('CREATE', 'ais:positions', 'geofence', '0', 'MKSTREAM');
      // Idle 5 s, not 2: the second half is published after the restart, which takes a moment.
      const consumers = [0, 1].map((c) => consumerProcess(server.url, [...consumerArgs(ais, c), '--exit-when-idle', '5']));
      // Both consumers connected and blocked in XREADGROUP on the empty stream.
      await until(async () => (await blockedConsumers(redis)) === 2, 'the consumers to start');
      // Mid-run: the first half published and being committed, the second not yet published.
      const half = Math.floor(ais.id.length / 2);
      const part = (a: number, b: number) => ({ id: ais.id.slice(a, b), time: ais.time.slice(a, b), lon: ais.lon.slice(a, b), lat: ais.lat.slice(a, b) });
      const first = await publishPositions(redis, 'ais:positions', [part(0, half)], { batch: 100 });
      await until(async () => (await redis.exists('ais:positions:geofence:state')) === 1, 'a first commit');
      await server.stop();
      await new Promise((resolve) => setTimeout(resolve, 500));
      await server.start();
      const second = await publishPositions(redis, 'ais:positions', [part(half, ais.id.length)], { batch: 100 });
      const entries = first.entries + second.entries;
      const results = await Promise.all(consumers.map((c) => c.done));
      for (const result of results) assert.equal(result.code, 0, result.stderr);
      const info = await groupInfo(redis, 'ais:positions');
      assert.equal(Number(info.get('entries-read')), entries);
      assert.equal(Number(info.get('pending')), 0);
      assert.deepEqual(await readEvents(redis, 'ais:events'), want);
    } finally {
      redis.disconnect();
      await stopRedis(server);
    }
  });

  it('a consumer joining late starts from the snapshot; without one it replays the input stream; a stream trimmed past what it needs is a clear error', async (t) => {
    const server = await startRedis();
    if (!server) return t.skip('redis-server could not start');
    const redis = new Redis(server.url);
    try {
      const box = (x: number) => ({ type: 'Feature', properties: { name: `z${x}` }, geometry: { type: 'Polygon', coordinates: [[[x, 0], [x + 1, 0], [x + 1, 1], [x, 1], [x, 0]]] } });
      const engine = new Engine([box(0), box(2)]);
      // 50 ids walking through both boxes, 40 steps each, in time order.
      const id: string[] = [];
      const time: number[] = [];
      const lon: number[] = [];
      const lat: number[] = [];
      for (let step = 0; step < 40; step++) for (let k = 0; k < 50; k++) id.push(`v${k}`), time.push(step * 1000 + k), lon.push(((step + k) % 8) * 0.5 - 0.25), lat.push(0.5);
      const positions = id.map((v, i) => ({ id: v, time: time[i], lon: lon[i], lat: lat[i], zone: engine.pip1(lat[i], lon[i]) }));
      const want = referenceEvents(positions, engine.zoneNames, { dwell: 0, gap: Infinity });
      const columns = (a: number, b: number) => ({ id: id.slice(a, b), time: time.slice(a, b), lon: lon.slice(a, b), lat: lat.slice(a, b) });
      const run = async (name: string) => {
        const client = new Redis(server.url);
        try {
          return await runGeofenceConsumer(client, engine, { stream: 'in', group: 'g', out: 'out', consumer: name, exitWhenIdleMs: 100, snapshotEvery: 100 });
        } finally {
          client.disconnect();
        }
      };
      const dropSnapshot = () => redis.hdel('in:g:state', 'snap', 'snapAt', 'snapCount', 'snapPositions');
      await publishPositions(redis, 'in', [columns(0, 700)], { batch: 25 });
      const a = await run('a');
      assert.ok(a.snapshots > 1, `snapshots every 100 positions: ${JSON.stringify(a)}`);
      assert.equal(await redis.hget('in:g:state', 'snapAt'), await redis.hget('in:g:state', 'last'), 'a leaving stores its copy');
      await publishPositions(redis, 'in', [columns(700, 1400)], { batch: 25 });
      const b = await run('b');
      assert.equal(b.replayed, 0, 'b starts from the snapshot');
      await dropSnapshot();
      await publishPositions(redis, 'in', [columns(1400, id.length)], { batch: 25 });
      const c = await run('c');
      assert.equal(c.replayed, 56, 'without a snapshot, c replays every committed entry');
      assert.equal(c.positions, 600);
      assert.deepEqual(await readEvents(redis, 'out'), want);
      await dropSnapshot();
      await redis.xtrim('in', 'MAXLEN', 5);
      await publishPositions(redis, 'in', [{ id: ['w'], time: [1e6], lon: [50], lat: [50] }]);
      await assert.rejects(run('d'), /cannot rebuild the geofence state of group g: in no longer holds the entries committed after its start \(was it trimmed/);
    } finally {
      redis.disconnect();
      await stopRedis(server);
    }
  });

  it('an entry that cannot be read is acknowledged without events and does not stop the group', async (t) => {
    const server = await startRedis();
    if (!server) return t.skip('redis-server could not start');
    const redis = new Redis(server.url);
    try {
      const engine = new Engine({ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]] });
      await redis.xadd('in', '*', 'id', 'a', 'time', '1', 'lon', '0.5', 'lat', '0.5');
      await redis.xadd('in', '*', 'id', 'a', 'time', 'later', 'lon', '0.5', 'lat', '0.5');
      await redis.xadd('in', '*', 'positions', 'junk');
      await redis.xadd('in', '*', 'id', 'a', 'time', '3', 'lon', '5', 'lat', '5');
      const lines: string[] = [];
      const stats = await runGeofenceConsumer(redis, engine, { stream: 'in', group: 'g', out: 'out', exitWhenIdleMs: 100, log: (line) => lines.push(line) });
      assert.equal(stats.unreadable, 2);
      assert.equal(lines.length, 2);
      assert.match(lines[0], /cannot be read \(position 0 has a time, lon or lat that is not a finite number\)/);
      assert.deepEqual((await readEvents(redis, 'out')).map((e) => [e.type, e.time]), [['enter', 1], ['exit', 3]]);
      assert.equal(Number((await redis.xpending('in', 'g'))[0]), 0);
    } finally {
      redis.disconnect();
      await stopRedis(server);
    }
  });
});
