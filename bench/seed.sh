#!/usr/bin/env bash
# Benchmark of `salesgraph seed --demo --scale N` on SQLite and PostgreSQL: wall time and peak
# memory (max RSS) of the whole command, on a fresh database each time.
#   bench/seed.sh [SCALE]          (default 50, about 1,000,000 orders)
# Needs /usr/bin/time (Debian package `time`) and the local PostgreSQL at 127.0.0.1:5432.
set -euo pipefail
cd "$(dirname "$0")/.."
scale="${1:-50}"
cargo build --release -p salesgraph-api --quiet
bin="$PWD/target/release/salesgraph"
work="$(mktemp -d)"
trap 'rm -rf "$work"; psql -q -h 127.0.0.1 -U postgres -c "DROP DATABASE IF EXISTS salesgraph_bench" >/dev/null 2>&1 || true' EXIT

run() {
  local label="$1"
  DATABASE_URL="$2" "$bin" migrate >/dev/null 2>&1
  /usr/bin/time -f "$label: %e s wall, %M KB max RSS" \
    env DATABASE_URL="$2" RUST_LOG=warn "$bin" seed --demo --scale "$scale" --as-of 2026-11-27
}

run "sqlite scale $scale" "sqlite://$work/bench.db?mode=rwc"
psql -q -h 127.0.0.1 -U postgres -c "DROP DATABASE IF EXISTS salesgraph_bench" -c "CREATE DATABASE salesgraph_bench"
run "postgres scale $scale" "postgres://postgres@127.0.0.1:5432/salesgraph_bench"
