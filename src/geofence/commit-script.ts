/**
 * The Lua scripts of the Redis geofence (consumer.ts). The per-id states are a function of the
 * entries committed so far, in stream order: a consumer keeps them in memory, and Redis keeps only
 * what lets any consumer rebuild them, in one hash per group (the state key):
 *
 *   last, count, positions   the last committed entry's id, how many entries and positions so far
 *   commit                   the token of the last commit (unique per commit, chosen by its consumer)
 *   first                    the first committed entry's id (where a rebuild without snapshot starts)
 *   snap, snapAt, snapCount, snapPositions   a whole-state blob (wire.ts) as of entry snapAt
 *
 * A consumer whose copy is behind (`last` is not the entry it saw last) replays the input stream's
 * entries after the one it saw (or after snapAt, from the snapshot) up to `last`: the input stream is
 * the log. So a commit writes no state at all, only a watermark: that is what makes it cheap.
 *
 * COMMIT applies a consumer's evaluated entries atomically, strictly in stream order: only while its
 * copy is current (it saw `last`, committed by the commit whose token it names: a consumer that sends
 * a commit before the previous one's reply names that one, which makes the second one valid only
 * right after the first) and only entries that are the group's oldest pending ones, so every
 * id's positions meet the state machine in stream order, whichever consumer read them. It adds the
 * applied entries' events to the output stream, XACKs them and moves the watermark, in one step:
 * events are never written twice, and an acknowledged entry has its events written.
 *   KEYS: input stream, state hash, output stream
 *   ARGV: group, last entry id the consumer saw ('' for none), the token of the commit it saw ('' for
 *         none), this commit's token, entry count k, then per entry:
 *         id, positions, event count m, m x (type, id, zone, name, time, lat, lon, expired or '')
 *   reply: { status, entries applied, last, count, positions since the snapshot } with status 'ok'
 *         (all applied), 'partial' (a prefix: the next entry is not the oldest pending), 'stale' (the
 *         consumer's copy is behind), 'wait' (an older entry is pending elsewhere) or 'done' (the
 *         first entry is no longer pending: another consumer committed it).
 *
 * SNAPSHOT stores a whole-state blob as of entry ARGV[1], only if that is still the last committed one.
 *   KEYS: state hash; ARGV: entry id, blob; reply: 1 when stored, 0 otherwise
 */
export const COMMIT_SCRIPT = `
local group, seen, k = ARGV[1], ARGV[2], tonumber(ARGV[5])
local head = redis.call('HMGET', KEYS[2], 'last', 'count', 'positions', 'snapPositions', 'commit')
local last = head[1] or ''
if last ~= seen or (head[5] or '') ~= ARGV[3] then return { 'stale', 0, last, 0, 0 } end
local starts = {}
local p = 6
for e = 1, k do
  starts[e] = p
  p = p + 3 + 8 * tonumber(ARGV[p + 2])
end
local pending = redis.call('XPENDING', KEYS[1], group, '-', '+', k)
local matched = 0
while matched < k and matched < #pending and pending[matched + 1][1] == ARGV[starts[matched + 1]] do matched = matched + 1 end
if matched == 0 then
  local first = ARGV[6]
  if #redis.call('XPENDING', KEYS[1], group, first, first, 1) == 0 then return { 'done', 0, last, 0, 0 } end
  return { 'wait', 0, last, 0, 0 }
end
local positions = 0
local acks = {}
for e = 1, matched do
  local q = starts[e]
  positions = positions + tonumber(ARGV[q + 1])
  local m = tonumber(ARGV[q + 2])
  q = q + 3
  for j = 1, m do
    if ARGV[q + 7] == '' then
      redis.call('XADD', KEYS[3], '*', 'type', ARGV[q], 'id', ARGV[q + 1], 'zone', ARGV[q + 2], 'name', ARGV[q + 3], 'time', ARGV[q + 4], 'lat', ARGV[q + 5], 'lon', ARGV[q + 6])
    else
      redis.call('XADD', KEYS[3], '*', 'type', ARGV[q], 'id', ARGV[q + 1], 'zone', ARGV[q + 2], 'name', ARGV[q + 3], 'time', ARGV[q + 4], 'lat', ARGV[q + 5], 'lon', ARGV[q + 6], 'expired', ARGV[q + 7])
    end
    q = q + 8
  end
  acks[#acks + 1] = ARGV[starts[e]]
  if #acks == 1000 then
    redis.call('XACK', KEYS[1], group, unpack(acks))
    acks = {}
  end
end
if #acks > 0 then redis.call('XACK', KEYS[1], group, unpack(acks)) end
local now = ARGV[starts[matched]]
if last == '' then redis.call('HSET', KEYS[2], 'first', ARGV[6]) end
local count = tonumber(head[2] or '0') + matched
local total = tonumber(head[3] or '0') + positions
-- %.0f: Lua would write a large count as 1e+14
redis.call('HSET', KEYS[2], 'last', now, 'commit', ARGV[4], 'count', string.format('%.0f', count), 'positions', string.format('%.0f', total))
local status = 'ok'
if matched < k then status = 'partial' end
return { status, matched, now, count, total - tonumber(head[4] or '0') }
`;

export const SNAPSHOT_SCRIPT = `
local head = redis.call('HMGET', KEYS[1], 'last', 'count', 'positions')
if head[1] ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'snap', ARGV[2], 'snapAt', ARGV[1], 'snapCount', head[2], 'snapPositions', head[3])
return 1
`;
