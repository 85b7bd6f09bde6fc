"""Web exposure and edge-device login pages, against loopback fixture sites (read-only GETs only)."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime

import pytest

from cyberins.scanner import ScanOptions, Scope, Severity, assess
from cyberins.scanner.web_exposure import MAX_REQUESTS, check_web_exposure, exchange_release
from tests.loopback import LOOPBACK, Server

from .conftest import read_request

NOW = datetime(2026, 1, 15, tzinfo=UTC)
Page = tuple[int, tuple[tuple[str, str], ...], bytes]
HOME = b"<!DOCTYPE html><html><head><title>Yuanhai Shipping</title></head><body>Welcome</body></html>"
PHPINFO = (
    b"<!DOCTYPE html><html><head><title>phpinfo()</title></head><body>"
    b"<h1 class='p'>PHP Version 7.4.3</h1></body></html>"
)


def site(pages: Mapping[str, Page], fallback: Page | None = None) -> Server:
    """A server answering ``pages`` by path, ``fallback`` (default: 404) otherwise; records the requests."""
    missing: Page = fallback or (404, (), b"<html><body>Not Found</body></html>")

    def handle(conn: socket.socket) -> None:
        request = read_request(conn)
        if b" " not in request:  # the identification's other probes (greeting, TLS) send no GET
            return
        method, path = request.decode("latin-1").split(" ")[:2]
        server.requests.append((method, path))
        status, headers, body = pages.get(path, missing)
        if callable(body):
            body = body(path)
        head = [f"HTTP/1.1 {status} X", *(f"{k}: {v}" for k, v in headers)]
        head += [f"Content-Length: {len(body)}", "Connection: close"]
        conn.sendall(("\r\n".join(head) + "\r\n\r\n").encode() + body)

    server = Server(handle)
    server.requests = []  # type: ignore[attr-defined]
    return server


LEAKY: dict[str, Page] = {
    "/": (200, (), b"<html><head><title>Index of /</title></head><body></body></html>"),
    "/.git/HEAD": (200, (), b"ref: refs/heads/main\n"),
    "/.env": (200, (), b"APP_KEY=base64:c2VjcmV0\nDB_PASSWORD=hunter2\nDB_HOST=127.0.0.1\n"),
    "/backup.zip": (200, (("Content-Type", "application/zip"),), b"PK\x03\x04" + b"\x00" * 60),
    "/db.sql": (200, (), b"-- MySQL dump 10.13  Distrib 5.7.40\n\nCREATE TABLE `users` (id int);\n"),
    "/server-status": (200, (), b"<html><head><title>Apache Status</title></head><body>"
                               b"<h1>Apache Server Status for 127.0.0.1 (via 127.0.0.1)</h1></body></html>"),
    "/phpinfo.php": (200, (), PHPINFO),
    "/phpmyadmin/": (200, (), b"<html><head><title>phpMyAdmin</title></head><body></body></html>"),
    "/manager/html": (401, (("WWW-Authenticate", 'Basic realm="Tomcat Manager Application"'),), b""),
}  # fmt: skip


@pytest.fixture
def leaky() -> Iterator[Server]:
    server = site(LEAKY)
    yield server
    server.close()


def _exposure(server: Server, root: bytes | None = None) -> tuple[dict[str, str], list[str]]:
    from cyberins.scanner.http import HttpResponse

    home = HttpResponse(200, "OK", (), root) if root is not None else None
    findings, software = asyncio.run(
        check_web_exposure(LOOPBACK, server.port, host=LOOPBACK, tls=False, root=home, now=NOW, timeout=2.0)
    )
    assert all(f.port == server.port and f.title.zh and f.title.en for f in findings)
    return {f.check + (f":{f.evidence.split(':')[0]}" if f.check.startswith("web.") else ""): f.severity.value
            for f in findings}, [str(s) for s in software]  # fmt: skip


def test_development_artefacts_backups_and_panels_are_found(leaky: Server) -> None:
    found, _ = _exposure(leaky, root=LEAKY["/"][2])
    assert found == {
        "web.directory_listing:/": "medium",
        "web.git.exposed:/.git/HEAD": "high",
        "web.env.exposed:/.env defines APP_KEY, DB_PASSWORD, DB_HOST": "critical",
        "web.backup.exposed:/backup.zip": "high",
        "web.backup.exposed:/db.sql": "high",
        "web.status_page:Apache": "medium",
        "web.phpinfo:phpinfo(), PHP 7.4.3": "medium",
        "web.admin_panel:phpMyAdmin": "medium",
        "web.admin_panel:Tomcat Manager": "medium",
    }
    # read-only and bounded: GETs only, no more than the documented number of requests
    assert {method for method, _ in leaky.requests} == {"GET"}  # type: ignore[attr-defined]
    assert len(leaky.requests) <= MAX_REQUESTS  # type: ignore[attr-defined]


def test_the_secrets_of_an_exposed_env_file_stay_out_of_the_report(leaky: Server) -> None:
    findings, _ = asyncio.run(
        check_web_exposure(LOOPBACK, leaky.port, host=LOOPBACK, tls=False, root=None, now=NOW, timeout=2.0)
    )
    assert not any("hunter2" in f.evidence or "c2VjcmV0" in f.evidence for f in findings)


def _echo_not_found(path: str) -> bytes:
    return HOME.replace(b"Welcome", b"Sorry, " + path.encode() + b" was not found")


@pytest.mark.parametrize(
    "fallback",
    [
        None,  # a hardened site: 404 everywhere
        (200, (("Content-Type", "text/html"),), HOME),  # a single-page app: the home page for every path
        (200, (("Content-Type", "text/html"),), _echo_not_found),  # a soft 404 echoing the path
    ],
    ids=["hardened", "spa", "soft-404"],
)
def test_a_clean_site_stays_clean(fallback: Page | None) -> None:
    server = site({"/": (200, (), HOME)}, fallback)
    try:
        assert _exposure(server, root=HOME) == ({}, [])
    finally:
        server.close()


EDGE_PAGES: list[tuple[str, str, bytes, tuple[tuple[str, str], ...], str]] = [
    ("Fortinet FortiGate", "/remote/login?lang=en",
     b'<html><head><script src="/remote/fgt_lang?lang=en"></script></head><body class="ftnt-fortinet-grid">'
     b"</body></html>", (), ""),
    ("Citrix NetScaler ADC/Gateway", "/vpn/index.html",
     b'<html><head><title>NetScaler Gateway</title><link href="/vpn/resources/x.css"></head></html>', (), ""),
    ("Ivanti Connect Secure", "/dana-na/auth/url_default/welcome.cgi",
     b"<html><head><title>Ivanti Connect Secure</title></head></html>", (),
     "ivanti:connect_secure 22.7.2.3191"),
    ("Palo Alto GlobalProtect", "/global-protect/login.esp",
     b"<html><head><title>GlobalProtect Portal</title></head></html>", (), ""),
    ("SonicWall", "/cgi-bin/welcome",
     b"<html><head><title>SonicWall - Virtual Office</title></head></html>", (), ""),
    ("Microsoft Exchange (OWA)", "/owa/auth/logon.aspx",
     b'<html><head><title>Outlook</title><link href="/owa/auth/15.1.2507/themes/resources/owafont.css">'
     b"</head></html>", (("X-OWA-Version", "15.1.2507.6"),), "microsoft:exchange_server 15.1.2507.6"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("product", "path", "body", "headers", "software"), EDGE_PAGES, ids=lambda v: str(v)[:12]
)
def test_edge_device_login_pages_are_fingerprinted(
    product: str, path: str, body: bytes, headers: tuple[tuple[str, str], ...], software: str
) -> None:
    pages: dict[str, Page] = {"/": (200, (), HOME), path: (200, headers, body)}
    pages["/dana-na/nc/nc_gina_ver.txt"] = (200, (), b'<PARAM NAME="ProductVersion" VALUE="22.7.2.3191">')
    server = site(pages)
    try:
        findings, found_software = asyncio.run(
            check_web_exposure(
                LOOPBACK, server.port, host=LOOPBACK, tls=False, root=None, now=NOW, timeout=2.0
            )
        )
    finally:
        server.close()
    edge = [f for f in findings if f.check == "edge.login_exposed"]
    assert [f.title.en for f in edge] == [f"{product} login page reachable from the internet"]
    assert edge[0].evidence.startswith(path)
    assert [f"{s.cpe} {s.version}" for s in found_software] == ([software] if software else [])
    if product.startswith("Microsoft Exchange"):  # Exchange 2016: extended support ended 2025-10-14
        (eol,) = [f for f in findings if f.check == "software.eol"]
        assert eol.title.en == "Exchange Server 2016 is end-of-life"
        assert eol.severity is Severity.HIGH


@pytest.mark.parametrize(
    ("build", "release", "end"),
    [("15.0.1497.2", "Exchange Server 2013", "2023-04-11"),
     ("15.1.2507.6", "Exchange Server 2016", "2025-10-14"),
     ("15.2.1118.7", "Exchange Server 2019", "2025-10-14"),
     ("15.2.2562.17", "Exchange Server Subscription Edition", None)],
)  # fmt: skip
def test_exchange_builds_map_to_their_release(build: str, release: str, end: str | None) -> None:
    assert exchange_release(build) == (release, end)


def test_the_assessment_reports_web_exposure_and_it_lowers_the_grade(leaky: Server) -> None:
    options = ScanOptions(timeout=1.0, use_nmap=False)
    result = assess(Scope.from_declared([leaky.target]), [leaky.target], now=NOW, options=options)
    checks = {f.check for f in result.findings}
    assert {"web.git.exposed", "web.env.exposed", "web.directory_listing"} <= checks
    assert result.score.score <= 59  # exposed artefacts cap the score (docs/healthcheck.md)
    quiet = assess(
        Scope.from_declared([leaky.target]),
        [leaky.target],
        now=NOW,
        options=ScanOptions(timeout=1.0, use_nmap=False, web_exposure=False),
    )
    assert not [f for f in quiet.findings if f.check.startswith("web.")]
