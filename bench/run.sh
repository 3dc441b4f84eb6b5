#!/usr/bin/env bash
# Loads the GraphQL server and the hand-written baseline (bench/baseline)
# with wrk on one freshly seeded database, and prints one Markdown table.
# The table has requests per second and latency percentiles of the
# 100-engagement read (bench/list100.lua) and the one-engagement read
# (bench/one.lua) on both servers, the GraphQL server's peak RSS under 64
# connections, and the machine.
#
# It drops and re-creates the database engagements_bench on the Postgres at
# 127.0.0.1:5432 (user postgres) and touches no other database. The servers
# listen on 127.0.0.1 only and use the Redis at 127.0.0.1:6379. Everything it
# starts is stopped on exit; the database is kept for inspection.
#
# Settings (environment): ENGAGEMENTS (default 10000), GRAPHQL_PORT (18080),
# BASELINE_PORT (18090). Needs go, psql, wrk, curl and base64.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
ENGAGEMENTS=${ENGAGEMENTS:-10000}
GRAPHQL_PORT=${GRAPHQL_PORT:-18080}
BASELINE_PORT=${BASELINE_PORT:-18090}
DB_NAME=engagements_bench
ADMIN_URL="postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"
DATABASE_URL="postgres://postgres@127.0.0.1:5432/${DB_NAME}?sslmode=disable"
REDIS_URL="redis://127.0.0.1:6379/0"
GRAPHQL_URL="http://127.0.0.1:${GRAPHQL_PORT}"
BASELINE_URL="http://127.0.0.1:${BASELINE_PORT}"
THREADS=2
CONNECTIONS=16
DURATION=10s
WARMUP=3s
RSS_CONNECTIONS=64
# wrk counts a request slower than its 2 s default timeout as an error and
# leaves it out of the percentiles; 10 s keeps slow requests in them.
TIMEOUT=10s

WORK=$(mktemp -d /tmp/engagements-bench.XXXXXX)
PIDS=()

cleanup() {
	for pid in "${PIDS[@]}"; do
		if kill -0 "$pid" 2>/dev/null; then
			kill "$pid" 2>/dev/null || true
			wait "$pid" 2>/dev/null || true
		fi
	done
	rm -rf "$WORK"
}
trap cleanup EXIT

log() { echo "run.sh: $*" >&2; }

for tool in go psql wrk curl base64; do
	command -v "$tool" >/dev/null || { log "$tool is missing: install it and run again"; exit 1; }
done

# The servers get a clean environment, so no inherited setting (a tracing
# endpoint, a metrics address, a public base URL) sends traffic elsewhere.
server_env() {
	env -i PATH="$PATH" HOME="$HOME" DATABASE_URL="$DATABASE_URL" REDIS_URL="$REDIS_URL" \
		MEDIA_DIR="$WORK/media" LOG_LEVEL=warn RATE_LIMIT_REQUESTS=off "$@"
}

# (a) Build, create the database, migrate, seed and create a read token.
log "building the server and the baseline"
(cd "$ROOT" && go build -o "$WORK/engagements" . && go build -o "$WORK/baseline" ./bench/baseline)

log "re-creating database $DB_NAME"
psql "$ADMIN_URL" -q -v ON_ERROR_STOP=1 -c "DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)"
psql "$ADMIN_URL" -q -v ON_ERROR_STOP=1 -c "CREATE DATABASE ${DB_NAME}"

server_env "$WORK/engagements" migrate
log "seeding $ENGAGEMENTS engagements"
server_env "$WORK/engagements" seed --workspace bench --engagements "$ENGAGEMENTS" >&2
TOKEN=$(server_env "$WORK/engagements" token create --workspace bench \
	--email bench-reader@ourteam.example --scopes engagements:read)

