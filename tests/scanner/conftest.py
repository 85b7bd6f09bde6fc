"""Loopback-only services for scanner tests (127.0.0.1, ephemeral ports, bounded lifetimes)."""

from __future__ import annotations

import contextlib
import ipaddress
import os
import shutil
import socket
import ssl
import subprocess
import threading
import time
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from tests.loopback import LOOPBACK, Handler, Server

NOW = datetime.now(UTC)

HARDENED_HEADERS = (
    ("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'"),
    ("Strict-Transport-Security", "max-age=63072000; includeSubDomains"),
    ("X-Frame-Options", "DENY"),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "no-referrer"),
    ("Set-Cookie", "sessionid=abc123; Path=/; Secure; HttpOnly; SameSite=Strict"),
)


def pytest_configure(config: pytest.Config) -> None:
    # a root in sslyze's bundled Mozilla store has a non-positive serial; harmless here
    config.addinivalue_line("filterwarnings", "ignore:Parsed a serial number which wasn't positive")


@pytest.fixture(autouse=True)
def _scan_loopback(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The servers below listen on 127.0.0.1, which the default policy refuses: admit it explicitly.
    ``cyberins scan`` reads the vulnerability store under CYBERINS_VAR_DIR: an empty one here."""
    monkeypatch.setenv("CYBERINS_SCAN_ALLOW", "127.0.0.0/8")
    monkeypatch.setenv("CYBERINS_VAR_DIR", str(tmp_path / "var"))


def read_request(conn: socket.socket) -> bytes:
    data = b""
    with contextlib.suppress(OSError):
        while b"\r\n\r\n" not in data and len(data) < 65536:
            chunk = conn.recv(4096)
            if not chunk:
                break
            data += chunk
    return data


def http_handler(headers: tuple[tuple[str, str], ...], status: str = "200 OK") -> Handler:
    def handle(conn: socket.socket) -> None:
        request = read_request(conn)
        if not request.startswith(b"GET "):
            return
        origin = next(
            (
                line.split(":", 1)[1].strip()
                for line in request.decode().split("\r\n")
                if line.lower().startswith("origin:")
            ),
            "",
        )
        lines = [f"HTTP/1.1 {status}"]
        lines += [f"{k}: {v.replace('{origin}', origin)}" for k, v in headers]
        lines += ["Content-Type: text/html", "Content-Length: 2", "Connection: close"]
        conn.sendall(("\r\n".join(lines) + "\r\n\r\nok").encode())

    return handle


def greeting_handler(banner: bytes) -> Handler:
    def handle(conn: socket.socket) -> None:
        conn.sendall(banner)
        with contextlib.suppress(OSError):
            conn.recv(1024)

    return handle


def rdp_handler(conn: socket.socket) -> None:
    request = conn.recv(64)
    if len(request) >= 7 and request[0] == 3 and request[5] == 0xE0:
        # X.224 Connection Confirm + RDP Negotiation Response (TLS selected)
        conn.sendall(bytes.fromhex("030000130ed000001234000200080001000000"))


def make_hang_handler(stop: threading.Event) -> Handler:
    def handle(conn: socket.socket) -> None:
        stop.wait(20)  # accepts, never answers; bounded so the thread always ends

    return handle


# --- certificates ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pki:
    ca: Path
    leaf: tuple[Path, Path]
    expired: tuple[Path, Path]
    self_signed: tuple[Path, Path]


def _name(cn: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def _write(
    folder: Path, stem: str, cert: x509.Certificate, key: ec.EllipticCurvePrivateKey
) -> tuple[Path, Path]:
    cert_path, key_path = folder / f"{stem}.pem", folder / f"{stem}.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    return cert_path, key_path


def issue(
    cn: str,
    *,
    issuer: tuple[x509.Certificate, ec.EllipticCurvePrivateKey] | None = None,
    not_before: datetime,
    not_after: datetime,
    ca: bool = False,
    sans: tuple[x509.GeneralName, ...] = (x509.IPAddress(ipaddress.ip_address(LOOPBACK)),),
) -> tuple[x509.Certificate, ec.EllipticCurvePrivateKey]:
    key = ec.generate_private_key(ec.SECP256R1())
    issuer_cert, issuer_key = issuer if issuer else (None, key)
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(cn))
        .issuer_name(issuer_cert.subject if issuer_cert else _name(cn))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
    )
    if ca:
        builder = builder.add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True
        ).add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
    else:
        builder = builder.add_extension(
            x509.SubjectAlternativeName(list(sans)), critical=False
        ).add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        if issuer_cert is not None:
            builder = builder.add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()), critical=False
            )
    return builder.sign(issuer_key, hashes.SHA256()), key


@pytest.fixture(scope="session")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Pki:
    folder = tmp_path_factory.mktemp("pki")
    ca_cert, ca_key = issue(
        "Cyberins Test CA", not_before=NOW - timedelta(days=30), not_after=NOW + timedelta(days=3650), ca=True
    )
    (folder / "ca.pem").write_bytes(ca_cert.public_bytes(serialization.Encoding.PEM))
    leaf = issue(
        "127.0.0.1",
        issuer=(ca_cert, ca_key),
        not_before=NOW - timedelta(days=1),
        not_after=NOW + timedelta(days=200),
    )
    expired = issue(
        "127.0.0.1",
        issuer=(ca_cert, ca_key),
        not_before=NOW - timedelta(days=400),
        not_after=NOW - timedelta(days=5),
    )
    self_signed = issue("127.0.0.1", not_before=NOW - timedelta(days=1), not_after=NOW + timedelta(days=200))
    return Pki(
        folder / "ca.pem",
        _write(folder, "leaf", *leaf),
        _write(folder, "expired", *expired),
        _write(folder, "self", *self_signed),
    )


def server_context(cert: tuple[Path, Path], *, legacy_only: bool = False) -> ssl.SSLContext:
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    if legacy_only:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            ctx.minimum_version = ssl.TLSVersion.TLSv1
            ctx.maximum_version = ssl.TLSVersion.TLSv1
        ctx.set_ciphers("DEFAULT:@SECLEVEL=0")
    else:
        ctx.minimum_version = ssl.TLSVersion.TLSv1_2
        ctx.set_ciphers("ECDHE+AESGCM:ECDHE+CHACHA20")
    ctx.load_cert_chain(*cert)
    return ctx


# --- the services ------------------------------------------------------------------------------


@dataclass
class Services:
    legacy_expired: Server
    self_signed: Server
    no_hsts: Server
    cookie: Server
    cors: Server
    ssh: Server
    apache: Server
    vsftpd: Server
    rdp: Server
    hardened: Server
    hang: Server
    outsider: Server


@pytest.fixture(scope="session")
def services(pki: Pki) -> Iterator[Services]:
    hang_stop = threading.Event()
    no_hsts = tuple(h for h in HARDENED_HEADERS if h[0] != "Strict-Transport-Security")
    plain = tuple(h for h in HARDENED_HEADERS if h[0] not in ("Strict-Transport-Security", "Set-Cookie"))
    made = Services(
        legacy_expired=Server(http_handler(HARDENED_HEADERS), server_context(pki.expired, legacy_only=True)),
        self_signed=Server(http_handler(HARDENED_HEADERS), server_context(pki.self_signed)),
        no_hsts=Server(http_handler(no_hsts), server_context(pki.leaf)),
        cookie=Server(http_handler((*plain, ("Set-Cookie", "sessionid=abc123; Path=/")))),
        cors=Server(
            http_handler(
                (
                    *plain,
                    ("Access-Control-Allow-Origin", "{origin}"),
                    ("Access-Control-Allow-Credentials", "true"),
                )
            )
        ),
        ssh=Server(greeting_handler(b"SSH-2.0-OpenSSH_7.4\r\n")),
        apache=Server(http_handler((*plain, ("Server", "Apache/2.4.49 (Unix)")))),
        vsftpd=Server(greeting_handler(b"220 (vsFTPd 2.3.4)\r\n")),
        rdp=Server(rdp_handler),
        hardened=Server(http_handler(HARDENED_HEADERS), server_context(pki.leaf)),
        hang=Server(make_hang_handler(hang_stop)),
        outsider=Server(http_handler(HARDENED_HEADERS)),
    )
    yield made
    hang_stop.set()
    for server in vars(made).values():
        server.close()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((LOOPBACK, 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def redis_port() -> Iterator[int]:
    """The real redis-server without a password (no persistence), or skip if it is not installed."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server not installed")
    port = free_port()
    process = subprocess.Popen(
        [
            binary,
            "--port",
            str(port),
            "--bind",
            LOOPBACK,
            "--save",
            "",
            "--appendonly",
            "no",
            "--daemonize",
            "no",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError), socket.create_connection((LOOPBACK, port), 0.2):
                break
            time.sleep(0.05)
        yield port
    finally:
        process.terminate()
        try:
            process.wait(5)
        except subprocess.TimeoutExpired:
            process.kill()


def _wait_for_port(port: int, process: subprocess.Popen[bytes], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and process.poll() is None:
        with contextlib.suppress(OSError), socket.create_connection((LOOPBACK, port), 0.2):
            return True
        time.sleep(0.1)
    return False


@pytest.fixture(scope="session")
def mariadb_port(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    """The real MariaDB server (Debian's mariadbd) in a throw-away data directory, or skip."""
    server, install = shutil.which("mariadbd") or shutil.which("mysqld"), shutil.which("mariadb-install-db")
    if server is None or install is None:
        pytest.skip("mariadbd not installed")
    folder = tmp_path_factory.mktemp("mariadb")
    data = folder / "data"
    user = ["--user=root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []
    created = subprocess.run(
        [
            install,
            "--no-defaults",
            f"--datadir={data}",
            "--skip-test-db",
            "--auth-root-authentication-method=normal",
            *user,
        ],
        capture_output=True,
        timeout=120,
        check=False,
    )
    if created.returncode != 0:
        pytest.skip(f"mariadb-install-db failed: {created.stderr[-200:]!r}")
    port = free_port()
    process = subprocess.Popen(
        [
            server,
            "--no-defaults",
            f"--datadir={data}",
            f"--port={port}",
            f"--bind-address={LOOPBACK}",
            f"--socket={folder / 'sock'}",
            "--skip-log-bin",
            "--innodb-buffer-pool-size=16M",
            *user,
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        if not _wait_for_port(port, process, 60):
            pytest.skip("mariadbd did not start")
        yield port
    finally:
        process.terminate()
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
