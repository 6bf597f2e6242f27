#!/usr/bin/env bash
# Benchmark of the GraphQL API on PostgreSQL with the demo data at scale 1 (release build):
# a small nested list and a page of 100 orders with their customer, salesperson, branch and
# lines with products. Prints throughput, latency percentiles and the server's peak memory.
#   bench/api.sh [DURATION] [CONNECTIONS]        (default 20s, 32)
# Needs wrk (Debian package `wrk`), curl, psql and a PostgreSQL server; set
# SALESGRAPH_BENCH_POSTGRES (default postgres://postgres@127.0.0.1:5432). A database named
# sg_bench_<random> is created and dropped.
set -euo pipefail
cd "$(dirname "$0")/.."
duration="${1:-20s}"
connections="${2:-32}"
server_url="${SALESGRAPH_BENCH_POSTGRES:-postgres://postgres@127.0.0.1:5432}"
# SALESGRAPH_BIN runs an already built binary instead of building the release one.
if [ -z "${SALESGRAPH_BIN:-}" ]; then cargo build --release -p salesgraph-api --quiet; fi
bin="${SALESGRAPH_BIN:-$PWD/target/release/salesgraph}"
work="$(mktemp -d)"
port=18090
name="sg_bench_$RANDOM$RANDOM"
psql "$server_url/postgres" -qc "CREATE DATABASE $name" >/dev/null
export DATABASE_URL="$server_url/$name"
export SALESGRAPH_JWT_SECRET="bench-only-secret-$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
cleanup() {
  kill "${server:-}" 2>/dev/null || true
  wait "${server:-}" 2>/dev/null || true
  psql "$server_url/postgres" -qc "DROP DATABASE IF EXISTS $name" >/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

cd "$work"
"$bin" migrate >/dev/null
"$bin" seed --demo --scale 1 >/dev/null
SALESGRAPH_LISTEN="127.0.0.1:$port" SALESGRAPH_LOG=warn "$bin" serve >/dev/null 2>&1 &
server=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
url="http://127.0.0.1:$port/graphql"
login='{"query":"mutation { login(username: \"admin\", password: \"salesgraph-demo\") { accessToken } }"}'
jwt=$(curl -sf "$url" -H 'content-type: application/json' -d "$login" | sed -E 's/.*"accessToken":"([^"]+)".*/\1/')

run() {
  local label="$1" query="$2"
  wrk -t2 -c"$connections" -d5s -s "$OLDPWD/bench/graphql.lua" "$url" -- "$query" "$jwt" >/dev/null
  echo "== $label ($connections connections, $duration)"
  wrk -t2 -c"$connections" -d"$duration" --latency -s "$OLDPWD/bench/graphql.lua" "$url" -- "$query" "$jwt" \
    | grep -E "Requests/sec|Latency |^ +50%|^ +90%|^ +99%|Non-2xx"
}
run branches '{ branches { edges { node { name region { name } } } } }'
run '100 orders' '{ orders(first: 100, orderBy: ORDERED_AT, direction: DESC) { edges { node { orderNo totalAmount orderedAt customer { name } salesperson { name } branch { name } lines { quantity amount product { name sku } } } } } }'
echo "== server peak memory: $(grep VmHWM "/proc/$server/status" | awk '{print $2/1024 " MB"}')"