# The one-engagement read fetches the newest public engagement, which the
# reader can see.
engagement_uuid=$(psql "$DATABASE_URL" -Atq -v ON_ERROR_STOP=1 -c "
	SELECT e.id FROM engagements e JOIN workspaces w ON w.id = e.workspace_id
	WHERE w.slug = 'bench' AND NOT e.is_private
	ORDER BY e.created_at DESC, e.id DESC LIMIT 1")
ENGAGEMENT_ID=$(printf 'Engagement:%s' "$engagement_uuid" | base64 -w0 | tr '+/' '-_' | tr -d '=')
export TOKEN ENGAGEMENT_ID

# (b) Start both servers and wait until they serve.
# wait_for NAME PID URL [CURL_ARGS...] polls URL for up to 30 s.
wait_for() {
	local name=$1 pid=$2 url=$3
	shift 3
	for _ in $(seq 150); do
		if ! kill -0 "$pid" 2>/dev/null; then
			log "$name exited during start-up; its log:"
			cat "$WORK/$name.log" >&2
			exit 1
		fi
		if curl -fsS -o /dev/null "$@" "$url" 2>/dev/null; then
			return 0
		fi
		sleep 0.2
	done
	log "$name did not answer $url within 30 s"
	exit 1
}

# exec makes each background job the server itself, so its PID is the one
# to sample and to stop.
(exec env -i PATH="$PATH" HOME="$HOME" DATABASE_URL="$DATABASE_URL" REDIS_URL="$REDIS_URL" \
	MEDIA_DIR="$WORK/media" LOG_LEVEL=warn RATE_LIMIT_REQUESTS=off ADDR="127.0.0.1:${GRAPHQL_PORT}" \
	"$WORK/engagements" >"$WORK/graphql.log" 2>&1) &
GRAPHQL_PID=$!
PIDS+=("$GRAPHQL_PID")
(exec env -i PATH="$PATH" HOME="$HOME" DATABASE_URL="$DATABASE_URL" ADDR="127.0.0.1:${BASELINE_PORT}" \
	"$WORK/baseline" >"$WORK/baseline.log" 2>&1) &
BASELINE_PID=$!
PIDS+=("$BASELINE_PID")
wait_for graphql "$GRAPHQL_PID" "$GRAPHQL_URL/healthz"
wait_for baseline "$BASELINE_PID" "$BASELINE_URL/list" -H "Authorization: Bearer $TOKEN"

one_body=$(curl -fsS -H "Authorization: Bearer $TOKEN" "$BASELINE_URL/one?id=$ENGAGEMENT_ID")
if [[ $one_body != *'"transcript":"'* ]]; then
	log "baseline /one returned no transcript for $ENGAGEMENT_ID: ${one_body:0:200}"
	exit 1
fi

# (c) wrk: a warm-up, then the measured run, for each read on each server.
declare -A RPS P50 P75 P90 P99 REQUESTS FAILED

# failures FILE counts the non-2xx responses and socket errors (connect,
# read, write, timeout) in a wrk report.
failures() {
	awk '
		/Non-2xx or 3xx responses:/ {n += $NF}
		/Socket errors:/ {gsub(",", ""); n += $4 + $6 + $8 + $10}
		END {print n + 0}' "$1"
}

# measure KEY SCRIPT URL runs the warm-up and the measured run and keeps
# the figures under KEY.
measure() {
	local key=$1 script=$2 url=$3 out="$WORK/$1.out"
	log "wrk $key: ${WARMUP} warm-up, then ${DURATION} with ${CONNECTIONS} connections"
	wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" --timeout "$TIMEOUT" -s "$script" "$url" >/dev/null 2>"$WORK/$key.warmup.err"
	wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --timeout "$TIMEOUT" --latency -s "$script" "$url" >"$out" 2>"$WORK/$key.err"

	RPS[$key]=$(awk '/^Requests\/sec:/ {print $2}' "$out")
	P50[$key]=$(awk '$1 == "50%" {print $2}' "$out")
	P75[$key]=$(awk '$1 == "75%" {print $2}' "$out")
	P90[$key]=$(awk '$1 == "90%" {print $2}' "$out")
	P99[$key]=$(awk '$1 == "99%" {print $2}' "$out")
	REQUESTS[$key]=$(awk '/requests in/ {print $1}' "$out")
	FAILED[$key]=$(failures "$out")
}

measure graphql_list "$ROOT/bench/list100.lua" "$GRAPHQL_URL/graphql"
measure graphql_one "$ROOT/bench/one.lua" "$GRAPHQL_URL/graphql"
measure baseline_list "$ROOT/bench/baseline.lua" "$BASELINE_URL/list"
measure baseline_one "$ROOT/bench/baseline.lua" "$BASELINE_URL/one?id=$ENGAGEMENT_ID"

# (d) The GraphQL server's memory under 64 connections of the 100-read:
# VmRSS every 200 ms during the run, and VmHWM (the peak RSS since the
# process started, so over every run above too) at the end.
rss_kb() { awk -v field="$1:" '$1 == field {print $2}' "/proc/$GRAPHQL_PID/status"; }
IDLE_RSS_KB=$(rss_kb VmRSS)
log "wrk graphql_list with ${RSS_CONNECTIONS} connections for ${DURATION}, sampling VmRSS"
wrk -t"$THREADS" -c"$RSS_CONNECTIONS" -d"$DURATION" --timeout "$TIMEOUT" --latency -s "$ROOT/bench/list100.lua" \
	"$GRAPHQL_URL/graphql" >"$WORK/rss.out" 2>"$WORK/rss.err" &
WRK_PID=$!
PIDS+=("$WRK_PID")
PEAK_RSS_KB=0
while kill -0 "$WRK_PID" 2>/dev/null; do
	sample=$(rss_kb VmRSS)
	((sample > PEAK_RSS_KB)) && PEAK_RSS_KB=$sample
	sleep 0.2
done
wait "$WRK_PID"
HWM_KB=$(rss_kb VmHWM)
RSS_RPS=$(awk '/^Requests\/sec:/ {print $2}' "$WORK/rss.out")
RSS_P99=$(awk '$1 == "99%" {print $2}' "$WORK/rss.out")
RSS_REQUESTS=$(awk '/requests in/ {print $1}' "$WORK/rss.out")
RSS_FAILED=$(failures "$WORK/rss.out")

# (e) One table.
mib() { awk -v kb="$1" 'BEGIN {printf "%.1f MiB", kb / 1024}'; }
share() { awk -v a="$1" -v b="$2" 'BEGIN {if (b > 0) printf "%.0f%%", 100 * a / b; else print "n/a"}'; }
row() { printf '| %s | %s | %s | %s |\n' "$@"; }

echo
echo "Load: wrk -t${THREADS} -c${CONNECTIONS} -d${DURATION} --latency after a ${WARMUP} warm-up; ${ENGAGEMENTS} seeded engagements in workspace bench."
echo
row "figure" "GraphQL server" "baseline" "GraphQL / baseline"
row "---" "---" "---" "---"
for read in list one; do
	label="100-engagement read"
	[[ $read == one ]] && label="one-engagement read"
	g="graphql_$read" b="baseline_$read"
	row "$label: requests/s" "${RPS[$g]}" "${RPS[$b]}" "$(share "${RPS[$g]}" "${RPS[$b]}")"
	row "$label: p50 latency" "${P50[$g]}" "${P50[$b]}" ""
	row "$label: p75 latency" "${P75[$g]}" "${P75[$b]}" ""
	row "$label: p90 latency" "${P90[$g]}" "${P90[$b]}" ""
	row "$label: p99 latency" "${P99[$g]}" "${P99[$b]}" ""
	row "$label: requests (non-2xx or socket errors)" "${REQUESTS[$g]} (${FAILED[$g]})" "${REQUESTS[$b]} (${FAILED[$b]})" ""
done
row "100-read, -c${RSS_CONNECTIONS}: requests/s, p99, requests (non-2xx or socket errors)" \
	"${RSS_RPS}, ${RSS_P99}, ${RSS_REQUESTS} (${RSS_FAILED})" "not measured" ""
row "VmRSS before the -c${RSS_CONNECTIONS} run" "$(mib "$IDLE_RSS_KB")" "not measured" ""
row "peak VmRSS during the -c${RSS_CONNECTIONS} run (200 ms samples)" "$(mib "$PEAK_RSS_KB")" "not measured" ""
row "VmHWM at the end (peak since start)" "$(mib "$HWM_KB")" "not measured" ""
row "nproc" "$(nproc)" "" ""
row "CPU model" "$(lscpu | grep 'Model name' | sed 's/^Model name:[[:space:]]*//')" "" ""
row "Go version" "$(go version | awk '{print $3, $4}')" "" ""
row "Postgres version" "$(psql "$DATABASE_URL" -Atq -c 'SHOW server_version')" "" ""

for key in graphql_list graphql_one baseline_list baseline_one rss; do
	if [[ -s "$WORK/$key.err" ]]; then
		log "$key: wrk reported errors, first lines:"
		head -n 5 "$WORK/$key.err" >&2
	fi
done
