"""The demo lab: four small services on 127.0.0.1 that a demo health check scans for real.

============== ======================================================================
outdated_web   HTTP server announcing ``Server: Apache/2.4.49 (Unix)`` (CVE-2021-41773, KEV)
redis          Redis protocol without a password (answers ``INFO server`` to anyone)
expired_tls    HTTPS with an expired self-signed certificate
hardened_site  HTTPS, TLS 1.2+, a certificate from the lab's own CA, the security headers
============== ======================================================================

Nothing here leaves the machine: every service listens on the loopback address only, and the
demo admits exactly these ``address:port`` pairs as scan targets (``allow_list``). The Redis
service is a few lines of asyncio speaking enough RESP for the scanner's probe, so the lab needs
no binary beyond Python. The lab runs an asyncio loop in one daemon thread; :meth:`Lab.stop` ends it.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import json
import os
import shutil
import socket
import ssl
import tempfile
import threading
from collections.abc import Awaitable, Callable, Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

LOOPBACK = "127.0.0.1"
#: preferred ports (below the kernel's ephemeral range); a busy one is replaced by a free one
DEFAULT_PORTS: Mapping[str, int] = {
    "outdated_web": 28080,
    "redis": 26379,
    "expired_tls": 28443,
    "hardened_site": 29443,
}
SECURITY_HEADERS = (
    ("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'"),
    ("Strict-Transport-Security", "max-age=63072000; includeSubDomains"),
    ("X-Frame-Options", "DENY"),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "no-referrer"),
    ("Set-Cookie", "sessionid=lab; Path=/; Secure; HttpOnly; SameSite=Strict"),
)
REDIS_INFO = "# Server\r\nredis_version:6.0.9\r\nredis_mode:standalone\r\nos:Linux\r\ntcp_port:6379\r\n"

Handler = Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]]


# --- the services ------------------------------------------------------------------------------


async def _read_head(reader: asyncio.StreamReader) -> bytes:
    with contextlib.suppress(asyncio.LimitOverrunError, asyncio.IncompleteReadError, TimeoutError):
        return await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 5)
    return b""


def _web(headers: tuple[tuple[str, str], ...], body: str) -> Handler:
    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = await _read_head(reader)
        if not head.startswith((b"GET ", b"HEAD ")):
            writer.write(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
            return
        content = body.encode()
        lines = ["HTTP/1.1 200 OK", *(f"{k}: {v}" for k, v in headers)]
        lines += [
            "Content-Type: text/html; charset=utf-8",
            f"Content-Length: {len(content)}",
            "Connection: close",
        ]
        writer.write(
            ("\r\n".join(lines) + "\r\n\r\n").encode() + (b"" if head.startswith(b"HEAD") else content)
        )

    return handle


def _redis_reply(command: list[str]) -> bytes:
    name = command[0].upper() if command else ""
    if name == "PING":
        return b"+PONG\r\n"
    if name == "INFO":
        data = REDIS_INFO.encode()
        return b"$%d\r\n%s\r\n" % (len(data), data)
    return f"-ERR unknown command '{command[0][:40] if command else ''}'\r\n".encode()


async def _redis(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    """Inline commands (``INFO server``) and RESP arrays; no AUTH is ever asked for."""
    while True:
        try:
            line = await asyncio.wait_for(reader.readline(), 10)
        except (TimeoutError, ValueError, ConnectionError):
            return
        if not line:
            return
        if line.startswith(b"*") and line[1:].strip().isdigit():
            command = []
            for _ in range(min(int(line[1:]), 16)):
                await reader.readline()  # $<length>
                command.append((await reader.readline()).strip().decode("utf-8", "replace"))
        else:
            command = line.decode("utf-8", "replace").split()
            if command and (command[0].upper() in {"GET", "POST"} or command[0].endswith(":")):
                return  # like Redis itself: an HTTP request is a cross-protocol attack, hang up
        writer.write(_redis_reply(command))
        await writer.drain()


# --- certificates ------------------------------------------------------------------------------


def _name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def _certificate(
    common_name: str,
    *,
    not_before: datetime,
    not_after: datetime,
    issuer: tuple[x509.Certificate, ec.EllipticCurvePrivateKey] | None = None,
    ca: bool = False,
) -> tuple[x509.Certificate, ec.EllipticCurvePrivateKey]:
    key = ec.generate_private_key(ec.SECP256R1())
    issuer_name, signing_key = (issuer[0].subject, issuer[1]) if issuer else (_name(common_name), key)
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(common_name))
        .issuer_name(issuer_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
    )
    if ca:
        usage = x509.KeyUsage(False, False, False, False, False, True, True, False, False)
        builder = builder.add_extension(usage, critical=True)
    else:
        names = [x509.IPAddress(ipaddress.ip_address(LOOPBACK)), x509.DNSName("localhost")]
        builder = builder.add_extension(x509.SubjectAlternativeName(names), critical=False)
        builder = builder.add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False
        )
        if issuer is not None:
            aki = x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer[1].public_key())
            builder = builder.add_extension(aki, critical=False)
    return builder.sign(signing_key, hashes.SHA256()), key


def _write_pair(folder: Path, stem: str, cert: x509.Certificate, key: ec.EllipticCurvePrivateKey) -> Path:
    key_path = folder / f"{stem}.key"
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    key_path.chmod(0o600)
    (folder / f"{stem}.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return folder / f"{stem}.pem"


def _tls_context(folder: Path, stem: str) -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.set_ciphers("ECDHE+AESGCM:ECDHE+CHACHA20")
    context.load_cert_chain(folder / f"{stem}.pem", folder / f"{stem}.key")
    return context


def write_certificates(folder: Path, now: datetime) -> Path:
    """The expired self-signed certificate, the lab CA and the hardened site's; returns the CA file."""
    folder.mkdir(parents=True, exist_ok=True)
    expired = _certificate("expired.lab.cyberins", not_before=now - timedelta(days=400),
                           not_after=now - timedelta(days=30))  # fmt: skip
    _write_pair(folder, "expired", *expired)
    ca = _certificate("Cyberins Demo Lab CA", not_before=now - timedelta(days=1),
                      not_after=now + timedelta(days=3650), ca=True)  # fmt: skip
    site = _certificate("hardened.lab.cyberins", issuer=ca, not_before=now - timedelta(days=1),
                        not_after=now + timedelta(days=365))  # fmt: skip
    _write_pair(folder, "hardened", *site)
    return _write_pair(folder, "ca", *ca)


