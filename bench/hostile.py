"""The hostile requests of issue 14, each against a fresh server on a copy of one seeded
SQLite database, with what each costs the server and its other clients. Run by
bench/hostile.sh, which builds (or takes SALESGRAPH_BIN) and seeds; standard library only.

    python3 bench/hostile.py prepare BIN SEEDED_DB WORK_DIR
    python3 bench/hostile.py BIN SEEDED_DB WORK_DIR [OUT.md]

`prepare` runs the server once on the freshly seeded database (which executes the report run
the seed queues) and folds its WAL into the file. Then, for every attack: copy SEEDED_DB,
start `BIN serve` on a free port with its stdout and stderr in a log file, wait for
/healthz, do the attack's setup (logins), then measure while the attack runs — the status,
size and first error code of the attack's (main) response, its wall time, the server's CPU
seconds (/proc/PID/stat utime+stime, less what the prober costs: calibrated per probe for 1 s
before the attack), peak RSS (VmHWM) and RSS after, the p99 latency of `{ __typename }` sent
by one sequential prober client (at most one per 5 ms) in flight during the attack, the server's
survival and the bytes it logged (the prober's own request lines, tagged with an x-request-id
of `hostile-probe-N`, and those of the metrics attacks' other clients counted apart) — and stop
the server. Prints one Markdown table, and
the attacks' texts in short, and writes both to OUT.md when given.

The server runs without RUST_LOG, RUST_BACKTRACE and RUST_LIB_BACKTRACE (HOSTILE_SERVER_ENV,
e.g. `RUST_BACKTRACE=1`, adds space-separated NAME=VALUE pairs to its environment), and with
each attack's own settings over those: the introspection attacks with
SALESGRAPH_INTROSPECTION=public (so that the cost limit, not the token, answers them; a binary
older than the setting ignores the variable), `introspection-aliases-max (default settings)`
without it. Works with binaries from before and after the hardening of issue 14: where one
salesMetrics alias of metrics-aliases is refused by the cost limit, that is reported instead
of its rows.
Environment: HOSTILE_TIMEOUT (seconds per attack request, default 120), HOSTILE_RSS_CAP_MB
(a server above it is killed so that the machine survives, default 8192), HOSTILE_ONLY
(comma-separated attack names to run, default all), HOSTILE_LOG (the server's log filter,
default the server's own default `info,sqlx=warn`).
"""
import http.client
import json
import os
import random
import re
import shutil
import signal
import socket
import sqlite3
import string
import subprocess
import sys
import threading
import time

CLK_TCK = os.sysconf("SC_CLK_TCK")
TIMEOUT = float(os.environ.get("HOSTILE_TIMEOUT", "120"))
RSS_CAP_KB = int(os.environ.get("HOSTILE_RSS_CAP_MB", "8192")) * 1024
LOG_FILTER = os.environ.get("HOSTILE_LOG", "info,sqlx=warn")
EXTRA_ENV = {k: v for k, v in (kv.split("=", 1) for kv in os.environ.get("HOSTILE_SERVER_ENV", "").split()
                               if "=" in kv)}
PASSWORD = "salesgraph-demo"  # api/src/seed.rs DEMO_PASSWORD, every demo account's
PROBE_QUERY = json.dumps({"query": "{ __typename }"}).encode()
KEEP_WHOLE = 32 << 20  # responses up to this size are parsed as JSON; larger: head and tail
ERRORS_MARKER = b'"errors":['  # and the errors of a larger one (after its data)


# ---------------------------------------------------------------- HTTP ----------------------

class Reply:
    """One HTTP exchange: status (an int, or `timeout` / `error: …`), size, body or its ends."""

    def __init__(self, status, size, head, tail, whole, seconds, errors_part=None):
        self.status, self.size, self.seconds = status, size, seconds
        self.head, self.tail, self.whole = head, tail, whole
        self.errors_part = errors_part  # of a large body: from `"errors":[` on

    def errors(self):
        """The `errors` list (of a large body too: parsed from `"errors":[` on), or None."""
        doc = self.json()
        if isinstance(doc, dict):
            return doc.get("errors")
        if self.errors_part:
            part = self.errors_part[len(ERRORS_MARKER) - 1:].rstrip()
            if part.endswith(b"}"):
                try:
                    return json.loads(part[:-1])
                except ValueError:
                    pass
        return None

    def json(self):
        if self.whole is None:
            return None
        try:
            return json.loads(self.whole)
        except ValueError:
            return None

    def code(self):
        """`errors[0].extensions.code` (or the `code` of a plain `{code, message}` body), `none`
        when there is no error, `-` when there was no answer."""
        if not isinstance(self.status, int):
            return "-"
        errors = self.errors()
        if errors:
            return (errors[0].get("extensions") or {}).get("code") or "(no code)"
        doc = self.json()
        if isinstance(doc, dict):
            return doc.get("code") or "none"
        # Not JSON, or errors too many to parse: the first error's code, wherever it is.
        for part in (self.errors_part or b"", self.tail, self.head):
            text = part.decode("utf-8", "replace")
            at = text.find('"errors":[')
            if at >= 0:
                found = re.search(r'"code":"([A-Z_]+)"', text[at:])
                return found.group(1) if found else "(no code)"
        return "none"

    def message(self):
        errors = self.errors()
        if errors:
            return errors[0].get("message", "")
        doc = self.json()
        if isinstance(doc, dict):
            return doc.get("message", "")
        return ""


