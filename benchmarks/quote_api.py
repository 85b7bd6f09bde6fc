"""Benchmark: the quote API through the production server on PostgreSQL, 20 concurrent clients.

Target (the issue): "the quote endpoint answers p95 ≤ 150 ms with 20 concurrent clients on PostgreSQL".

Run with ``uv run python benchmarks/quote_api.py`` (PostgreSQL on 127.0.0.1:5432, user ``postgres``,
trust authentication). In one run and by itself the script

1. creates a throwaway database ``cyberins_bench_<random>`` (dropped at the end, also on failure),
2. migrates it and loads the demo data (``cyberins.conf.demo.load_demo``: accounts, products, …)
   and creates an API token for each demo applicant,
3. for each server configuration (``--workers 2,3,4`` × ``--threads 4`` × ``--keepalive 0``: gunicorn
   gthread workers; keep-alive seconds, 0 closing each connection after its answer)
   starts the real production server — ``cyberins serve`` (gunicorn, gthread workers) — as a
   subprocess on a free loopback port, waits until it answers, and drives it with ``--clients``
   threads, each on its own keep-alive ``http.client`` connection:

   * warm-up (not measured): ``--warmup`` quotes, one read and one re-quote per client;
   * ``POST /api/applications`` ``{"product_version", "answers", "submit": true}`` — *the quote
     endpoint*: an answer set the rules accept automatically (``security_staff`` ≥ 1), so the request
     validates the questionnaire, runs the rules, prices every plan with the actuarial FFT, stores the
     quote and writes the audit records;
   * ``GET /api/quotes/{id}`` on the quotes just issued;
   * ``POST /api/applications/{id}/requote`` on the applications just accepted;
   * ``GET /api/me``: the floor, what any authenticated request costs here (the token is checked, the
     user read and returned; nothing else) — no endpoint of this server can be faster;

   ``--requests`` measured requests per client and endpoint, the endpoints one after the other,
4. terminates the server and prints, per configuration and endpoint: requests, concurrency, p50,
   p95, p99 and max latency (client side: request sent → response body read) and throughput
   (measured requests / wall time of the phase), the CPU time per request of the server's processes, of
   the PostgreSQL backends of the benchmark's database and of this load generator (read from /proc per
   process, so it holds on a shared machine where latency does not), the cores the load kept busy, and
   whether the quote endpoint's p95 meets the target.

Everything runs on 127.0.0.1; request counts are bounded and the whole run has a deadline
(``--deadline``). The client threads share the machine's cores with the server, as a load generator
on the same host does.
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import http.client
import json
import math
import os
import platform
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql

PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
HOST = "127.0.0.1"
TARGET_P95_MS = 150.0
PRODUCT = "wanganbao"  # 网安保: three plans, so three FFT pricings per quote (the heaviest demo product)
APPLICANTS = ("applicant", "applicant2", "applicant3")

#: tests/journey.py's valid answers, with a security team so the rules accept automatically (no referral)
ANSWERS: dict[str, Any] = {
    "unit_name": "远海航运数字科技有限公司",
    "office_address": "上海市虹口区东大名路1171号",
    "unit_nature": "state_owned",
    "industry": "G",
    "operating_revenue": "800000000",
    "building_area": "12000",
    "security_staff": 3,
    "employees": 420,
    "system_build": "self_built",
    "cloud_provider": "domestic_public",
    "insured_systems": [{"name": "自保公司核心业务系统", "type": "业务系统", "users": 40, "devices": 2}],
    "sensitive_data": ["personal"],
}


# ----------------------------------------------------------------------------- database and demo data


@contextlib.contextmanager
def throwaway_database() -> Iterator[str]:
    """Create a fresh database, yield its URL, drop it (disconnecting everyone) however the run ends."""
    name = f"cyberins_bench_{secrets.token_hex(4)}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield f"postgresql://postgres@{HOST}:5432/{name}"
    finally:
        with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        print(f"Dropped database {name}.", flush=True)


@dataclass(frozen=True)
class Fixture:
    version_id: int
    tokens: list[str]
    applicants: list[str]
    postgres: str


def load_fixture(database_url: str, var_dir: Path) -> Fixture:
    """Migrate, load the demo data and make API tokens, in this process through Django."""
    os.environ["DATABASE_URL"] = database_url
    os.environ["CYBERINS_VAR_DIR"] = str(var_dir)
    from cyberins.conf.commands._django import setup_django

    setup_django()
    from django.core.management import call_command
    from django.db import connection, connections

    from cyberins.accounts.models import User
    from cyberins.accounts.services import do_create_api_token
    from cyberins.conf.demo import load_demo
    from cyberins.healthchecks.queries import latest_complete_check
    from cyberins.products.models import ProductVersion, VersionStatus
    from cyberins.underwriting import rules

    call_command("migrate", interactive=False, verbosity=0)
    load_demo()
    version = ProductVersion.objects.get(product__code=PRODUCT, status=VersionStatus.PUBLISHED)
    tokens, used = [], []
    for name in APPLICANTS:
        user = User.objects.get(username=name)
        # The demo health checks give some enterprises findings the rules refer or decline on: those
        # would not be quoted automatically, so they are left out.
        check = latest_complete_check(user.organisation)
        grade, triggers = (check.grade, tuple(t["code"] for t in check.triggers)) if check else ("", ())
        reasons = rules.evaluate(ANSWERS, grade=grade, triggers=triggers)
        if rules.outcome(reasons) != "accept":
            print(f"  {name}: left out, its health check gives {[r.code for r in reasons]}")
            continue
        tokens.append(do_create_api_token(actor=user, name="benchmark")[1])
        used.append(name)
    if not tokens:
        raise RuntimeError("no demo applicant would be quoted automatically")
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = str(cursor.fetchone()[0])
    connections.close_all()
    return Fixture(version_id=version.pk, tokens=tokens, applicants=used, postgres=postgres)


# ----------------------------------------------------------------------------- the server


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def cyberins_executable() -> str:
    found = shutil.which("cyberins") or str(Path(sys.executable).with_name("cyberins"))
    if not Path(found).exists():
        raise SystemExit("the `cyberins` console script is not installed; run with `uv run`")
    return found


@contextlib.contextmanager
def production_server(
    database_url: str, var_dir: Path, workers: int, token: str, timeout: float = 90.0, threads: int = 4
) -> Iterator[int]:
    """``cyberins serve`` on a free loopback port; yields the port once it answers; terminates it."""
    with serving(database_url, var_dir, workers, token, timeout, threads) as (_server, port):
        yield port


@contextlib.contextmanager
def serving(
    database_url: str,
    var_dir: Path,
    workers: int,
    token: str,
    timeout: float,
    threads: int,
    keepalive: int | None = None,
) -> Iterator[tuple[subprocess.Popen[bytes], int]]:
    """As ``production_server``, yielding the server process too (its session holds every worker)."""
    port = free_port()
    env = os.environ | {"DATABASE_URL": database_url, "CYBERINS_VAR_DIR": str(var_dir)}
    log_path = var_dir / f"serve-{workers}w-{port}.log"
    command = [cyberins_executable(), "serve", "--host", HOST, "--port", str(port), "--workers", str(workers)]
    command += ["--threads", str(threads)]
    if keepalive is not None:
        command += ["--keepalive", str(keepalive)]
    with open(log_path, "wb") as log:
        server = subprocess.Popen(
            command, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        deadline = time.monotonic() + timeout
        while True:
            if server.poll() is not None:
                raise RuntimeError(f"the server exited with {server.returncode}; see {log_path}")
            with contextlib.suppress(OSError, http.client.HTTPException):
                conn = http.client.HTTPConnection(HOST, port, timeout=5)
                conn.request("GET", "/api/me", headers={"Authorization": f"Bearer {token}"})
                if conn.getresponse().status == 200:
                    conn.close()
                    break
                conn.close()
            if time.monotonic() > deadline:
                raise RuntimeError(f"the server did not answer within {timeout:.0f} s; see {log_path}")
            time.sleep(0.2)
        yield server, port
    finally:
        stop(server)


def stop(server: subprocess.Popen[bytes]) -> None:
    """SIGTERM to the gunicorn arbiter (it stops its workers); SIGKILL to its process group if it hangs."""
    if server.poll() is None:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(server.pid, signal.SIGKILL)  # the group this script created (start_new_session)
            server.wait(timeout=10)


# ----------------------------------------------------------------------------- CPU accounting


TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _cpu_ticks(pid: int) -> tuple[int, int] | None:
    """(session id, user + system clock ticks) of a process, from /proc/<pid>/stat; None if it is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text[text.rindex(")") + 2 :].split()  # after "pid (comm) ": state is field 3 of stat(5)
    return int(fields[3]), int(fields[11]) + int(fields[12])


