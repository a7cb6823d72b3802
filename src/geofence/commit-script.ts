/**
 * The Lua script that commits decoded, zoned and evaluated stream entries to Redis atomically.
 *
 * Entries commit strictly in stream order: an entry is applied only while it is the group's oldest
 * pending entry, so every id's positions meet the state machine in stream order, whichever consumer
 * read them, and a dead consumer's entry holds the others back until it is claimed. Per entry and
 * per id the script compares the time of the stored state with the time the consumer started from
 * (its cached copy): a mismatch means the cache is stale. Then it writes the new states, adds the
 * events to the output stream, and XACKs the entry, all in one atomic step: events are never
 * written twice, and an entry acknowledged has its events written.
 *
 * KEYS: input stream, state hash, output stream.
 * ARGV: group, entry count, then per entry: id, states n, events m, n x (field, previous time or '',
 * state), m x (type, id, zone, name, time, lat, lon, expired or '').
 * Reply: { status, applied, field, state, field, state... } where status is 'ok' (all applied),
 * 'stale' (a state differs from the cache), 'wait' (an older entry is pending) or 'done' (the entry
 * is no longer pending: another consumer committed it); the field/state pairs are the stored states
 * ('' when none) of every id of the entries not applied, to refresh the cache.
 */
export const COMMIT_SCRIPT = `
local group = ARGV[1]
local count = tonumber(ARGV[2])

local function hmget(fields)
  local out = {}
  for i = 1, #fields, 1000 do
    local part = redis.call('HMGET', KEYS[2], unpack(fields, i, math.min(i + 999, #fields)))
    for j = 1, #part do out[#out + 1] = part[j] or '' end
  end
  return out
end

local function stop(status, applied, from)
  local fields = {}
  local p = from
  while p <= #ARGV do
    local n, m = tonumber(ARGV[p + 1]), tonumber(ARGV[p + 2])
    for i = 0, n - 1 do fields[#fields + 1] = ARGV[p + 3 + 3 * i] end
    p = p + 3 + 3 * n + 8 * m
  end
  local states = hmget(fields)
  local reply = { status, applied }
  for i = 1, #fields do
    reply[#reply + 1] = fields[i]
    reply[#reply + 1] = states[i]
  end
  return reply
end

local p = 3
for e = 1, count do
  local id = ARGV[p]
  local n, m = tonumber(ARGV[p + 1]), tonumber(ARGV[p + 2])
  local oldest = redis.call('XPENDING', KEYS[1], group)[2]
  if oldest ~= id then
    if #redis.call('XPENDING', KEYS[1], group, id, id, 1) == 0 then return stop('done', e - 1, p) end
    return stop('wait', e - 1, p)
  end
  local base = p + 3
  if n > 0 then
    local fields = {}
    for i = 0, n - 1 do fields[#fields + 1] = ARGV[base + 3 * i] end
    local stored = hmget(fields)
    for i = 1, n do
      local t = string.match(stored[i], '^[^,]*')
      if t ~= ARGV[base + 3 * (i - 1) + 1] then return stop('stale', e - 1, p) end
    end
    local kv = {}
    for i = 0, n - 1 do
      kv[#kv + 1] = ARGV[base + 3 * i]
      kv[#kv + 1] = ARGV[base + 3 * i + 2]
    end
    for i = 1, #kv, 1000 do redis.call('HSET', KEYS[2], unpack(kv, i, math.min(i + 999, #kv))) end
  end
  local q = base + 3 * n
  for k = 1, m do
    if ARGV[q + 7] == '' then
      redis.call('XADD', KEYS[3], '*', 'type', ARGV[q], 'id', ARGV[q + 1], 'zone', ARGV[q + 2], 'name', ARGV[q + 3], 'time', ARGV[q + 4], 'lat', ARGV[q + 5], 'lon', ARGV[q + 6])
    else
      redis.call('XADD', KEYS[3], '*', 'type', ARGV[q], 'id', ARGV[q + 1], 'zone', ARGV[q + 2], 'name', ARGV[q + 3], 'time', ARGV[q + 4], 'lat', ARGV[q + 5], 'lon', ARGV[q + 6], 'expired', ARGV[q + 7])
    end
    q = q + 8
  end
  redis.call('XACK', KEYS[1], group, id)
  p = q
end
return stop('ok', count, p)
`;
