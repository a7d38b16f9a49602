/**
 * The Lua scripts of the Redis metering store: one script, one round trip, per operation.
 *
 * Layout (every key starts with the store's prefix):
 *   c:<counter>     hash  u = used, r = reserved, l = loaded from durable state (PEXPIRE = ttlMs)
 *   r:<id>          hash  n = lines, e = expiresAt, m = caller's metadata, and per line i: k<i> counter key, a<i> estimate,
 *                         l<i> limit ('' = none), t<i> kind, x<i> counter expiry in ms ('' = none)
 *   expiries        zset  reservation id scored by expiresAt, for the reaper
 * Numbers stay below 2^53 and are written from ARGV strings or Lua integers (printed as %.17g,
 * exact for integers), never through cjson (14 significant digits).
 */

const COMMON = `
if redis.replicate_commands then redis.replicate_commands() end
local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local function counter_state(key)
  local v = redis.call('HMGET', key, 'u', 'r')
  return tonumber(v[1]) or 0, tonumber(v[2]) or 0
end
local function read_reservation(rkey)
  local flat = redis.call('HGETALL', rkey)
  if #flat == 0 then return nil end
  local h = {}
  for i = 1, #flat, 2 do h[flat[i]] = flat[i + 1] end
  return h
end
`;

/**
 * KEYS: reservation, expiries, then one counter per line. ARGV: id, expiresAt, then per line
 * amount, limit|'', kind, ttlMs|'', then the caller's metadata|'' (kept as field m). Reply: {0, used1, reserved1, …} granted; {i, used, reserved}
 * refused at line i (1-based); {-2} the id exists with other lines.
 */
export const RESERVE = `${COMMON}
local n = #KEYS - 2
local function granted()
  local out = {0}
  for i = 1, n do
    local u, r = counter_state(KEYS[2 + i])
    out[#out + 1] = u
    out[#out + 1] = r
  end
  return out
end
local held = read_reservation(KEYS[1])
if held then
  if tonumber(held.n) ~= n then return {-2} end
  for i = 1, n do
    local b = 2 + (i - 1) * 4
    if held['k' .. i] ~= KEYS[2 + i] or held['a' .. i] ~= ARGV[b + 1] or held['l' .. i] ~= ARGV[b + 2]
      or held['t' .. i] ~= ARGV[b + 3] then
      return {-2}
    end
  end
  return granted()
end
for i = 1, n do
  local b = 2 + (i - 1) * 4
  if ARGV[b + 2] ~= '' then
    local u, r = counter_state(KEYS[2 + i])
    if u + r + tonumber(ARGV[b + 1]) > tonumber(ARGV[b + 2]) then return {i, u, r} end
  end
end
local now = nil
local fields = {'n', n, 'e', ARGV[2]}
for i = 1, n do
  local key, b, x = KEYS[2 + i], 2 + (i - 1) * 4, ''
  redis.call('HINCRBY', key, 'r', ARGV[b + 1])
  if ARGV[b + 4] ~= '' then
    now = now or now_ms()
    redis.call('PEXPIRE', key, ARGV[b + 4])
    x = now + tonumber(ARGV[b + 4])
  end
  local j = #fields
  fields[j + 1], fields[j + 2] = 'k' .. i, key
  fields[j + 3], fields[j + 4] = 'a' .. i, ARGV[b + 1]
  fields[j + 5], fields[j + 6] = 'l' .. i, ARGV[b + 2]
  fields[j + 7], fields[j + 8] = 't' .. i, ARGV[b + 3]
  fields[j + 9], fields[j + 10] = 'x' .. i, x
end
local meta = ARGV[3 + n * 4]
if meta and meta ~= '' then
  fields[#fields + 1], fields[#fields + 2] = 'm', meta
end
redis.call('HSET', KEYS[1], unpack(fields))
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[1])
return granted()
`;

/**
 * settle_one(rkey, zkey, id, actuals|nil): charge each line (actual, or the estimate when nil;
 * credits capped at the balance others do not hold), delete the reservation. Returns nil when
 * gone, false when the amounts do not match the lines, else {key, kind, estimate, amount, charged}
 * per line. A counter that expired is left dead (its window is over) and charged 0.
 */
