-- Send a JSON body with a method (POST, PATCH, PUT) to a path with a bearer token, back to
-- back; every answer counted, and any answer of 400 or more counted as an error by wrk.
-- args: budget, method, path, token, body.

function init(args)
  set_budget(tonumber(args[1]))
  wrk.method = args[2]
  wrk.path = args[3]
  wrk.headers["Authorization"] = "Bearer " .. args[4]
  wrk.headers["Content-Type"] = "application/json"
  wrk.body = args[5]
end

function response(status, headers, body)
  count_answer()
end