class CpuMeter:
    """CPU seconds spent by the server (every process of its session: gunicorn arbiter, workers, the task
    worker), by the PostgreSQL backends connected to the benchmark's database, and by this load generator.

    Per process, so the figure does not depend on what else the shared machine runs (unlike latency).
    A backend that exits during a phase takes its CPU with it (connections persist: CONN_MAX_AGE)."""

    def __init__(self, server_pid: int, database: str) -> None:
        self.session = server_pid
        self.database = database

    def _backends(self) -> list[int]:
        with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
            rows = admin.execute("SELECT pid FROM pg_stat_activity WHERE datname = %s", (self.database,))
            return [int(r[0]) for r in rows]

    def snapshot(self) -> dict[str, dict[int, int]]:
        server = {}
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit() and (found := _cpu_ticks(int(entry.name))) and found[0] == self.session:
                server[int(entry.name)] = found[1]
        postgres = {pid: found[1] for pid in self._backends() if (found := _cpu_ticks(pid))}
        return {"server": server, "postgres": postgres, "clients": {0: int(time.process_time() * TICK)}}

    @staticmethod
    def spent(before: dict[str, dict[int, int]], after: dict[str, dict[int, int]]) -> dict[str, float]:
        """CPU seconds per part between two snapshots (a process new since ``before`` counts from 0)."""
        return {
            part: sum(ticks - before[part].get(pid, 0) for pid, ticks in after[part].items()) / TICK
            for part in after
        }