const SETTLE_ONE = `
local function settle_one(rkey, zkey, id, actuals)
  local h = read_reservation(rkey)
  if not h then
    redis.call('ZREM', zkey, id)
    return nil
  end
  local n = tonumber(h.n)
  if actuals and #actuals ~= n then return false end
  local now = nil
  local out = {}
  for i = 1, n do
    local key, est, limit, kind, x = h['k' .. i], tonumber(h['a' .. i]), h['l' .. i], h['t' .. i], h['x' .. i]
    local amount = est
    if actuals then amount = tonumber(actuals[i]) end
    local charged = 0
    local alive = redis.call('EXISTS', key) == 1
    if not alive and x ~= '' then now = now or now_ms() end
    if alive or x == '' or tonumber(x) > now then
      local u, r = counter_state(key)
      local others = math.max(0, r - est)
      charged = amount
      if kind == 'credits' and limit ~= '' then
        charged = math.min(amount, math.max(0, tonumber(limit) - u - others))
      end
      redis.call('HSET', key, 'u', u + charged, 'r', others)
      if not alive and x ~= '' then redis.call('PEXPIREAT', key, x) end
    end
    local j = #out
    out[j + 1], out[j + 2], out[j + 3], out[j + 4], out[j + 5] = key, kind, est, amount, charged
  end
  redis.call('DEL', rkey)
  redis.call('ZREM', zkey, id)
  return out
end
`;

/**
 * KEYS: reservation, expiries. ARGV: id, detail ('1': reply with the settled lines, '0': only the
 * status — the gateway's own settles, which need no lines; ~30 fewer values to send and parse per
 * request), actual amounts. Reply: {0} gone, {-1} wrong count, {1, lines…} or {1}.
 */
export const SETTLE = `${COMMON}${SETTLE_ONE}
local actuals = {}
for i = 3, #ARGV do actuals[i - 2] = ARGV[i] end
local out = settle_one(KEYS[1], KEYS[2], ARGV[1], actuals)
if out == nil then return {0} end
if out == false then return {-1} end
if ARGV[2] ~= '1' then return {1} end
table.insert(out, 1, 1)
return out
`;

/** KEYS: reservation, expiries. ARGV: id. Reply: 1 released, 0 gone. */
export const RELEASE = `${COMMON}
local h = read_reservation(KEYS[1])
redis.call('ZREM', KEYS[2], ARGV[1])
if not h then return 0 end
for i = 1, tonumber(h.n) do
  local key = h['k' .. i]
  if redis.call('EXISTS', key) == 1 then
    local _, r = counter_state(key)
    redis.call('HSET', key, 'r', math.max(0, r - tonumber(h['a' .. i])))
  end
end
redis.call('DEL', KEYS[1])
return 1
`;

/**
 * KEYS: expiries. ARGV: now, batch size, reservation key prefix. Settles up to one batch of
 * expired reservations at their estimates. Reply: {scanned, id, lineCount, lines…, id, …}.
 */
export const REAP = `${COMMON}${SETTLE_ONE}
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
local out = {#ids}
for _, id in ipairs(ids) do
  local lines = settle_one(ARGV[3] .. id, KEYS[1], id, nil)
  if lines then
    out[#out + 1] = id
    out[#out + 1] = #lines / 5
    for _, v in ipairs(lines) do out[#out + 1] = v end
  end
end
return out
`;

/** KEYS: counters. ARGV: per counter durable used, ttlMs|''. Sets used := max(live, durable). */
export const LOAD = `${COMMON}
for i = 1, #KEYS do
  if redis.call('HEXISTS', KEYS[i], 'l') == 0 then
    local durable = tonumber(ARGV[2 * i - 1])
    local used = tonumber(redis.call('HGET', KEYS[i], 'u')) or 0
    if durable > used then redis.call('HSET', KEYS[i], 'u', ARGV[2 * i - 1]) end
    redis.call('HSET', KEYS[i], 'l', 1)
    if ARGV[2 * i] ~= '' then redis.call('PEXPIRE', KEYS[i], ARGV[2 * i]) end
  end
end
return #KEYS
`;
