from __future__ import annotations

from datetime import UTC, date, datetime

from cyberins.scanner.findings import Confidence
from cyberins.scanner.software import Software
from cyberins.scanner.vulns import default_knowledge, software_findings

NOW = datetime(2025, 9, 1, tzinfo=UTC)


def test_kev_catalogue_flags_ransomware() -> None:
    kev = default_knowledge().kev
    entry = kev.get("CVE-2021-41773")
    assert entry is not None
    assert entry.ransomware
    assert "CVE-2011-2523" not in kev
    assert kev.version  # catalogue version recorded


def test_eol_status_by_release_cycle() -> None:
    eol = default_knowledge().eol
    nginx = eol.status("nginx", "1.18.0", date(2025, 9, 1))
    assert nginx is not None
    assert nginx.cycle == "1.18"
    assert nginx.is_eol
    apache = eol.status("apache-http-server", "2.4.49", date(2025, 9, 1))
    assert apache is not None
    assert apache.cycle == "2.4"
    assert not apache.is_eol
    assert eol.status("apache-http-server", "2.2.34", date(2025, 9, 1)).is_eol  # type: ignore[union-attr]
    redis = eol.status("redis", "7.0.15", date(2024, 7, 1))
    assert redis is not None
    assert not redis.is_eol
    assert eol.status("nginx", "9.99", date(2025, 9, 1)) is None


def test_backported_build_lowers_confidence_and_drops_pricing_tags() -> None:
    knowledge = default_knowledge()
    upstream = software_findings(Software("f5:nginx", "1.18.0", "nginx/1.18.0"), host="h", port=80, now=NOW,
                                 knowledge=knowledge)  # fmt: skip
    distro = software_findings(Software("f5:nginx", "1.18.0", "nginx/1.18.0 (Ubuntu)", backport=True),
                               host="h", port=80, now=NOW, knowledge=knowledge)  # fmt: skip
    assert {f.check for f in upstream} == {"software.vulnerable", "software.eol"}
    assert all(f.confidence is Confidence.BANNER for f in upstream)
    assert any("eol_software" in f.tags for f in upstream)
    assert all(f.confidence is Confidence.BACKPORT for f in distro)
    assert not any("eol_software" in f.tags or "critical_vuln" in f.tags for f in distro)


def test_kev_match_on_a_distribution_build_is_referred_not_capped() -> None:
    (finding,) = software_findings(
        Software("apache:http_server", "2.4.49", "Apache/2.4.49 (Debian)", backport=True),
        host="h", port=80, now=NOW, knowledge=default_knowledge(),
    )  # fmt: skip
    assert finding.kev
    assert finding.score_cap is None
    assert "kev_possible" in finding.tags
