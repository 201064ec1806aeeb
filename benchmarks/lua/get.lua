-- GET a path, optionally with a bearer token, optionally paced (a fixed pause before each
-- request, for probing latency without adding load). args: budget, path, pause ms, token.

local pause_ms = 0

function init(args)
  set_budget(tonumber(args[1]))
  wrk.path = args[2]
  pause_ms = tonumber(args[3])
  if pause_ms == 0 then
    delay = nil -- wrk then sends back to back, without a timer per request
  end
  if args[4] and args[4] ~= "" then
    wrk.headers["Authorization"] = "Bearer " .. args[4]
  end
end

function delay()
  return pause_ms
end

function response(status, headers, body)
  count_answer()
end
