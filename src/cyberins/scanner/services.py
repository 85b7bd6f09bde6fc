"""Exposed-service checks: unauthenticated datastores, cleartext protocols, remote access."""

from __future__ import annotations

import asyncio
import contextlib
from datetime import datetime

from cyberins.scanner import net
from cyberins.scanner.banners import ServiceInfo
from cyberins.scanner.catalogue import make_finding
from cyberins.scanner.findings import Confidence, Finding

DATABASES = {
    "mysql": "MySQL",
    "postgresql": "PostgreSQL",
    "mssql": "Microsoft SQL Server",
    "mongodb": "MongoDB",
}


async def vnc_security_types(ip: str, port: int, timeout: float) -> list[int] | None:
    """The security types a VNC server offers (RFB 6.1.2); 1 means no authentication.

    Only the version handshake is performed; no authentication is attempted.
    """
    try:
        reader, writer = await net.connect(ip, port, timeout)
    except (net.Unreachable, OSError):
        return None
    try:
        greeting = await asyncio.wait_for(reader.readexactly(12), timeout)
        if not greeting.startswith(b"RFB "):
            return None
        minor = int(greeting[8:11]) if greeting[8:11].isdigit() else 3
        writer.write(b"RFB 003.008\n" if minor >= 7 else b"RFB 003.003\n")
        await writer.drain()
        if minor >= 7:
            count = (await asyncio.wait_for(reader.readexactly(1), timeout))[0]
            return list(await asyncio.wait_for(reader.readexactly(count), timeout)) if count else []
        return [int.from_bytes(await asyncio.wait_for(reader.readexactly(4), timeout), "big")]
    except (TimeoutError, asyncio.IncompleteReadError, ConnectionError, OSError):
        return None
    finally:
        with contextlib.suppress(Exception):
            await net.close(writer)


async def check_exposure(
    info: ServiceInfo, *, ip: str, host: str, port: int, now: datetime, timeout: float
) -> tuple[list[Finding], list[str]]:
    """Findings for what the service is, and sub-checks that could not be completed."""
    findings: list[Finding] = []
    incomplete: list[str] = []
    confidence = Confidence.BANNER if info.port_only else Confidence.CONFIRMED

    def add(check: str, evidence: str) -> None:
        findings.append(
            make_finding(check, host=host, port=port, evidence=evidence, now=now, confidence=confidence)
        )

    name = info.name
    if name == "rdp":
        add("remote.rdp", f"RDP answered an X.224 connection request on TCP {port}")
    elif name == "smb":
        add("remote.smb", f"{info.banner} on TCP {port}")
    elif name == "telnet":
        add("cleartext.telnet", f"Telnet option negotiation on TCP {port}: {info.banner[:60]}")
    elif name == "ftp":
        add("cleartext.ftp", f"FTP greeting on TCP {port}: {info.banner[:80]}")
    elif name == "vnc":
        add("remote.vnc", f"{info.banner} on TCP {port}")
        types = await vnc_security_types(ip, port, timeout)
        if types is None:
            incomplete.append("VNC security handshake did not complete")
        elif 1 in types:
            add("remote.vnc.unauthenticated", f"VNC offers security type None (types {types})")
    elif name == "redis":
        if info.facts.get("redis_auth") == "none":
            version = ", ".join(str(s) for s in info.software) or "Redis"
            add("datastore.unauthenticated", f"{version} answered INFO on TCP {port} without a password")
        else:
            add("datastore.exposed", f"Redis on TCP {port} (authentication required)")
    elif name == "elasticsearch":
        if info.facts.get("elasticsearch_auth") == "none":
            add(
                "datastore.unauthenticated",
                f"Elasticsearch answered GET / without credentials ({info.banner})",
            )
        else:
            add("datastore.exposed", f"Elasticsearch on TCP {port} (authentication required)")
    elif name in DATABASES:
        add("datastore.exposed", f"{DATABASES[name]} on TCP {port}: {info.banner[:80]}")
    return findings, incomplete