# --- the lab -----------------------------------------------------------------------------------


def _bind(port: int) -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.bind((LOOPBACK, port))
    except OSError:
        if port == 0:
            sock.close()
            raise
        sock.bind((LOOPBACK, 0))  # the preferred port is taken: any free one
    sock.listen(64)
    sock.setblocking(False)
    return sock


class Lab:
    """The four lab services; ``ports`` maps a service to its preferred port (0: any free port)."""

    def __init__(self, ports: Mapping[str, int] | None = None, folder: Path | None = None) -> None:
        self.preferred = {**DEFAULT_PORTS, **(ports or {})}
        self._own_folder = folder is None
        self.folder = Path(tempfile.mkdtemp(prefix="cyberins-lab-")) if folder is None else folder
        self.ports: dict[str, int] = {}
        self.ca_file: Path | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._servers: list[asyncio.Server] = []
        self._pid = 0

    def start(self, now: datetime | None = None) -> Lab:
        self._pid = os.getpid()
        self.ca_file = write_certificates(self.folder, now or datetime.now(UTC))
        handlers: dict[str, tuple[Handler, ssl.SSLContext | None]] = {
            "outdated_web": (_web((("Server", "Apache/2.4.49 (Unix)"),), "<h1>Fleet portal</h1>"), None),
            "redis": (_redis, None),
            "expired_tls": (
                _web(SECURITY_HEADERS, "<h1>VPN portal</h1>"),
                _tls_context(self.folder, "expired"),
            ),
            "hardened_site": (
                _web(SECURITY_HEADERS, "<h1>Internet hospital</h1>"),
                _tls_context(self.folder, "hardened"),
            ),
        }
        sockets = {name: _bind(self.preferred[name]) for name in handlers}
        self.ports = {name: int(sock.getsockname()[1]) for name, sock in sockets.items()}
        loop = asyncio.new_event_loop()
        # handshakes the scanner breaks off on purpose (legacy versions) are not errors of the lab
        loop.set_exception_handler(lambda _loop, _context: None)
        ready = threading.Event()

        async def serve() -> None:
            for name, (handler, tls) in handlers.items():
                self._servers.append(
                    await asyncio.start_server(_closing(handler), sock=sockets[name], ssl=tls)
                )
            ready.set()

        def run() -> None:
            asyncio.set_event_loop(loop)
            starting = loop.create_task(serve())
            loop.run_forever()
            starting.cancel()
            loop.close()

        self._loop = loop
        self._thread = threading.Thread(target=run, name="cyberins-lab", daemon=True)
        self._thread.start()
        ready.wait(10)
        return self

    async def _shutdown(self) -> None:
        for server in self._servers:
            server.close()
        tasks = [task for task in asyncio.all_tasks() if task is not asyncio.current_task()]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        asyncio.get_running_loop().stop()

    def stop(self) -> None:
        """Close the listening sockets and every open connection, and end the loop's thread."""
        if self._pid and os.getpid() != self._pid:
            return  # a forked child (a gunicorn worker) unwinding: the lab belongs to its parent
        if self._loop is not None and self._thread is not None:
            asyncio.run_coroutine_threadsafe(self._shutdown(), self._loop)
            self._thread.join(5)
            self._loop = self._thread = None
            self._servers = []
        if self._own_folder:
            shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> Lab:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def address(self, name: str) -> str:
        return f"{LOOPBACK}:{self.ports[name]}"

    def allow_list(self) -> str:
        """``CYBERINS_SCAN_ALLOW`` admitting exactly the lab's services."""
        return ",".join(self.address(name) for name in sorted(self.ports))

    def save_ports(self, path: Path) -> None:
        path.write_text(json.dumps(self.ports, indent=1, sort_keys=True))

    @staticmethod
    def saved_ports(path: Path) -> dict[str, int]:
        try:
            data = json.loads(path.read_text())
        except (OSError, ValueError):
            return {}
        return {k: int(v) for k, v in data.items() if k in DEFAULT_PORTS and isinstance(v, int)}


def _closing(handler: Handler) -> Handler:
    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            await handler(reader, writer)
            with contextlib.suppress(Exception):
                await asyncio.wait_for(writer.drain(), 5)
        except (ConnectionError, ssl.SSLError, OSError, TimeoutError):
            pass
        finally:
            writer.close()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(writer.wait_closed(), 2)

    return handle
