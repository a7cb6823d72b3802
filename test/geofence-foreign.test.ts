/**
 * Foreign producers and bad entries on a real redis-server: text entries with fields missing, extra
 * or not numbers, packed batches with a wrong count, truncated or with trailing bytes, a huge
 * declared count, an entry with both kinds of fields, an empty stream; keys of the wrong type. What
 * must hold: no crash loop and no hang; every entry that cannot be read is acknowledged without
 * events, counted (`unreadable`) and named in one log line; every readable position is processed
 * as the in-process Geofence would; in the CLI one line and exit 1 when Redis refuses a key.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { Engine, Geofence, type GeofenceEvent } from '../src/index.js';
import { runGeofenceConsumer } from '../src/geofence/consumer.js';
import { packPositions } from '../src/geofence/wire.js';
import { runCli } from './cli-run.js';
import { startRedis, stopRedis } from './redis-server.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** The events of an output stream, as the consumer wrote them (ids as text, numbers parsed). */
async function readEvents(redis: Redis, stream: string): Promise<GeofenceEvent[]> {
  return (await redis.xrange(stream, '-', '+')).map(([, fields]) => {
    const f = new Map<string, string>();
    for (let i = 0; i < fields.length; i += 2) f.set(fields[i], fields[i + 1]);
    const event: GeofenceEvent = { type: f.get('type') as 'enter' | 'exit', id: f.get('id')!, zone: Number(f.get('zone')), name: f.get('name')!, time: Number(f.get('time')), lat: Number(f.get('lat')), lon: Number(f.get('lon')) };
    if (f.get('expired')) event.expired = true;
    return event;
  });
}

const SQUARE = { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]] };

/** A packed batch whose header says `count` positions (whatever the bytes after it hold). */
function withCount(blob: Buffer, count: number): Buffer {
  const copy = Buffer.from(blob);
  copy.writeUInt32LE(count, 4);
  return copy;
}

const numeric = packPositions([7, 7], [10, 11], [0.5, 5], [0.5, 5]); // HLP2
const text = packPositions(['x', 'x'], [10, 11], [0.5, 5], [0.5, 5]); // HLP1

/** Entries as [fields, readable]: what a foreign producer might write. */
const ENTRIES: [(string | Buffer)[], boolean][] = [
  [['id', 'a', 'time', '1', 'lon', '0.5', 'lat', '0.5'], true],
  [['id', 'a', 'time', '2', 'lon', '0.5'], false], // no lat
  [['id', 'a', 'time', '3', 'lon', '5', 'lat', '5', 'speed', '12.5'], true], // an extra field is ignored
  [['id', 'b', 'time', 'soon', 'lon', '0.5', 'lat', '0.5'], false],
  [['id', 'b', 'time', '1e400', 'lon', '0.5', 'lat', '0.5'], false],
  [['id', 'b', 'time', '0x10', 'lon', '0.5', 'lat', '0.5'], false], // not decimal
  [['id', 'b', 'time', '', 'lon', '0.5', 'lat', '0.5'], false],
  [['id', '', 'time', '4', 'lon', '0.5', 'lat', '0.5'], false],
  [['id', 'b', 'time', ' 5 ', 'lon', '-0', 'lat', '5e-1'], true], // spaces around, -0, exponents: decimal numbers
  [['positions', withCount(numeric, 3)], false],
  [['positions', withCount(numeric, 1)], false],
  [['positions', Buffer.concat([numeric, Buffer.alloc(5)])], false],
  [['positions', withCount(numeric, 0xffffffff)], false],
  [['positions', withCount(text, 0xffffffff)], false],
  [['positions', text.subarray(0, text.length - 1)], false],
  [['positions', Buffer.concat([text, Buffer.from('zz')])], false],
  [['positions', withCount(text, 1)], false],
  [['positions', packPositions([], [], [], [])], true], // an empty batch: nothing to do
  [['positions', numeric, 'id', 'c', 'time', '20', 'lon', '0.5', 'lat', '0.5'], false], // both kinds: which one is meant?
  [['positions', Buffer.alloc(0)], false],
  [['positions', numeric], true],
  [['positions', text], true],
  [['id', 'a', 'time', '30', 'lon', '0.25', 'lat', '0.25'], true],
];

/** The events an in-process Geofence gives for the readable entries, ids as text as on Redis. */
function expectedEvents() {
  const fence = new Geofence(new Engine(SQUARE));
  const want: GeofenceEvent[] = [];
  const push = (id: string, time: number, lon: number, lat: number) => want.push(...fence.pushSync({ id: [id], time: [time], lon: [lon], lat: [lat] }));
  push('a', 1, 0.5, 0.5);
  push('a', 3, 5, 5);
  push('b', 5, -0, 0.5);
  push('7', 10, 0.5, 0.5);
  push('7', 11, 5, 5);
  push('x', 10, 0.5, 0.5);
  push('x', 11, 5, 5);
  push('a', 30, 0.25, 0.25);
  return want.map((e) => ({ ...e, id: String(e.id) }));
}

