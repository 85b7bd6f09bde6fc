"""Interrupted work recovers: the real worker is killed or stopped mid-scan and the check still ends.

The worker runs as a subprocess (``cyberins worker``) on its own SQLite file, scanning a loopback
server that holds its connections open while ``slow`` is set, so the scan is still running when the
worker dies.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.loopback import Server

ROOT = Path(__file__).resolve().parents[2]
#: how long the check may take to end after the worker comes back (lease 3 s + a 5-s recovery slot + scan),
#: with room for a worker that starts slowly on a busy machine (CI runs two suites side by side)
BOUND = 90.0
#: how long a freshly started worker may take to pick the check up
START = 120.0


class SlowThenFast:
    """An HTTP service that, while ``slow`` is set, accepts and says nothing (a scan waits on it)."""

    def __init__(self) -> None:
        self.slow = threading.Event()
        self.slow.set()
        self.release = threading.Event()

    def __call__(self, conn: socket.socket) -> None:
        if self.slow.is_set():
            self.release.wait(60)
            return
        with contextlib.suppress(OSError):
            conn.recv(4096)
        conn.sendall(
            b"HTTP/1.1 200 OK\r\nServer: nginx/1.25.3\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"
        )


def _environment(database: Path, var_dir: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.healthchecks.worker_settings",
        "DATABASE_URL": f"sqlite:///{database}",
        "CYBERINS_VAR_DIR": str(var_dir),
        "CYBERINS_HEALTHCHECK_LEASE_SECONDS": "3",
        "CYBERINS_HEALTHCHECK_RECOVERY_SECONDS": "5",
        "CYBERINS_TASK_BACKEND": "django_tasks_db.DatabaseBackend",
        "CYBERINS_SCAN_ALLOW": "127.0.0.1/32",
        "PYTHONPATH": str(ROOT),
    }


@pytest.fixture(scope="module")
def migrated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file, copied for each test (migrating takes longer than the test)."""
    folder = tmp_path_factory.mktemp("migrated")
    database = folder / "template.sqlite3"
    env = _environment(database, folder)
    subprocess.run(
        [sys.executable, "-m", "cyberins.cli", "migrate"], env=env, cwd=ROOT, check=True, capture_output=True
    )
    return database


@pytest.fixture
def lab(tmp_path: Path, migrated: Path) -> Iterator[tuple[dict[str, str], Server, SlowThenFast]]:
    handler = SlowThenFast()
    server = Server(handler)
    database = tmp_path / "lab.sqlite3"
    shutil.copyfile(migrated, database)
    env = _environment(database, tmp_path)
    yield env, server, handler
    handler.release.set()
    server.close()


def _cli(env: dict[str, str], *args: str) -> str:
    return subprocess.run(
        [sys.executable, *args], env=env, cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout


def _worker(env: dict[str, str], tmp_path: Path, name: str) -> subprocess.Popen[bytes]:
    log = (tmp_path / f"{name}.log").open("wb")
    return subprocess.Popen(
        [sys.executable, "-m", "cyberins.cli", "worker", "--interval", "0.2", "--scheduler-interval", "1"],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def _check(env: dict[str, str], pk: int) -> dict[str, object]:
    db = env["DATABASE_URL"].removeprefix("sqlite:///")
    with contextlib.closing(sqlite3.connect(db, timeout=20)) as conn:
        columns = "status, attempts, lease_expires_at, error_code"
        row = conn.execute(f"SELECT {columns} FROM healthchecks_healthcheck WHERE id = ?", (pk,)).fetchone()
    return dict(zip(("status", "attempts", "lease_expires_at", "error_code"), row, strict=True))


def _wait(env: dict[str, str], pk: int, statuses: set[str], timeout: float) -> dict[str, object]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        state = _check(env, pk)
        if state["status"] in statuses:
            return state
        time.sleep(0.3)
    raise AssertionError(f"check {pk} did not reach {statuses} in {timeout} s: {_check(env, pk)}")


def _stop(worker: subprocess.Popen[bytes]) -> None:
    if worker.poll() is None:
        worker.kill()
        worker.wait(10)


@pytest.mark.parametrize("stop_signal", [signal.SIGKILL, signal.SIGTERM], ids=["SIGKILL", "SIGTERM"])
def test_a_check_interrupted_by_the_worker_dying_finishes_after_a_restart(lab, tmp_path, stop_signal) -> None:
    env, server, handler = lab
    pk = int(_cli(env, "-m", "tests.healthchecks.worker_lab", server.target).strip())

    first = _worker(env, tmp_path, "first")
    try:
        running = _wait(env, pk, {"running"}, START)
        assert running["attempts"] == 1
        time.sleep(1.0)  # mid-scan: the server holds the probe's connection
        assert _check(env, pk)["status"] == "running"
        stopped_at = time.monotonic()
        first.send_signal(stop_signal)
        first.wait(15)
        exit_seconds = time.monotonic() - stopped_at
        if stop_signal == signal.SIGTERM:
            # A stopped worker does not wait for the scan (up to 40 s here): it releases the check.
            assert exit_seconds < 5
            print(f"\nSIGTERM: the worker exited {exit_seconds:.1f} s after the signal")
    finally:
        _stop(first)
    assert _check(env, pk)["status"] == "running"  # nobody is scanning it now

    handler.slow.clear()  # the service answers from now on
    restarted_at = time.monotonic()
    second = _worker(env, tmp_path, "second")
    try:
        ended = _wait(env, pk, {"done", "incomplete", "failed"}, BOUND)
    finally:
        _stop(second)
    recovery_seconds = time.monotonic() - restarted_at
    assert ended["status"] in {"done", "incomplete"}
    assert ended["attempts"] == 2
    assert ended["lease_expires_at"] is None
    print(f"\n{stop_signal.name}: the check ended {recovery_seconds:.1f} s after the worker restarted")
