-- wrk script for the gateway bench: POSTs one OpenAI-style chat completion per request, optionally
-- paced to a constant rate, and prints one line "RESULT {json}" at the end.
--
-- Environment (set by gateway-bench.ts):
--   BENCH_MODEL    model name (default gpt-4o-mini)
--   BENCH_STREAM   1 = "stream": true with stream_options.include_usage, 0 = plain JSON
--   BENCH_HEADERS  extra request headers separated by "|", e.g. "Authorization: Bearer gh_x|x-foo: bar"
--   BENCH_RATE     total requests/s to aim at; 0 or unset = closed loop (as fast as possible)
--   BENCH_THREADS  must equal wrk -t (the rate is split evenly across wrk threads)
--
-- Pacing: every connection, when it is free, takes the next slot of its thread's fixed schedule
-- (monotonic clock through LuaJIT's ffi). Slots missed because every connection was busy are dropped,
-- so compare the achieved rate with BENCH_RATE. wrk starts its latency clock when the request is
-- written, so the pacing delay is not part of the measured latency.

local model = os.getenv("BENCH_MODEL") or "gpt-4o-mini"
local stream = (os.getenv("BENCH_STREAM") or "0") == "1"
local rate = tonumber(os.getenv("BENCH_RATE") or "0") or 0
local nthreads = tonumber(os.getenv("BENCH_THREADS") or "1") or 1

local body = '{"model":"' .. model .. '","messages":['
  .. '{"role":"system","content":"You are a helpful assistant."},'
  .. '{"role":"user","content":"Say hello in one short sentence, please."}],'
  .. '"max_tokens":64,"temperature":0'
if stream then
  body = body .. ',"stream":true,"stream_options":{"include_usage":true}'
end
body = body .. "}"

wrk.method = "POST"
wrk.body = body
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Accept"] = stream and "text/event-stream" or "application/json"
for h in string.gmatch(os.getenv("BENCH_HEADERS") or "", "[^|]+") do
  local k, v = string.match(h, "^%s*([^:]-)%s*:%s*(.-)%s*$")
  if k and k ~= "" then
    wrk.headers[k] = v
  end
end

-- Count every non-2xx answer (wrk's own errors.status only counts status > 399). Each wrk thread has
-- its own Lua state; done() collects the counters through the thread objects kept by setup().
local threads = {}
function setup(thread)
  table.insert(threads, thread)
end

non2xx = 0
function response(status, headers, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
  end
end

if rate > 0 then
  local ffi = require("ffi")
  ffi.cdef([[
    typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
    int clock_gettime(int clk_id, bench_timespec *tp);
  ]])
  local ts = ffi.new("bench_timespec")
  local function now_ms()
    ffi.C.clock_gettime(1, ts) -- CLOCK_MONOTONIC
    return tonumber(ts.tv_sec) * 1000 + tonumber(ts.tv_nsec) / 1e6
  end
  local interval = 1000 * nthreads / rate
  local next_slot = nil
  function delay()
    local now = now_ms()
    if next_slot == nil then
      next_slot = now + math.random() * interval -- spread the threads' first slots over one interval
    else
      next_slot = next_slot + interval
      if next_slot < now then
        next_slot = now -- behind schedule: drop the missed slots instead of bursting
      end
    end
    return math.floor(next_slot - now + 0.5)
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  local n = 0
  for _, t in ipairs(threads) do
    n = n + (tonumber(t:get("non2xx")) or 0)
  end
  local parts = {
    string.format('"requests":%d,"duration_us":%d,"bytes":%d', summary.requests, summary.duration, summary.bytes),
    string.format(
      '"err_connect":%d,"err_read":%d,"err_write":%d,"err_status":%d,"err_timeout":%d,"non2xx":%d',
      e.connect, e.read, e.write, e.status, e.timeout, n
    ),
    string.format('"lat_mean_us":%.1f,"lat_max_us":%d', latency.mean, latency.max),
    string.format(
      '"p50_us":%d,"p90_us":%d,"p99_us":%d,"p999_us":%d',
      latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9)
    ),
    string.format('"stream":%s,"target_rate":%s', stream and "true" or "false", rate),
  }
  io.write("RESULT {" .. table.concat(parts, ",") .. "}\n")
end
