"""Benchmark and reliability check: a mixed write load through the production server on PostgreSQL.

The issue's finding: 10 clients submitting applications and 10 submitting then binding, for 20 s through
``cyberins serve`` on PostgreSQL, got 65 of 110 requests answered 500 "deadlock detected".

Run with ``uv run python benchmarks/mixed_load.py`` (PostgreSQL on 127.0.0.1:5432, user ``postgres``,
trust authentication). In one run and by itself the script creates a throwaway database (dropped at the
end), migrates it, loads the demo data, makes API tokens for the demo applicants and the underwriter,
starts ``cyberins serve`` on a free loopback port and drives it with ``--clients`` threads for at most
``--seconds`` (and at most ``--requests`` requests per client), each thread one of these mixes in turn:

* **submit** — ``POST /api/applications`` with ``submit: true`` (validate, rules, price, quote, audit);
* **bind** — submit, then ``POST /api/quotes/{id}/bind`` (2 instalments), then pay the first instalment;
* **service** — the underwriter endorses the sum insured of a policy bound earlier (several threads may
  pick the same policy), and its applicant pays the second instalment;
* **tokens** — ``POST /api/tokens`` then ``DELETE /api/tokens/{id}``.

It prints requests, server errors (5xx), other unexpected answers, p50/p95/max latency and throughput,
and after the load ``cyberins audit verify``'s view of the trail. It exits 1 on any 5xx. The same driver
(:func:`drive`) runs in the PostgreSQL test suite (``tests/conf/test_mixed_load.py``).
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import http.client
import json
import math
import os
import random
import signal
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent))

import quote_api

HOST = "127.0.0.1"
MIXES = ("submit", "bind", "service", "tokens")
SHANGHAI = ZoneInfo("Asia/Shanghai")


@dataclass
class Tokens:
    version_id: int
    applicants: list[str]
    underwriter: str


@dataclass
class Result:
    requests: int = 0
    server_errors: list[str] = field(default_factory=list)
    unexpected: list[str] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)
    by_kind: Counter[str] = field(default_factory=Counter)
    wall: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, kind: str, status: int, seconds: float, expected: tuple[int, ...], body: Any) -> None:
        with self.lock:
            self.requests += 1
            self.by_kind[kind] += 1
            self.latencies.append(seconds)
            if status >= 500:
                self.server_errors.append(f"{kind} {status}: {str(body)[:160]}")
            elif status not in expected:
                self.unexpected.append(f"{kind} {status}: {str(body)[:160]}")

    def percentile(self, p: float) -> float:
        values = sorted(self.latencies)
        return values[max(1, math.ceil(p / 100 * len(values))) - 1] * 1000 if values else float("nan")

    @property
    def throughput(self) -> float:
        return self.requests / self.wall if self.wall else 0.0

    def summary(self) -> str:
        return (
            f"requests {self.requests}, server errors {len(self.server_errors)}, unexpected answers "
            f"{len(self.unexpected)}, p50 {self.percentile(50):.1f} ms, p95 {self.percentile(95):.1f} ms, "
            f"max {self.percentile(100):.1f} ms, throughput {self.throughput:.1f} "
            f"req/s over {self.wall:.1f} s ({', '.join(f'{k} {v}' for k, v in sorted(self.by_kind.items()))})"
        )


class _Call:
    """A client that answers text bodies too (a 500 page is HTML)."""

    def __init__(self, port: int, token: str) -> None:
        self.conn = http.client.HTTPConnection(HOST, port, timeout=60)
        self.headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}

    def __call__(self, method: str, path: str, body: Any = None) -> tuple[int, float, Any]:
        payload = None if body is None else json.dumps(body).encode()
        for attempt in (1, 2):
            start = time.perf_counter()
            try:
                self.conn.request(method, path, body=payload, headers=self.headers)
                response = self.conn.getresponse()
                data = response.read()
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.conn.close()
                if attempt == 2:
                    raise
                continue
            elapsed = time.perf_counter() - start
            try:
                parsed = json.loads(data) if data else None
            except ValueError:
                parsed = data[:200].decode(errors="replace")
            return response.status, elapsed, parsed
        raise AssertionError("unreachable")

    def close(self) -> None:
        self.conn.close()


def drive(port: int, tokens: Tokens, *, clients: int, requests: int, seconds: float, seed: int = 8) -> Result:
    """Run the mixed load against the server on ``port``; bounded by ``requests`` per client and time."""
    result = Result()
    policies: list[tuple[int, int]] = []  # (policy id, index of the applicant token that owns it)
    policies_lock = threading.Lock()
    stop_at = time.monotonic() + seconds
    first_day = (datetime.now(SHANGHAI).date() + timedelta(days=1)).isoformat()
    effective_on = (datetime.now(SHANGHAI).date() + timedelta(days=30)).isoformat()
    failures: list[BaseException] = []

    def worker(index: int) -> None:
        rng = random.Random(seed * 1000 + index)
        who = index % len(tokens.applicants)
        applicant = _Call(port, tokens.applicants[who])
        owners = [_Call(port, t) for t in tokens.applicants]
        underwriter = _Call(port, tokens.underwriter)
        done = 0

        def call(client: _Call, kind: str, method: str, path: str, body: Any, *expected: int) -> Any:
            nonlocal done
            status, elapsed, answer = client(method, path, body)
            result.add(kind, status, elapsed, expected, answer)
            done += 1
            return answer if status in expected else None

        def submit() -> Any:
            body = {
                "product_version": tokens.version_id,
                "answers": copy.deepcopy(quote_api.ANSWERS),
                "submit": True,
            }
            return call(applicant, "submit", "POST", "/api/applications", body, 201)

        try:
            step = 0
            while done < requests and time.monotonic() < stop_at:
                mix = MIXES[(index + step) % len(MIXES)]
                step += 1
                if mix == "submit":
                    submit()
                elif mix == "bind":
                    app = submit()
                    if not app or not app.get("quote"):
                        continue
                    plan = app["quote"]["options"][0]["plan"]
                    bind = {"plan": plan, "first_day": first_day, "instalments": 2}
                    policy = call(
                        applicant, "bind", "POST", f"/api/quotes/{app['quote']['id']}/bind", bind, 201
                    )
                    if policy:
                        with policies_lock:
                            policies.append((int(policy["id"]), who))
                        # The insured declares its payment of instalment 1 (the insurer confirms it).
                        pay = {
                            "reference": f"LOAD-{index}-{step}",
                            "amount": policy["instalments"][0]["amount"],
                            "paid_on": datetime.now(SHANGHAI).date().isoformat(),
                        }
                        call(
                            applicant,
                            "pay",
                            "POST",
                            f"/api/policies/{policy['id']}/instalments/1/payments",
                            pay,
                            201,
                        )
                elif mix == "service":
                    with policies_lock:
                        picked = rng.choice(policies) if policies else None
                    if picked is None:
                        continue
                    policy_id, _owner = picked
                    amount = rng.choice(["800000.00", "1200000.00", "1500000.00"])
                    endorse = {"sum_insured": amount, "effective_on": effective_on}
                    path = f"/api/policies/{policy_id}/endorsements/sum-insured"
                    call(underwriter, "endorse", "POST", path, endorse, 201)
                    pay = {"reference": f"LOAD2-{index}-{step}"}
                    # The insurer records instalment 2 as received; another thread may have recorded it
                    # already, or instalment 1 may still wait for confirmation: 409 is the right answer then.
                    path = f"/api/policies/{policy_id}/instalments/2/pay"
                    call(underwriter, "pay", "POST", path, pay, 200, 409)
                else:
                    token = call(applicant, "token", "POST", "/api/tokens", {"name": f"load-{index}"}, 201)
                    if token:
                        call(applicant, "token", "DELETE", f"/api/tokens/{token['id']}", None, 200)
        except BaseException as exc:
            failures.append(exc)
        finally:
            for client in (applicant, underwriter, *owners):
                client.close()

    threads = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(clients)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=seconds + 120)
    result.wall = time.perf_counter() - started
    if failures:
        raise RuntimeError(f"{len(failures)} client(s) failed; first: {failures[0]!r}") from failures[0]
    return result


def server_log_errors(var_dir: Path) -> Counter[str]:
    """The exception lines of the server logs (e.g. ``psycopg.errors.DeadlockDetected``), counted."""
    found: Counter[str] = Counter()
    for log in var_dir.glob("serve-*.log"):
        for line in log.read_text(errors="replace").splitlines():
            if line.startswith(("psycopg.errors.", "django.db.utils.", "DETAIL:")) or "Error: " in line[:80]:
                found[line.strip()[:140]] += 1
    return found


def make_tokens() -> Tokens:
    """API tokens for the demo applicants the rules quote automatically, and for the underwriter."""
    from cyberins.accounts.models import User
    from cyberins.accounts.services import do_create_api_token
    from cyberins.healthchecks.queries import latest_complete_check
    from cyberins.products.models import ProductVersion, VersionStatus
    from cyberins.underwriting import rules

    version = ProductVersion.objects.get(product__code=quote_api.PRODUCT, status=VersionStatus.PUBLISHED)
    applicants = []
    for name in quote_api.APPLICANTS:
        user = User.objects.get(username=name)
        check = latest_complete_check(user.organisation)
        grade, triggers = (check.grade, tuple(t["code"] for t in check.triggers)) if check else ("", ())
        if rules.outcome(rules.evaluate(quote_api.ANSWERS, grade=grade, triggers=triggers)) == "accept":
            applicants.append(do_create_api_token(actor=user, name="load")[1])
    underwriter = User.objects.get(username="underwriter")
    return Tokens(version.pk, applicants, do_create_api_token(actor=underwriter, name="load")[1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (4 threads each)")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=60, help="at most this many requests per client")
    parser.add_argument("--seconds", type=float, default=20.0, help="at most this long")
    args = parser.parse_args(argv)
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, quote_api._terminate)
    with tempfile.TemporaryDirectory(prefix="cyberins-mixed-") as tmp, quote_api.throwaway_database() as url:
        var_dir = Path(tmp)
        print(f"Database {url.rsplit('/', 1)[1]}: migrating, loading the demo data …", flush=True)
        fixture = quote_api.load_fixture(url, var_dir)
        from django.db import connections

        tokens = make_tokens()
        connections.close_all()
        print(quote_api.machine_facts(fixture.postgres))
        load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
        print(
            f"Server: cyberins serve --workers {args.workers} (4 threads each); {args.clients} clients, "
            f"≤ {args.requests} requests each, ≤ {args.seconds:.0f} s; load average {load}",
            flush=True,
        )
        with quote_api.production_server(url, var_dir, args.workers, tokens.applicants[0]) as port:
            result = drive(port, tokens, clients=args.clients, requests=args.requests, seconds=args.seconds)
            time.sleep(1.0)  # let the servers' sealers finish
        print(result.summary())
        for name, count in server_log_errors(var_dir).most_common(5):
            print(f"  server log: {count} × {name}")
        for line in result.server_errors[:5] + result.unexpected[:5]:
            print(f"  {line}")
        from cyberins.accounts.audit import seal_all, verify_chain

        before = verify_chain()
        sealed = seal_all()
        report = verify_chain()
        print(
            f"Audit trail after the load: {before.checked} sealed by the servers, {before.pending} pending "
            f"(sealed now: {sealed}); verify: {'intact' if report.ok else report.reason}, "
            f"{report.checked} records"
        )
        connections.close_all()
    return 1 if result.server_errors or not report.ok else 0


if __name__ == "__main__":
    with contextlib.suppress(KeyboardInterrupt):
        sys.exit(main())
