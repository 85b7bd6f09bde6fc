"""One vulnerability store (NVD, KEV, EPSS, endoflife.date) from operator-downloaded files, no network."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from cyberins.scanner.scoring import underwriting_triggers
from cyberins.scanner.software import Software
from cyberins.scanner.vulns import EPSS_THRESHOLD, software_findings
from cyberins.scanner.vulnstore import load_knowledge, parse_epss, stale_sources, update_store

FIXTURES = Path(__file__).parent / "fixtures"
DATA = FIXTURES / "vulndata"
NVD = FIXTURES / "nvd_cve_2.0_sample.json"
KEV = DATA / "known_exploited_vulnerabilities.json"
EPSS = DATA / "epss_scores-2026-11-26.csv"
EOL = [DATA / "nginx.json", DATA / "memcached.json"]
NOW = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)


@pytest.fixture
def store(tmp_path: Path) -> Path:
    update_store(tmp_path, nvd=[NVD], kev=KEV, epss=EPSS, endoflife=EOL, now=NOW)
    return tmp_path


def test_each_source_is_loaded_with_its_own_date(tmp_path: Path) -> None:
    report = update_store(tmp_path, nvd=[NVD], kev=KEV, epss=EPSS, endoflife=EOL, now=NOW)
    assert report["kev"] == "2 known exploited vulnerabilities, as of 2026-11-20"
    assert report["epss"] == "4 EPSS scores, as of 2026-11-26"
    assert report["endoflife"].startswith("2 product(s)")
    assert "as of 2025-02-01" in report["nvd"]  # the newest lastModified in the feed
    knowledge = load_knowledge(tmp_path)
    assert knowledge.as_of["kev"] == "2026-11-20"
    assert knowledge.as_of["epss"] == "2026-11-26"
    assert (
        knowledge.as_of["endoflife"] == "2026-11-24"
    )  # the v1 file's last_modified (memcached: v0, file date)
    assert knowledge.as_of["nvd"] == "2025-02-01"
    assert "CVE-2024-6387" in knowledge.kev  # the loaded catalogue replaced the shipped one
    assert knowledge.epss["CVE-2023-25690"] == pytest.approx(0.31)
    nginx = knowledge.eol.status("nginx", "1.27.4", date(2026, 1, 1))
    assert nginx is not None
    assert nginx.is_eol
    assert nginx.latest == "1.27.5"
    memcached = knowledge.eol.status("memcached", "1.5.22", date(2026, 1, 1))
    assert memcached is not None
    assert memcached.eol_date == date(2020, 3, 8)


def test_stale_sources_are_named(store: Path) -> None:
    as_of = load_knowledge(store).as_of
    assert stale_sources(as_of, NOW) == ["nvd"]  # the NVD sample is from February 2025
    assert stale_sources(as_of, datetime(2027, 3, 1, tzinfo=UTC)) == ["nvd", "kev", "epss", "endoflife"]
    assert stale_sources({"nvd": "2026-11-26", "kev": "2026-11-26", "endoflife": "2026-11-01"}, NOW) == []


def test_a_bad_file_changes_nothing(store: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    bad = tmp_path_factory.mktemp("bad") / "epss.csv"
    bad.write_text("cve,epss\nCVE-2023-25690,0.9\n")
    before = {p.name: p.read_bytes() for p in store.iterdir()}
    with pytest.raises(ValueError, match="not an EPSS CSV"):
        update_store(store, kev=KEV, epss=bad, nvd=[NVD], now=NOW)
    assert {p.name: p.read_bytes() for p in store.iterdir()} == before


def test_the_epss_csv_header_line_gives_the_score_date() -> None:
    score_date, scores = parse_epss(EPSS.read_text())
    assert score_date == "2026-11-26"
    assert scores["CVE-1999-0001"] == pytest.approx(0.00312)


def _apache(version: str, epss: dict[str, float], store: Path):  # type: ignore[no-untyped-def]
    from dataclasses import replace

    knowledge = replace(load_knowledge(store), epss=epss)
    software = Software("apache:http_server", version, f"Apache/{version}")
    return software_findings(software, host="203.0.113.5", port=443, now=NOW, knowledge=knowledge)


def test_a_critical_cve_likely_to_be_exploited_refers_the_risk(store: Path) -> None:
    # Apache 2.4.54: CVE-2023-25690 (CVSS 9.8, request smuggling), not in KEV
    likely = _apache("2.4.54", {"CVE-2023-25690": EPSS_THRESHOLD}, store)
    (vulnerable,) = [f for f in likely if f.check == "software.vulnerable"]
    assert "exploit_likely" in vulnerable.tags
    assert "CVE-2023-25690 (9.8, EPSS 0.10)" in vulnerable.evidence
    assert [(t.code, t.action.value) for t in underwriting_triggers(likely)] == [("exploit_likely", "refer")]
    unlikely = _apache("2.4.54", {"CVE-2023-25690": EPSS_THRESHOLD / 2}, store)
    assert not [t for t in underwriting_triggers(unlikely) if t.code == "exploit_likely"]


def test_the_cli_scan_and_the_platform_read_the_same_store(
    store: Path, monkeypatch: pytest.MonkeyPatch, settings
) -> None:  # type: ignore[no-untyped-def]
    from cyberins.healthchecks.results import scan_options

    monkeypatch.setenv("CYBERINS_VAR_DIR", str(store))
    out = subprocess.run(
        [sys.executable, "-m", "cyberins.cli", "scan", "127.0.0.1:9", "--json", "--no-nmap",
         "--timeout", "0.5", "--now", NOW.isoformat()],
        capture_output=True, text=True, check=False, timeout=60,
    )  # fmt: skip
    cli = json.loads(out.stdout)["vulnerability_data"]
    assert cli == {"as_of": load_knowledge(store).as_of, "stale": ["nvd"]}
    settings.VAR_DIR = store
    platform = scan_options().knowledge
    assert platform is not None
    assert platform.as_of == cli["as_of"]
    assert "CVE-2024-6387" in platform.kev


def test_the_cli_table_states_the_data_date_and_warns_when_stale(store: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("CYBERINS_VAR_DIR", str(store))
    out = subprocess.run(
        [sys.executable, "-m", "cyberins.cli", "scan", "127.0.0.1:9", "--no-nmap", "--timeout", "0.5",
         "--now", NOW.isoformat()],
        capture_output=True, text=True, check=False, timeout=60,
    ).stdout  # fmt: skip
    dates = "NVD 2025-02-01, CISA KEV 2026-11-20, endoflife.date 2026-11-24, EPSS 2026-11-26"
    assert f"Vulnerability data as of: {dates}" in out
    assert "WARNING: stale vulnerability data (nvd)" in out