def request(port, method, path, body=None, token=None, request_id=None, timeout=TIMEOUT):
    """Sends one request on a new connection; never raises, never waits past `timeout`."""
    headers = {}
    if body is not None:
        headers["content-type"] = "application/json"
    if token:
        headers["authorization"] = f"Bearer {token}"
    if request_id:
        headers["x-request-id"] = request_id
    start = time.monotonic()
    deadline = start + timeout
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request(method, path, body, headers)
        conn.sock.settimeout(max(0.1, deadline - time.monotonic()))
        response = conn.getresponse()
        size, head, tail, chunks, carry, errors_part = 0, b"", b"", [], b"", None
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise socket.timeout()
            conn.sock.settimeout(remaining)
            chunk = response.read(1 << 20)
            if not chunk:
                break
            size += len(chunk)
            if len(head) < 65536:
                head += chunk[: 65536 - len(head)]
            tail = (tail + chunk)[-65536:]
            if errors_part is None:
                window = carry + chunk
                at = window.find(ERRORS_MARKER)
                if at >= 0:
                    errors_part = window[at:]
                else:
                    carry = window[-len(ERRORS_MARKER):]
            elif len(errors_part) < KEEP_WHOLE:
                errors_part += chunk
            if chunks is not None:
                chunks.append(chunk)
                if size > KEEP_WHOLE:
                    chunks = None
        whole = b"".join(chunks) if chunks is not None else None
        return Reply(response.status, size, head, tail, whole, time.monotonic() - start,
                     errors_part if whole is None else None)
    except (socket.timeout, TimeoutError):
        return Reply("timeout", 0, b"", b"", None, time.monotonic() - start)
    except (OSError, http.client.HTTPException) as e:
        return Reply(f"error: {type(e).__name__}", 0, b"", b"", None, time.monotonic() - start)
    finally:
        conn.close()


def graphql(port, query, token=None, request_id=None, timeout=TIMEOUT):
    body = json.dumps({"query": query}).encode()
    return request(port, "POST", "/graphql", body, token, request_id, timeout)


def login(port, username, password):
    query = "mutation { login(username: %s, password: %s) { accessToken } }" % (
        json.dumps(username), json.dumps(password))
    return graphql(port, query)


def token_of(reply):
    doc = reply.json() or {}
    try:
        return doc["data"]["login"]["accessToken"]
    except (KeyError, TypeError):
        sys.exit(f"login failed: {reply.status} {reply.head[:300]!r}")


# ---------------------------------------------------------------- the server ----------------

def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def proc_status(pid):
    """(VmHWM, VmRSS) in kB, or None once the process is gone or a zombie."""
    try:
        with open(f"/proc/{pid}/status") as f:
            fields = dict(line.split(":", 1) for line in f if ":" in line)
        return int(fields["VmHWM"].split()[0]), int(fields["VmRSS"].split()[0])
    except (OSError, KeyError, ValueError):
        return None


