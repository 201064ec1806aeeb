-- POST /api/v1/auth/refresh with rotation: a pool of live refresh tokens; each request
-- spends one, each answer puts the new one back, so no token is ever presented twice.
-- Runs on one wrk thread only (the pool is per thread). args: budget, tokens file.

local pool = {}

function init(args)
  set_budget(tonumber(args[1]))
  for line in io.lines(args[2]) do
    pool[#pool + 1] = line
  end
end

function request()
  local token = table.remove(pool)
  if token == nil then
    -- Answers were lost (errors, counted in the report): stop rather than reuse a token.
    wrk.thread:stop()
    return wrk.format("GET", "/health")
  end
  return wrk.format("POST", "/api/v1/auth/refresh",
    { ["Content-Type"] = "application/json" }, '{"refresh_token":"' .. token .. '"}')
end

function response(status, headers, body)
  local token = body:match('"refresh_token"%s*:%s*"([^"]+)"')
  if token then
    pool[#pool + 1] = token
  end
  count_answer()
end
