-- Print wrk's summary as one JSON line so bench/http.py can read it (latencies in ms).
-- A path containing "{n}" gets a different number there on every request (cache-busting loads).
local counter = 0
local template = nil
local threads = 0

setup = function(thread)
  threads = threads + 1
  thread:set("first", threads * 1000000000 + os.time() % 1000000 * 1000)
end

init = function(args)
  if string.find(wrk.path, "{n}", 1, true) then
    template = wrk.path
    counter = first
  end
end

request = function()
  if template == nil then
    return wrk.request()
  end
  counter = counter + 1
  return wrk.format(nil, (string.gsub(template, "{n}", tostring(counter))))
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '\n{"requests": %d, "duration_us": %d, "errors": %d, "non2xx": %d, ' ..
    '"p50": %.3f, "p95": %.3f, "p99": %.3f}\n',
    summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000))
end