def proc_cpu(pid):
    """utime + stime of the process (all its threads), in seconds, or None."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / CLK_TCK
    except (OSError, IndexError, ValueError):
        return None


class Server:
    """`BIN serve` on its own database file, logging to a file."""

    def __init__(self, binary, db, log, work, settings=None):
        self.db, self.log, self.port = db, log, free_port()
        # A deployment's environment: no RUST_LOG, and no RUST_BACKTRACE (with it, every
        # INTERNAL error logs a backtrace of some 70 KB).
        env = {k: v for k, v in os.environ.items()
               if k not in ("RUST_LOG", "RUST_BACKTRACE", "RUST_LIB_BACKTRACE")}
        env.update(EXTRA_ENV)
        # The attack's own settings (None: unset), over HOSTILE_SERVER_ENV.
        for k, v in (settings or {}).items():
            if v is None:
                env.pop(k, None)
            else:
                env[k] = v
        env.update({
            "DATABASE_URL": f"sqlite://{db}?mode=rwc",
            "SALESGRAPH_LISTEN": f"127.0.0.1:{self.port}",
            "SALESGRAPH_LOG": LOG_FILTER,
            # The monthly archive would render a year of reviews at start-up.
            "SALESGRAPH_REPORT_ARCHIVE": "false",
        })
        self.log_file = open(log, "wb")
        self.proc = subprocess.Popen([binary, "serve"], cwd=work, env=env, stdin=subprocess.DEVNULL,
                                     stdout=self.log_file, stderr=subprocess.STDOUT)
        self.pid = self.proc.pid
        self.hwm = self.rss = 0
        self.capped = False
        self._stop = threading.Event()
        threading.Thread(target=self._watch, daemon=True).start()
        for _ in range(300):
            if self.proc.poll() is not None:
                sys.exit(f"the server exited at start-up ({self.proc.returncode}); see {log}")
            if request(self.port, "GET", "/healthz", timeout=2).status == 200:
                break
            time.sleep(0.1)
        else:
            self.stop()
            sys.exit(f"the server did not answer /healthz within 30 s; see {log}")

    def _watch(self):
        """Keeps the last VmHWM/VmRSS seen (a dead process has none) and enforces the cap."""
        while not self._stop.is_set():
            status = proc_status(self.pid)
            if status is None:
                return
            self.hwm, self.rss = max(self.hwm, status[0]), status[1]
            if status[1] > RSS_CAP_KB and not self.capped:
                self.capped = True
                self.proc.kill()
            time.sleep(0.05)

    def memory(self):
        """(peak RSS seen, current RSS or None when gone), in kB."""
        status = proc_status(self.pid)
        if status:
            self.hwm, self.rss = max(self.hwm, status[0]), status[1]
        return self.hwm, (status[1] if status else None)

    def cpu(self):
        return proc_cpu(self.pid)

    def log_size(self):
        return os.path.getsize(self.log)

    def alive(self):
        if self.capped:
            return f"killed by this script (RSS over {RSS_CAP_KB >> 10} MB)"
        if self.proc.poll() is not None:
            return f"no (exit {self.proc.returncode})"
        reply = request(self.port, "GET", "/healthz", timeout=10)
        return "yes" if reply.status == 200 else f"hung ({reply.status})"

    def stop(self):
        self._stop.set()
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log_file.close()


class Prober(threading.Thread):
    """`{ __typename }`, anonymous, one request after the other on one keep-alive connection,
    at most one every PACE seconds (so that the prober itself costs the server little)."""

    PACE = 0.005

    def __init__(self, port):
        super().__init__(daemon=True)
        self.port, self.stop_event = port, threading.Event()
        self.samples = []  # (start, milliseconds, ok)

    def run(self):
        conn, n = None, 0
        while not self.stop_event.is_set():
            n += 1
            start = time.monotonic()
            try:
                if conn is None:
                    conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                conn.request("POST", "/graphql", PROBE_QUERY, {
                    "content-type": "application/json", "x-request-id": f"hostile-probe-{n}"})
                response = conn.getresponse()
                ok = response.status == 200 and b'"QueryRoot"' in response.read()
            except (OSError, http.client.HTTPException):
                ok = False
                if conn is not None:
                    conn.close()
                conn = None
            # A failed probe counts with the time it took (the client waited that long).
            elapsed = time.monotonic() - start
            self.samples.append((start, elapsed * 1000, ok))
            time.sleep(max(0.05 if not ok else 0.0, self.PACE - elapsed))
        if conn is not None:
            conn.close()

    def finish(self):
        self.stop_event.set()
        self.join(40)

    def during(self, since, until):
        """The probes that were in flight at some moment of [since, until]."""
        return [(ms, ok) for start, ms, ok in self.samples
                if start <= until and start + ms / 1000 >= since]

    def count(self, since, until):
        return len(self.during(since, until))

    def summary(self, since, until):
        """p99 of the probes in flight during [since, until], with their number and failures."""
        window = self.during(since, until)
        values = sorted(ms for ms, _ in window)
        if not values:
            after = next((ms for start, ms, _ in self.samples if start > until), None)
            return "n=0 (shorter than the probes' pace" + (
                f"; the next probe took {after:.0f} ms" if after is not None else "") + ")"
        p99 = values[max(0, -(-len(values) * 99 // 100) - 1)]
        failed = sum(1 for _, ok in window if not ok)
        return (f"{p99:.0f} (n={len(values)}, max {values[-1]:.0f}"
                + (f", {failed} failed" if failed else "") + ")")


# ---------------------------------------------------------------- the attacks ---------------

def nested_filter():
    depth = 300
    return ("{ branches(filter: " + "{ not: " * depth + '{ code: { eq: "x" } }' + " }" * depth
            + ") { totalCount } }")


def nested_list():
    depth = 2000
    return ("{ branches(filter: { code: { in: " + "[" * depth + '"x"' + "]" * depth
            + " } }) { totalCount } }")


def fragments(levels=24):
    # The query type is QueryRoot (schema.graphql), so that the fragments are valid.
    text = "fragment F0 on QueryRoot { __typename }\n"
    for i in range(1, levels + 1):
        text += f"fragment F{i} on QueryRoot {{ ...F{i - 1} ...F{i - 1} }}\n"
    return text + f"{{ ...F{levels} }}"


# The standard introspection selection (graphql-js getIntrospectionQuery: FullType, InputValue,
# TypeRef with ofType 7 levels deep), written compactly.
INTROSPECTION_FRAGMENTS = (
    "fragment FullType on __Type{kind name description fields(includeDeprecated:true){name "
    "description args{...InputValue}type{...TypeRef}isDeprecated deprecationReason}"
    "inputFields{...InputValue}interfaces{...TypeRef}enumValues(includeDeprecated:true){name "
    "description isDeprecated deprecationReason}possibleTypes{...TypeRef}}\n"
    "fragment InputValue on __InputValue{name description type{...TypeRef}defaultValue}\n"
    "fragment TypeRef on __Type{kind name ofType{kind name ofType{kind name ofType{kind name "
    "ofType{kind name ofType{kind name ofType{kind name ofType{kind name}}}}}}}}\n"
)


def introspection_aliases():
    """2,000 aliases of `__schema` with the full type selection: about 98 KB."""
    aliases = " ".join(f"s{i}:__schema{{queryType{{name}}types{{...FullType}}}}" for i in range(2000))
    return "{" + aliases + "}\n" + INTROSPECTION_FRAGMENTS


def introspection_max():
    """The heaviest introspection of the same size that every limit lets through: 2,750
    aliases of `__schema{types{fields{name}}}` (4 fields each, 11,000 in all, under the
    20,000 fields and 20,000 complexity; 98 KB, under max_body_bytes)."""
    return "{" + " ".join(f"s{i}:__schema{{types{{fields{{name}}}}}}" for i in range(2750)) + "}"


METRICS = ("revenue orders units averageOrderValue newCustomers target attainment pace yoyGrowth "
           "momGrowth winRate wonDeals lostDeals averageDealSize salesCycleDays csat nps churnRate "
           "productMixShare weightedPipeline")
# 100 business days by the demo's 100 employees with data: 10,000 rows, salesMetrics' MAX_ROWS.
METRICS_INPUT = '{ from: "2025-01-01", to: "2025-04-10", groupBy: [EMPLOYEE, DAY] }'


def metrics_alias(i):
    return (f"m{i}: salesMetrics(input: {METRICS_INPUT}) {{ employeeId employee {{ name }} "
            f"period {{ label start end }} {METRICS} }}")


def metrics_aliases():
    return "{ " + "\n".join(metrics_alias(i) for i in range(200)) + " }"


# The heaviest salesMetrics requests that the cost limit of 20,000 accepts, found by trying on
# the hardened debug build (each costs 1,000 plus its expected rows — periods × a typical size
# of each dimension, REGION 5, EMPLOYEE 50 — times its row's fields, a nested field counting
# 1 plus its own). Of the shapes tried (no groupBy, REGION, CUSTOMER_SEGMENT, BRANCH, YEAR,
# QUARTER, MONTH, EMPLOYEE, PRODUCT, EMPLOYEE×DAY, EMPLOYEE×WEEK, EMPLOYEE×PRODUCT), every
# metric grouped by REGION over the demo's two years cost the most CPU per unit of cost: 18
# aliases of 1,000 + 5 × 22 = 1,110 cost 19,980 (19 aliases: 21,090; `regionId` as well:
# 20,070; both refused).
METRICS_MAX_ALIASES = 18
METRICS_MAX_INPUT = '{ from: "2025-01-01", to: "2026-12-31", groupBy: [REGION] }'
METRICS_MAX_COST = METRICS_MAX_ALIASES * (1000 + 5 * (2 + len(METRICS.split())))
# One alias at the limit with the most rows: EMPLOYEE × WEEK over 104 days (15 weeks by the
# cost's count; 100 employees × 16 weeks = 1,600 rows in fact) with 25 fields: 1,000 + 50 ×
# 15 × 25 = 19,750 (111 days, or `period { label start end }`: 21,000 and 20,500, refused).
METRICS_GROUPED_INPUT = '{ from: "2025-01-01", to: "2025-04-14", groupBy: [EMPLOYEE, WEEK] }'
METRICS_GROUPED_COST = 1000 + 50 * (104 // 7 + 1) * (2 + 3 + len(METRICS.split()))


def metrics_max():
    return "{ " + "\n".join(
        f"m{i}: salesMetrics(input: {METRICS_MAX_INPUT}) {{ region {{ name }} {METRICS} }}"
        for i in range(METRICS_MAX_ALIASES)) + " }"


def metrics_max_grouped():
    return (f"{{ m0: salesMetrics(input: {METRICS_GROUPED_INPUT}) {{ employee {{ name }} "
            f"period {{ label start }} {METRICS} }} }}")


def log_flood():
    """About 14 KB: a mutation of unknown fields, anonymous (each one an error)."""
    fields, i = [], 0
    while sum(len(f) + 1 for f in fields) < 14_000:
        fields.append(f"e{i}: noSuchMutation{i}(input: {{ bad: {i} }}) {{ id }}")
        i += 1
    return "mutation { " + " ".join(fields) + " }"


CHEAP_AUTHENTICATED = "{ branches(first: 1) { totalCount } }"
LOG_URI = "/reports/monthly-review.pdf?month=" + "x" * 14_000


def result(reply, wall=None, notes=""):
    return {"reply": reply, "wall": reply.seconds if wall is None else wall, "notes": notes}


def count_codes(replies):
    counts = {}
    for r in replies:
        code = r.code() if r.status == 200 else f"{r.status}/{r.code()}"
        counts[code] = counts.get(code, 0) + 1
    return ", ".join(f"{k}×{v}" for k, v in sorted(counts.items()))


def no_setup(server):
    return {}


def single(query, describe=None):
    """An attack of one anonymous POST."""
    def attack(server, ctx):
        reply = graphql(server.port, query)
        notes = describe(reply) if describe else ""
        if not notes and reply.code() not in ("none", "-"):
            notes = reply.message()[:160]
        return result(reply, notes=notes)
    return no_setup, attack


def introspection_notes(reply):
    doc = reply.json()
    if isinstance(doc, dict) and doc.get("data"):
        return f"{len(doc['data'])} aliases answered"
    return reply.message()[:160] or f"{reply.size / 1e6:.1f} MB answered"


def metrics_logins(server):
    return {"admin": token_of(login(server.port, "admin", PASSWORD)),
            "analyst": token_of(login(server.port, "analyst", PASSWORD))}


def metrics_setup(server):
    ctx = metrics_logins(server)
    # One alias alone, to tell what the 200 amount to: 10,000 rows (salesMetrics' MAX_ROWS)
    # where analyses have no cost, refused by the cost limit where they have one.
    one = graphql(server.port, "{ " + metrics_alias(0) + " }", ctx["admin"])
    doc = one.json() or {}
    if one.status != 200:
        sys.exit(f"one salesMetrics alias failed: {one.status} {one.head[:400]!r}")
    if doc.get("errors"):
        ext = doc["errors"][0].get("extensions") or {}
        if "cost" not in ext:
            sys.exit(f"one salesMetrics alias is not valid: {one.head[:400]!r}")
        one.rows = None
        one.refusal = f"refused, {ext.get('code')} cost {ext['cost']:,} of {ext.get('limit', 0):,}"
    else:
        one.rows = len(doc["data"]["m0"])
    one.whole = None
    ctx["one"] = one
    return ctx


def refusal_of(errors):
    """`refused: CODE cost N of M` when the whole request was refused (errors without a path)."""
    if errors and not any(e.get("path") for e in errors):
        ext = errors[0].get("extensions") or {}
        if "cost" in ext:
            return f"refused before anything ran: {ext.get('code')} cost {ext['cost']:,} of {ext.get('limit', 0):,}"
        return f"refused before anything ran: {ext.get('code')} \"{errors[0].get('message', '')[:100]}\""
    return None


def metrics_run(query, aliases, describe_ok, first_wave=0.5):
    """An attack of one salesMetrics request of `aliases` aliases as HQ_ADMIN, with 20 other
    clients (analyst) meanwhile: a wave of 20 concurrent cheap queries `first_wave` seconds
    into the attack, then every 2 s until it ends."""
    def attack(server, ctx):
        done = threading.Event()
        out = {}

        def attacker():
            out["reply"] = graphql(server.port, query, ctx["admin"])
            done.set()

        others, lock = [], threading.Lock()
        start = time.monotonic()

        def other(n):
            k = 0
            while not done.is_set():
                tick = start + first_wave + 2 * k
                k += 1
                if done.wait(max(0.0, tick - time.monotonic())):
                    return
                r = graphql(server.port, CHEAP_AUTHENTICATED, ctx["analyst"], f"hostile-other-{n}-{k}")
                with lock:
                    others.append(r)

        a = threading.Thread(target=attacker, daemon=True)
        a.start()
        threads = [threading.Thread(target=other, args=(n,), daemon=True) for n in range(20)]
        for t in threads:
            t.start()
        a.join(TIMEOUT + 5)
        done.set()
        for t in threads:
            t.join(TIMEOUT + 5)
        bad = [r for r in others if r.status != 200 or r.code() != "none"]
        slowest = max((r.seconds for r in others), default=0)
        reply = out.get("reply") or Reply("timeout", 0, b"", b"", None, time.monotonic() - start)
        notes = (f"20 other clients (analyst, waves of 20 concurrent every 2 s from {first_wave} s): "
                 f"{len(others)} cheap queries, {len(bad)} errors"
                 + (f" ({count_codes(bad)})" if bad else "")
                 + (f", slowest {slowest:.2f} s" if others else ""))
        one = ctx.get("one")
        if one is not None:
            alone = (f"{one.rows:,} rows, {one.size / 1e6:.1f} MB, {one.seconds:.2f} s"
                     if one.rows is not None else f"{one.refusal}, {one.seconds:.3f} s")
            notes = f"one alias alone: {alone}; " + notes
        errors = reply.errors() or []
        refused = refusal_of(errors)
        if refused:
            notes = refused + "; " + notes
        elif errors:
            codes = {}
            for e in errors:
                code = (e.get("extensions") or {}).get("code")
                codes[code] = codes.get(code, 0) + 1
            paths = [e.get("path") or [] for e in errors]
            whole = sum(1 for p in paths if len(p) == 1)
            touched = len({p[0] for p in paths if p})
            notes = (f"attacker's answer: {len(errors):,} errors ("
                     + ", ".join(f"{k}×{v:,}" for k, v in codes.items())
                     + f", \"{reply.message()[:60]}\") in {touched} of {aliases} aliases, {whole} "
                     f"of them failed whole (the others: rows' fields); " + notes)
        elif isinstance(reply.status, int) and reply.status == 200:
            doc = reply.json()
            if isinstance(doc, dict) and isinstance(doc.get("data"), dict):
                data = doc["data"]
                rows = sum(len(v) for v in data.values() if isinstance(v, list))
                notes = (f"{describe_ok}: {len(data)} of {aliases} aliases answered, {rows:,} rows, "
                         f"no error; " + notes)
        if reply.status == 408:
            notes = "cut off with 408 by request_timeout_secs (30 s); " + notes
        return result(reply, notes=notes)
    return attack


def log_flood_attack(server, ctx):
    query = log_flood()
    reply = graphql(server.port, query)
    doc = reply.json() or {}
    return result(reply, notes=f"request {len(query):,} B, "
                  f"{len(doc.get('errors') or [])} errors in the answer")


def log_flood_after(server):
    """Measured after the row's window: 14 KB in the request line instead of the body."""
    before = server.log_size()
    reply = request(server.port, "GET", LOG_URI)
    time.sleep(0.3)
    return (f"; then GET /reports/monthly-review.pdf?month=xxx… (14 KB URI), anonymous: "
            f"{reply.status} {reply.code()}, log +{server.log_size() - before:,} B")


