"""The ``kev`` scenario: a KEV entry of the vulnerability store matched against the software the latest
health checks saw, then through the policy terms; on the command, the API and the page."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from cyberins.accounts.errors import DomainError
from cyberins.accounts.roles import Role
from cyberins.actuarial import default_assumption_set
from cyberins.analytics.kev import kev_scenario
from cyberins.cli import main
from cyberins.policies.models import Policy
from cyberins.scanner.vulndb import CveRecord, VersionRange, write_store
from cyberins.scanner.vulnstore import update_store
from tests import factories
from tests.analytics.test_portfolio_analytics import VALUATION, book  # noqa: F401 - the fixture

CVE = "CVE-2021-41773"
NO_RANGES = "CVE-2099-0001"  # in the test's KEV file, unknown to every range store


def _results(*software: str) -> list[dict[str, Any]]:
    return [{"target": "example.cn", "services": [{"port": 443, "software": list(software)}]}]


@pytest.fixture
def store(tmp_path: Path, settings: Any) -> Path:
    """A store as ``cyberins vulndb update`` leaves it: a small KEV file and the CVE's affected versions."""
    kev = tmp_path / "kev-download.json"
    kev.write_text(
        json.dumps(
            {
                "catalogVersion": "2026.05.01",
                "dateReleased": "2026-05-01T12:00:00.000Z",
                "vulnerabilities": [
                    {
                        "cveID": CVE,
                        "vendorProject": "Apache",
                        "product": "HTTP Server",
                        "vulnerabilityName": "Apache HTTP Server Path Traversal Vulnerability",
                        "dateAdded": "2021-11-03",
                        "knownRansomwareCampaignUse": "Known",
                    },
                    {"cveID": NO_RANGES, "vulnerabilityName": "Made up", "dateAdded": "2026-04-30"},
                ],
            }
        ),
        encoding="utf-8",
    )
    directory = tmp_path / "var"
    update_store(directory, kev=kev, now=datetime(2026, 5, 2, tzinfo=UTC))
    write_store(
        directory / "cve_ranges.json",
        {
            CVE: CveRecord(
                CVE, 7.5, ("CWE-22",), "path traversal", (VersionRange("apache:http_server", "2.4.49"),)
            )
        },
    )
    settings.VAR_DIR = directory
    return directory


@pytest.fixture
def checked(book: list[Policy]) -> list[Policy]:  # noqa: F811
    """book[0]'s insured runs the vulnerable Apache; book[1]'s ran it but the latest check sees 2.4.51."""
    factories.health_check(
        organisation=book[0].insured, target_results=_results("Apache HTTP Server 2.4.49", "OpenSSH 8.0")
    )
    old = datetime(2026, 3, 1, tzinfo=UTC)
    factories.health_check(
        organisation=book[1].insured, finished_at=old, target_results=_results("Apache HTTP Server 2.4.49")
    )
    factories.health_check(organisation=book[1].insured, target_results=_results("Apache HTTP Server 2.4.51"))
    factories.health_check(organisation=book[2].insured, target_results=_results("nginx 1.18.0"))
    return book


def test_only_the_policy_whose_latest_check_runs_an_affected_version_is_struck(store, checked) -> None:
    out = kev_scenario(CVE.lower(), VALUATION)
    assert (out["scenario"], out["cve"], out["value"]) == ("kev", CVE, CVE)
    assert out["kev"] == {
        "name": "Apache HTTP Server Path Traversal Vulnerability",
        "date_added": "2021-11-03",
        "ransomware": True,
    }
    assert out["matched"] == [{"number": checked[0].number, "software": ["Apache HTTP Server 2.4.49"]}]
    # by hand, with the library's critical_vulnerability parameters: 24 h outage, restoration 1x median claim
    bi = checked[0].coverages.get(coverage="business_interruption")
    median = float(default_assumption_set().severity("sme").ppf(0.5))
    ground_up = 800e6 / 8760 * max(24 - bi.waiting_period_hours, 0) + 1.0 * median
    insured = min(max(ground_up - float(bi.deductible), 0.0), float(checked[0].sum_insured))
    assert out["affected_policies"] == 1
    assert out["ground_up_loss"] == pytest.approx(ground_up, rel=1e-9)
    assert out["insured_loss_all_dependents"] == pytest.approx(insured, rel=1e-9)
    assert out["expected_insured_loss"] == pytest.approx(0.03 * insured, rel=1e-9)  # mid-point of 1-5 %
    assert out["policies"] == [{"number": checked[0].number, "insured_loss": pytest.approx(insured)}]