def settle(meter: CpuMeter, *, idle_share: float = 0.1, limit: float = 90.0) -> None:
    """Wait until the server's processes are idle: the task worker's start (Django set-up, imports, the
    first periodic jobs: ~10 s of CPU on a slow machine) would otherwise be charged to the first phase."""
    give_up = time.monotonic() + limit
    while time.monotonic() < give_up:
        before = meter.snapshot()
        time.sleep(1.0)
        if CpuMeter.spent(before, meter.snapshot())["server"] < idle_share:
            return
    print(f"  note: the server was still busy after {limit:.0f} s; measuring anyway", flush=True)


# ----------------------------------------------------------------------------- the clients


class Client:
    """One simulated client: a keep-alive HTTP/1.1 connection with a bearer token."""

    def __init__(self, port: int, token: str) -> None:
        self.conn = http.client.HTTPConnection(HOST, port, timeout=60)
        self.headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        self.reconnects = 0

    def fresh(self) -> None:
        """Open a new connection (before a phase: the server closes idle keep-alive connections)."""
        self.conn.close()
        self.conn.connect()

    def call(self, method: str, path: str, body: Any = None) -> tuple[int, float, Any]:
        """(status, seconds, JSON body). A connection the server closed is reopened once."""
        payload = None if body is None else json.dumps(body).encode()
        for attempt in (1, 2):
            start = time.perf_counter()
            try:
                self.conn.request(method, path, body=payload, headers=self.headers)
                response = self.conn.getresponse()
                data = response.read()
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.conn.close()
                self.reconnects += 1
                if attempt == 2:
                    raise
                continue
            elapsed = time.perf_counter() - start
            return response.status, elapsed, json.loads(data) if data else None
        raise AssertionError("unreachable")

    def quote(self, version_id: int) -> tuple[int, float, Any]:
        body = {"product_version": version_id, "answers": copy.deepcopy(ANSWERS), "submit": True}
        return self.call("POST", "/api/applications", body)