def lockout_attack(server, ctx):
    start = time.monotonic()
    wrong = [login(server.port, "admin", "wrong") for _ in range(11)]
    twelfth = login(server.port, "admin", PASSWORD)
    names = ["u" + "".join(random.choices(string.ascii_lowercase, k=10)) for _ in range(10)]
    guesses = [login(server.port, name, "wrong") for name in names]
    manager = login(server.port, "mgr.sh", PASSWORD)
    wall = time.monotonic() - start

    def verdict(r):
        if r.code() == "none":
            return "logged in"
        return f"{r.code()} \"{r.message()}\""
    locked_at = next((i + 1 for i, r in enumerate(wrong) if "too many" in r.message()), None)
    notes = (f"11 wrong admin passwords: {count_codes(wrong)} in {sum(r.seconds for r in wrong):.1f} s, "
             f"'too many' from attempt {locked_at}; 12th, right password: admin {verdict(twelfth)}; "
             f"10 random usernames: {count_codes(guesses)} "
             f"({sum('too many' in r.message() for r in guesses)} 'too many', "
             f"{sum(r.seconds for r in guesses):.1f} s); then mgr.sh/{PASSWORD}: {verdict(manager)}")
    return result(twelfth, wall, notes)


def db_counts(path):
    """report_runs rows, report_files rows, PDF bytes, and the database's size with its WAL."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)
    try:
        runs = con.execute("SELECT count(*) FROM report_runs").fetchone()[0]
        files, pdf = con.execute(
            "SELECT count(*), coalesce(sum(length(pdf)), 0) FROM report_files").fetchone()
    finally:
        con.close()
    size = sum(os.path.getsize(p) for p in (path, path + "-wal") if os.path.exists(p))
    return runs, files, pdf, size


def pdf_setup(server):
    return {"token": token_of(login(server.port, "admin", PASSWORD)), "before": db_counts(server.db)}


def pdf_attack(server, ctx):
    start = time.monotonic()
    replies = []
    for _ in range(30):
        remaining = TIMEOUT - (time.monotonic() - start)
        if remaining <= 0:
            break
        replies.append(request(server.port, "GET", "/reports/monthly-review.pdf?month=2026-10",
                               token=ctx["token"], timeout=remaining))
    wall = time.monotonic() - start
    time.sleep(0.5)
    runs, files, pdf, size = db_counts(server.db)
    runs0, files0, pdf0, size0 = ctx["before"]
    statuses = {}
    for r in replies:
        statuses[r.status] = statuses.get(r.status, 0) + 1
    last = replies[-1]
    total = sum(r.size for r in replies)
    notes = (f"{len(replies)} downloads ({', '.join(f'HTTP {k}×{v}' for k, v in statuses.items())}), "
             f"{total / 1e6:.2f} MB, each {min(r.seconds for r in replies):.2f}–"
             f"{max(r.seconds for r in replies):.2f} s; database: +{runs - runs0} report_runs, "
             f"+{files - files0} report_files ({(pdf - pdf0) / 1e6:.2f} MB of PDF), "
             f"file +{(size - size0) / 1e6:.2f} MB (db+wal)")
    summary = Reply(last.status, total, last.head, last.tail, last.whole, wall)
    return result(summary, wall, notes)


# The server's settings per attack (None: unset). The introspection attacks run with
# introspection public, so that the cost limit, not the token, is what answers them (the
# setting exists since the hardening: `serve` refuses anonymous introspection by default; an
# older binary ignores the variable and answers everyone); one of them runs with the default.
PUBLIC_INTROSPECTION = {"SALESGRAPH_INTROSPECTION": "public"}
DEFAULT_SETTINGS = {"SALESGRAPH_INTROSPECTION": None}

ATTACKS = [
    ("nested-filter", *single(nested_filter()), {}),
    ("nested-list", *single(nested_list()), {}),
    ("fragments", *single(fragments()), {}),
    ("fragments-28", *single(fragments(28)), {}),
    ("introspection-aliases", *single(introspection_aliases(), introspection_notes),
     PUBLIC_INTROSPECTION),
    ("introspection-aliases-max", *single(introspection_max(), introspection_notes),
     PUBLIC_INTROSPECTION),
    ("introspection-aliases-max (default settings)",
     *single(introspection_max(), introspection_notes), DEFAULT_SETTINGS),
    ("metrics-aliases", metrics_setup, metrics_run(metrics_aliases(), 200, "answered"), {}),
    ("metrics-max", metrics_logins,
     metrics_run(metrics_max(), METRICS_MAX_ALIASES, f"{METRICS_MAX_COST:,} of 20,000 by the cost of analyses",
                 first_wave=0.1), {}),
    ("metrics-max-grouped", metrics_logins,
     metrics_run(metrics_max_grouped(), 1, f"{METRICS_GROUPED_COST:,} of 20,000 by the cost of analyses",
                 first_wave=0.1), {}),
    ("log-flood", no_setup, log_flood_attack, {}),
    ("lockout", no_setup, lockout_attack, {}),
    ("pdf-flood", pdf_setup, pdf_attack, {}),
]


def describe(names):
    """What each attack in `names` sends, for the report under the table."""
    q4, q4m, q5 = introspection_aliases(), introspection_max(), metrics_aliases()
    body = lambda q: len(json.dumps({"query": q}))  # noqa: E731
    text = {
        "nested-filter": f"- nested-filter ({body(nested_filter()):,} B body): `{{ branches(filter: "
        f"{{ not: … (300×) {{ code: {{ eq: \"x\" }} }} … }}) {{ totalCount }} }}`",
        "nested-list": f"- nested-list ({body(nested_list()):,} B): `{{ branches(filter: {{ code: "
        f"{{ in: [[[… (2,000×) \"x\" …]]] }} }}) {{ totalCount }} }}`",
        "fragments": f"- fragments ({body(fragments()):,} B): `fragment F0 on QueryRoot "
        f"{{ __typename }}`, `fragment Fi on QueryRoot {{ ...F(i-1) ...F(i-1) }}` for i = 1…24, "
        f"`{{ ...F24 }}`",
        "fragments-28": f"- fragments-28 ({body(fragments(28)):,} B): the same with 28 levels, 2^28 "
        f"fields (not in issue 14: its refusal costs grow with the expanded size)",
        "introspection-aliases": f"- introspection-aliases ({body(q4):,} B, anonymous, setting "
        f"introspection = public): `{{s0:__schema{{queryType{{name}}types{{...FullType}}}} s1:… "
        f"s1999:…}}` + the FullType, InputValue and TypeRef fragments of graphql-js's standard "
        f"introspection query",
        "introspection-aliases-max": f"- introspection-aliases-max ({body(q4m):,} B, anonymous, "
        f"setting introspection = public): `{{s0:__schema{{types{{fields{{name}}}}}} … s2749:…}}` "
        f"(not in issue 14: the heaviest introspection of that size under every limit before "
        f"introspection had a cost: 11,000 fields)",
        "introspection-aliases-max (default settings)": f"- introspection-aliases-max (default "
        f"settings) ({body(q4m):,} B, anonymous, without SALESGRAPH_INTROSPECTION): the query of "
        f"introspection-aliases-max with `serve`'s default (authenticated where the setting "
        f"exists; a binary without it answers everyone)",
        "metrics-aliases": f"- metrics-aliases ({body(q5):,} B, as admin): 200× `mN: salesMetrics("
        f"input: {METRICS_INPUT}) {{ employeeId employee {{ name }} period {{ label start end }} "
        f"{METRICS} }}`; meanwhile, as analyst, waves of 20 concurrent `{CHEAP_AUTHENTICATED}` "
        f"0.5 s into the attack and every 2 s until it ends. Before it, one alias alone (a "
        f"separate request, not measured in the row)",
        "metrics-max": f"- metrics-max ({body(metrics_max()):,} B, as admin; not in issue 14): "
        f"{METRICS_MAX_ALIASES}× `mN: salesMetrics(input: {METRICS_MAX_INPUT}) {{ region {{ name }} "
        f"{METRICS} }}` — the heaviest salesMetrics request found that the cost limit accepts "
        f"(cost {METRICS_MAX_COST:,} of 20,000: 18 × (1,000 + 5 rows × 22); 19 aliases cost "
        f"21,090); meanwhile the other clients of metrics-aliases, their first wave 0.1 s into the "
        f"attack (it may be shorter than 0.5 s)",
        "metrics-max-grouped": f"- metrics-max-grouped ({body(metrics_max_grouped()):,} B, as "
        f"admin; not in issue 14): one `salesMetrics(input: {METRICS_GROUPED_INPUT}) {{ employee "
        f"{{ name }} period {{ label start }} {METRICS} }}` — one alias near the limit (cost "
        f"{METRICS_GROUPED_COST:,}: 1,000 + 50 × 15 rows × 25; 1,600 rows in fact); the other "
        f"clients as in metrics-max",
        "log-flood": f"- log-flood ({body(log_flood()):,} B): `mutation {{ e0: noSuchMutation0("
        f"input: {{ bad: 0 }}) {{ id }} e1: … }}`, anonymous",
        "lockout": "- lockout: 11× `login(username: \"admin\", password: \"wrong\")`, then the "
        "right password, 10 random usernames with a wrong password, then `mgr.sh`/"
        "`salesgraph-demo`, all from 127.0.0.1; status, size and code are the 12th login's",
        "pdf-flood": "- pdf-flood (as admin): 30× `GET /reports/monthly-review.pdf?month=2026-10` "
        "in a row; status is the last one's, size the sum",
    }
    return [text[n] for n in names]


def prepare(binary, seeded, work):
    """Runs the server once on the seeded database, so that the report run the seed queues is
    executed there and not at every attack's start-up, then folds the WAL into the file."""
    server = Server(binary, seeded, os.path.join(work, "prepare.log"), work)
    try:
        for _ in range(600):
            with open(server.log, "rb") as f:
                if b"queued report runs executed" in f.read():
                    break
            time.sleep(0.1)
    finally:
        server.stop()
    con = sqlite3.connect(seeded)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()