describe('geofence consumer: foreign producers and bad entries', () => {
  for (const readWorker of [true, false]) {
    it(`every unreadable entry is acknowledged, counted and logged; the others give the in-process events (${readWorker ? 'read-ahead worker' : 'the client reading'})`, async (t) => {
      const server = await startRedis();
      if (!server) return t.skip('redis-server could not start');
      const redis = new Redis(server.url);
      try {
        for (const [fields] of ENTRIES) await redis.xadd('in', '*', ...fields);
        const lines: string[] = [];
        const stats = await runGeofenceConsumer(redis, new Engine(SQUARE), { stream: 'in', group: 'g', out: 'out', exitWhenIdleMs: 100, readWorker, log: (line) => lines.push(line) });
        const unreadable = ENTRIES.filter(([, ok]) => !ok).length;
        assert.equal(stats.unreadable, unreadable, lines.join('\n'));
        assert.equal(stats.entries, ENTRIES.length);
        assert.equal(lines.length, unreadable, lines.join('\n'));
        for (const line of lines) assert.match(line, /^entry \d+-\d+ of in cannot be read \(.+\): acknowledged without events$/);
        assert.deepStrictEqual(await readEvents(redis, 'out'), expectedEvents());
        assert.equal(Number((await redis.xpending('in', 'g'))[0]), 0, 'nothing pending');
      } finally {
        redis.disconnect();
        await stopRedis(server);
      }
    });
  }

  it('an empty or missing stream: the group is made, the consumer exits when idle with nothing done', async (t) => {
    const server = await startRedis();
    if (!server) return t.skip('redis-server could not start');
    const redis = new Redis(server.url);
    try {
      const stats = await runGeofenceConsumer(redis, new Engine(SQUARE), { stream: 'nothing', group: 'g', out: 'out', exitWhenIdleMs: 100 });
      assert.equal(stats.entries, 0);
      assert.equal(await redis.type('nothing'), 'stream');
      assert.equal(await redis.exists('out'), 0);
    } finally {
      redis.disconnect();
      await stopRedis(server);
    }
  });

  it('a state key of another type, or the group destroyed under a running consumer: one error, entries left pending', async (t) => {
    const server = await startRedis();
    if (!server) return t.skip('redis-server could not start');
    const redis = new Redis(server.url);
    const other = redis.duplicate();
    try {
      await redis.xadd('in', '*', 'id', 'a', 'time', '1', 'lon', '0.5', 'lat', '0.5');
      await redis.set('in:g:state', 'not a hash');
      await assert.rejects(runGeofenceConsumer(redis, new Engine(SQUARE), { stream: 'in', group: 'g', out: 'out', exitWhenIdleMs: 100 }), /^ReplyError: WRONGTYPE/);
      assert.equal(Number((await redis.xpending('in', 'g'))[0]), 1, 'the entry stays pending');
      assert.equal(await redis.exists('out'), 0);

      await redis.xadd('in2', '*', 'id', 'a', 'time', '1', 'lon', '0.5', 'lat', '0.5');
      const run = runGeofenceConsumer(other, new Engine(SQUARE), { stream: 'in2', group: 'g', out: 'out2', exitWhenIdleMs: 2000 });
      while (!(await redis.exists('out2'))) await new Promise((resolve) => setTimeout(resolve, 10)); // its first entry committed
      await redis.xgroup('DESTROY', 'in2', 'g');
      await redis.xadd('in2', '*', 'id', 'a', 'time', '2', 'lon', '5', 'lat', '5');
      await assert.rejects(run, /NOGROUP/);
    } finally {
      other.disconnect();
      redis.disconnect();
      await stopRedis(server);
    }
  });

  it('CLI: an input or output key that is not a stream is one line, exit 1, and the entries stay pending', async (t) => {
    const server = await startRedis();
    if (!server) return t.skip('redis-server could not start');
    const redis = new Redis(server.url);
    const dir = mkdtempSync(path.join(tmpdir(), 'hotloop-foreign-'));
    try {
      const zone = path.join(dir, 'square.geojson');
      writeFileSync(zone, JSON.stringify(SQUARE));
      const consume = (input: string, out: string) =>
        runCli(['geofence', '--redis', server.url, '--in', input, '--group', 'g', '--out', out, '--zones', zone, '--exit-when-idle', '0.2', '--threads', '1']);
      await redis.set('text', 'not a stream');
      const wrongIn = consume('text', 'out');
      assert.equal(wrongIn.status, 1, wrongIn.stderr);
      assert.equal(wrongIn.stderr.trim().split('\n').length, 1, wrongIn.stderr);
      assert.match(wrongIn.stderr, /WRONGTYPE/);
      assert.doesNotMatch(wrongIn.stderr, /\n\s+at /);

      await redis.xadd('in', '*', 'id', 'a', 'time', '1', 'lon', '0.5', 'lat', '0.5');
      await redis.hset('events', 'x', '1');
      const wrongOut = consume('in', 'events');
      assert.equal(wrongOut.status, 1, wrongOut.stderr);
      assert.equal(wrongOut.stderr.trim().split('\n').length, 1, wrongOut.stderr);
      assert.match(wrongOut.stderr, /WRONGTYPE/);
      assert.doesNotMatch(wrongOut.stderr, /\n\s+at /);
      assert.equal(Number((await redis.xpending('in', 'g'))[0]), 1, 'the entry whose events could not be written stays pending');

      // With a stream for its events, a consumer takes the pending entry over and finishes it.
      await redis.del('events');
      const fixed = runCli(['geofence', '--redis', server.url, '--in', 'in', '--group', 'g', '--out', 'events', '--zones', zone, '--exit-when-idle', '0.2', '--claim-idle', '0', '--threads', '1']);
      assert.equal(fixed.status, 0, fixed.stderr);
      assert.deepEqual((await readEvents(redis, 'events')).map((e) => [e.type, e.id, e.time]), [['enter', 'a', 1]]);
      assert.equal(Number((await redis.xpending('in', 'g'))[0]), 0);
    } finally {
      redis.disconnect();
      await stopRedis(server);
    }
  });
});
