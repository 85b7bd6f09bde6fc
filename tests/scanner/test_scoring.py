from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from cyberins.scanner import (
    Action,
    Confidence,
    Severity,
    premium_modifier,
    remediation_due,
    score_findings,
    underwriting_triggers,
)
from cyberins.scanner.catalogue import make_finding
from cyberins.scanner.findings import Finding
from cyberins.scanner.scoring import grade_for

NOW = datetime(2025, 9, 1, 8, 0, tzinfo=UTC)


def finding(check: str, port: int = 443, **kwargs: object) -> Finding:
    return make_finding(check, host="127.0.0.1", port=port, evidence="test", now=NOW, **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("score", "grade"),
    [
        (100, "A"),
        (90, "A"),
        (89, "B"),
        (80, "B"),
        (79, "C"),
        (60, "C"),
        (59, "D"),
        (40, "D"),
        (39, "F"),
        (0, "F"),
    ],
)
def test_grade_bands(score: int, grade: str) -> None:
    assert grade_for(score) == grade


def test_deductions_are_weighted_by_severity_and_confidence() -> None:
    findings = [
        finding("http.cors.credentials"),  # high, confirmed: 20
        finding("http.cookie.insecure"),  # medium: 8
        finding("http.hsts.missing"),  # low: 2
        finding("http.xcto.missing"),  # info: 0
        finding("software.vulnerable", severity=Severity.CRITICAL, confidence=Confidence.BANNER,
                params={"product": "x"}),
        finding("software.vulnerable", port=22, severity=Severity.CRITICAL, confidence=Confidence.BACKPORT,
                params={"product": "y"}),
    ]  # fmt: skip
    result = score_findings(findings)
    # 100 − 20 − 8 − 2 − 0 − 40×0.8 − 40×0.3 = 26
    assert result.raw == pytest.approx(26.0)
    assert (result.score, result.grade, result.cap) == (26, "F", None)


def test_score_floors_at_zero() -> None:
    findings = [finding("datastore.unauthenticated", port=p) for p in range(6379, 6383)]
    assert score_findings(findings).score == 0


@pytest.mark.parametrize(
    ("check", "cap"),
    [
        ("datastore.unauthenticated", 39),
        ("remote.rdp", 59),
        ("remote.smb", 59),
        ("cleartext.telnet", 59),
        ("tls.protocol.legacy", 79),
        ("tls.cert.expired", 79),
        ("tls.cert.untrusted", 79),
    ],
)
def test_caps(check: str, cap: int) -> None:
    result = score_findings([finding(check)])
    assert result.score == cap
    assert result.cap == cap
    assert result.cap_reasons == (f"{check}@127.0.0.1:443",)


def test_kev_finding_caps_at_39_but_a_backport_build_does_not() -> None:
    kev = finding(
        "software.vulnerable", severity=Severity.HIGH, kev=True, score_cap=39, params={"product": "x"}
    )
    assert score_findings([kev]).score == 39
    backport = finding("software.vulnerable", severity=Severity.HIGH, confidence=Confidence.BACKPORT,
                       kev=True, params={"product": "x"})  # fmt: skip
    assert score_findings([backport]).score == 94  # 100 − 20 × 0.3


def test_no_findings_scores_100() -> None:
    assert (score_findings([]).score, score_findings([]).grade) == (100, "A")


def test_remediation_due_dates() -> None:
    assert remediation_due(Severity.CRITICAL, kev=False, now=NOW) == NOW + timedelta(days=15)
    assert remediation_due(Severity.HIGH, kev=False, now=NOW) == NOW + timedelta(days=30)
    assert remediation_due(Severity.MEDIUM, kev=False, now=NOW) == NOW + timedelta(days=90)
    assert remediation_due(Severity.LOW, kev=False, now=NOW) is None
    assert remediation_due(Severity.CRITICAL, kev=True, now=NOW) == NOW + timedelta(days=14)
    assert remediation_due(Severity.LOW, kev=True, now=NOW) == NOW + timedelta(days=14)
    with pytest.raises(ValueError, match="timezone-aware"):
        remediation_due(Severity.HIGH, kev=False, now=datetime(2025, 9, 1))  # noqa: DTZ001


def test_premium_modifier_damps_and_caps() -> None:
    assert premium_modifier([]).factor == Decimal("1.000")
    rdp = premium_modifier([finding("remote.rdp", port=3389), finding("remote.smb", port=445)])
    assert rdp.factor == Decimal("1.581")
    assert len(rdp.components) == 1
    assert rdp.components[0].targets == ("127.0.0.1:3389", "127.0.0.1:445")
    eol = finding("software.eol", params={"product": "x"})
    crit = finding("software.vulnerable", severity=Severity.CRITICAL, extra_tags=("critical_vuln",),
                   params={"product": "x"})  # fmt: skip
    both = premium_modifier([eol, crit])
    assert both.factor == Decimal("1.997")  # √3 × √1.33 = 1.732 × 1.153
    everything = premium_modifier([eol, crit, finding("remote.rdp")])
    assert everything.factor == Decimal("2.000")
    assert everything.capped
    assert everything.uncalibrated


def test_underwriting_triggers() -> None:
    kev = finding("software.vulnerable", kev=True, extra_tags=("kev",), params={"product": "x"})
    ransomware = finding("software.vulnerable", port=80, kev=True, ransomware=True, extra_tags=("kev",),
                         params={"product": "y"})  # fmt: skip
    redis = finding("datastore.unauthenticated", port=6379)
    triggers = {t.code: t for t in underwriting_triggers([kev, ransomware, redis])}
    assert triggers["kev"].action is Action.REFER
    assert triggers["kev"].targets == ("127.0.0.1:443",)
    assert triggers["kev_ransomware"].action is Action.DECLINE
    assert triggers["unauth_datastore"].action is Action.DECLINE
    assert underwriting_triggers([finding("http.hsts.missing")]) == ()


def test_titles_are_bilingual_and_parameterised() -> None:
    f = finding("software.eol", params={"product": "nginx 1.18.0"})
    assert f.title.en == "nginx 1.18.0 is end-of-life"
    assert f.title.for_language("zh-hans") == "nginx 1.18.0 已停止维护 (EOL)"
    assert f.to_dict("en")["title"] == f.title.en
