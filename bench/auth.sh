#!/usr/bin/env bash
# Benchmark of the cost of authentication per request: the same cheap query anonymously,
# with an access token (JWT) and with an API key, on the demo data (SQLite, release build).
#   bench/auth.sh [DURATION] [CONNECTIONS] [ROUNDS]        (default 5s, 32, 7)
# The three variants run interleaved, ROUNDS times, with the server pinned to CPU 0 and wrk to
# CPU 1, and the medians are compared: single runs here vary by ±15%, more than the effect.
# Needs wrk (Debian package `wrk`), curl and taskset.
set -euo pipefail
cd "$(dirname "$0")/.."
duration="${1:-5s}"
connections="${2:-32}"
rounds="${3:-7}"
# SALESGRAPH_BIN runs an already built binary instead of building the release one.
if [ -z "${SALESGRAPH_BIN:-}" ]; then cargo build --release -p salesgraph-api --quiet; fi
bin="${SALESGRAPH_BIN:-$PWD/target/release/salesgraph}"
work="$(mktemp -d)"
port=18089
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT

cd "$work"
SALESGRAPH_LISTEN="127.0.0.1:$port" SALESGRAPH_LOG=warn taskset -c 0 "$bin" demo >/dev/null 2>&1 &
server=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
url="http://127.0.0.1:$port/graphql"
gql() { curl -sf "$url" -H 'content-type: application/json' ${2:+-H "authorization: Bearer $2"} -d "$1"; }

login='{"query":"mutation { login(username: \"admin\", password: \"salesgraph-demo\") { accessToken } }"}'
jwt=$(gql "$login" | sed -E 's/.*"accessToken":"([^"]+)".*/\1/')
create='{"query":"mutation { createApiKey(input: {name: \"bench\", role: HQ_ANALYST, scope: ALL}) { secret } }"}'
key=$(gql "$create" "$jwt" | sed -E 's/.*"secret":"([^"]+)".*/\1/')

# One wrk run: "requests/s p50-in-ms".
measure() {
  local query="$1" token="$2"
  taskset -c 1 wrk -t1 -c"$connections" -d"$duration" --latency -s "$OLDPWD/bench/graphql.lua" "$url" -- "$query" "$token" \
    | awk '/Requests\/sec/ {rps=$2} /^ +50%/ {p=$2; if (p ~ /us$/) {sub(/us/,"",p); p/=1000} else {sub(/ms/,"",p)}} END {print rps, p}'
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

query='{ __typename }'
taskset -c 1 wrk -t1 -c"$connections" -d5s -s "$OLDPWD/bench/graphql.lua" "$url" -- "$query" "$jwt" >/dev/null
declare -A rps p50
for round in $(seq 1 "$rounds"); do
  for variant in anonymous jwt api-key; do
    case $variant in anonymous) token="" ;; jwt) token="$jwt" ;; api-key) token="$key" ;; esac
    read -r r p < <(measure "$query" "$token")
    rps[$variant]+="$r "; p50[$variant]+="$p "
  done
done
echo "== $query, $rounds interleaved rounds of $duration, $connections connections (median)"
base=$(echo "${rps[anonymous]}" | tr ' ' '\n' | grep . | median)
for variant in anonymous jwt api-key; do
  r=$(echo "${rps[$variant]}" | tr ' ' '\n' | grep . | median)
  p=$(echo "${p50[$variant]}" | tr ' ' '\n' | grep . | median)
  awk -v v="$variant" -v r="$r" -v p="$p" -v b="$base" 'BEGIN {printf "%-10s %9.0f req/s  p50 %.3f ms  throughput vs anonymous %+.1f%%\n", v, r, p, (r/b-1)*100}'
done
echo "   rounds (req/s): anonymous ${rps[anonymous]}| jwt ${rps[jwt]}| api-key ${rps[api-key]}"
