-- GCRA (generic cell rate algorithm) for one key, run atomically by Redis.
--
-- KEYS[1] stores the theoretical arrival time (TAT): the Redis server time,
-- in microseconds, at which the key's bucket is full again.
-- ARGV[1] is the emission interval in microseconds, at least 1.
-- ARGV[2] is the burst, at least 1.
--
-- Returns {allowed (1 or 0), remaining, reset_after_us, retry_after_us}.

local interval = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])

-- Server time, so that server instances with skewed clocks agree.
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])

-- A missing key, or one that does not hold a number, is a full bucket.
local tat = tonumber(redis.call('GET', KEYS[1])) or now
if tat < now then
  tat = now
end

-- The request fits unless it comes earlier than burst intervals before
-- the TAT that it would leave behind.
local new_tat = tat + interval
local allow_at = new_tat - burst * interval
if now < allow_at then
  return {0, 0, tat - now, allow_at - now}
end

-- The key expires when its bucket is full again, so idle keys leave
-- nothing behind. The values are formatted as integers on purpose:
-- Lua's own number-to-string conversion keeps 14 significant digits,
-- fewer than a timestamp in microseconds has (16).
local reset_after = new_tat - now
redis.call('SET', KEYS[1], string.format('%d', new_tat),
  'PX', string.format('%d', math.ceil(reset_after / 1000)))

local remaining = math.floor((now - allow_at) / interval)
return {1, remaining, reset_after, 0}
