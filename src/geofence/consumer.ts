/**
 * A geofence consumer in a Redis Streams consumer group: reads position entries (XREADGROUP),
 * finds their zones with the pip Engine's batch call, runs the geofence state machine on a local
 * cache of the per-id states, and commits each entry with one Lua script (commit-script.ts): the
 * states it changed (checked against the stored times), its events on the output stream, and its
 * XACK, atomically and in stream order. Entries left pending by a dead consumer are claimed with
 * XAUTOCLAIM once idle for `claimIdleMs`. Any number of consumers, on any machines, give together
 * the events the in-process Geofence gives for the stream's entries in stream order.
 */
import os from 'node:os';
import type { Redis } from 'ioredis';
import { invalidType } from '../errors.js';
import type { Engine } from '../pip/api.js';
import { checkNumber, checkOptions } from '../validate.js';
import { fenceRules } from './api.js';
import { COMMIT_SCRIPT } from './commit-script.js';
import type { GeofenceEvent } from './events.js';
import { FenceState } from './state.js';
import { type WirePositions, decodeEntry } from './wire.js';

export interface ConsumerOptions {
  /** Input stream of positions. */
  stream: string;
  /** Consumer group; created at the start of the stream (id 0) when missing. */
  group: string;
  /** Output stream of events. */
  out: string;
  /** This consumer's name in the group; default `<hostname>-<pid>`. */
  consumer?: string;
  /** Hash holding the per-id states; default `<stream>:<group>:state`. */
  stateKey?: string;
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
  /** Commit attempts that found a stale cached state, or an older entry still pending. */
  stale: number;
  waits: number;
}

const OPTION_KEYS = ['stream', 'group', 'out', 'consumer', 'stateKey', 'dwell', 'gap', 'count', 'claimIdleMs', 'exitWhenIdleMs', 'threads', 'signal', 'log'] as const;
const MAX_POSITIONS_PER_COMMIT = 8192;

interface HeldEntry {
  id: string;
  positions: WirePositions | null;
  zones: Int32Array;
}

type RawEntry = [Buffer, Buffer[]];
type CommitCommand = (...args: (string | number)[]) => Promise<unknown>;
// Registered once per client: ioredis sends EVALSHA and falls back to EVAL after a Redis restart.
const COMMIT_COMMAND = 'hotloopGeofenceCommit';

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
  const stateKey = opts.stateKey === undefined ? `${stream}:${group}:state` : checkName('stateKey', opts.stateKey);
  const count = opts.count === undefined ? 128 : checkNumber('count', opts.count, { integer: true, min: 1, max: 100_000 });
  const claimIdleMs = opts.claimIdleMs === undefined ? 30_000 : checkNumber('claimIdleMs', opts.claimIdleMs, { integer: true, min: 0 });
  const exitWhenIdleMs = opts.exitWhenIdleMs === undefined ? undefined : checkNumber('exitWhenIdleMs', opts.exitWhenIdleMs, { min: 0 });
  const rules = fenceRules(opts);
  const log = opts.log ?? (() => {});
  const state = new FenceState(engine.zoneNames, rules);
  const stats: ConsumerStats = { entries: 0, positions: 0, events: 0, unreadable: 0, claimed: 0, committedElsewhere: 0, stale: 0, waits: 0 };
  const held: HeldEntry[] = [];

  if (!(COMMIT_COMMAND in redis)) redis.defineCommand(COMMIT_COMMAND, { numberOfKeys: 3, lua: COMMIT_SCRIPT });
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

  /** Evaluates a prefix of `held` on the cache and commits it; the script's status. */
  const commit = async (): Promise<string> => {
    const args: (string | number)[] = [group, 0];
    const batch: HeldEntry[] = [];
    let positions = 0;
    const evaluated: { events: number; positions: number }[] = [];
    for (const entry of held) {
      const n = entry.positions?.time.length ?? 0;
      if (batch.length > 0 && positions + n > MAX_POSITIONS_PER_COMMIT) break;
      batch.push(entry);
      positions += n;
      const events: GeofenceEvent[] = [];
      const previous = new Map<string, string>();
      const p = entry.positions;
      if (p) {
        for (let i = 0; i < p.time.length; i++) {
          const id = p.id[i];
          const before = previous.has(id) ? undefined : state.current(id);
          if (state.apply(id, p.time[i], p.lon[i], p.lat[i], entry.zones[i], events) >= 0 && !previous.has(id)) {
            previous.set(id, before ? String(before.time) : '');
          }
        }
      }
      args.push(entry.id, previous.size, events.length);
      for (const [id, time] of previous) args.push(id, time, state.encode(id)!);
      for (const e of events) args.push(e.type, String(e.id), e.zone, e.name, e.time, e.lat, e.lon, e.expired ? '1' : '');
      evaluated.push({ events: events.length, positions: n });
    }
    args[1] = batch.length;
    const reply = (await (redis as Redis & Record<typeof COMMIT_COMMAND, CommitCommand>)[COMMIT_COMMAND](stream, stateKey, out, ...args)) as [string, number, ...string[]];
    const [status, applied] = reply;
    for (let i = 0; i < applied; i++) {
      stats.entries++;
      stats.positions += evaluated[i].positions;
      stats.events += evaluated[i].events;
      if (!batch[i].positions) stats.unreadable++;
    }
    // The cache holds the effects of entries not applied: put back the stored states of their ids.
    for (let i = 2; i + 1 < reply.length; i += 2) {
      const stored = String(reply[i + 1]);
      state.decode(String(reply[i]), stored === '' ? undefined : stored);
    }
    held.splice(0, applied);
    if (status === 'done') {
      held.shift();
      stats.committedElsewhere++;
    } else if (status === 'stale') stats.stale++;
    else if (status === 'wait') stats.waits++;
    return status;
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
    const status = await commit();
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
