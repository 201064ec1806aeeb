-- POST a JSON body to a path with a bearer token, back to back; every answer counted, and
-- any answer of 400 or more counted as an error by wrk. args: budget, path, token, body.

function init(args)
  set_budget(tonumber(args[1]))
  wrk.method = "POST"
  wrk.path = args[2]
  wrk.headers["Authorization"] = "Bearer " .. args[3]
  wrk.headers["Content-Type"] = "application/json"
  wrk.body = args[4]
end

function response(status, headers, body)
  count_answer()
end
