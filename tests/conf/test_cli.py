"""The README's first command: ``cyberins demo`` on a fresh directory (real subprocesses, SQLite)."""

from __future__ import annotations

import http.client
import os
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from cyberins.accounts import demo as demo_accounts
from cyberins.conf import settings as production_settings
from cyberins.healthchecks import demo as demo_checks
from cyberins.policies import demo as demo_policies
from cyberins.providers import demo as demo_providers


def _env(var_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}}
    return env | {"CYBERINS_VAR_DIR": str(var_dir)}


def _cyberins(*args: str, var_dir: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cyberins.cli", *args],
        env=_env(var_dir),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def _count(database: Path, table: str) -> int:
    with sqlite3.connect(database) as connection:
        return int(connection.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])


def test_demo_loads_serves_and_a_second_run_duplicates_nothing(tmp_path: Path) -> None:
    """The first run creates and fills the database; the second, the one a user leaves running, loads
    again (nothing doubles) and serves the Chinese login page and the static files."""
    first = _cyberins("demo", "--no-serve", var_dir=tmp_path)
    assert first.returncode == 0, first.stderr
    database = tmp_path / "cyberins.sqlite3"
    tables = (
        "accounts_organisation",
        "accounts_user",
        "policies_policy",
        "underwriting_application",
        "healthchecks_healthcheck",
        "products_productversion",
        "accounts_auditrecord",
    )
    counts = {t: _count(database, t) for t in tables}
    # As many as the demo modules declare, so the demo can grow without touching this test.
    declared = {o[1] for o in demo_accounts.ORGANISATIONS} | {p[0] for p in demo_providers.PROVIDERS}
    assert counts["accounts_organisation"] == len(declared)
    assert counts["accounts_user"] == len(demo_accounts.USERS)
    # the purchases, plus the incidents' two past-dated policies (in force, lapsed) and the claims' own
    assert counts["policies_policy"] == len(demo_policies.PURCHASES) + 3
    # the demo checks, plus the inspection that found the claims' overdue finding
    assert counts["healthchecks_healthcheck"] == len(demo_checks.DEMO_CHECKS) + 1
    assert "admin" in first.stdout
    assert "Cyberins-Demo-2026" in first.stdout

    port = _free_port()
    # no task worker: its periodic jobs would add audit records while the counts are compared
    serve = ["demo", "--port", str(port), "--workers", "1", "--no-task-worker"]
    server = subprocess.Popen(
        [sys.executable, "-m", "cyberins.cli", *serve],
        env=_env(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        page = _wait_for(f"http://127.0.0.1:{port}/login/", server)
        assert "登录" in page
        # An HTTP/1.1 client asks to keep its connection; the server closes it after the answer, so the
        # next request is accepted by whichever process is free (serve.py's --keepalive 0).
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        conn.request("GET", "/static/web/cyberins.css")
        css = conn.getresponse()
        assert css.status == 200
        assert css.getheader("Connection") == "close"
        conn.close()
    finally:
        server.terminate()
        server.wait(timeout=30)

    assert {t: _count(database, t) for t in counts} == counts
    assert _cyberins("audit", "verify", var_dir=tmp_path).returncode == 0


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_for(url: str, server: subprocess.Popen[str], seconds: float = 120) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"server exited: {server.stdout.read() if server.stdout else ''}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return str(response.read().decode())
        except OSError:
            time.sleep(0.3)
    pytest.fail(f"{url} did not answer within {seconds} s")


def test_production_settings_hash_passwords_with_argon2() -> None:
    assert production_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    assert production_settings.LANGUAGE_CODE == "zh-hans"
    assert production_settings.TIME_ZONE == "Asia/Shanghai"


def test_unknown_command_exits_non_zero(tmp_path: Path) -> None:
    assert _cyberins("frobnicate", var_dir=tmp_path).returncode != 0
