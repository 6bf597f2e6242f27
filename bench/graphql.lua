-- wrk script: POST one GraphQL query, with an optional bearer token.
--   wrk -s bench/graphql.lua http://127.0.0.1:PORT/graphql -- '<query>' [token]
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"

function init(args)
  local query = args[1] or "{ __typename }"
  wrk.body = '{"query":' .. string.format("%q", query) .. '}'
  if args[2] and args[2] ~= "" then
    wrk.headers["Authorization"] = "Bearer " .. args[2]
  end
end

function response(status, headers, body)
  if status ~= 200 then
    io.stderr:write("unexpected status " .. status .. ": " .. body .. "\n")
    wrk.thread:stop()
  end
end
