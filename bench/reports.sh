#!/usr/bin/env bash
# Benchmark of the company monthly review (issue 6): the one-step download
# GET /reports/monthly-review.pdf?month=2026-10 against the release server on PostgreSQL,
# timed end to end by hyperfine, with the server's own split of each run into the GraphQL
# query and build + render (its `report produced` log lines), the PDF's size and pages.
#   bench/reports.sh [SCALES]        (default "1 50"; scale 50 ≈ 1,000,000 orders)
# Seeded databases are kept for the next run: sg_analytics_<scale> (the database of
# bench/analytics.sh); drop one to reseed. Needs hyperfine, curl, psql, python3 and the local
# PostgreSQL (SALESGRAPH_BENCH_POSTGRES, default postgres://postgres@127.0.0.1:5432).
# SALESGRAPH_BIN runs an already built binary.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
scales="${1:-1 50}"
runs="${RUNS:-10}"
server_url="${SALESGRAPH_BENCH_POSTGRES:-postgres://postgres@127.0.0.1:5432}"
if [ -z "${SALESGRAPH_BIN:-}" ]; then cargo build --release -p salesgraph-api --quiet; fi
bin="${SALESGRAPH_BIN:-$root/target/release/salesgraph}"
work="$(mktemp -d)"
port=18092
export SALESGRAPH_JWT_SECRET="bench-only-secret-$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
export SALESGRAPH_REPORT_ARCHIVE=false
cleanup() {
  kill "${server:-}" 2>/dev/null || true
  wait "${server:-}" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

for scale in $scales; do
  name="sg_analytics_$scale"
  export DATABASE_URL="$server_url/$name"
  fresh=$(psql "$server_url/postgres" -tAc "SELECT 1 FROM pg_database WHERE datname = '$name'")
  if [ -z "$fresh" ]; then
    psql "$server_url/postgres" -qc "CREATE DATABASE $name" >/dev/null
    echo "== seeding scale $scale"
    (cd "$work" && export SALESGRAPH_LOG=warn && "$bin" migrate >/dev/null && "$bin" seed --demo --scale "$scale" --as-of 2026-11-27)
  else
    (cd "$work" && SALESGRAPH_LOG=warn "$bin" migrate >/dev/null)
  fi
  log="$work/server-$scale.log"
  # exec: the server is the background job itself, so that killing the job stops it.
  (cd "$work" && SALESGRAPH_LISTEN="127.0.0.1:$port" SALESGRAPH_LOG="warn,salesgraph_api::reports=info" \
    exec "$bin" serve >/dev/null 2>"$log") &
  server=$!
  for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
  url="http://127.0.0.1:$port"
  login='{"query":"mutation { login(username: \"admin\", password: \"salesgraph-demo\") { accessToken } }"}'
  jwt=$(curl -sf "$url/graphql" -H 'content-type: application/json' -d "$login" | sed -E 's/.*"accessToken":"([^"]+)".*/\1/')
  : > "$log"
  echo "== scale $scale: company monthly review of 2026-10, $runs runs (+1 warm-up)"
  hyperfine --style basic --warmup 1 --runs "$runs" -n "GET /reports/monthly-review.pdf?month=2026-10 (scale $scale)" \
    "curl -sf -o $work/review.pdf -H 'authorization: Bearer $jwt' '$url/reports/monthly-review.pdf?month=2026-10'"
  python3 - "$log" "$work/review.pdf" <<'PY'
import re, statistics, sys
ansi = re.compile(r"\x1b\[[0-9;]*m")
lines = [ansi.sub("", line) for line in open(sys.argv[1]) if "report produced" in line]
rows = [dict(re.findall(r'(\w+)=("?[\w-]+"?)', line)) for line in lines]
q = [int(r["query_ms"]) for r in rows]; r_ = [int(r["render_ms"]) for r in rows]
print(f"server, {len(rows)} runs: query median {statistics.median(q)} ms (max {max(q)}), "
      f"build+render median {statistics.median(r_)} ms (max {max(r_)}); "
      f"{rows[-1]['pages']} pages, {int(rows[-1]['bytes']) / 1024:.1f} KB")
PY
  kill "$server"; wait "$server" 2>/dev/null || true; server=
done
