#!/usr/bin/env bash
# The cost of authentication per request in CPU instructions, which, unlike requests/s on a
# shared 2-core machine, barely move from run to run. The server runs under
# valgrind --tool=callgrind (release build, demo data on SQLite), counting only while it
# answers N requests (not its start-up): anonymous, with an access token (JWT), with an API key.
# Each request is `{ __typename }`, the cheapest query there is, so the share of
# authentication is the largest it can be.
#   bench/auth_cost.sh [N]        (default 2000)
# Needs valgrind, curl and python3.
set -euo pipefail
cd "$(dirname "$0")/.."
count="${1:-2000}"
# SALESGRAPH_BIN runs an already built binary instead of building the release one.
if [ -z "${SALESGRAPH_BIN:-}" ]; then cargo build --release -p salesgraph-api --quiet; fi
bin="${SALESGRAPH_BIN:-$PWD/target/release/salesgraph}"
requests="$PWD/bench/requests.py"
work="$(mktemp -d)"
port=18091
url="http://127.0.0.1:$port/graphql"
trap 'kill "${server:-}" 2>/dev/null || true; rm -rf "$work"' EXIT
cd "$work"
export SALESGRAPH_LOG=warn SALESGRAPH_LISTEN="127.0.0.1:$port"

# Demo data and credentials, made once by a server outside valgrind.
"$bin" demo >/dev/null 2>&1 &
server=$!
for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
gql() { curl -sf "$url" -H 'content-type: application/json' ${2:+-H "authorization: Bearer $2"} -d "$1"; }
login='{"query":"mutation { login(username: \"admin\", password: \"salesgraph-demo\") { accessToken } }"}'
jwt=$(gql "$login" | sed -E 's/.*"accessToken":"([^"]+)".*/\1/')
create='{"query":"mutation { createApiKey(input: {name: \"bench\", role: HQ_ANALYST, scope: ALL}) { secret } }"}'
key=$(gql "$create" "$jwt" | sed -E 's/.*"secret":"([^"]+)".*/\1/')
kill "$server"; wait "$server" 2>/dev/null || true

# Instructions of one server run answering `count` requests with `token` (none: no request).
instructions() {
  local token="$1" n="$2" out="$work/callgrind.$RANDOM"
  # `demo` again: the data is there, so it only serves, with the demo's kept secret.
  valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file="$out" "$bin" demo \
    >/dev/null 2>"$out.log" &
  server=$!
  until curl -sf "http://127.0.0.1:$port/healthz" >/dev/null; do
    kill -0 "$server" 2>/dev/null || { cat "$out.log" >&2; exit 1; }
    sleep 0.5
  done
  callgrind_control --instr=on "$server" >/dev/null 2>&1
  python3 "$requests" "$url" "$n" '{ __typename }' "$token"
  callgrind_control --instr=off "$server" >/dev/null 2>&1
  kill -TERM "$server"; wait "$server" 2>/dev/null || true
  grep -E '^totals:' "$out" | awk '{print $2}'
}
anonymous=$(instructions "" "$count")
with_jwt=$(instructions "$jwt" "$count")
with_key=$(instructions "$key" "$count")
awk -v i=0 -v a="$anonymous" -v j="$with_jwt" -v k="$with_key" -v n="$count" 'BEGIN {
  base = (a - i) / n
  printf "instructions per request of { __typename } (%d requests, callgrind):\n", n
  printf "  anonymous  %9.0f\n", base
  printf "  JWT        %9.0f  (+%.0f, +%.1f%%)\n", (j - i) / n, (j - a) / n, ((j - a) / n) / base * 100
  printf "  API key    %9.0f  (+%.0f, +%.1f%%)\n", (k - i) / n, (k - a) / n, ((k - a) / n) / base * 100
}'
