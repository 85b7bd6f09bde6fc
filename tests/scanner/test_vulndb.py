from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

from cyberins.scanner import import_nvd_feeds
from cyberins.scanner.software import Software
from cyberins.scanner.vulndb import VulnDB
from cyberins.scanner.vulns import CURATED_RANGES

FEED = Path(__file__).parent / "fixtures" / "nvd_cve_2.0_sample.json"


def ids(db: VulnDB, cpe: str, version: str) -> set[str]:
    return {r.id for r in db.match(Software(cpe, version, "test"))}


def test_import_nvd_feed_into_a_new_store(tmp_path: Path) -> None:
    store = tmp_path / "cve.json"
    summary = import_nvd_feeds([FEED], store)
    assert (summary.files, summary.read, summary.added, summary.skipped, summary.total) == (1, 4, 3, 1, 3)
    db = VulnDB.from_files([store])
    record = db.records["CVE-2023-38408"]
    assert record.cvss == 9.8
    assert record.cwes == ("CWE-428",)
    assert record.summary.startswith("PKCS#11")
    assert ids(db, "openbsd:openssh", "7.4") == {"CVE-2023-38408"}
    assert ids(db, "openbsd:openssh", "9.3p1") == {"CVE-2023-38408"}
    assert ids(db, "openbsd:openssh", "9.3p2") == set()
    assert ids(db, "apache:http_server", "2.4.49") == {"CVE-2021-41773"}
    assert ids(db, "apache:http_server", "2.4.50") == set()
    # the feed files the old nginx:nginx name; it is stored under NVD's current f5:nginx
    assert ids(db, "f5:nginx", "1.18.0") == {"CVE-2021-23017"}
    assert ids(db, "f5:nginx", "1.20.1") == set()
    # non-vulnerable platform entries of an AND configuration are not ranges
    assert ids(db, "fedoraproject:fedora", "34") == set()


def test_reimport_is_idempotent_and_newer_records_replace_older(tmp_path: Path) -> None:
    store = tmp_path / "cve.json"
    import_nvd_feeds([FEED], store)
    again = import_nvd_feeds([FEED], store)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 3)
    data = json.loads(FEED.read_text())
    data["vulnerabilities"][2]["cve"]["lastModified"] = "2026-01-01T00:00:00.000"
    data["vulnerabilities"][2]["cve"]["metrics"]["cvssMetricV31"][0]["cvssData"]["baseScore"] = 8.1
    newer = tmp_path / "newer.json.gz"
    with gzip.open(newer, "wt", encoding="utf-8") as handle:
        json.dump(data, handle)
    summary = import_nvd_feeds([newer], store)
    assert (summary.updated, summary.unchanged) == (1, 2)
    assert VulnDB.from_files([store]).records["CVE-2021-23017"].cvss == 8.1


def test_import_merges_into_an_existing_store(tmp_path: Path) -> None:
    store = tmp_path / "cve.json"
    shutil.copy(CURATED_RANGES, store)
    before = len(VulnDB.from_files([store]).records)
    summary = import_nvd_feeds([FEED], store)
    # the three fixture CVEs are newer than the curated copies; CVE-2021-99999 has no ranges
    assert (summary.added, summary.updated, summary.skipped, summary.total) == (0, 3, 1, before)


def test_curated_ranges_cover_the_expected_products() -> None:
    db = VulnDB.from_files([CURATED_RANGES])
    assert {"CVE-2021-41773", "CVE-2021-42013"} <= ids(db, "apache:http_server", "2.4.49")
    assert "CVE-2021-41773" not in ids(db, "apache:http_server", "2.4.51")
    assert ids(db, "vsftpd_project:vsftpd", "2.3.4") == {"CVE-2011-2523"}
    assert ids(db, "vsftpd_project:vsftpd", "3.0.3") == set()
    assert "CVE-2024-6387" in ids(db, "openbsd:openssh", "9.2p1")
    assert "CVE-2024-6387" not in ids(db, "openbsd:openssh", "9.8p1")
    assert "CVE-2021-23017" in ids(db, "f5:nginx", "1.18.0")


def test_software_read_back_from_a_health_check_matches_the_ranges_of_a_cve() -> None:
    """A health check stores ``str(software)``; ``from_display`` reads it back for ``CveRecord.affects``."""
    from cyberins.scanner.software import Software, from_display
    from cyberins.scanner.vulndb import CveRecord, VersionRange

    record = CveRecord(
        "CVE-2021-41773",
        7.5,
        (),
        "",
        (VersionRange("apache:http_server", "2.4.49"), VersionRange("acme:widget", end_excluding="2.0")),
    )
    apache = from_display(str(Software("apache:http_server", "2.4.49", "Apache/2.4.49 (Unix)")))
    assert apache == Software("apache:http_server", "2.4.49", "Apache HTTP Server 2.4.49")
    assert record.affects(apache)
    assert not record.affects(Software("apache:http_server", "2.4.51", ""))
    assert not record.affects(Software("f5:nginx", "2.4.49", ""))
    # a product outside PRODUCTS is shown by its product name alone: matched on the product
    widget = from_display("widget 1.9")
    assert widget is not None
    assert widget.cpe == "*:widget"
    assert record.affects(widget)
    assert not record.affects(Software("*:widget", "2.0", ""))
    assert from_display("Apache HTTP Server") is None
    assert from_display("") is None
