-- wrk script of `make loadtest` (loadtest/run.py): sends the signed-in person's
-- session cookie or API token, counts the answers that are not 2xx, and prints
-- the figures as one JSON line that run.py reads.
--
-- LOADTEST_HEADER_NAME / LOADTEST_HEADER_VALUE: "Cookie" and "sessionid=…", or
-- "Authorization" and "Token …".

local name = os.getenv("LOADTEST_HEADER_NAME")
local value = os.getenv("LOADTEST_HEADER_VALUE")
if name and value then
  wrk.headers[name] = value
end

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  not_2xx = 0
  last_bad_status = 0
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    not_2xx = not_2xx + 1
    last_bad_status = status
  end
end

function done(summary, latency, requests)
  local errors, bad_status = 0, 0
  for _, thread in ipairs(threads) do
    errors = errors + thread:get("not_2xx")
    bad_status = math.max(bad_status, thread:get("last_bad_status"))
  end
  local socket = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.timeout
  io.write(string.format(
    'LOADTEST {"requests": %d, "duration_us": %d, "not_2xx": %d, "bad_status": %d, '
      .. '"socket_errors": %d, '
      .. '"p50_us": %d, "p95_us": %d, "p99_us": %d, "max_us": %d}\n',
    summary.requests, summary.duration, errors, bad_status, socket,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max))
end
