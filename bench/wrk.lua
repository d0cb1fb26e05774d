-- Requests the paths given after "--" in turn, counts answers that are not
-- 2xx, and ends with one line of JSON for the benchmark to read.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  paths = args
  if #paths == 0 then
    paths = { wrk.path }
  end
  turn = 0
  non_2xx = 0
end

function request()
  turn = turn % #paths + 1
  return wrk.format("GET", paths[turn])
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    non_2xx = non_2xx + 1
  end
end

function done(summary, latency, requests)
  local bad = 0
  for _, thread in ipairs(threads) do
    bad = bad + thread:get("non_2xx")
  end
  local errors = summary.errors
  io.write(string.format(
    'BENCH {"requests": %d, "duration_us": %d, "p50_us": %d, "p99_us": %d, '
      .. '"non_2xx": %d, "errors": %d}\n',
    summary.requests, summary.duration, latency:percentile(50),
    latency:percentile(99), bad,
    errors.connect + errors.read + errors.write + errors.timeout))
end
