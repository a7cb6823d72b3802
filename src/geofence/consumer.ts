/**
 * A geofence consumer in a Redis Streams consumer group: reads position entries (XREADGROUP), finds
 * their zones with the pip Engine's batch call, runs the geofence state machine on its in-memory
 * copy of the per-id states, and commits each entry with one Lua script (commit-script.ts): the
 * entry's state delta on the state log, its events on the output stream, and its XACK, atomically
 * and in stream order, only while its copy is current. A consumer whose copy is behind reads the
 * deltas it missed (or the snapshot the log was trimmed to) and evaluates again. Entries left
 * pending by a dead consumer are claimed with XAUTOCLAIM once idle for `claimIdleMs`. Any number of
 * consumers, on any machines, give together the events the in-process Geofence gives for the
 * stream's entries in stream order.
 */
import os from 'node:os';
import type { Redis } from 'ioredis';
import { invalidType } from '../errors.js';
import type { Engine } from '../pip/api.js';
import { checkNumber, checkOptions } from '../validate.js';
import { fenceRules } from './api.js';
import { COMMIT_SCRIPT, READ_SCRIPT, SNAPSHOT_SCRIPT } from './commit-script.js';
import type { GeofenceEvent } from './events.js';
import { FenceState, STATE_FIELDS } from './state.js';
import { type WirePositions, decodeEntry, packStates, unpackStates } from './wire.js';

export interface ConsumerOptions {
  /** Input stream of positions. */
  stream: string;
  /** Consumer group; created at the start of the stream (id 0) when missing. */
  group: string;
  /** Output stream of events. */
  out: string;
  /** This consumer's name in the group; default `<hostname>-<pid>`. */
  consumer?: string;
  /** Prefix of the state keys (`<prefix>:log`, a stream of deltas, and `<prefix>:snapshot`); default `<stream>:<group>:state`. */
  stateKey?: string;
  /** Store a snapshot and trim the state log once it has this many deltas; default 1000. */
  snapshotEvery?: number;
  dwell?: number;
  gap?: number;
  /** Entries per XREADGROUP; default 128. */
  count?: number;
  /** Pending entries idle this long (ms) are claimed from their consumer; default 30000. */
  claimIdleMs?: number;
  /** Return after this long (ms) with nothing to read or claim and nothing pending in the group. */
  exitWhenIdleMs?: number;
  /** Native threads for the zone lookups. */
  threads?: number;
  /** Stops the consumer between two commits (held entries stay pending, for others to claim). */
  signal?: AbortSignal;
  /** Where to say that an entry could not be read (it is acknowledged without events). */
  log?: (line: string) => void;
}

export interface ConsumerStats {
  /** Entries this consumer committed, and their positions. */
  entries: number;
  positions: number;
  events: number;
  /** Entries that could not be read: acknowledged without events. */
  unreadable: number;
  /** Entries claimed from other consumers. */
  claimed: number;
  /** Entries another consumer committed first (after a claim): dropped here. */
  committedElsewhere: number;
  /** Commit attempts that found the state copy behind the log, or an older entry still pending. */
  stale: number;
  waits: number;
  /** Snapshots this consumer stored. */
  snapshots: number;
}

const OPTION_KEYS = ['stream', 'group', 'out', 'consumer', 'stateKey', 'snapshotEvery', 'dwell', 'gap', 'count', 'claimIdleMs', 'exitWhenIdleMs', 'threads', 'signal', 'log'] as const;
const MAX_POSITIONS_PER_COMMIT = 8192;

interface HeldEntry {
  id: string;
  positions: WirePositions | null;
  zones: Int32Array;
}

type RawEntry = [Buffer, Buffer[]];
type Script = (...args: (string | number | Buffer)[]) => Promise<unknown>;
// Registered once per client: ioredis sends EVALSHA and falls back to EVAL after a Redis restart.
const SCRIPTS = { hotloopGeofenceCommit: [COMMIT_SCRIPT, 3], hotloopGeofenceRead: [READ_SCRIPT, 1], hotloopGeofenceSnapshot: [SNAPSHOT_SCRIPT, 2] } as const;
type Scripts = Record<'hotloopGeofenceCommit' | 'hotloopGeofenceReadBuffer' | 'hotloopGeofenceSnapshot', Script>;

