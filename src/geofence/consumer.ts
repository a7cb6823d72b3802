/**
 * A geofence consumer in a Redis Streams consumer group: reads position entries (XREADGROUP), finds
 * their zones with the pip Engine's batch call, runs the geofence state machine on its in-memory
 * copy of the per-id states, and commits each entry with one Lua script (commit-script.ts): its
 * events on the output stream, its XACK and the group's watermark (the last committed entry),
 * atomically and in stream order, only while its copy is current. The states are a function of the
 * committed entries, so a commit writes no state: a consumer whose copy is behind replays the input
 * stream's entries it missed (after a snapshot stored every `snapshotEvery` positions, when it has
 * no copy yet) and evaluates again. Entries left pending by a dead consumer are claimed with
 * XAUTOCLAIM once idle for `claimIdleMs`. Any number of consumers, on any machines, give together
 * the events the in-process Geofence gives for the stream's entries in stream order. Reads ahead
 * run on a worker thread (read-ahead.ts) unless `readWorker` is false.
 */
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import type { Redis } from 'ioredis';
import { decimalText } from '../io/decimal.js';
import { invalidType } from '../errors.js';
import type { Engine } from '../pip/api.js';
import { defineOptions } from '../options.js';
import { checkNumber } from '../validate.js';
import { fenceRules } from './api.js';
import { COMMIT_SCRIPT, SNAPSHOT_SCRIPT } from './commit-script.js';
import type { FenceId, GeofenceEvent } from './events.js';
import { FenceState, STATE_FIELDS, type StateExport } from './state.js';
import { LengthPool } from './length-pool.js';
import { ReadAheadWorker } from './read-ahead.js';
import { type ReadEntry, fenceKey, packStates, readEntry, unpackStates } from './wire.js';

export interface ConsumerOptions {
  /** Input stream of positions. */
  stream: string;
  /** Consumer group; created at the start of the stream (id 0) when missing. */
  group: string;
  /** Output stream of events. */
  out: string;
  /** This consumer's name in the group; default `<hostname>-<pid>`. */
  consumer?: string;
  /** The hash holding the group's watermark and state snapshot (commit-script.ts); default `<stream>:<group>:state`. */
  stateKey?: string;
  /** Store a snapshot of the whole state once the group has committed this many positions after the last one; default 1,000,000. */
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
  /**
   * Read ahead on a worker thread with a connection of its own (to the client's host and port or
   * socket path, as its user, on its database, with its key prefix), so that receiving and
   * decoding entries runs beside the state machine; default true. Without it, or for a client the
   * worker cannot connect like (TLS, Sentinel, Cluster), the client reads.
   */
  readWorker?: boolean;
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
  /** Commit attempts that found the state copy behind the group's watermark. */
  stale: number;
  /** Commit attempts that found an older entry still pending elsewhere. */
  waits: number;
  /** Snapshots this consumer stored. */
  snapshots: number;
  /** Entries committed by others that this consumer replayed to bring its copy up to date. */
  replayed: number;
  /** Times a commit sent without waiting for the previous one's reply was refused, so the copy was rebuilt (from the snapshot and the stream). */
  rebuilds: number;
}

const OPTIONS = defineOptions<ConsumerOptions>()({
  stream: undefined, group: undefined, out: undefined, consumer: undefined, stateKey: undefined, snapshotEvery: undefined,
  dwell: undefined, gap: undefined, count: undefined, claimIdleMs: undefined, exitWhenIdleMs: undefined, threads: undefined,
  signal: undefined, log: undefined, readWorker: undefined,
});
const MAX_POSITIONS_PER_COMMIT = 65536;
/** Entries with at least this many positions are located alone, without copying their coordinates. */
const LOCATE_ALONE = 256;
const NO_ZONES = new Int32Array(0);

/** An entry read and located: its positions (ids as state keys), or null when unreadable, with their zones at zones[zoneAt ..] (shared by the small entries of one read). */
interface HeldEntry {
  id: string;
  positions: { id: ArrayLike<FenceId>; time: Float64Array; lon: Float64Array; lat: Float64Array } | null;
  /** Its positions when read (a column given back to the read-ahead worker's pool reads as empty). */
  count: number;
  /** The columns' memory when it is the read-ahead worker's, given back once the entry is committed. */
  buffer: ArrayBuffer | null;
  zones: Int32Array;
  zoneAt: number;
}

