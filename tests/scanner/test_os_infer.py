"""The operating system inferred from distribution builds in banners: confidence and end of life."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from cyberins.scanner.findings import Severity
from cyberins.scanner.os_infer import infer_os, os_findings
from cyberins.scanner.scoring import score_findings, underwriting_triggers
from cyberins.scanner.software import parse_banner
from cyberins.scanner.vulns import default_knowledge

NOW = datetime(2026, 11, 27, tzinfo=UTC)


def _software(banner: str):  # type: ignore[no-untyped-def]
    (software,) = parse_banner(banner)
    return software


@pytest.mark.parametrize(
    ("banner", "name", "confidence"),
    [
        ("SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3", "Debian 12", "high"),
        ("SSH-2.0-OpenSSH_7.4p1 Debian-10+deb9u7", "Debian 9", "high"),
        ("SSH-2.0-OpenSSH_8.2p1 Ubuntu-4ubuntu0.5", "Ubuntu 20.04", "medium"),
        ("SSH-2.0-OpenSSH_7.2p2 Ubuntu-4ubuntu2.10", "Ubuntu 16.04", "medium"),
        ("Apache/2.4.6 (CentOS) OpenSSL/1.0.2k-fips", "CentOS 7", "medium"),
        ("Apache/2.4.41 (Ubuntu)", "Ubuntu 20.04", "medium"),
    ],
)
def test_the_release_is_inferred_from_the_banner(banner: str, name: str, confidence: str) -> None:
    software = next(s for s in parse_banner(banner) if s.cpe != "openssl:openssl")
    guess = infer_os(software)
    assert guess is not None
    assert (guess.name, guess.confidence) == (name, confidence)


@pytest.mark.parametrize(
    "banner", ["SSH-2.0-OpenSSH_9.9", "nginx/1.27.3", "Apache/2.4.62 (Unix)", "Apache/2.4.99 (Ubuntu)"]
)
def test_an_upstream_or_unknown_build_names_no_release(banner: str) -> None:
    assert infer_os(_software(banner)) is None


def test_a_surely_end_of_life_release_refers_and_caps() -> None:
    software = _software("SSH-2.0-OpenSSH_7.4p1 Debian-10+deb9u7")
    (finding,) = os_findings([software], host="203.0.113.7", port=22, now=NOW, eol=default_knowledge().eol)
    assert finding.title.en == "Operating system Debian 9 is end-of-life (inferred from a service banner)"
    assert finding.severity is Severity.HIGH
    assert "2020-07-18" in finding.evidence
    assert "eol_software" in {t.code for t in underwriting_triggers([finding])}
    assert score_findings([finding]).score <= 59


def test_a_probable_end_of_life_release_is_reported_for_verification_only() -> None:
    software = _software("SSH-2.0-OpenSSH_7.2p2 Ubuntu-4ubuntu2.10")
    (finding,) = os_findings([software], host="203.0.113.7", port=22, now=NOW, eol=default_knowledge().eol)
    assert finding.severity is Severity.MEDIUM
    assert "confidence medium" in finding.evidence
    assert not underwriting_triggers([finding])


def test_a_supported_release_reports_nothing() -> None:
    software = _software("SSH-2.0-OpenSSH_9.6p1 Ubuntu-3ubuntu13.5")  # Ubuntu 24.04, supported until 2029
    assert os_findings([software], host="203.0.113.7", port=22, now=NOW, eol=default_knowledge().eol) == []