def measure(binary, seeded, work, name, setup, attack, settings):
    slug = re.sub(r"[^a-z0-9-]+", "-", name.lower()).strip("-")
    db = os.path.join(work, f"{slug}.db")
    shutil.copyfile(seeded, db)
    server = Server(binary, db, os.path.join(work, f"{slug}.log"), work, settings)
    try:
        ctx = setup(server)
        time.sleep(0.5)
        _, rss_before = server.memory()
        log0 = server.log_size()
        prober = Prober(server.port)
        prober.start()
        # Calibration: what the prober alone costs the server, per probe.
        time.sleep(0.2)
        c0, t0 = server.cpu(), time.monotonic()
        time.sleep(1.0)
        c1, t1 = server.cpu(), time.monotonic()
        per_probe = (c1 - c0) / max(1, prober.count(t0, t1))
        cpu0, start = server.cpu(), time.monotonic()
        outcome = attack(server, ctx)
        end = time.monotonic()
        cpu1 = server.cpu()
        time.sleep(0.3)  # the log lines of the end of the attack
        prober.finish()
        hwm, rss_after = server.memory()
        with open(server.log, "rb") as f:
            f.seek(log0)
            logged = f.read()
        alive = server.alive()
        lines = logged.splitlines(keepends=True)
        probe_log = sum(len(line) for line in lines if b"hostile-probe-" in line)
        other_log = sum(len(line) for line in lines if b"hostile-other-" in line)
        notes = outcome["notes"]
        if other_log:
            notes += f"; the other clients' log lines: {other_log:,} B"
        if name == "log-flood" and alive == "yes":
            notes += log_flood_after(server)
    finally:
        server.stop()
    if cpu0 is not None and cpu1 is not None:
        cpu = f"{max(0.0, cpu1 - cpu0 - per_probe * prober.count(start, end)):.2f}"
    else:
        cpu = "? (process gone)"
    reply = outcome["reply"]
    status = reply.status if reply.status != "timeout" else f"timeout ({TIMEOUT:.0f} s)"
    return [
        name, str(status), f"{reply.size:,}", reply.code(), f"{outcome['wall']:.3f}", cpu,
        f"{hwm / 1024:.0f}",
        f"{(rss_before or 0) / 1024:.0f} → " + (f"{rss_after / 1024:.0f}" if rss_after else "-"),
        prober.summary(start, end), alive, f"{len(logged) - probe_log - other_log:,} (+{probe_log:,})",
        notes.replace("\n", " "),
    ]


