"""End-to-end assessments against loopback services started by the fixtures."""

from __future__ import annotations

import socket
import time
from datetime import timedelta
from decimal import Decimal

import pytest

from cyberins.scanner import Action, AssessmentResult, ScanOptions, Scope, Severity, TargetStatus, assess
from cyberins.scanner.findings import Confidence

from .conftest import NOW, Pki, Server, Services


def scan(pki: Pki, *servers: Server | str, timeout: float = 1.0, progress=None) -> AssessmentResult:
    targets = [s if isinstance(s, str) else s.target for s in servers]
    options = ScanOptions(timeout=timeout, use_nmap=False, ca_file=str(pki.ca))
    return assess(Scope.from_declared(targets), targets, now=NOW, options=options, progress=progress)


def checks(result: AssessmentResult) -> set[str]:
    return {f.check for f in result.findings}


def test_hardened_https_site_has_no_findings_and_grade_a(services: Services, pki: Pki) -> None:
    result = scan(pki, services.hardened)
    assert result.findings == ()
    assert (result.score.score, result.grade) == (100, "A")
    assert result.complete
    assert result.targets[0].services[0].service == "https"
    assert result.premium.factor == Decimal("1.000")
    assert result.triggers == ()


def test_tls_1_0_with_expired_certificate(services: Services, pki: Pki) -> None:
    result = scan(pki, services.legacy_expired)
    assert checks(result) == {"tls.protocol.legacy", "tls.cert.expired"}
    legacy = next(f for f in result.findings if f.check == "tls.protocol.legacy")
    assert "TLS 1.0" in legacy.evidence
    expired = next(f for f in result.findings if f.check == "tls.cert.expired")
    assert expired.severity is Severity.HIGH
    assert expired.due == NOW + timedelta(days=30)
    # 100 − 20 (high) − 8 (medium) = 72, under the TLS cap of 79
    assert (result.score.score, result.grade) == (72, "C")


def test_self_signed_certificate_caps_the_score_at_79(services: Services, pki: Pki) -> None:
    result = scan(pki, services.self_signed)
    assert checks(result) == {"tls.cert.self_signed"}
    assert result.score.raw == 92
    assert (result.score.score, result.grade, result.score.cap) == (79, "C", 79)


def test_https_without_hsts(services: Services, pki: Pki) -> None:
    result = scan(pki, services.no_hsts)
    assert checks(result) == {"http.hsts.missing"}
    assert "[Observatory -20]" in result.findings[0].evidence
    assert (result.score.score, result.grade) == (98, "A")


def test_session_cookie_without_flags(services: Services, pki: Pki) -> None:
    result = scan(pki, services.cookie)
    assert {"http.cookie.insecure", "http.cookie.no_httponly", "http.redirect.missing"} == checks(result)
    insecure = next(f for f in result.findings if f.check == "http.cookie.insecure")
    assert "sessionid" in insecure.evidence
    assert insecure.cwe == "CWE-614"
    assert (result.score.score, result.grade) == (82, "B")


def test_cors_reflecting_origin_with_credentials(services: Services, pki: Pki) -> None:
    result = scan(pki, services.cors)
    cors = next(f for f in result.findings if f.check == "http.cors.credentials")
    assert cors.severity is Severity.HIGH
    assert cors.confidence is Confidence.CONFIRMED
    assert cors.title.en == "CORS reflects any origin with credentials"
    assert cors.title.zh


def test_redis_without_password_is_unauthenticated_datastore(pki: Pki, redis_port: int) -> None:
    result = scan(pki, f"127.0.0.1:{redis_port}")
    finding = next(f for f in result.findings if f.check == "datastore.unauthenticated")
    assert finding.severity is Severity.CRITICAL
    assert "Redis" in finding.evidence
    assert result.score.score == 39
    assert result.grade == "F"
    assert any(t.code == "unauth_datastore" and t.action is Action.DECLINE for t in result.triggers)


def test_openssh_7_4_banner_matches_real_cves(services: Services, pki: Pki) -> None:
    result = scan(pki, services.ssh)
    (finding,) = result.findings
    assert finding.check == "software.vulnerable"
    assert {"CVE-2018-15473", "CVE-2023-38408"} <= set(finding.cves)
    assert "CVE-2024-6387" not in finding.cves  # regreSSHion starts at 8.5p1
    assert finding.confidence is Confidence.BANNER
    assert not finding.kev
    # CVE-2023-38408 (9.8) is in ssh-agent, a client: listed, not scored; the worst remote CVE is
    # CVE-2020-15778 (7.8), so the finding is high, not critical, and no critical-vulnerability loading
    assert "CVE-2023-38408 (9.8, client-side, not scored)" in finding.evidence
    assert finding.severity is Severity.HIGH
    assert finding.due == NOW + timedelta(days=30)
    assert result.score.score == 84  # 100 − 20 × 0.8
    assert result.premium.factor == Decimal("1.000")
    assert result.triggers == ()


