-- wrk script: post ballots with paper codes to the vote endpoint of Logbuch.
-- Arguments: codes file, comma-separated option ids, CSRF token, duplicate every N requests,
-- number of wrk threads. Thread t uses codes t, t+T, t+2T, ...; every Nth request repeats the
-- thread's previous code (a duplicate racing its original on another connection).
local threads = {}
local counter = 1

function setup(thread)
  thread:set("tid", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  codes = {}
  for line in io.lines(args[1]) do codes[#codes + 1] = line end
  options = {}
  for o in string.gmatch(args[2], "[^,]+") do options[#options + 1] = o end
  csrf = args[3]
  dup_every = tonumber(args[4])
  nthreads = tonumber(args[5])
  nextidx = tid
  sent, accepted, refused, other, duplicates = 0, 0, 0, 0, 0
  last = nil
  headers = {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = "csrftoken=" .. csrf,
  }
end

function request()
  sent = sent + 1
  local code
  if dup_every > 0 and last ~= nil and sent % dup_every == 0 then
    code = last
    duplicates = duplicates + 1
  else
    code = codes[nextidx]
    if code == nil then
      code = codes[tid]
      duplicates = duplicates + 1
    else
      nextidx = nextidx + nthreads
    end
    last = code
  end
  local option = options[(sent % #options) + 1]
  local body = "csrfmiddlewaretoken=" .. csrf .. "&code=" .. code .. "&option_" .. option .. "=on"
  return wrk.format("POST", wrk.path, headers, body)
end

function response(status, headers, body)
  if status == 302 then
    accepted = accepted + 1
  elseif status == 400 then
    refused = refused + 1
  else
    other = other + 1
  end
end

function done(summary, latency, requests)
  local a, r, o, d = 0, 0, 0, 0
  for _, t in ipairs(threads) do
    a = a + t:get("accepted")
    r = r + t:get("refused")
    o = o + t:get("other")
    d = d + t:get("duplicates")
  end
  io.write(string.format(
    "VOTES accepted=%d refused=%d other=%d duplicates=%d seconds=%.2f p95=%.2f errors=%d\n",
    a, r, o, d, summary.duration / 1e6, latency:percentile(95) / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