def test_a_cve_nobody_runs_strikes_no_policy(store, book, settings) -> None:  # noqa: F811
    out = kev_scenario(CVE, VALUATION)
    assert (out["affected_policies"], out["insured_loss_all_dependents"], out["matched"]) == (0, 0.0, [])


@pytest.mark.parametrize(
    ("cve", "code"),
    [
        ("CVE-2014-0160", "analytics.unknown_cve"),  # a real CVE, not in this store's KEV file
        ("heartbleed", "analytics.unknown_cve"),
        (None, "analytics.unknown_cve"),
        (NO_RANGES, "analytics.cve_without_ranges"),
    ],
)
def test_bad_cves_are_coded_errors_on_the_cve(store, book, cve, code) -> None:  # noqa: F811
    with pytest.raises(DomainError) as err:
        kev_scenario(cve, VALUATION)
    assert (err.value.code, err.value.field) == (code, "cve")


def test_no_store_is_a_coded_error(tmp_path, settings, book) -> None:  # noqa: F811
    settings.VAR_DIR = tmp_path
    with pytest.raises(DomainError) as err:
        kev_scenario(CVE, VALUATION)
    assert err.value.code == "analytics.no_vulnerability_store"
    assert "vulndb update --kev" in err.value.render_message()


def test_the_command(store, checked, capsys) -> None:
    argv = ["portfolio", "scenario", "kev", "--cve", CVE, "--date", "2026-07-01"]
    assert main([*argv, "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["affected_policies"], out["matched"][0]["number"]) == (1, checked[0].number)
    assert main(argv) == 0
    assert checked[0].number in capsys.readouterr().out
    assert main(["portfolio", "scenario", "kev", "--date", "2026-07-01"]) == 2
    assert json.loads(capsys.readouterr().err)["field"] == "cve"


def test_the_api_lists_the_kev_row(store, checked, api_as) -> None:
    api = api_as(factories.user(Role.PLATFORM_ADMIN))
    one = api.get(f"/api/analytics/scenarios?date=2026-07-01&name=kev&cve={CVE}")
    assert one.status_code == 200, one.content
    assert [(r["scenario"], r["value"], r["affected_policies"]) for r in one.json()] == [("kev", CVE, 1)]
    listing = api.get(f"/api/analytics/scenarios?date=2026-07-01&cve={CVE}").json()
    assert listing[-1]["scenario"] == "kev"
    assert len(listing) > 1
    for path, code, field in [
        ("/api/analytics/scenarios?date=2026-07-01&name=kev", "analytics.unknown_cve", "cve"),
        (f"/api/analytics/scenarios?name=kev&cve={CVE}&book=synthetic", "invalid_input", "book"),
    ]:
        response = api.get(path)
        assert response.status_code == 400, response.content
        assert (response.json()["code"], response.json()["field"]) == (code, field)


def test_the_page_shows_the_kev_row_and_its_errors(store, checked, client) -> None:
    client.force_login(factories.user(Role.ACTUARY, organisation=checked[0].insurer))
    page = client.get(f"/analytics/?date=2026-07-01&cve={CVE}").content.decode()
    assert 'data-scenario="kev"' in page
    assert f'data-value="{CVE}"' in page
    bad = client.get("/analytics/?date=2026-07-01&cve=CVE-2014-0160").content.decode()
    assert 'data-code="analytics.unknown_cve"' in bad
    assert "该 CVE 不在漏洞库" in bad