def main():
    if sys.argv[1] == "prepare":
        return prepare(*sys.argv[2:5])
    binary, seeded, work = sys.argv[1], sys.argv[2], sys.argv[3]
    out = sys.argv[4] if len(sys.argv) > 4 and sys.argv[4] else None
    only = {n for n in os.environ.get("HOSTILE_ONLY", "").split(",") if n}
    header = ["attack", "HTTP", "response B", "errors[0] code", "wall s", "server CPU s",
              "peak RSS MB", "RSS before → after MB", "probe p99 ms", "alive",
              "log B (+ probes')", "notes"]
    rows = []
    unknown = only - {name for name, *_ in ATTACKS}
    if unknown:
        sys.exit(f"HOSTILE_ONLY names no such attack: {', '.join(sorted(unknown))}")
    names = []
    for name, setup, attack, settings in ATTACKS:
        if only and name not in only:
            continue
        print(f"== {name}", file=sys.stderr, flush=True)
        names.append(name)
        rows.append(measure(binary, seeded, work, name, setup, attack, settings))
        print(" | ".join(rows[-1]), file=sys.stderr, flush=True)
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows]
    legend = (
        "Server CPU: utime+stime of the server during the attack, less the prober's share "
        "(calibrated per probe beforehand). Probe: `{ __typename }` anonymous, one sequential "
        "client, at most one per 5 ms; p99 (number of probes in flight during the attack, the "
        "slowest). Log: bytes the server wrote to stdout+stderr during the attack, not counting "
        "the probes' request lines (in parentheses). Peak RSS is VmHWM since the server started "
        f"(each attack has its own). Binary `{binary}`, `serve` with its default settings but "
        f"the log filter `{LOG_FILTER}`, report_archive false"
        + (f", {' '.join(f'{k}={v}' for k, v in sorted(EXTRA_ENV.items()))}" if EXTRA_ENV else "")
        + " and the introspection setting given per attack below; no RUST_BACKTRACE, "
        f"request timeout per attack request {TIMEOUT:.0f} s.")
    text = ("\n".join(lines) + "\n\n" + legend + "\n\nAttacks:\n" + "\n".join(describe(names))
            + "\n")
    print(text)
    if out:
        with open(out, "w") as f:
            f.write(text)


if __name__ == "__main__":
    main()
