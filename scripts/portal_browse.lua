-- wrk script: each request comes from one of the signed-in co-creators in SESSIONS_FILE,
-- taking turns, and asks for that person's next page in their portal. People browse on their own,
-- so at any moment they are on different pages: each round of the people moves everyone one page
-- on. (Until 2026-12-07 every request in 50 asked for the same page, so all 50 people
-- opened their portal home together, then their opportunities together, and so on: the slowest
-- page set the 99th percentile on its own.)
local pages = { "/portal/", "/portal/opportunities/", "/portal/activities/", "/portal/profile/",
                "/you-said-we-did/", "/calendar/list/" }
local sessions = {}
local errors = 0
local counter = 0
local think_min, think_max = 0, 0

-- Each wrk thread starts at a different person, so two threads do not ask for the same person's
-- page in step.
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("thread_number", threads)
end

function init(args)
  for line in io.lines(os.getenv("SESSIONS_FILE")) do
    if #line > 0 then sessions[#sessions + 1] = line end
  end
  counter = (thread_number or 1) * 7919
  think_min = tonumber(os.getenv("THINK_MIN_MS") or "0")
  think_max = tonumber(os.getenv("THINK_MAX_MS") or "0")
end

-- A person reads a page before opening the next: wait between requests on each connection.
function delay()
  if think_max <= 0 then return 0 end
  return math.random(think_min, think_max)
end

function request()
  counter = counter + 1
  local person = counter % #sessions
  local round = math.floor(counter / #sessions)
  local session = sessions[person + 1]
  local page = pages[((person + round) % #pages) + 1]
  return wrk.format("GET", page, { ["Cookie"] = "sessionid=" .. session, ["Host"] = "127.0.0.1" })
end

function response(status, headers, body)
  if status ~= 200 then errors = errors + 1 end
end

function done(summary, latency, requests)
  io.write(string.format("LOADTEST requests=%d non200=%d socket_errors=%d duration_s=%.1f rps=%.1f p50_ms=%.1f p99_ms=%.1f max_ms=%.1f\n",
    summary.requests, summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