type RawEntry = [Buffer, Buffer[]];
type Script = (...args: (string | number | Buffer)[]) => Promise<unknown>;
// Registered once per client: ioredis sends EVALSHA and falls back to EVAL after a Redis restart.
const SCRIPTS = { hotloopGeofenceCommit: [COMMIT_SCRIPT, 3], hotloopGeofenceSnapshot: [SNAPSHOT_SCRIPT, 1] } as const;
type Scripts = Record<'hotloopGeofenceCommit' | 'hotloopGeofenceSnapshot', Script>;

/** Stream ids ("ms-seq", or "ms" for "ms-0") compared as numbers, digit by digit: no allocation (sorting held entries). */
export function compareStreamIds(a: string, b: string): number {
  if (a === b) return 0;
  const aDash = a.indexOf('-');
  const bDash = b.indexOf('-');
  const aMs = aDash < 0 ? a.length : aDash;
  const bMs = bDash < 0 ? b.length : bDash;
  if (aMs !== bMs) return aMs - bMs;
  for (let i = 0; i < aMs; i++) if (a.charCodeAt(i) !== b.charCodeAt(i)) return a.charCodeAt(i) - b.charCodeAt(i);
  // The sequence parts; a missing one is "0".
  const aSeq = aDash < 0 ? '0' : a;
  const bSeq = bDash < 0 ? '0' : b;
  const aFrom = aDash < 0 ? 0 : aDash + 1;
  const bFrom = bDash < 0 ? 0 : bDash + 1;
  const aLength = aSeq.length - aFrom;
  const bLength = bSeq.length - bFrom;
  if (aLength !== bLength) return aLength - bLength;
  for (let i = 0; i < aLength; i++) {
    const d = aSeq.charCodeAt(aFrom + i) - bSeq.charCodeAt(bFrom + i);
    if (d !== 0) return d;
  }
  return 0;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const noop = () => {};

function checkName(name: string, value: unknown): string {
  if (typeof value !== 'string' || value === '') throw invalidType(name, 'non-empty string', value);
  return value;
}

/** One entry evaluated on the state copy, with its events. */
interface Evaluated {
  entry: HeldEntry;
  events: GeofenceEvent[];
}

/** The commit script's reply: status, entries applied, the watermark, its entry count, positions since the snapshot. */
type CommitReply = [string, number, string, number, number];

/** A commit sent and not yet settled. */
interface Sent {
  evaluated: Evaluated[];
  /** The undo mark it was evaluated under (careful mode), or null (fast mode). */
  undo: number | null;
  /** The copy's watermark before it. */
  before: { seen: string; seenCount: number; seenToken: string };
  /** stats.replayed when it was sent: more after it means another consumer committed meanwhile. */
  replayed: number;
  /** Its place among this consumer's commits (0, 1, ...). */
  number: number;
  reply: Promise<CommitReply>;
}

/** Ids as state keys: numbers stay, strings that are decimal integers become numbers (wire.ts). */
function stateKeys(id: ArrayLike<string | number>): ArrayLike<FenceId> {
  if (id instanceof Float64Array) return id;
  const keys = new Array<FenceId>(id.length);
  for (let i = 0; i < id.length; i++) {
    const v = id[i];
    keys[i] = typeof v === 'string' ? fenceKey(v) : v;
  }
  return keys;
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
  const opts = OPTIONS.read('runGeofenceConsumer', options);
  const stream = checkName('stream', opts.stream);
  const group = checkName('group', opts.group);
  const out = checkName('out', opts.out);
  const consumer = opts.consumer === undefined ? `${os.hostname()}-${process.pid}` : checkName('consumer', opts.consumer);
  const stateKey = opts.stateKey === undefined ? `${stream}:${group}:state` : checkName('stateKey', opts.stateKey);
  const count = opts.count === undefined ? 128 : checkNumber('count', opts.count, { integer: true, min: 1, max: 100_000 });
  const claimIdleMs = opts.claimIdleMs === undefined ? 30_000 : checkNumber('claimIdleMs', opts.claimIdleMs, { integer: true, min: 0 });
  const exitWhenIdleMs = opts.exitWhenIdleMs === undefined ? undefined : checkNumber('exitWhenIdleMs', opts.exitWhenIdleMs, { min: 0 });
  const snapshotEvery = opts.snapshotEvery === undefined ? 1_000_000 : checkNumber('snapshotEvery', opts.snapshotEvery, { integer: true, min: 1 });
  if (opts.readWorker !== undefined && typeof opts.readWorker !== 'boolean') throw invalidType('readWorker', 'boolean', opts.readWorker);
  const rules = fenceRules(opts);
  const log = opts.log ?? (() => {});
  const state = new FenceState(engine.zoneNames, rules);
  const stats: ConsumerStats = { entries: 0, positions: 0, events: 0, unreadable: 0, claimed: 0, committedElsewhere: 0, stale: 0, waits: 0, snapshots: 0, replayed: 0, rebuilds: 0 };
  const held: HeldEntry[] = [];
  /** The last committed entry the state copy includes ('' for none) and how many entries that makes; null before the first sync. */
  let seen: string | null = null;
  let seenCount = 0;
  /** The token of the commit that made `seen` the watermark ('' for none): commit-script.ts. */
  let seenToken = '';

  for (const [name, [lua, numberOfKeys]] of Object.entries(SCRIPTS)) if (!(name in redis)) redis.defineCommand(name, { lua, numberOfKeys });
  const scripts = redis as unknown as Scripts;
  try {
    await redis.xgroup('CREATE', stream, group, '0', 'MKSTREAM');
  } catch (error) {
    if (!String((error as Error).message).includes('BUSYGROUP')) throw error;
  }

  /** Decodes the entries of a reply (deleted ones, with no fields, are left out). */
  const decode = (raw: RawEntry[]): ReadEntry[] => {
    const entries: ReadEntry[] = [];
    for (const [id, fields] of raw) {
      const entry = readEntry(id.toString(), fields);
      if (entry) entries.push(entry);
    }
    return entries;
  };

  // The zones of an entry located alone go back to a pool once the entry is committed, as its
  // buffer goes back to the read-ahead worker.
  const zonePool = new LengthPool<Int32Array>(128, (length) => new Int32Array(length), (zones) => zones.length);

  /** Finds every position's zone in one engine call, in the order given. */
  const locate = (read: ReadEntry[], say: boolean): HeldEntry[] => {
    const entries: HeldEntry[] = [];
    let total = 0; // positions in small entries
    for (const { id, positions: decoded, error, buffer } of read) {
      let positions: HeldEntry['positions'] = null;
      if (decoded) {
        positions = { ...decoded, id: stateKeys(decoded.id) };
        if (decoded.time.length < LOCATE_ALONE) total += decoded.time.length;
      } else if (say) log(`entry ${id} of ${stream} cannot be read (${error}): acknowledged without events`);
      entries.push({ id, positions, count: positions?.time.length ?? 0, buffer: buffer ?? null, zones: NO_ZONES, zoneAt: 0 });
    }
    // Entries of many positions are located where they lie; the small ones (one position per
    // entry) together in one engine call, copied into one batch.
    const small = entries.filter((entry) => entry.positions && entry.positions.time.length < LOCATE_ALONE);
    const lon = new Float64Array(total);
    const lat = new Float64Array(total);
    let at = 0;
    for (const { positions } of small) {
      lon.set(positions!.lon, at);
      lat.set(positions!.lat, at);
      at += positions!.lon.length;
    }
    const zones = engine.locateSync({ lon, lat }, { threads: opts.threads });
    at = 0;
    for (const entry of entries) {
      const p = entry.positions;
      if (!p) continue;
      if (p.time.length >= LOCATE_ALONE) entry.zones = engine.locateSync({ lon: p.lon, lat: p.lat }, { threads: opts.threads, out: zonePool.take(p.time.length) });
      else {
        entry.zones = zones;
        entry.zoneAt = at;
        at += p.time.length;
      }
    }
    return entries;
  };

  /** Adds entries read or claimed to `held`, in stream order; how many were new. */
  const hold = (read: ReadEntry[]) => {
    const known = new Set(held.map((entry) => entry.id));
    const fresh = locate(
      read.filter(({ id }) => !known.has(id)),
      true,
    );
    // Reads and claims return entries in stream order; sort only when claimed ones go before held ones.
    const inOrder = fresh.every((entry, i) => compareStreamIds(i === 0 ? (held.at(-1)?.id ?? '0-0') : fresh[i - 1].id, entry.id) < 0);
    held.push(...fresh);
    if (!inOrder) held.sort((a, b) => compareStreamIds(a.id, b.id));
    return fresh.length;
  };

  const claim = async () => {
    const reply = (await redis.callBuffer('XAUTOCLAIM', stream, group, consumer, claimIdleMs, '0-0', 'COUNT', count)) as [Buffer, RawEntry[], Buffer[]];
    const claimed = hold(decode(reply[1] ?? []));
    stats.claimed += claimed;
    return claimed;
  };

  /**
   * Applies the committed entries after `from` (exclusive; '' for the group's first) up to `last` to
   * the copy; false when the stream no longer holds them all (`expected` entries): it was trimmed.
   */
  const replay = async (from: string, first: string, last: string, expected: number): Promise<boolean> => {
    const discard: GeofenceEvent[] = [];
    let start = from === '' ? first : `(${from}`;
    let got = 0;
    let reached = from;
    while (reached !== last) {
      const raw = (await redis.xrangeBuffer(stream, start, last, 'COUNT', Math.max(16, count))) as RawEntry[];
      if (raw.length === 0) break;
      for (const entry of locate(decode(raw), false)) {
        apply(entry, discard);
        discard.length = 0;
      }
      got += raw.length;
      reached = raw[raw.length - 1][0].toString();
      start = `(${reached}`;
    }
    stats.replayed += got;
    return reached === last && got === expected;
  };

  /** Loads the snapshot (or nothing, when there is none) into a cleared copy; the entry it stands at. */
  const loadSnapshot = (blob: Buffer | null, at: Buffer | null, atCount: Buffer | null) => {
    state.clear();
    if (blob) {
      const { id, values } = unpackStates(blob);
      for (let i = 0; i < id.length; i++) state.write(fenceKey(id[i]), values, i * STATE_FIELDS);
    }
    seen = at ? at.toString() : '';
    seenCount = atCount ? Number(atCount.toString()) : 0;
  };

  /**
   * Brings the copy up to the group's watermark: replays the entries committed since the copy's,
   * or, without a copy (or when the stream was trimmed past it), from the snapshot.
   */
  const sync = async () => {
    for (let attempt = 0; ; attempt++) {
      const fresh = seen === null || attempt > 0;
      const fields = ['last', 'count', 'first', 'commit', ...(fresh ? ['snap', 'snapAt', 'snapCount'] : [])];
      const values = (await redis.hmgetBuffer(stateKey, ...fields)) as (Buffer | null)[];
      const [last, total, first, token] = values.slice(0, 4).map((value) => value?.toString() ?? '');
      seenToken = token;
      if (fresh) loadSnapshot(values[4], values[5], values[6]);
      if (last === seen) break;
      if (await replay(seen!, first, last, Number(total || '0') - seenCount)) {
        seen = last;
        seenCount = Number(total);
        break;
      }
      if (attempt > 0) {
        throw new Error(
          `cannot rebuild the geofence state of group ${group}: ${stream} no longer holds the entries committed after ${seen || 'its start'} (was it trimmed, by MAXLEN or XTRIM, past the state snapshot?)`,
        );
      }
    }
    // Entries held here that another consumer committed meanwhile are in the copy now.
    while (held.length > 0 && compareStreamIds(held[0].id, seen!) <= 0) {
      held.shift();
      stats.committedElsewhere++;
    }
  };

  /** Applies one entry's positions to the state copy, pushing their events to `events`. */
  const apply = (entry: HeldEntry, events: GeofenceEvent[]) => {
    const p = entry.positions;
    // A bug that gave an entry's buffer back to the worker before its last use would read empty columns: loud, not silent.
    if (p && p.time.length !== entry.count) throw new Error(`internal error: entry ${entry.id} was released while still in use`);
    if (!p) return;
    state.applyAll(p.id, p.time, p.lon, p.lat, entry.zones, entry.zoneAt, 0, p.time.length, events);
  };

  /**
   * Two ways to commit. Careful: one commit at a time, evaluated under an undo mark, so a refused
   * one is undone and evaluated again after a sync. Fast (while no other consumer has committed
   * for a while: the usual case with one consumer per stream or partition): no undo mark, and the
   * next commit is evaluated and sent while the previous one is on Redis, naming it by its token
   * (commit-script.ts), so it is accepted only right after it. A refusal in fast mode drops the
   * copy (it holds refused entries) and rebuilds it from the snapshot and the input stream, then
   * commits carefully until `calmNeeded` commits in a row found no one else committing (4 at the
   * start, 4 times more after each refusal in fast mode, so consumers sharing a group rarely pay
   * for a rebuild).
   */
  let fast = false;
  let calm = 0;
  let calmNeeded = 4;
  let commits = 0;
  const runToken = randomBytes(6).toString('base64url');
  const inflight: Sent[] = [];
  let snapshotDue = false;
  /** The snapshot sent last, until its reply; what it failed with (thrown by the loop). */
  let snapshotting: Promise<void> | null = null;
  /** The number of the last commit sent before the last snapshot: their replies do not call for another. */
  let snapshotAfter = -1;
  let snapshotFailed: unknown = null;

  /** Evaluates a prefix of `held` on the copy and sends its commit (not awaited); null when nothing is left to commit. */
  const send = async (): Promise<Sent | null> => {
    if (seen === null) await sync();
    if (held.length === 0) return null;
    const evaluated: Evaluated[] = [];
    let positions = 0;
    // Careful: one undo mark for the whole commit (a refused one is undone whole and its applied
    // prefix evaluated again, which costs less than a mark per entry).
    const undo = fast ? null : state.markUndo();
    for (const entry of held) {
      const n = entry.positions?.time.length ?? 0;
      if (evaluated.length > 0 && positions + n > MAX_POSITIONS_PER_COMMIT) break;
      positions += n;
      const events: GeofenceEvent[] = [];
      apply(entry, events);
      evaluated.push({ entry, events });
    }
    held.splice(0, evaluated.length);
    const number = commits++;
    const token = `${runToken}.${number.toString(36)}`;
    const args: (string | number | Buffer)[] = [group, seen!, seenToken, token, evaluated.length];
    for (const { entry, events } of evaluated) {
      args.push(entry.id, entry.positions?.time.length ?? 0, events.length);
      for (const e of events) args.push(e.type, String(e.id), e.zone, e.name, decimalText(e.time), decimalText(e.lat), decimalText(e.lon), e.expired ? '1' : '');
    }
    const sent: Sent = { evaluated, undo, before: { seen: seen!, seenCount, seenToken }, replayed: stats.replayed, number, reply: scripts.hotloopGeofenceCommit(stream, stateKey, out, ...args) as Promise<CommitReply> };
    // Settled in order below; a rejection (the connection lost for good) is thrown there.
    sent.reply.catch(() => {});
    // The copy now stands where this commit, once applied, leaves the group.
    seen = evaluated[evaluated.length - 1].entry.id;
    seenCount += evaluated.length;
    seenToken = token;
    return sent;
  };

  /** Buffers of committed entries, given back to the read-ahead worker at the top of the next turn of the loop (once the settle that committed them, which may apply them again after an undo, is over). */
  let finished: ArrayBuffer[] = [];
  /** Zone arrays of committed entries, given back to the pool at the same time. */
  let finishedZones: Int32Array[] = [];

  /** Counts a settled commit's applied entries and its refusal. */
  const tally = (sent: Sent, status: string, applied: number) => {
    for (let i = 0; i < applied; i++) {
      const { entry, events } = sent.evaluated[i];
      if (entry.buffer) finished.push(entry.buffer);
      if (entry.count >= LOCATE_ALONE) finishedZones.push(entry.zones);
      stats.entries++;
      stats.positions += entry.positions?.time.length ?? 0;
      stats.events += events.length;
      if (!entry.positions) stats.unreadable++;
    }
    if (status === 'stale') stats.stale++;
    if (status === 'wait') stats.waits++;
  };

  /** Waits for the oldest commit in flight and acts on its reply; the script's status. */
  const settle = async (): Promise<string> => {
    const sent = inflight.shift()!;
    const { evaluated, undo, before } = sent;
    const [status, applied, last, total, sinceSnapshot] = await sent.reply;
    tally(sent, status, applied);
    if (status === 'ok') {
      if (sinceSnapshot >= snapshotEvery && sent.number > snapshotAfter) snapshotDue = true;
      if (undo !== null) {
        state.endUndo();
        calm = stats.replayed === sent.replayed ? calm + 1 : 0;
        if (calm >= calmNeeded) fast = true;
      }
      return status;
    }
    // Refused, whole or after a prefix: the rest goes back to `held`, in stream order.
    const refused = evaluated.slice(applied).map(({ entry }) => entry);
    if (undo === null) {
      // Fast: every later commit in flight named this one, so it is refused too (unless this one
      // was in fact applied and its reply lost: ioredis sends a command again after a reconnect,
      // and the second run finds it done). Either way the copy is dropped and rebuilt from what
      // the group committed; entries committed meanwhile are dropped from `held` by the sync.
      while (inflight.length > 0) {
        const later = inflight.shift()!;
        const [laterStatus, laterApplied] = await later.reply;
        tally(later, laterStatus, laterApplied);
        refused.push(...later.evaluated.slice(laterApplied).map(({ entry }) => entry));
      }
      held.unshift(...refused);
      held.sort((a, b) => compareStreamIds(a.id, b.id));
      seen = null;
      snapshotDue = false;
      fast = false;
      stats.rebuilds++;
      calm = 0;
      calmNeeded = Math.min(calmNeeded * 4, 1024);
      return status;
    }
    held.unshift(...refused);
    calm = 0;
    state.undoTo(undo);
    state.endUndo();
    const discard: GeofenceEvent[] = [];
    for (let i = 0; i < applied; i++) apply(evaluated[i].entry, discard);
    if (status === 'partial') {
      seen = last;
      seenCount = total;
      if (sinceSnapshot >= snapshotEvery && sent.number > snapshotAfter) snapshotDue = true;
      return status;
    }
    ({ seen, seenCount, seenToken } = before);
    if (status === 'stale' || status === 'done') {
      const first = held[0];
      await sync();
      // Not pending, yet not committed (deleted from the stream, or the group was moved): nothing to do with it.
      if (status === 'done' && held[0] === first) {
        held.shift();
        stats.committedElsewhere++;
      }
    }
    return status;
  };

  const snapshotStates: StateExport = { id: [], values: new Float64Array(0) };
  let snapshotBlob = Buffer.alloc(0);
  /** Stores the whole state as of the watermark, if no one committed since the copy's. */
  const snapshot = async () => {
    // The memory of the last snapshot is reused (its reply has come: ioredis is done with it):
    // fresh megabytes would cost a page fault per 4 KiB each time.
    const blob = packStates(state.exportStates(snapshotStates), snapshotBlob);
    if (blob.buffer !== snapshotBlob.buffer) snapshotBlob = Buffer.allocUnsafe(Math.ceil(blob.length * 1.25));
    if ((await scripts.hotloopGeofenceSnapshot(stateKey, seen!, blob)) === 1) stats.snapshots++;
  };

  // The next read is sent before the held entries are evaluated: Redis prepares it, and the
  // kernel carries it, while this process works; with the worker, it is also received and decoded
  // on another thread (read-ahead.ts).
  let reading: Promise<void> | null = null;
  let arrived: ReadEntry[] | null = null;
  let readFailed: unknown = null;
  /** A read-ahead found nothing new: the next one waits for a commit to settle. */
  let dry = false;
  /** The next entries for this consumer: XREADGROUP ... '>', waiting up to `blockMs` for one when given. */
  const readNext = (blockMs?: number): Promise<ReadEntry[]> => {
    if (reader && (blockMs === undefined || reader.ready)) return reader.read(stream, group, consumer, count, blockMs);
    const reply =
      blockMs === undefined
        ? redis.xreadgroupBuffer('GROUP', group, consumer, 'COUNT', count, 'STREAMS', stream, '>')
        : redis.xreadgroupBuffer('GROUP', group, consumer, 'COUNT', count, 'BLOCK', blockMs, 'STREAMS', stream, '>');
    return (reply as Promise<[Buffer, RawEntry[]][] | null>).then((read) => (read ? decode(read[0][1]) : []));
  };
  const readAhead = () => {
    reading = readNext().then(
      (entries) => {
        arrived = entries;
        dry = entries.length === 0;
      },
      (error: unknown) => {
        readFailed = error;
      },
    );
  };
  /** Holds what a read-ahead brought, once it is back. */
  const collect = () => {
    if (readFailed !== null) throw readFailed;
    if (arrived === null) return;
    hold(arrived);
    arrived = null;
    reading = null;
  };

  const reader = opts.readWorker === false ? null : ReadAheadWorker.start(redis);
  try {
    let idleSince = Date.now();
    let backoff = 1;
    while (!opts.signal?.aborted) {
      if (finished.length > 0) {
        reader?.recycle(finished);
        finished = [];
      }
      for (const zones of finishedZones) zonePool.give(zones);
      finishedZones = [];
      collect();
      if (snapshotFailed !== null) throw snapshotFailed;
      if (snapshotDue && snapshotting === null) {
        snapshotDue = false;
        // Not awaited, and sent after the commits in flight on the same connection: Redis runs it
        // after them and stores it only if they all went through (the group's watermark is then
        // the copy's), while this thread goes on evaluating. The replies to those commits still
        // count the positions since the last snapshot: they do not call for another.
        if (seen !== null) {
          snapshotAfter = commits - 1;
          snapshotting = snapshot().then(() => void (snapshotting = null), (error: unknown) => void (snapshotFailed = error));
        }
      }
      if (held.length === 0 && inflight.length === 0) {
        if (reading) {
          await reading;
          continue;
        }
        const blockMs = exitWhenIdleMs === undefined ? 2000 : Math.max(10, Math.min(1000, exitWhenIdleMs));
        // Idle: a blocking read, on the worker once it has started, so that the first entries of
        // a backlog arriving are received and decoded there too, into its pool.
        const got = hold(await readNext(blockMs));
        if (got === 0 && (await claim()) === 0) {
          if (exitWhenIdleMs !== undefined) {
            const pending = Number(((await redis.xpending(stream, group)) as unknown[])[0]);
            if (pending > 0) idleSince = Date.now();
            else if (Date.now() - idleSince >= exitWhenIdleMs) break;
          }
          continue;
        }
        idleSince = Date.now();
        dry = false;
      }
      // At most 2 reads' worth held or in flight: a consumer that holds more keeps the others waiting
      // for its older entries (consumers sharing a group commit in stream order). Committing fast
      // (no one else committed for a while), the entries of commits in flight do not count: the
      // next read then goes out as soon as a commit is sent, instead of after its reply, and
      // arrives before the evaluation needs it.
      const unsettled = fast ? 0 : inflight.reduce((sum, sent) => sum + sent.evaluated.length, 0);
      if (!reading && !dry && held.length + unsettled < 2 * count) readAhead();
      if (held.length > 0 && inflight.length < (fast ? 2 : 1)) {
        const sent = await send();
        if (sent) inflight.push(sent);
        continue;
      }
      if (fast && inflight.length < 2 && held.length === 0 && reading) {
        // Entries to evaluate next may come before the reply to the commit in flight (they were
        // asked for first): whichever comes first.
        await Promise.race([reading, inflight[0].reply.then(noop, noop)]);
        if (arrived !== null || readFailed !== null) continue;
      }
      if (inflight.length > 0) {
        const status = await settle();
        dry = false;
        if (status === 'wait') {
          await sleep(backoff);
          backoff = Math.min(backoff * 2, 50);
          await claim();
        } else backoff = 1;
        continue;
      }
      if (reading) await reading;
    }
    // Stopped: the commits in flight are settled (held entries stay pending for the others).
    while (inflight.length > 0) await settle();
    if (reading) await reading;

    // A consumer that leaves stores its copy, so the next one to start replays little.
    await snapshotting;
    if (snapshotFailed !== null) throw snapshotFailed;
    if (seen !== null && seen !== '' && stats.entries > 0) await snapshot();
    // A clean exit leaves no consumer behind in the group, unless it still holds entries.
    const mine = (await redis.xpending(stream, group, '-', '+', 1, consumer)) as unknown[];
    if (mine.length === 0) await redis.xgroup('DELCONSUMER', stream, group, consumer);
    return stats;
  } finally {
    await reader?.close();
  }
}