@dataclass
class Phase:
    endpoint: str
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    started: float = 0.0
    finished: float = 0.0
    cpu: dict[str, float] = field(default_factory=dict)  # CPU seconds per part (CpuMeter.spent)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, status: int, seconds: float, expected: int, detail: Any) -> None:
        with self.lock:
            self.latencies.append(seconds)
            if status != expected:
                self.errors.append(f"{status}: {str(detail)[:200]}")


@dataclass
class ClientState:
    client: Client
    applications: list[int] = field(default_factory=list)
    quotes: list[int] = field(default_factory=list)


def accepted_quote(status: int, body: Any) -> tuple[int, int] | None:
    """(application id, quote id) of a 201 that was accepted and quoted automatically, else None."""
    if status == 201 and body.get("status") == "accepted" and body.get("quote"):
        return int(body["id"]), int(body["quote"]["id"])
    return None


def run_load(
    port: int,
    fixture: Fixture,
    clients: int,
    requests: int,
    warmup: int,
    deadline: float,
    meter: CpuMeter | None = None,
) -> dict:
    """Warm up, then the three measured phases; returns {endpoint: Phase} and the reconnect count."""
    states = [ClientState(Client(port, fixture.tokens[i % len(fixture.tokens)])) for i in range(clients)]
    phases = {
        "quote": Phase("POST /api/applications (submit → quote)"),
        "read": Phase("GET /api/quotes/{id}"),
        "requote": Phase("POST /api/applications/{id}/requote"),
        "floor": Phase("GET /api/me (token check only)"),
    }
    # Every wait is bounded: a client stuck beyond the deadline breaks the barrier instead of hanging.
    barrier = threading.Barrier(clients + 1, timeout=max(60.0, deadline - time.monotonic()))
    failures: list[BaseException] = []

    def measured(phase: Phase, state: ClientState, index: int) -> None:
        c = state.client
        if phase is phases["quote"]:
            status, seconds, body = c.quote(fixture.version_id)
            phase.add(status, seconds, 201, body)
            if (ids := accepted_quote(status, body)) is None:
                phase.errors.append(f"not quoted automatically: {str(body)[:200]}")
            else:
                state.applications.append(ids[0])
                state.quotes.append(ids[1])
        elif phase is phases["read"]:
            status, seconds, body = c.call("GET", f"/api/quotes/{state.quotes[index % len(state.quotes)]}")
            phase.add(status, seconds, 200, body)
        elif phase is phases["floor"]:
            status, seconds, body = c.call("GET", "/api/me")
            phase.add(status, seconds, 200, body)
        else:
            app_id = state.applications[index % len(state.applications)]
            status, seconds, body = c.call("POST", f"/api/applications/{app_id}/requote")
            phase.add(status, seconds, 201, body)

    def work(state: ClientState) -> None:
        try:
            c = state.client
            for _ in range(warmup):
                status, _s, body = c.quote(fixture.version_id)
                if (ids := accepted_quote(status, body)) is None:
                    raise RuntimeError(f"warm-up quote not accepted automatically: {status} {body!s:.300}")
            c.call("GET", f"/api/quotes/{ids[1]}")
            c.call("POST", f"/api/applications/{ids[0]}/requote")
        except BaseException as exc:
            failures.append(exc)
        barrier.wait()  # everyone warmed up
        for phase in phases.values():
            # A new connection right before the start: gunicorn closes keep-alive connections idle > 2 s,
            # as they would be while the slowest client finishes the previous phase.
            with contextlib.suppress(OSError):
                state.client.fresh()
            barrier.wait()
            try:
                for index in range(requests if not failures else 0):
                    if time.monotonic() > deadline:
                        phase.errors.append("deadline reached")
                        break
                    measured(phase, state, index)
            except BaseException as exc:
                failures.append(exc)
            barrier.wait()

    def guarded(state: ClientState) -> None:
        try:
            work(state)
        except threading.BrokenBarrierError as exc:
            failures.append(exc)

    threads = [threading.Thread(target=guarded, args=(s,), daemon=True) for s in states]
    for t in threads:
        t.start()
    barrier.wait()  # warm-up done
    for phase in phases.values():
        barrier.wait()  # all clients connected and ready: go
        phase.started = time.perf_counter()
        before = meter.snapshot() if meter else None
        barrier.wait()  # all clients done
        phase.finished = time.perf_counter()
        if meter and before:
            phase.cpu = CpuMeter.spent(before, meter.snapshot())
    for t in threads:
        t.join()
    for state in states:
        state.client.conn.close()
    if failures:
        raise RuntimeError(f"{len(failures)} client(s) failed; first: {failures[0]!r}") from failures[0]
    return {"phases": phases, "reconnects": sum(s.client.reconnects for s in states)}


