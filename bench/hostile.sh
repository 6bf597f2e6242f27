#!/usr/bin/env bash
# The hostile requests of issue 14, each measured at its worst against a fresh server: nested
# filter input objects (300 deep), a nested list literal (2,000 deep), fragments doubling 24
# times (and 28), 2,000 aliases of the full introspection (~98 KB; and the heaviest
# introspection of that size the old limits let through, with introspection public and with
# `serve`'s default), 200 aliases of salesMetrics at its row limit as HQ_ADMIN, and the
# heaviest salesMetrics requests the cost limit accepts (18 aliases grouped by region; one
# alias of 1,600 rows), each with 20 other clients meanwhile, a ~14 KB erroneous request (log
# bytes), login lockout (11 wrong admin passwords, then random usernames from the same
# address) and 30 on-demand PDF downloads in a row.
#   bench/hostile.sh [OUT.md]
# The demo data (scale 1) is seeded once into a SQLite file in a temporary directory; each
# attack runs on its own copy with its own server (so that peak memory is the attack's),
# with the server's default log filter and without the monthly archive. One Markdown row per
# attack: HTTP status, response bytes, errors[0].extensions.code, wall time, the server's CPU
# seconds (/proc/PID/stat) and peak RSS (VmHWM), RSS before and after, the p99 latency of
# `{ __typename }` sent meanwhile by one sequential client, whether the server still answers,
# and the bytes it logged; printed, and written to OUT.md when given.
# SALESGRAPH_BIN runs an already built binary instead of building the release one.
# Works with binaries from before and after that hardening (an older one ignores
# SALESGRAPH_INTROSPECTION, which the introspection attacks set).
# HOSTILE_TIMEOUT (default 120 s per attack request), HOSTILE_ONLY=name,name (a subset), HOSTILE_KEEP,
# HOSTILE_RSS_CAP_MB (default 8192: a server above it is killed), HOSTILE_LOG (log filter) and
# HOSTILE_SERVER_ENV (NAME=VALUE … for the server; RUST_LOG and RUST_BACKTRACE are unset)
# are read by bench/hostile.py. Needs python3 (standard library only) and Linux /proc.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
out="${1:-}"
if [ -n "$out" ]; then out="$(cd "$(dirname "$out")" && pwd)/$(basename "$out")"; fi
if [ -z "${SALESGRAPH_BIN:-}" ]; then cargo build --release -p salesgraph-api --quiet; fi
bin="${SALESGRAPH_BIN:-$root/target/release/salesgraph}"
bin="$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")"
work="$(mktemp -d)"
# HOSTILE_KEEP=1 keeps the databases and server logs (the directory is printed).
cleanup() { if [ -n "${HOSTILE_KEEP:-}" ]; then echo "kept $work" >&2; else rm -rf "$work"; fi; }
trap cleanup EXIT

export SALESGRAPH_JWT_SECRET="bench-only-secret-$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
unset RUST_LOG
seeded="$work/seeded.db"
(
  cd "$work"
  export DATABASE_URL="sqlite://$seeded?mode=rwc" SALESGRAPH_LOG=warn
  "$bin" migrate >/dev/null
  "$bin" seed --demo --scale 1 >/dev/null
)
python3 "$root/bench/hostile.py" prepare "$bin" "$seeded" "$work"
python3 "$root/bench/hostile.py" "$bin" "$seeded" "$work" "$out"
