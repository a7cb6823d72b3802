/**
 * The Lua scripts of the Redis geofence (consumer.ts). The per-id states live on Redis as a log of
 * per-entry deltas (a stream of binary blobs, wire.ts) and a snapshot that the log is trimmed to;
 * a consumer keeps them in memory and knows how far along the log its copy is.
 *
 * COMMIT applies a consumer's evaluated entries atomically, strictly in stream order: only while its
 * copy of the states is current (it has seen the log's last delta) and only entries that are the
 * group's oldest pending ones, so every id's positions meet the state machine in stream order,
 * whichever consumer read them. It appends the applied entries' deltas to the log (one log entry
 * holding their blobs back to back), adds their events to the output stream and XACKs them, in one
 * step: events are never written twice, and an acknowledged entry has its events written.
 *   KEYS: input stream, state log, output stream
 *   ARGV: group, last log id the consumer has seen ('' for none), entry count k, then per entry:
 *         id, delta blob ('' when no state changed), event count m, m x (type, id, zone, name, time,
 *         lat, lon, expired or '')
 *   reply: { status, entries applied, last log id } with status 'ok' (all applied), 'partial' (a
 *         prefix: the next entry is not the oldest pending), 'stale' (the consumer's copy is behind the
 *         log), 'wait' (an older entry is pending elsewhere) or 'done' (the first entry is no longer
 *         pending: another consumer committed it).
 *
 * READ returns the log's first id and up to ARGV[2] entries after ARGV[1], in one atomic step, so a
 * consumer can tell whether the log was trimmed past what it has seen (then it reloads the snapshot).
 *   KEYS: state log; ARGV: after ('' for the start), count; reply: { first id or '', entries }
 *
 * SNAPSHOT stores a whole-state blob as of log id ARGV[1] and trims the log before it, only if no
 * delta was added after that id.
 *   KEYS: state log, snapshot hash; ARGV: log id, blob; reply: 1 when stored, 0 otherwise
 */
export const COMMIT_SCRIPT = `
local group, seen, k = ARGV[1], ARGV[2], tonumber(ARGV[3])
local tip = redis.call('XREVRANGE', KEYS[2], '+', '-', 'COUNT', 1)
local last = ''
if #tip > 0 then last = tip[1][1] end
if last ~= seen then return { 'stale', 0, last } end
local starts = {}
local p = 4
for e = 1, k do
  starts[e] = p
  p = p + 3 + 8 * tonumber(ARGV[p + 2])
end
local pending = redis.call('XPENDING', KEYS[1], group, '-', '+', k)
local matched = 0
while matched < k and matched < #pending and pending[matched + 1][1] == ARGV[starts[matched + 1]] do matched = matched + 1 end
if matched == 0 then
  local first = ARGV[4]
  if #redis.call('XPENDING', KEYS[1], group, first, first, 1) == 0 then return { 'done', 0, last } end
  return { 'wait', 0, last }
end
local deltas = {}
for e = 1, matched do
  local q = starts[e]
  if ARGV[q + 1] ~= '' then deltas[#deltas + 1] = ARGV[q + 1] end
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
  redis.call('XACK', KEYS[1], group, ARGV[starts[e]])
end
if #deltas > 0 then last = redis.call('XADD', KEYS[2], '*', 'delta', table.concat(deltas)) end
local status = 'ok'
if matched < k then status = 'partial' end
return { status, matched, last }
`;

export const READ_SCRIPT = `
local head = redis.call('XRANGE', KEYS[1], '-', '+', 'COUNT', 1)
local first = ''
if #head > 0 then first = head[1][1] end
local from = '-'
if ARGV[1] ~= '' then from = '(' .. ARGV[1] end
return { first, redis.call('XRANGE', KEYS[1], from, '+', 'COUNT', tonumber(ARGV[2])) }
`;

export const SNAPSHOT_SCRIPT = `
local tip = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)
if #tip == 0 or tip[1][1] ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[2], 'log', ARGV[1], 'blob', ARGV[2])
redis.call('XTRIM', KEYS[1], 'MINID', ARGV[1])
return 1
`;
