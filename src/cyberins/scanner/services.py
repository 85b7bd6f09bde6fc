"""Exposed-service checks: unauthenticated datastores, cleartext protocols, remote access."""

from __future__ import annotations

import asyncio
import contextlib
from datetime import datetime

from cyberins.scanner import directory_probes, net, probes
from cyberins.scanner.banners import ServiceInfo
from cyberins.scanner.catalogue import make_finding
from cyberins.scanner.findings import Confidence, Finding

DATABASES = {
    "mysql": "MySQL",
    "postgresql": "PostgreSQL",
    "mssql": "Microsoft SQL Server",
    "mongodb": "MongoDB",
    "memcached": "Memcached",
    "couchdb": "CouchDB",
}
#: HTTP services that may be a container or cluster control plane (``GET /version``)
CONTROL_PLANE_CANDIDATES = frozenset({"http", "https", "docker", "etcd", "kubernetes", "kubelet"})
_CONTROL_PLANE_NAMES = {
    "Docker Engine API": "docker",
    "etcd": "etcd",
    "Kubernetes API": "kubernetes",
    "Kubernetes kubelet": "kubelet",
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
        dialect = await directory_probes.smb1(ip, port, timeout)
        if dialect.auth == "smb1":
            add("remote.smb.v1", dialect.evidence)
    elif name == "ldap":
        directory = await directory_probes.ldap_anonymous(ip, port, timeout)
        if directory.auth == "none":
            add("ldap.anonymous", directory.evidence)
        elif directory.auth == "required":
            add("ldap.exposed", f"LDAP on TCP {port}: {directory.evidence}")
        else:
            add("ldap.exposed", f"LDAP on TCP {port}")
            incomplete.append(f"anonymous LDAP probe: {directory.evidence}")
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
    elif info.port_only and name in DATABASES:
        add("datastore.exposed", f"{DATABASES[name]} on TCP {port}: {info.banner[:80]}")
    elif name == "mysql":
        product = info.facts.get("product", "MySQL")
        version = ", ".join(str(s) for s in info.software) or product
        refused = info.facts.get("mysql_error")
        detail = f"greeting refused this client: {refused}" if refused else f"handshake greeting {version}"
        add("datastore.exposed", f"{product} on TCP {port}: {detail}")
    elif name in ("memcached", "mongodb", "postgresql", "couchdb", "elasticsearch"):
        if name == "memcached" and info.facts.get("memcached_auth") == "required":
            exposure = probes.Exposure(
                "Memcached", "required", "Memcached answered CLIENT_ERROR unauthenticated"
            )
        elif name == "elasticsearch" and info.facts.get("elasticsearch_auth") != "none":
            exposure = probes.Exposure("Elasticsearch", "required", f"GET / answered {info.banner}")
        elif name == "memcached":
            exposure = await probes.memcached(ip, port, timeout)
        elif name == "mongodb":
            exposure = await probes.mongodb(ip, port, timeout)
        elif name == "postgresql":
            exposure = await probes.postgresql(ip, port, timeout)
        elif name == "couchdb":
            exposure = await probes.couchdb(ip, port, timeout, tls=info.tls, hostname=host)
        else:
            exposure = await probes.elasticsearch(ip, port, timeout, tls=info.tls, hostname=host)
        _record(info, exposure)
        if exposure.auth == "none":
            add("datastore.unauthenticated", exposure.evidence)
        else:
            add("datastore.exposed", f"{exposure.product} on TCP {port}: {exposure.evidence}")
            if exposure.auth == "unknown":
                incomplete.append(f"{exposure.product} authentication probe: {exposure.evidence}")
    elif name in DATABASES:
        add("datastore.exposed", f"{DATABASES[name]} on TCP {port}: {info.banner[:80]}")
    if name in CONTROL_PLANE_CANDIDATES:
        kubelet = "kubelet" in (name, info.facts.get("expected")) or port == 10250
        plane = await probes.control_plane(ip, port, timeout, tls=info.tls, hostname=host, kubelet=kubelet)
        if plane is not None:
            info.name = _CONTROL_PLANE_NAMES.get(plane.product, info.name)
            _record(info, plane)
            if plane.auth == "none":
                add("datastore.unauthenticated", plane.evidence)
            else:
                add("controlplane.exposed", f"{plane.product} on TCP {port}: {plane.evidence}")
    if name == "ftp":
        anonymous = await directory_probes.ftp_anonymous(ip, port, timeout)
        if anonymous.auth == "none":
            add("ftp.anonymous", anonymous.evidence)
        elif anonymous.auth == "offered":
            findings.append(
                make_finding(
                    "ftp.anonymous",
                    host=host,
                    port=port,
                    evidence=anonymous.evidence,
                    now=now,
                    confidence=Confidence.BANNER,
                )
            )
        elif anonymous.auth == "unknown":
            incomplete.append(f"anonymous FTP probe: {anonymous.evidence}")
    return findings, incomplete


def _record(info: ServiceInfo, exposure: probes.Exposure) -> None:
    """Add what an exposure probe identified (product versions) to the service."""
    known = {(s.cpe, s.version) for s in info.software}
    info.software.extend(s for s in exposure.software if (s.cpe, s.version) not in known)
    info.facts["auth"] = exposure.auth
