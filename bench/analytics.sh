#!/usr/bin/env bash
# Benchmark of `salesMetrics` against hand-written SQL: revenue, attainment and YoY grouped by
# BRANCH × MONTH for the year 2025-12 to 2026-11, through GraphQL (curl against the release
# server) and by bench/analytics.{postgres,sqlite}.sql run directly in psql / sqlite3, timed
# by hyperfine. Checks that both give the same figures before timing.
#   bench/analytics.sh [SCALE] [BACKENDS]      (default 50 ≈ 1,000,000 orders; "postgres sqlite")
# The seeded databases are kept for the next run (seeding scale 50 takes minutes): PostgreSQL
# database sg_analytics_<scale> and target/bench/analytics-<scale>.db; drop or delete them to
# reseed. Needs hyperfine, curl, psql, sqlite3, python3 and the local PostgreSQL
# (SALESGRAPH_BENCH_POSTGRES, default postgres://postgres@127.0.0.1:5432). SALESGRAPH_BIN runs
# an already built binary.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
scale="${1:-50}"
backends="${2:-postgres sqlite}"
server_url="${SALESGRAPH_BENCH_POSTGRES:-postgres://postgres@127.0.0.1:5432}"
if [ -z "${SALESGRAPH_BIN:-}" ]; then cargo build --release -p salesgraph-api --quiet; fi
bin="${SALESGRAPH_BIN:-$root/target/release/salesgraph}"
work="$(mktemp -d)"
port=18091
export SALESGRAPH_JWT_SECRET="bench-only-secret-$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
cleanup() {
  kill "${server:-}" 2>/dev/null || true
  wait "${server:-}" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

query='{ salesMetrics(input: {from: \"2025-12-01\", to: \"2026-11-30\", groupBy: [BRANCH, MONTH]}) { branchId period { label } revenue attainment yoyGrowth } }'
printf '{"query":"%s"}' "$query" > "$work/body.json"

for backend in $backends; do
  case "$backend" in
    postgres)
      name="sg_analytics_$scale"
      export DATABASE_URL="$server_url/$name"
      fresh=$(psql "$server_url/postgres" -tAc "SELECT 1 FROM pg_database WHERE datname = '$name'")
      [ -z "$fresh" ] && psql "$server_url/postgres" -qc "CREATE DATABASE $name" >/dev/null
      sql=(psql "$DATABASE_URL" -qAtF '|' -f "$root/bench/analytics.postgres.sql")
      ;;
    sqlite)
      mkdir -p "$root/target/bench"
      file="$root/target/bench/analytics-$scale.db"
      fresh=$([ -f "$file" ] && echo 1 || true)
      export DATABASE_URL="sqlite://$file?mode=rwc"
      sql=(sh -c "sqlite3 '$file' < '$root/bench/analytics.sqlite.sql'")
      ;;
    *) echo "unknown backend $backend" >&2; exit 2 ;;
  esac
  if [ -z "$fresh" ]; then
    echo "== seeding $backend at scale $scale"
    (cd "$work" && export SALESGRAPH_LOG=warn && "$bin" migrate >/dev/null && "$bin" seed --demo --scale "$scale" --as-of 2026-11-27)
  fi
  (cd "$work" && SALESGRAPH_LISTEN="127.0.0.1:$port" SALESGRAPH_LOG=warn "$bin" serve >/dev/null 2>&1) &
  server=$!
  for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
  url="http://127.0.0.1:$port/graphql"
  login='{"query":"mutation { login(username: \"admin\", password: \"salesgraph-demo\") { accessToken } }"}'
  jwt=$(curl -sf "$url" -H 'content-type: application/json' -d "$login" | sed -E 's/.*"accessToken":"([^"]+)".*/\1/')
  graphql=(curl -sf "$url" -H 'content-type: application/json' -H "authorization: Bearer $jwt" -d "@$work/body.json")

  # The same figures both ways, or no timing.
  "${graphql[@]}" > "$work/graphql.json"
  "${sql[@]}" > "$work/sql.txt"
  python3 - "$work/graphql.json" "$work/sql.txt" <<'EOF'
import json, sys
from decimal import Decimal
rows = json.load(open(sys.argv[1]))["data"]["salesMetrics"]
api = {(r["branchId"], r["period"]["label"]): (Decimal(r["revenue"]), r["attainment"], r["yoyGrowth"]) for r in rows}
sql = {}
for line in open(sys.argv[2]):
    branch, month, revenue, attainment, yoy = line.strip().split("|")
    sql[(branch, month)] = (Decimal(revenue), attainment or None, yoy or None)
same = all(api[k][0] == v[0] and Decimal(api[k][1] or 0) == Decimal(v[1] or 0) and Decimal(api[k][2] or 0) == Decimal(v[2] or 0)
           for k, v in sql.items()) and set(sql) <= set(api)
total = sum(v[0] for v in api.values())
print(f"{len(api)} rows, revenue {total}: GraphQL and SQL {'agree' if same else 'DISAGREE'}")
sys.exit(0 if same else 1)
EOF
  echo "== $backend, scale $scale: GraphQL vs hand-written SQL"
  hyperfine --warmup 2 --runs 15 --style basic \
    -n graphql "$(printf '%q ' "${graphql[@]}") >/dev/null" \
    -n sql "$(printf '%q ' "${sql[@]}") >/dev/null"
  kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true
done