def test_apache_2_4_49_reports_kev_ransomware_cve(services: Services, pki: Pki) -> None:
    result = scan(pki, services.apache)
    finding = next(f for f in result.findings if f.check == "software.vulnerable")
    assert "CVE-2021-41773" in finding.cves
    assert finding.kev
    assert finding.ransomware
    assert finding.due == NOW + timedelta(days=14)
    assert result.score.score <= 39
    assert result.grade == "F"
    assert [(t.code, t.action) for t in result.triggers] == [("kev_ransomware", Action.DECLINE)]


def test_vsftpd_2_3_4_backdoor_and_cleartext_ftp(services: Services, pki: Pki) -> None:
    result = scan(pki, services.vsftpd)
    vulnerable = next(f for f in result.findings if f.check == "software.vulnerable")
    assert vulnerable.cves == ("CVE-2011-2523",)
    assert vulnerable.cwe == "CWE-78"
    assert "cleartext.ftp" in checks(result)


def test_rdp_detected_by_protocol_on_any_port(services: Services, pki: Pki) -> None:
    result = scan(pki, services.rdp)
    assert result.targets[0].services[0].service == "rdp"
    assert checks(result) == {"remote.rdp"}
    assert (result.score.score, result.grade, result.score.cap) == (59, "D", 59)
    assert result.premium.factor == Decimal("1.581")  # 2.5 ** 0.5


def test_hanging_service_is_incomplete_never_passing(services: Services, pki: Pki) -> None:
    result = scan(pki, services.hang, timeout=0.5)
    (target,) = result.targets
    assert target.status is TargetStatus.INCOMPLETE
    assert not result.complete
    assert target.services[0].complete is False
    assert checks(result) == {"scan.incomplete"}
    assert result.score.score == 79
    assert result.grade != "A"
    assert any(t.code == "incomplete" and t.action is Action.REFER for t in result.triggers)


def test_target_outside_scope_is_refused_before_any_connection(
    services: Services, pki: Pki, monkeypatch: pytest.MonkeyPatch
) -> None:
    attempts: list[object] = []

    def record(self: socket.socket, address: object) -> None:
        attempts.append(address)
        raise AssertionError("no connection may be attempted")

    def no_lookup(*args: object, **kwargs: object) -> None:
        attempts.append(args)
        raise AssertionError("no name lookup may be attempted")

    monkeypatch.setattr(socket.socket, "connect", record)
    monkeypatch.setattr(socket.socket, "connect_ex", record)
    monkeypatch.setattr(socket, "getaddrinfo", no_lookup)
    before = services.outsider.connections
    scope = Scope.from_declared([services.hardened.target])
    options = ScanOptions(timeout=0.5, use_nmap=False)
    result = assess(scope, [services.outsider.target, "outside.invalid"], now=NOW, options=options)
    assert [t.status for t in result.targets] == [TargetStatus.REFUSED, TargetStatus.REFUSED]
    assert attempts == []
    assert services.outsider.connections == before
    assert result.findings == ()


def test_ten_services_finish_within_a_minute_with_progress(services: Services, pki: Pki) -> None:
    servers = [
        services.legacy_expired,
        services.self_signed,
        services.no_hsts,
        services.cookie,
        services.cors,
        services.ssh,
        services.apache,
        services.vsftpd,
        services.rdp,
        services.hardened,
    ]
    events = []
    started = time.monotonic()
    result = scan(pki, *servers, timeout=3.0, progress=events.append)
    elapsed = time.monotonic() - started
    print(f"10-service assessment: {elapsed:.2f} s")
    assert elapsed < 60
    assert result.complete
    assert len(result.targets) == 10
    assert [e.done for e in events] == list(range(1, 11))
    assert events[-1].total == 10
    assert result.score.score == 0
    assert result.grade == "F"
    # remote access 2.5 ** 0.5 × critical vulnerability 1.33 ** 0.5, below the cap of 2
    assert result.premium.factor == Decimal("1.823")
    assert not result.premium.capped
    assert {c.factor.tag for c in result.premium.components} == {"remote_access", "critical_vuln"}
