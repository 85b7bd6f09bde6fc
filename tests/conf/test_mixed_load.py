"""PostgreSQL under concurrency: a bounded mixed write load through the real server answers no 5xx.

The production server (``cyberins serve``, gunicorn) runs on a free loopback port against the test
database; 8 client threads submit applications, submit then bind and pay, endorse and pay, and create
and revoke tokens (``benchmarks/mixed_load.py``'s driver). Before the fix this load answered dozens of
500 "deadlock detected". Skipped on SQLite, whose write lock serialises writers.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from cyberins.accounts.audit import seal_all, verify_chain

ROOT = Path(__file__).resolve().parents[2]


def _mixed_load() -> Any:
    spec = importlib.util.spec_from_file_location("mixed_load", ROOT / "benchmarks" / "mixed_load.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["mixed_load"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def postgres_url(transactional_db: None) -> str:
    if connection.vendor != "postgresql":
        pytest.skip("the deadlocks this guards against are PostgreSQL's")
    s = connection.settings_dict
    port = s.get("PORT") or 5432
    auth = s["USER"] + (f":{s['PASSWORD']}" if s.get("PASSWORD") else "")
    return f"postgresql://{auth}@{s.get('HOST') or '127.0.0.1'}:{port}/{s['NAME']}"


def test_mixed_write_load_through_the_real_server_answers_no_server_error(
    postgres_url, demo, products, tmp_path
) -> None:
    mixed_load = _mixed_load()
    tokens = mixed_load.make_tokens()
    assert tokens.applicants

    with mixed_load.quote_api.production_server(postgres_url, tmp_path, 2, tokens.applicants[0]) as port:
        result = mixed_load.drive(port, tokens, clients=8, requests=20, seconds=25)

    assert result.server_errors == [], result.summary()
    assert result.unexpected == [], result.summary()
    assert result.requests >= 40, result.summary()
    assert result.by_kind["bind"] >= 1
    assert result.by_kind["endorse"] >= 1
    # every change the servers committed has its record, and the chain links them all
    seal_all()
    report = verify_chain()
    assert report.ok, report.reason
    assert report.pending == 0
