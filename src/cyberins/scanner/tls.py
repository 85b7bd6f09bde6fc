"""TLS checks: protocol versions, cipher suites, certificate validity, trust, name and key.

sslyze (AGPL, with its own legacy OpenSSL build) enumerates what the server accepts and collects
the certificate chain; the analysis below is ours and uses the ``now`` passed in, so expiry and
trust are judged at the assessment time, not at the time the code happens to run.
"""

from __future__ import annotations

import asyncio
import ipaddress
import warnings
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import lru_cache
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import dsa, rsa
from cryptography.x509.verification import PolicyBuilder, Store, VerificationError

from cyberins.scanner.catalogue import make_finding
from cyberins.scanner.findings import Finding

# One root in the Mozilla store sslyze ships has a non-positive serial number; cryptography warns
# about it on every load. It is harmless for validation, so only that message is silenced.
warnings.filterwarnings("ignore", message="Parsed a serial number which wasn't positive")

EXPIRY_WARNING = timedelta(days=30)
_VERSIONS = {
    "ssl_2_0_cipher_suites": "SSL 2.0",
    "ssl_3_0_cipher_suites": "SSL 3.0",
    "tls_1_0_cipher_suites": "TLS 1.0",
    "tls_1_1_cipher_suites": "TLS 1.1",
    "tls_1_2_cipher_suites": "TLS 1.2",
    "tls_1_3_cipher_suites": "TLS 1.3",
}
_WEAK_MARKERS = ("_RC4_", "_DES_", "DES40", "_3DES_", "DES_CBC", "_EXPORT", "_MD5", "RC2", "IDEA")


@dataclass
class TlsReport:
    """What sslyze saw: accepted protocol versions and suites, the received chain, errors."""

    accepted: dict[str, list[str]] = field(default_factory=dict)
    chain: list[x509.Certificate] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def collect(ip: str, port: int, hostname: str, timeout: float) -> TlsReport:
    """Run sslyze against one authorised address (blocking: call it in a worker thread)."""
    from sslyze import (  # imported lazily: the import is slow and only TLS services need it
        ScanCommand,
        ScanCommandAttemptStatusEnum,
        Scanner,
        ServerNetworkConfiguration,
        ServerNetworkLocation,
        ServerScanRequest,
        ServerScanStatusEnum,
    )

    commands = {
        ScanCommand.SSL_2_0_CIPHER_SUITES,
        ScanCommand.SSL_3_0_CIPHER_SUITES,
        ScanCommand.TLS_1_0_CIPHER_SUITES,
        ScanCommand.TLS_1_1_CIPHER_SUITES,
        ScanCommand.TLS_1_2_CIPHER_SUITES,
        ScanCommand.TLS_1_3_CIPHER_SUITES,
        ScanCommand.CERTIFICATE_INFO,
    }
    request = ServerScanRequest(
        server_location=ServerNetworkLocation(hostname, port, ip_address=ip),
        network_configuration=ServerNetworkConfiguration(
            tls_server_name_indication=hostname,
            network_timeout=max(1, round(timeout)),
            network_max_retries=1,
        ),
        scan_commands=commands,
    )
    report = TlsReport()
    scanner = Scanner(per_server_concurrent_connections_limit=10)
    scanner.queue_scans([request])
    for result in scanner.get_results():
        if result.scan_status != ServerScanStatusEnum.COMPLETED or result.scan_result is None:
            report.errors.append(
                f"TLS connectivity: {result.connectivity_error_trace or result.scan_status.name}"
            )
            continue
        scan = result.scan_result
        for attr, label in _VERSIONS.items():
            attempt = getattr(scan, attr)
            if attempt.status != ScanCommandAttemptStatusEnum.COMPLETED or attempt.result is None:
                report.errors.append(f"{label}: {attempt.error_reason}")
                continue
            names = [c.cipher_suite.name for c in attempt.result.accepted_cipher_suites]
            if names:
                report.accepted[label] = names
        cert = scan.certificate_info
        if cert.status == ScanCommandAttemptStatusEnum.COMPLETED and cert.result is not None:
            deployments = cert.result.certificate_deployments
            if deployments:
                report.chain = list(deployments[0].received_certificate_chain)
        else:
            report.errors.append(f"certificate: {cert.error_reason}")
    return report


@lru_cache(maxsize=8)
def _store(ca_file: str | None) -> Store:
    import sslyze.plugins.certificate_info.trust_stores as stores

    pem = (Path(stores.__file__).parent / "pem_files" / "mozilla_nss.pem").read_bytes()
    certs = x509.load_pem_x509_certificates(pem)
    if ca_file:
        certs += x509.load_pem_x509_certificates(Path(ca_file).read_bytes())
    return Store(certs)


