"""Loopback-only services (127.0.0.1, ephemeral ports) and helpers for health-check tests.

Scans here run for real, but only against servers these fixtures start on 127.0.0.1.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

from tests.conftest import ApiClient
from tests.loopback import Server


@dataclass
class WebServer:
    """An HTTP server whose ``Server`` header can be changed (an upgrade is a 'fix')."""

    banner: dict[str, str] = field(default_factory=lambda: {"value": "Apache/2.4.49 (Unix)"})

    def __call__(self, conn: socket.socket) -> None:
        data = b""
        while b"\r\n\r\n" not in data and len(data) < 65536:
            chunk = conn.recv(4096)
            if not chunk:
                return
            data += chunk
        if not data.startswith(b"GET "):
            return
        head = f"HTTP/1.1 200 OK\r\nServer: {self.banner['value']}\r\nContent-Type: text/html\r\n"
        conn.sendall((head + "Content-Length: 2\r\nConnection: close\r\n\r\nok").encode())


def greeting(banner: bytes) -> Callable[[socket.socket], None]:
    def handle(conn: socket.socket) -> None:
        conn.sendall(banner)
        with contextlib.suppress(OSError):
            conn.recv(1024)

    return handle


@dataclass
class Services:
    apache: Server
    apache_banner: WebServer
    ssh: Server
    hang: Server
    outsider: Server


@pytest.fixture
def services() -> Iterator[Services]:
    release = threading.Event()
    web = WebServer()
    made = Services(
        apache=Server(web),
        apache_banner=web,
        ssh=Server(greeting(b"SSH-2.0-OpenSSH_7.4\r\n")),
        hang=Server(lambda conn: release.wait(10)),  # accepts, never answers
        outsider=Server(WebServer()),
    )
    yield made
    release.set()
    for server in (made.apache, made.ssh, made.hang, made.outsider):
        server.close()


@pytest.fixture(autouse=True)
def _healthcheck_settings(settings: Any, tmp_path: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.HEALTHCHECK_SCAN_OPTIONS = {"timeout": 0.5, "service_deadline": 2.0, "use_nmap": False}
    settings.VAR_DIR = tmp_path  # no imported CVE store unless a test writes one
    # The services above listen on 127.0.0.1, which the platform refuses by default: admit it
    # explicitly, as an operator would with CYBERINS_SCAN_ALLOW (tests of the refusal clear it).
    settings.SCAN_ALLOW = "127.0.0.0/8"


@pytest.fixture
def run_tasks(django_capture_on_commit_callbacks: Any) -> Callable[[], Any]:
    """Context manager: queued health checks run (ImmediateBackend) when the block ends."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def declare(api: ApiClient, address: str, name: str = "测试服务", *, authorise: bool = True) -> int:
    response = api.post("/api/healthchecks/assets", {"name": name, "address": address})
    assert response.status_code == 201, response.json()
    asset_id = int(response.json()["id"])
    if authorise:
        body = {"asset_ids": [asset_id], "authorised_by": "赵磊（信息中心主任）"}
        assert api.post("/api/healthchecks/authorisations", body).status_code == 201
    return asset_id
