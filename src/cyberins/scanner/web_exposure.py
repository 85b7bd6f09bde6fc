"""Web exposure: development artefacts, backups, listings, status pages, admin panels, edge devices.

A fixed list of read-only ``GET`` requests per web service (at most :data:`MAX_REQUESTS`, a few at a
time), no credentials, no form posts. A path counts only when its *content* proves it — a git HEAD
line, ``KEY=value`` lines, an archive's magic bytes, a product's own markup — so a site that answers
every path with its home page (a "soft 404") or a hardened site reports nothing.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from cyberins.scanner import net
from cyberins.scanner.catalogue import make_finding
from cyberins.scanner.findings import Finding, Severity
from cyberins.scanner.http import HttpResponse, build_request, parse_response
from cyberins.scanner.software import Software

MAX_REQUESTS = 28
PARALLEL = 4

Match = Callable[[HttpResponse], str | None]


def _text(response: HttpResponse) -> str:
    return response.body.decode("utf-8", "replace")


def _is_html(response: HttpResponse) -> bool:
    head = response.body[:512].lstrip().lower()
    return head.startswith((b"<!doctype", b"<html", b"<head", b"<body")) or b"<html" in head


def _ok(match: Match) -> Match:
    return lambda r: match(r) if r.status == 200 and r.body else None


def _git_head(r: HttpResponse) -> str | None:
    line = _text(r).strip().splitlines()[0] if r.body.strip() else ""
    return f"/.git/HEAD: {line[:80]}" if re.fullmatch(r"ref: refs/\S+|[0-9a-f]{40}", line) else None


def _dotenv(r: HttpResponse) -> str | None:
    if _is_html(r):
        return None
    keys = re.findall(r"^\s*(?:export\s+)?([A-Z][A-Z0-9_]*)\s*=", _text(r), re.MULTILINE)
    # the keys only: the values are the secrets and stay out of the report
    return f"/.env defines {', '.join(keys[:8])}" if len(keys) >= 2 else None


_ARCHIVE_MAGIC = (
    (b"PK\x03\x04", "zip"),
    (b"\x1f\x8b", "gzip"),
    (b"7z\xbc\xaf\x27\x1c", "7z"),
    (b"Rar!", "rar"),
)
_DUMP = re.compile(r"^-- (MySQL|MariaDB) dump|^-- PostgreSQL database dump|^CREATE TABLE|^INSERT INTO", re.M)


def _backup(path: str) -> Match:
    def match(r: HttpResponse) -> str | None:
        kind = next((k for magic, k in _ARCHIVE_MAGIC if r.body.startswith(magic)), None)
        if kind is None and not _is_html(r) and _DUMP.search(_text(r)[:4096]):
            kind = "SQL dump"
        return f"{path}: {kind}, {r.header('Content-Length') or len(r.body)} bytes" if kind else None

    return match


def _listing(r: HttpResponse) -> str | None:
    title = re.search(r"<title>\s*(Index of /[^<]*|Directory listing for /[^<]*)</title>", _text(r), re.I)
    return title.group(1).strip() if title else None


def _contains(*needles: str, label: str) -> Match:
    def match(r: HttpResponse) -> str | None:
        text = _text(r)
        return label if any(n in text for n in needles) else None

    return match


def _phpinfo(r: HttpResponse) -> str | None:
    text = _text(r)
    if "<title>phpinfo()</title>" not in text and "phpinfo()" not in text[:2048]:
        return None
    version = re.search(r"PHP Version\s*(?:</[^>]+>\s*)*([0-9][0-9.]*)", text)
    return f"phpinfo(), PHP {version.group(1)}" if version else "phpinfo()"


def _tomcat_manager(r: HttpResponse) -> str | None:
    realm = r.header("WWW-Authenticate") or ""
    return "Tomcat Manager" if r.status == 401 and "Tomcat Manager" in realm else None


@dataclass(frozen=True)
class Probe:
    path: str
    check: str
    match: Match
    #: the ``{product}`` of the title; for edge devices the product named in ``EDGE_PRODUCTS``
    product: str = ""


#: the requests made, in order (no request depends on another's answer but the version requests)
PROBES: tuple[Probe, ...] = (
    Probe("/.git/HEAD", "web.git.exposed", _ok(_git_head)),
    Probe("/.env", "web.env.exposed", _ok(_dotenv)),
    *(
        Probe(p, "web.backup.exposed", _ok(_backup(p)))
        for p in ("/backup.zip", "/backup.tar.gz", "/www.zip", "/site.tar.gz", "/backup.sql", "/db.sql")
    ),
    Probe("/server-status", "web.status_page", _ok(_contains("Apache Server Status for", label="Apache")),
          "Apache mod_status"),
    Probe("/nginx_status", "web.status_page", _ok(_contains("Active connections:", label="nginx")),
          "nginx stub_status"),
    Probe("/phpinfo.php", "web.phpinfo", _ok(_phpinfo)),
    Probe("/info.php", "web.phpinfo", _ok(_phpinfo)),
    Probe("/phpmyadmin/", "web.admin_panel", _ok(_contains("phpMyAdmin", "pma_", label="phpMyAdmin")),
          "phpMyAdmin"),
    Probe("/adminer.php", "web.admin_panel", _ok(_contains("adminer.org", "Adminer", label="Adminer")),
          "Adminer"),
    Probe("/manager/html", "web.admin_panel", _tomcat_manager, "Apache Tomcat Manager"),
    Probe("/remote/login?lang=en", "edge.login_exposed",
          _ok(_contains("/remote/fgt_lang", "ftnt-fortinet", "FortiGate", label="FortiGate SSL-VPN")),
          "Fortinet FortiGate"),
    Probe("/vpn/index.html", "edge.login_exposed",
          _ok(_contains("NetScaler Gateway", "Citrix Gateway", "/vpn/resources/", label="Citrix Gateway")),
          "Citrix NetScaler ADC/Gateway"),
    Probe("/dana-na/auth/url_default/welcome.cgi", "edge.login_exposed",
          _ok(_contains("Ivanti Connect Secure", "Pulse Connect Secure", label="Connect Secure")),
          "Ivanti Connect Secure"),
    Probe("/global-protect/login.esp", "edge.login_exposed",
          _ok(_contains("GlobalProtect Portal", "global-protect/portal", label="GlobalProtect portal")),
          "Palo Alto GlobalProtect"),
    Probe("/cgi-bin/welcome", "edge.login_exposed",
          _ok(_contains("SonicWall", "SonicWALL", "SonicOS", label="SonicWall login")),
          "SonicWall"),
    Probe("/owa/auth/logon.aspx", "edge.login_exposed",
          _ok(_contains("Outlook Web App", "OwaPage", "<title>Outlook</title>", label="Outlook on the web")),
          "Microsoft Exchange (OWA)"),
)  # fmt: skip

#: Ivanti publishes the build in a plain-text version file next to the login page
IVANTI_VERSION_PATH = "/dana-na/nc/nc_gina_ver.txt"
#: Exchange Server: build 15.0 = 2013, 15.1 = 2016, 15.2 = 2019 (Server SE from build 15.2.2562);
#: extended support of 2013 ended 2023-04-11, of 2016 and 2019 on 2025-10-14 (Microsoft lifecycle)
EXCHANGE_RELEASES: tuple[tuple[str, str, str | None], ...] = (
    ("15.0", "Exchange Server 2013", "2023-04-11"),
    ("15.1", "Exchange Server 2016", "2025-10-14"),
    ("15.2", "Exchange Server 2019", "2025-10-14"),
)
EXCHANGE_SE_FIRST_BUILD = 2562


def exchange_release(build: str) -> tuple[str, str | None]:
    """``(release name, end of support date or None)`` of an Exchange build such as ``15.2.1118.7``."""
    parts = build.split(".")
    major = ".".join(parts[:2])
    if major == "15.2" and len(parts) > 2 and parts[2].isdigit() and int(parts[2]) >= EXCHANGE_SE_FIRST_BUILD:
        return "Exchange Server Subscription Edition", None
    return next(
        ((name, end) for prefix, name, end in EXCHANGE_RELEASES if prefix == major),
        (f"Exchange {build}", None),
    )


def _exchange_build(r: HttpResponse) -> str | None:
    if header := r.header("X-OWA-Version"):
        return header.strip()
    found = re.search(r"/owa/(?:auth/)?(\d+\.\d+\.\d+(?:\.\d+)?)/", _text(r))
    return found.group(1) if found else None


async def _get(ip: str, port: int, path: str, *, host: str, tls: bool, timeout: float) -> HttpResponse | None:
    request = build_request(host, port, path, default_port=443 if tls else 80)
    context = net.lenient_tls_context() if tls else None
    reply = await net.exchange(ip, port, request, timeout, tls=context, server_hostname=host)
    return parse_response(reply.data)


async def check_web_exposure(
    ip: str, port: int, *, host: str, tls: bool, root: HttpResponse | None, now: datetime, timeout: float
) -> tuple[list[Finding], list[Software]]:
    """The findings on one web service, and the edge-device software (with version) identified."""
    gate = asyncio.Semaphore(PARALLEL)

    async def fetch(path: str) -> HttpResponse | None:
        async with gate:
            return await _get(ip, port, path, host=host, tls=tls, timeout=timeout)

    responses = await asyncio.gather(*(fetch(p.path) for p in PROBES[: MAX_REQUESTS - 1]))
    findings: list[Finding] = []
    software: list[Software] = []

    def add(check: str, evidence: str, product: str = "", severity: Severity | None = None) -> None:
        findings.append(
            make_finding(check, host=host, port=port, evidence=evidence, now=now, params={"product": product},
                         severity=severity)
        )  # fmt: skip

    if root is not None and (listing := _listing(root)):
        add("web.directory_listing", f"/: {listing}")
    for probe, response in zip(PROBES, responses, strict=False):
        if response is None or (evidence := probe.match(response)) is None:
            continue
        if probe.check == "edge.login_exposed":
            evidence = f"{probe.path}: {evidence}"
        if probe.product.startswith("Microsoft Exchange") and (build := _exchange_build(response)):
            release, end = exchange_release(build)
            evidence += f", build {build} ({release})"
            software.append(Software("microsoft:exchange_server", build, f"OWA {build}"))
            if end is not None and now.date().isoformat() >= end:
                add("software.eol", f"{release} support ended {end} (OWA build {build})", release)
        if probe.product == "Ivanti Connect Secure":
            version = await fetch(IVANTI_VERSION_PATH)
            found = re.search(
                r'ProductVersion"?\s+VALUE="([0-9.]+)"', _text(version) if version else "", re.I
            )
            if found:
                evidence += f", version {found.group(1)}"
                software.append(Software("ivanti:connect_secure", found.group(1), f"{IVANTI_VERSION_PATH}"))
        add(probe.check, evidence, probe.product)
    return findings, software
