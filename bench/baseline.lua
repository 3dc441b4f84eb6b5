-- wrk script: a GET against the baseline server (bench/baseline), with the
-- bearer token. The URL names the read:
--   TOKEN=... wrk -t2 -c16 -d10s -s bench/baseline.lua http://127.0.0.1:8090/list
--   TOKEN=... wrk -t2 -c16 -d10s -s bench/baseline.lua "http://127.0.0.1:8090/one?id=ID"
wrk.method = "GET"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")

function response(status, headers, body)
  if status ~= 200 then
    io.stderr:write("status " .. status .. ": " .. body:sub(1, 200) .. "\n")
  end
end