# ----------------------------------------------------------------------------- report


def percentile(sorted_values: list[float], p: float) -> float:
    """Nearest-rank percentile."""
    rank = max(1, math.ceil(p / 100 * len(sorted_values)))
    return sorted_values[rank - 1]


def row(config: str, phase: Phase, clients: int) -> dict[str, Any]:
    values = sorted(phase.latencies)
    wall = phase.finished - phase.started
    return {
        "config": config,
        "endpoint": phase.endpoint,
        "n": len(values),
        "conc": clients,
        "p50": percentile(values, 50) * 1000,
        "p95": percentile(values, 95) * 1000,
        "p99": percentile(values, 99) * 1000,
        "max": values[-1] * 1000,
        "rps": len(values) / wall if wall > 0 else float("nan"),
        "errors": len(phase.errors),
        # CPU milliseconds per request: server processes, PostgreSQL backends, this load generator
        **{f"cpu_{part}": seconds * 1000 / max(1, len(values)) for part, seconds in phase.cpu.items()},
    }


def print_table(rows: list[dict[str, Any]]) -> None:
    header = (
        f"{'server':<12} {'endpoint':<40} {'requests':>8} {'conc':>4} {'p50 ms':>8} {'p95 ms':>8} "
        f"{'p99 ms':>8} {'max ms':>8} {'req/s':>7} {'errors':>6}  CPU ms/request: server+postgres+clients"
    )
    print(header)
    print("-" * len(header))
    for r in rows:
        print(
            f"{r['config']:<12} {r['endpoint']:<40} {r['n']:>8} {r['conc']:>4} {r['p50']:>8.1f} "
            f"{r['p95']:>8.1f} {r['p99']:>8.1f} {r['max']:>8.1f} {r['rps']:>7.1f} {r['errors']:>6}  {cpu(r)}"
        )


def cpu(r: dict[str, Any]) -> str:
    if "cpu_server" not in r:
        return ""
    total = r["cpu_server"] + r["cpu_postgres"] + r["cpu_clients"]
    # Cores kept busy: how much of the machine the load used. Steadier than latency on a machine whose
    # speed varies: a server that leaves a core idle while requests queue shows it here.
    busy = r["rps"] * total / 1000
    return (
        f"{r['cpu_server']:.1f}+{r['cpu_postgres']:.1f}+{r['cpu_clients']:.1f} = {total:.1f}; "
        f"{busy:.2f} of {os.cpu_count()} cores"
    )


def machine_facts(postgres: str) -> str:
    model = "?"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return (
        f"Machine: {os.cpu_count()} logical cores ({usable} usable), {model}; {platform.system()} "
        f"{platform.release()}; Python {platform.python_version()}; PostgreSQL {postgres} on {HOST}:5432"
    )


