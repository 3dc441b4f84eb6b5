-- wrk script: one engagement with its transcript.
-- Usage: TOKEN=... ENGAGEMENT_ID=... wrk -t2 -c16 -d10s -s bench/one.lua http://127.0.0.1:8080/graphql
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")
wrk.body = '{"query":"query One($id: ID!) { engagement(id: $id) { id title transcript } }","variables":{"id":"' .. os.getenv("ENGAGEMENT_ID") .. '"}}'

function response(status, headers, body)
  if status ~= 200 then
    io.stderr:write("status " .. status .. ": " .. body:sub(1, 200) .. "\n")
  end
end