/** Stream ids ("ms-seq") compared as numbers. */
export function compareStreamIds(a: string, b: string): number {
  const [am, as = '0'] = a.split('-');
  const [bm, bs = '0'] = b.split('-');
  return am.length - bm.length || (am < bm ? -1 : am > bm ? 1 : 0) || as.length - bs.length || (as < bs ? -1 : as > bs ? 1 : 0);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function checkName(name: string, value: unknown): string {
  if (typeof value !== 'string' || value === '') throw invalidType(name, 'non-empty string', value);
  return value;
}

/** One entry evaluated on the state copy: what to commit, and where its changes start in the undo log. */
interface Evaluated {
  entry: HeldEntry;
  delta: Buffer | '';
  events: GeofenceEvent[];
  undo: number;
}

/**
 * Runs a consumer until `signal` aborts or, with `exitWhenIdleMs`, the group has been idle that
 * long. Returns what it did.
 *
 * @example
 * const redis = new Redis('redis://127.0.0.1:6379');
 * const stats = await runGeofenceConsumer(redis, engine, { stream: 'ais:positions', group: 'geofence', out: 'ais:events' });
 */
export async function runGeofenceConsumer(redis: Redis, engine: Engine, options: ConsumerOptions): Promise<ConsumerStats> {
  const opts = checkOptions<ConsumerOptions>('runGeofenceConsumer', options, OPTION_KEYS);
  const stream = checkName('stream', opts.stream);
  const group = checkName('group', opts.group);
  const out = checkName('out', opts.out);
  const consumer = opts.consumer === undefined ? `${os.hostname()}-${process.pid}` : checkName('consumer', opts.consumer);
  const prefix = opts.stateKey === undefined ? `${stream}:${group}:state` : checkName('stateKey', opts.stateKey);
  const logKey = `${prefix}:log`;
  const snapshotKey = `${prefix}:snapshot`;
  const count = opts.count === undefined ? 128 : checkNumber('count', opts.count, { integer: true, min: 1, max: 100_000 });
  const claimIdleMs = opts.claimIdleMs === undefined ? 30_000 : checkNumber('claimIdleMs', opts.claimIdleMs, { integer: true, min: 0 });
  const exitWhenIdleMs = opts.exitWhenIdleMs === undefined ? undefined : checkNumber('exitWhenIdleMs', opts.exitWhenIdleMs, { min: 0 });
  const snapshotEvery = opts.snapshotEvery === undefined ? 1000 : checkNumber('snapshotEvery', opts.snapshotEvery, { integer: true, min: 1 });
  const rules = fenceRules(opts);
  const log = opts.log ?? (() => {});
  const state = new FenceState(engine.zoneNames, rules);
  const stats: ConsumerStats = { entries: 0, positions: 0, events: 0, unreadable: 0, claimed: 0, committedElsewhere: 0, stale: 0, waits: 0, snapshots: 0 };
  const held: HeldEntry[] = [];
  /** The last log delta the state copy includes; null before the first sync. */
  let seen: string | null = null;
  let deltasSinceSnapshot = 0;

  for (const [name, [lua, numberOfKeys]] of Object.entries(SCRIPTS)) if (!(name in redis)) redis.defineCommand(name, { lua, numberOfKeys });
  const scripts = redis as unknown as Scripts;
  try {
    await redis.xgroup('CREATE', stream, group, '0', 'MKSTREAM');
  } catch (error) {
    if (!String((error as Error).message).includes('BUSYGROUP')) throw error;
  }

  /** Decodes entries and finds every position's zone in one engine call; adds them to `held` in stream order. */
  const hold = (raw: RawEntry[]) => {
    const known = new Set(held.map((entry) => entry.id));
    const fresh: HeldEntry[] = [];
    for (const [idBuffer, fields] of raw) {
      const id = idBuffer.toString();
      if (known.has(id) || !fields) continue;
      let positions: WirePositions | null = null;
      try {
        positions = decodeEntry(fields);
      } catch (error) {
        log(`entry ${id} of ${stream} cannot be read (${(error as Error).message}): acknowledged without events`);
      }
      fresh.push({ id, positions, zones: new Int32Array(0) });
    }
    const total = fresh.reduce((sum, entry) => sum + (entry.positions?.time.length ?? 0), 0);
    const lon = new Float64Array(total);
    const lat = new Float64Array(total);
    let at = 0;
    for (const entry of fresh) {
      if (!entry.positions) continue;
      lon.set(entry.positions.lon, at);
      lat.set(entry.positions.lat, at);
      at += entry.positions.lon.length;
    }
    const zones = engine.locateSync({ lon, lat }, { threads: opts.threads });
    at = 0;
    for (const entry of fresh) {
      const n = entry.positions?.time.length ?? 0;
      entry.zones = zones.subarray(at, at + n);
      at += n;
    }
    held.push(...fresh);
    held.sort((a, b) => compareStreamIds(a.id, b.id));
    return fresh.length;
  };

  const claim = async () => {
    const reply = (await redis.callBuffer('XAUTOCLAIM', stream, group, consumer, claimIdleMs, '0-0', 'COUNT', count)) as [Buffer, RawEntry[], Buffer[]];
    const claimed = hold(reply[1] ?? []);
    stats.claimed += claimed;
    return claimed;
  };

  /** Applies a log entry's delta: one or more state blobs back to back (or a snapshot: one). */
  const applyBlob = (blob: Buffer) => {
    for (let at = 0; at < blob.length; ) {
      const { id, values, bytes } = unpackStates(blob.subarray(at));
      for (let i = 0; i < id.length; i++) state.write(id[i], values, i * STATE_FIELDS);
      at += bytes;
    }
  };

  /** Brings the state copy up to the log's last delta: the snapshot if the log was trimmed past us, then the deltas. */
  const sync = async () => {
    for (;;) {
      const [first, entries] = (await scripts.hotloopGeofenceReadBuffer(logKey, seen ?? '', 256)) as [Buffer, [Buffer, Buffer[]][]];
      const firstId = first.toString();
      if (seen === null || (firstId !== '' && compareStreamIds(firstId, seen) > 0)) {
        const [logId, blob] = (await redis.hmgetBuffer(snapshotKey, 'log', 'blob')) as (Buffer | null)[];
        state.clear();
        if (blob) applyBlob(blob);
        seen = logId ? logId.toString() : '';
        if (seen !== '' || firstId === '') continue;
        // No snapshot yet: the log is whole, read it from its start.
      }
      for (const [id, fields] of entries) {
        for (let i = 0; i + 1 < fields.length; i += 2) if (fields[i].toString() === 'delta') applyBlob(fields[i + 1]);
        seen = id.toString();
      }
      if (entries.length < 256) return;
    }
  };

  /** Evaluates one entry on the state copy; the delta holds the new states of the ids it changed. */
  const evaluate = (entry: HeldEntry): Evaluated => {
    const events: GeofenceEvent[] = [];
    const undo = state.markUndo();
    const p = entry.positions;
    if (p) for (let i = 0; i < p.time.length; i++) state.apply(p.id[i], p.time[i], p.lon[i], p.lat[i], entry.zones[i], events);
    const changed = state.changedSince(undo);
    return { entry, delta: changed.ids.length === 0 ? '' : packStates({ id: changed.ids as string[], values: changed.values }), events, undo };
  };

  /** Evaluates a prefix of `held` and commits it; the script's status. */
  const commit = async (): Promise<string> => {
    if (seen === null) await sync();
    const evaluated: Evaluated[] = [];
    let positions = 0;
    for (const entry of held) {
      const n = entry.positions?.time.length ?? 0;
      if (evaluated.length > 0 && positions + n > MAX_POSITIONS_PER_COMMIT) break;
      positions += n;
      evaluated.push(evaluate(entry));
    }
    const args: (string | number | Buffer)[] = [group, seen!, evaluated.length];
    for (const { entry, delta, events } of evaluated) {
      args.push(entry.id, delta, events.length);
      for (const e of events) args.push(e.type, String(e.id), e.zone, e.name, e.time, e.lat, e.lon, e.expired ? '1' : '');
    }
    const [status, applied, last] = (await scripts.hotloopGeofenceCommit(stream, logKey, out, ...args)) as [string, number, string];
    for (let i = 0; i < applied; i++) {
      const { entry, events, delta } = evaluated[i];
      stats.entries++;
      stats.positions += entry.positions?.time.length ?? 0;
      stats.events += events.length;
      if (!entry.positions) stats.unreadable++;
      if (delta !== '') deltasSinceSnapshot++;
    }
    if (applied < evaluated.length) state.undoTo(evaluated[applied].undo);
    state.endUndo();
    held.splice(0, applied);
    if (status === 'ok' || status === 'partial' || status === 'wait') seen = last;
    if (status === 'done') {
      held.shift();
      stats.committedElsewhere++;
    }
    if (status === 'stale' || status === 'done') {
      if (status === 'stale') stats.stale++;
      await sync();
    }
    if (status === 'wait') stats.waits++;
    if (deltasSinceSnapshot >= snapshotEvery && applied > 0) await snapshot();
    return status;
  };

  /** Stores the whole state as of the log's last delta and trims the log, if no one committed since. */
  const snapshot = async () => {
    deltasSinceSnapshot = 0;
    const ids = [...state.ids()].map(String);
    const values = new Float64Array(ids.length * STATE_FIELDS);
    ids.forEach((id, i) => state.read(id, values, i * STATE_FIELDS));
    if ((await scripts.hotloopGeofenceSnapshot(logKey, snapshotKey, seen!, packStates({ id: ids, values }))) === 1) stats.snapshots++;
  };

  let idleSince = Date.now();
  let backoff = 1;
  while (!opts.signal?.aborted) {
    if (held.length === 0) {
      const blockMs = exitWhenIdleMs === undefined ? 2000 : Math.max(10, Math.min(1000, exitWhenIdleMs));
      const read = (await redis.xreadgroupBuffer('GROUP', group, consumer, 'COUNT', count, 'BLOCK', blockMs, 'STREAMS', stream, '>')) as [Buffer, RawEntry[]][] | null;
      const got = read ? hold(read[0][1]) : 0;
      if (got === 0 && (await claim()) === 0) {
        if (exitWhenIdleMs !== undefined) {
          const pending = Number(((await redis.xpending(stream, group)) as unknown[])[0]);
          if (pending > 0) idleSince = Date.now();
          else if (Date.now() - idleSince >= exitWhenIdleMs) break;
        }
        continue;
      }
      idleSince = Date.now();
    }
    // While the commit runs on Redis, the next entries are already on their way (at most 2 reads ahead).
    const committing = commit();
    const prefetch = held.length < 2 * count ? redis.xreadgroupBuffer('GROUP', group, consumer, 'COUNT', count, 'STREAMS', stream, '>') : null;
    const status = await committing;
    if (prefetch) {
      const read = (await prefetch) as [Buffer, RawEntry[]][] | null;
      if (read) hold(read[0][1]);
    }
    if (status === 'wait') {
      await sleep(backoff);
      backoff = Math.min(backoff * 2, 50);
      await claim();
    } else backoff = 1;
  }

  // A clean exit leaves no consumer behind in the group, unless it still holds entries.
  const mine = (await redis.xpending(stream, group, '-', '+', 1, consumer)) as unknown[];
  if (mine.length === 0) await redis.xgroup('DELCONSUMER', stream, group, consumer);
  return stats;
}