def _subject_for(leaf: x509.Certificate) -> x509.DNSName | x509.IPAddress | None:
    try:
        san = leaf.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except x509.ExtensionNotFound:
        return None
    for entry in san:
        if isinstance(entry, x509.DNSName):
            return x509.DNSName(entry.value.lstrip("*."))
        if isinstance(entry, x509.IPAddress):
            return entry
    return None


def trust_error(chain: list[x509.Certificate], now: datetime, ca_file: str | None) -> str | None:
    """Why the chain does not verify to a trusted root, judged apart from expiry and host name."""
    leaf = chain[0]
    subject = _subject_for(leaf)
    if subject is None:
        return "no subjectAltName"
    moment = min(max(now, leaf.not_valid_before_utc), leaf.not_valid_after_utc)
    try:
        verifier = PolicyBuilder().store(_store(ca_file)).time(moment).build_server_verifier(subject)
        verifier.verify(leaf, chain[1:])
    except (VerificationError, ValueError) as exc:
        return str(exc)
    return None


def matches_hostname(leaf: x509.Certificate, host: str) -> bool:
    try:
        san = leaf.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except x509.ExtensionNotFound:
        return False
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        address = None
    if address is not None:
        return address in san.get_values_for_type(x509.IPAddress)
    host = host.lower().rstrip(".")
    for name in san.get_values_for_type(x509.DNSName):
        name = name.lower().rstrip(".")
        if name == host:
            return True
        if name.startswith("*.") and "." in host and host.split(".", 1)[1] == name[2:]:
            return True
    return False


def _is_self_signed(cert: x509.Certificate) -> bool:
    if cert.issuer != cert.subject:
        return False
    try:
        cert.verify_directly_issued_by(cert)
    except (ValueError, TypeError, Exception):
        return False
    return True


def analyse(
    report: TlsReport, *, host: str, port: int, now: datetime, ca_file: str | None = None
) -> list[Finding]:
    findings: list[Finding] = []

    def add(check: str, evidence: str) -> None:
        findings.append(make_finding(check, host=host, port=port, evidence=evidence, now=now))

    if ssl := [v for v in ("SSL 2.0", "SSL 3.0") if v in report.accepted]:
        add("tls.protocol.ssl", "accepted: " + ", ".join(ssl))
    if legacy := [v for v in ("TLS 1.0", "TLS 1.1") if v in report.accepted]:
        add("tls.protocol.legacy", "accepted: " + ", ".join(legacy))
    suites = sorted({s for names in report.accepted.values() for s in names})
    if anonymous := [s for s in suites if "_anon_" in s.lower() or "_NULL_" in s or s.endswith("_NULL")]:
        add("tls.cipher.anonymous", ", ".join(anonymous[:8]))
    if weak := [s for s in suites if any(m in s for m in _WEAK_MARKERS) and s not in anonymous]:
        add("tls.cipher.weak", ", ".join(weak[:8]))

    if not report.chain:
        return findings
    leaf = report.chain[0]
    expires = leaf.not_valid_after_utc
    if expires <= now:
        add("tls.cert.expired", f"notAfter {expires.isoformat()} (subject {leaf.subject.rfc4514_string()})")
    elif expires - now <= EXPIRY_WARNING:
        add("tls.cert.expiring", f"notAfter {expires.isoformat()}, {(expires - now).days} days left")
    if _is_self_signed(leaf) and len(report.chain) == 1:
        error = trust_error(report.chain, now, ca_file)
        if error is not None:
            add("tls.cert.self_signed", f"issuer = subject = {leaf.subject.rfc4514_string()}")
    elif (error := trust_error(report.chain, now, ca_file)) is not None:
        add("tls.cert.untrusted", f"issuer {leaf.issuer.rfc4514_string()}: {error}")
    if not matches_hostname(leaf, host):
        add("tls.cert.hostname_mismatch", f"{host} not in subjectAltName of {leaf.subject.rfc4514_string()}")
    key = leaf.public_key()
    if isinstance(key, rsa.RSAPublicKey | dsa.DSAPublicKey) and key.key_size < 2048:
        add("tls.cert.weak_key", f"{type(key).__name__.replace('PublicKey', '')} {key.key_size} bits")
    return findings


async def check_tls(
    ip: str, port: int, *, host: str, now: datetime, timeout: float, ca_file: str | None = None
) -> tuple[list[Finding], list[str]]:
    """Findings and the list of sub-checks that could not be completed."""
    try:
        report = await asyncio.to_thread(collect, ip, port, host, timeout)
    except Exception as exc:  # sslyze failing must show as incomplete, never as a pass
        return [], [f"TLS scan failed: {type(exc).__name__}: {exc}"]
    incomplete = list(report.errors)
    if not report.accepted and not incomplete:
        incomplete.append("no TLS version accepted")
    return analyse(report, host=host, port=port, now=now, ca_file=ca_file), incomplete
