-- One wrk script for every scenario of bench/run; BENCH_SCENARIO names it, BENCH_DIR holds the credentials' files.
-- Prints one JSON line at the end: requests per second, p50/p95/p99 in microseconds, errors.
local scenario = os.getenv("BENCH_SCENARIO") or "baseline"
local dir = os.getenv("BENCH_DIR") or "."

local function lines(name)
  local list = {}
  local file = io.open(dir .. "/" .. name, "r")
  if file then
    for line in file:lines() do if #line > 0 then list[#list + 1] = line end end
    file:close()
  end
  return list
end

local lookupCodes = lines("lookup-codes.txt")
local communeCodes = lines("commune-codes.txt")
local counter = 0

local function pick(list)
  counter = counter + 1
  return list[(counter % #list) + 1]
end

local specialist = "motcua_session=" .. (os.getenv("BENCH_SPECIALIST_COOKIE") or "")
local province = "motcua_session=" .. (os.getenv("BENCH_PROVINCE_COOKIE") or "")
local token = "Bearer " .. (os.getenv("BENCH_COUNTER_TOKEN") or "")
local jurisdiction = os.getenv("BENCH_JURISDICTION") or ""
local procedureCode = os.getenv("BENCH_PROCEDURE_CODE") or ""

function setup(thread)
  thread:set("id", math.random(1, 1000000))
end

function init(args)
  counter = math.random(1, 100000)
end

request = function()
  if scenario == "lookup" then
    return wrk.format("GET", "/tra-cuu/" .. pick(lookupCodes))
  elseif scenario == "dossier" then
    return wrk.format("GET", "/mot-cua/ho-so/" .. pick(communeCodes), { ["Cookie"] = specialist })
  elseif scenario == "queue" then
    return wrk.format("GET", "/mot-cua/viec-can-lam", { ["Cookie"] = specialist })
  elseif scenario == "dashboard" then
    return wrk.format("GET", "/bao-cao", { ["Cookie"] = province })
  elseif scenario == "open311" then
    return wrk.format("GET", "/open311/v2/requests.json?jurisdiction_id=" .. jurisdiction)
  elseif scenario == "intake" then
    counter = counter + 1
    local body = string.format(
      '{"procedureCode":"%s","channel":"counter","applicant":{"kind":"person","fullName":"Nguyễn Văn Bình","idNumber":"0330%08d","phone":"09%08d","address":"Thôn 3"}}',
      procedureCode, counter % 100000000, counter % 100000000)
    return wrk.format("POST", "/api/v1/dossiers", { ["Authorization"] = token, ["Content-Type"] = "application/json" }, body)
  else
    return wrk.format("GET", "/bench/baseline")
  end
end

done = function(summary, latency, requests)
  local seconds = summary.duration / 1000000
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout + summary.errors.status
  io.write(string.format(
    '{"scenario":"%s","requests":%d,"rps":%.1f,"p50":%d,"p95":%d,"p99":%d,"errors":%d,"non2xx":%d}\n',
    scenario, summary.requests, summary.requests / seconds, latency:percentile(50), latency:percentile(95), latency:percentile(99),
    errors, summary.errors.status))
end
