-- POST /api/v1/auth/login, cycling through the benchmark's users.
-- args: budget, tenant, password, then one email per user.

local bodies = {}
local turn = 0

function init(args)
  set_budget(tonumber(args[1]))
  for i = 4, #args do
    bodies[#bodies + 1] = string.format(
      '{"tenant":"%s","email":"%s","password":"%s"}', args[2], args[i], args[3])
  end
end

function request()
  turn = turn % #bodies + 1
  return wrk.format("POST", "/api/v1/auth/login",
    { ["Content-Type"] = "application/json" }, bodies[turn])
end

function response(status, headers, body)
  count_answer()
end
