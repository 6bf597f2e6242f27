#!/usr/bin/env bash
# Benchmark of the cost of authentication per request: the same cheap query anonymously,
# with an access token (JWT) and with an API key, on the demo data (SQLite, release build).
#   bench/auth.sh [DURATION] [CONNECTIONS]        (default 15s, 32)
# Needs wrk (Debian package `wrk`) and curl.
set -euo pipefail
cd "$(dirname "$0")/.."
duration="${1:-15s}"
connections="${2:-32}"
cargo build --release -p salesgraph-api --quiet
bin="$PWD/target/release/salesgraph"
work="$(mktemp -d)"
port=18089
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT

cd "$work"
SALESGRAPH_LISTEN="127.0.0.1:$port" SALESGRAPH_LOG=warn "$bin" demo >/dev/null 2>&1 &
server=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
url="http://127.0.0.1:$port/graphql"
gql() { curl -sf "$url" -H 'content-type: application/json' ${2:+-H "authorization: Bearer $2"} -d "$1"; }

login='{"query":"mutation { login(username: \"admin\", password: \"salesgraph-demo\") { accessToken } }"}'
jwt=$(gql "$login" | sed -E 's/.*"accessToken":"([^"]+)".*/\1/')
create='{"query":"mutation { createApiKey(input: {name: \"bench\", role: HQ_ANALYST, scope: ALL}) { secret } }"}'
key=$(gql "$create" "$jwt" | sed -E 's/.*"secret":"([^"]+)".*/\1/')

run() {
  local label="$1" query="$2" token="$3"
  wrk -t2 -c"$connections" -d5s -s "$OLDPWD/bench/graphql.lua" "$url" -- "$query" "$token" >/dev/null
  echo "== $label: $query"
  wrk -t2 -c"$connections" -d"$duration" --latency -s "$OLDPWD/bench/graphql.lua" "$url" -- "$query" "$token" \
    | grep -E "Requests/sec|Latency |^ +50%|^ +99%"
}
# The cheapest query: what authentication itself costs.
run anonymous '{ __typename }' ""
run jwt '{ __typename }' "$jwt"
run api-key '{ __typename }' "$key"
# A simple query that reads the database (anonymous callers may not run it).
run jwt '{ branches { edges { node { code name } } } }' "$jwt"
run api-key '{ branches { edges { node { code name } } } }' "$key"
