-- wrk script for deploy/load/run.sh: ~80% reads, ~20% commands against the Catalogue API.
-- Targets come from CATALOGUE_LOAD_IDS (space-separated record ids), the key from CATALOGUE_API_KEY.

local key = os.getenv("CATALOGUE_API_KEY") or ""
local ids = {}
for id in string.gmatch(os.getenv("CATALOGUE_LOAD_IDS") or "", "%S+") do ids[#ids + 1] = id end

local threads = {}
local counter = 0

function setup(thread)
   counter = counter + 1
   thread:set("thread_number", counter)
   table.insert(threads, thread)
end

-- Per thread (each runs its own Lua state); globals so done() can collect them with thread:get().
local versions = {}       -- record id -> last version seen
statuses = {}       -- status code -> count
kinds = {}          -- request kind -> count
conflicts = 0
local n = 0

function init(args)
   math.randomseed(os.time() + (thread_number or 0) * 7919)
   for _, id in ipairs(ids) do versions[id] = 1 end
end

local function headers(extra)
   local h = { ["X-Api-Key"] = key, ["Accept"] = "application/json" }
   if extra then for k, v in pairs(extra) do h[k] = v end end
   return h
end

local function note(kind, id)
   kinds[kind] = (kinds[kind] or 0) + 1
end

function request()
   n = n + 1
   local id = ids[math.random(#ids)]
   local r = math.random(100)
   if r <= 30 then
      note("list", nil)
      return wrk.format("GET", "/api/records?pageSize=25", headers())
   elseif r <= 60 then
      note("read", id)
      return wrk.format("GET", "/api/records/" .. id, headers())
   elseif r <= 80 then
      note("cite", id)
      return wrk.format("GET", "/api/records/" .. id .. "/citation", headers({ ["Accept"] = "text/plain" }))
   elseif r <= 95 then
      -- A title correction: a new event every time, however long the run (subjects added without end met the
      -- record's limit of 100 after a few hundred, and the rest were cheap refusals).
      note("retitle", id)
      local body = string.format('{"title":"Load test title %d-%d","reason":"Load test"}', thread_number or 0, n)
      return wrk.format("POST", "/api/records/" .. id .. "/title",
         headers({ ["Content-Type"] = "application/json", ["If-Match"] = '"' .. tostring(versions[id] or 1) .. '"' }), body)
   else
      note("accession", nil)
      local body = string.format('{"title":"Load test accession %d-%d","documentType":"Memorandum"}', thread_number or 0, n)
      return wrk.format("POST", "/api/records", headers({ ["Content-Type"] = "application/json" }), body)
   end
end

-- Responses of a thread's connections arrive in any order, so the version is learnt from the body itself:
-- a record or an accepted command carries "id" and "version"; a 409 names the record and its "currentVersion".
function response(status, hdrs, body)
   statuses[status] = (statuses[status] or 0) + 1
   if not body then return end
   if status == 409 then
      conflicts = conflicts + 1
      local id = string.match(body, "(%x%x%x%x%x%x%x%x%-%x%x%x%x%-%x%x%x%x%-%x%x%x%x%-%x%x%x%x%x%x%x%x%x%x%x%x)")
      local v = tonumber(string.match(body, '"currentVersion"%s*:%s*(%d+)'))
      if id and v and versions[id] then versions[id] = v end
   elseif status == 200 then
      local id = string.match(body, '^%s*{%s*"id"%s*:%s*"([%x%-]+)"')
      local v = tonumber(string.match(body, '"version"%s*:%s*(%d+)'))
      if id and v and versions[id] and v > versions[id] then versions[id] = v end
   end
end

function done(summary, latency, requests)
   local seconds = summary.duration / 1e6
   local classes = { ["2xx"] = 0, ["3xx"] = 0, ["4xx"] = 0, ["5xx"] = 0, ["other"] = 0 }
   local by_status, by_kind, total_conflicts = {}, {}, 0
   for _, t in ipairs(threads) do
      for status, count in pairs(t:get("statuses")) do by_status[status] = (by_status[status] or 0) + count end
      for kind, count in pairs(t:get("kinds")) do by_kind[kind] = (by_kind[kind] or 0) + count end
      total_conflicts = total_conflicts + (t:get("conflicts") or 0)
   end
   for status, count in pairs(by_status) do
      local class = (status >= 200 and status < 600) and (math.floor(status / 100) .. "xx") or "other"
      classes[class] = (classes[class] or 0) + count
   end

   io.write("\n---------------- Catalogue load summary ----------------\n")
   io.write(string.format("duration          %.1f s\n", seconds))
   io.write(string.format("requests          %d  (%.1f requests/s)\n", summary.requests, summary.requests / seconds))
   io.write(string.format("transferred       %.1f MB\n", summary.bytes / 1048576))
   io.write(string.format("latency p50       %.2f ms\n", latency:percentile(50) / 1000))
   io.write(string.format("latency p90       %.2f ms\n", latency:percentile(90) / 1000))
   io.write(string.format("latency p99       %.2f ms\n", latency:percentile(99) / 1000))
   io.write(string.format("latency max       %.2f ms\n", latency.max / 1000))
   io.write(string.format("answers           2xx %d, 3xx %d, 4xx %d (409 conflicts %d, expected), 5xx %d, other %d\n",
      classes["2xx"], classes["3xx"], classes["4xx"], total_conflicts, classes["5xx"], classes["other"]))
   local codes = {}
   for status, count in pairs(by_status) do codes[#codes + 1] = string.format("%d×%d", status, count) end
   table.sort(codes)
   io.write("by status         " .. table.concat(codes, ", ") .. "\n")
   local mix = {}
   for kind, count in pairs(by_kind) do mix[#mix + 1] = string.format("%s %d", kind, count) end
   table.sort(mix)
   io.write("request mix       " .. table.concat(mix, ", ") .. "\n")
   io.write(string.format("socket errors     connect %d, read %d, write %d, timeout %d\n",
      summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout))
   io.write("--------------------------------------------------------\n")
end
