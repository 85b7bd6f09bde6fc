"""The quote endpoint's own cost, without the machine's other load: CPU time and queries per quote.

``uv run python benchmarks/quote_cpu.py [--quotes 100]`` (PostgreSQL on 127.0.0.1:5432, user ``postgres``)
creates a throwaway database with the demo data (as ``quote_api.py`` does), then sends ``POST
/api/applications`` (submit → quote, 3 plans) through Django's test client in this one process, one
after the other, and prints the process CPU time per quote (``time.process_time``: what the request costs
the application server, whatever else the machine runs), the wall time, and the queries one quote sends.
Latency under concurrency is ``quote_api.py``'s job; on a shared machine this is the steadier figure.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import quote_api


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quotes", type=int, default=100)
    parser.add_argument("--warmup", type=int, default=10)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="cyberins-cpu-") as tmp, quote_api.throwaway_database() as url:
        fixture = quote_api.load_fixture(url, Path(tmp))
        from django.db import connection, connections
        from django.test import Client

        client = Client(HTTP_HOST="127.0.0.1")
        headers = {"Authorization": f"Bearer {fixture.tokens[0]}"}
        body = json.dumps(
            {"product_version": fixture.version_id, "answers": quote_api.ANSWERS, "submit": True}
        )

        def quote() -> None:
            response = client.post(
                "/api/applications", body, content_type="application/json", headers=headers
            )
            if response.status_code != 201:
                raise RuntimeError(f"{response.status_code}: {response.content[:300]!r}")

        for _ in range(args.warmup):
            quote()
        statements: list[str] = []

        def count(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
            statements.append(sql)
            return execute(sql, params, many, context)

        # An execute wrapper, not CaptureQueriesContext: Django resets the query log when a request starts.
        with connection.execute_wrapper(count):
            quote()
        cpu, wall = [], []
        for _ in range(args.quotes):
            c0, w0 = time.process_time(), time.perf_counter()
            quote()
            cpu.append((time.process_time() - c0) * 1000)
            wall.append((time.perf_counter() - w0) * 1000)
        time.sleep(0.5)  # a background sealer finishes before the database is dropped
        connections.close_all()
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(quote_api.machine_facts(fixture.postgres))
    print(f"load average {load}; {args.quotes} quotes after {args.warmup} warm-up, one at a time, in process")
    print(
        f"CPU per quote: median {statistics.median(cpu):.1f} ms, mean {statistics.fmean(cpu):.1f} ms; "
        f"wall: median {statistics.median(wall):.1f} ms; "
        f"statements in the request: {len(statements)} (BEGIN and COMMIT not counted)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