def _terminate(signum: int, _frame: Any) -> None:
    raise SystemExit(128 + signum)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", default="2,3,4", help="gunicorn worker counts to try, comma-separated")
    parser.add_argument("--threads", default="4", help="threads per worker to try, comma-separated")
    parser.add_argument(
        "--keepalive",
        default="0",
        help="the server's keep-alive seconds to try, comma-separated (0: a connection per request)",
    )
    parser.add_argument("--clients", type=int, default=20, help="concurrent clients")
    parser.add_argument("--requests", type=int, default=40, help="measured requests per client and endpoint")
    parser.add_argument("--warmup", type=int, default=3, help="unmeasured quotes per client first")
    parser.add_argument("--deadline", type=float, default=1200, help="seconds; the run stops measuring then")
    args = parser.parse_args(argv)
    if args.warmup < 1 or args.requests < 1 or args.clients < 1:
        parser.error("--warmup, --requests and --clients must be at least 1")
    # `timeout`/`kill` send SIGTERM: unwind like Ctrl-C so the server stops and the database is dropped.
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, _terminate)
    worker_counts = [int(w) for w in args.workers.split(",") if w.strip()]
    thread_counts = [int(t) for t in args.threads.split(",") if t.strip()]
    keepalives = [int(k) for k in args.keepalive.split(",") if k.strip()]
    from cyberins.conf.commands.serve import serve  # noqa: F401 - fail early if the command moved

    deadline = time.monotonic() + args.deadline
    rows: list[dict[str, Any]] = []
    notes: list[str] = []
    with tempfile.TemporaryDirectory(prefix="cyberins-bench-") as tmp, throwaway_database() as url:
        var_dir = Path(tmp)
        print(f"Database {url.rsplit('/', 1)[1]}: migrating, loading the demo data …", flush=True)
        fixture = load_fixture(url, var_dir)
        print(machine_facts(fixture.postgres))
        print(
            f"Load: {args.clients} concurrent clients (threads, keep-alive http.client), {args.requests} "
            f"measured requests each per endpoint after {args.warmup} warm-up quotes; product {PRODUCT} "
            f"(version {fixture.version_id}, 3 plans), applicants {', '.join(fixture.applicants)}",
            flush=True,
        )
        configs = [(w, t, k) for w in worker_counts for t in thread_counts for k in keepalives]
        for workers, threads, keepalive in configs:
            config = f"{workers}w × {threads}t k{keepalive}"
            load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
            print(
                f"Server: cyberins serve --workers {workers} ({threads} threads each, keep-alive "
                f"{keepalive} s); load average {load}",
                flush=True,
            )
            served = serving(url, var_dir, workers, fixture.tokens[0], 90.0, threads, keepalive)
            with served as (server, port):
                meter = CpuMeter(server.pid, url.rsplit("/", 1)[1])
                settle(meter)
                result = run_load(port, fixture, args.clients, args.requests, args.warmup, deadline, meter)
            for phase in result["phases"].values():
                rows.append(row(config, phase, args.clients))
                for error in phase.errors[:3]:
                    notes.append(f"{config} {phase.endpoint}: {error}")
            if result["reconnects"]:
                notes.append(f"{config}: {result['reconnects']} keep-alive connection(s) reopened")
            print_table([r for r in rows if r["config"] == config])
            print(flush=True)
    print("Summary (latency measured at the client, request sent → body read):")
    print_table(rows)
    for note in notes:
        print(f"  note: {note}")
    quotes = [r for r in rows if r["endpoint"].startswith("POST /api/applications (")]
    best = min(quotes, key=lambda r: r["p95"])
    met = best["p95"] <= TARGET_P95_MS
    print(
        f"\nTarget: quote endpoint p95 ≤ {TARGET_P95_MS:.0f} ms at {args.clients} clients — "
        f"{'MET' if met else 'MISSED'} (best: {best['config']}, p95 {best['p95']:.1f} ms, "
        f"{best['rps']:.1f} quotes/s)"
    )
    for r in quotes:
        verdict = "met" if r["p95"] <= TARGET_P95_MS else "missed"
        print(f"  {r['config']}: p95 {r['p95']:.1f} ms — {verdict}")
    return 0 if met and not any(r["errors"] for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
