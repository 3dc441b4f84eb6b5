-- wrk script: the 100-engagement read with every expansion.
-- Usage: TOKEN=... wrk -t2 -c16 -d10s -s bench/list100.lua http://127.0.0.1:8080/graphql
local query = "query Page { engagements(first: 100) { pageInfo { hasNextPage endCursor } nodes { " ..
  "id type title startedAt createdAt sourceSystem externalId externalUrl automationsEnabled isPrivate " ..
  "transcript mediaUrl mediaStatus " ..
  "transcriptTimeline { speakers { index name email } entries { speakerIndex speaker { name } startMs endMs text sentences { text startMs endMs } } } " ..
  "companies { id name domain } contacts { id name email phone company { id name domain } } " ..
  "owner { id name email } actionItems { id text assigneeName assigneeEmail dueAt completed startMs } " ..
  "signals { id kind name text startMs speakerIndex confidence } } } }"
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")
wrk.body = '{"query":"' .. query .. '"}'

function response(status, headers, body)
  if status ~= 200 then
    io.stderr:write("status " .. status .. ": " .. body:sub(1, 200) .. "\n")
  end
end
