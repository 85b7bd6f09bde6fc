"""Tenant isolation, the PDF report, the grade accessor for underwriting, demo data, the CVE store."""

from __future__ import annotations

import argparse
import io
from datetime import timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader

from cyberins.conf.commands import vulndb as vulndb_command
from cyberins.healthchecks.demo import load_demo_health_checks
from cyberins.healthchecks.models import Asset, HealthCheck, RemediationItem, ScanAuthorisation
from cyberins.healthchecks.queries import latest_grade
from cyberins.healthchecks.results import scan_options

NVD_SAMPLE = Path(__file__).parent.parent / "scanner" / "fixtures" / "nvd_cve_2.0_sample.json"


@pytest.fixture
def checks(demo) -> dict[str, HealthCheck]:
    load_demo_health_checks()
    return {c.organisation.short_name: c for c in HealthCheck.objects.select_related("organisation")}


def test_demo_data_is_realistic_and_loading_twice_changes_nothing(checks) -> None:
    assert {name: c.grade for name, c in checks.items()} == {
        "远海航运": "F",
        "精工智造": "C",
        "蜀康医疗": "A",
    }
    shipping = checks["远海航运"]
    assert "CVE-2021-41773" in {cve for f in shipping.findings.all() for cve in f.cves}
    assert RemediationItem.objects.filter(organisation=shipping.organisation).count() >= 2
    counts = (Asset.objects.count(), ScanAuthorisation.objects.count(), HealthCheck.objects.count())

    assert load_demo_health_checks() == []
    assert (Asset.objects.count(), ScanAuthorisation.objects.count(), HealthCheck.objects.count()) == counts


def test_other_organisations_records_answer_404_in_the_api(demo, checks, api_as) -> None:
    shipping = checks["远海航运"]
    asset = shipping.assets.first()
    item = RemediationItem.objects.filter(organisation=shipping.organisation).first()
    api = api_as(demo["applicant2"])
    for path in (
        f"/api/healthchecks/{shipping.pk}",
        f"/api/healthchecks/{shipping.pk}/findings",
        f"/api/healthchecks/{shipping.pk}/report.pdf",
        f"/api/healthchecks/assets/{asset.pk}",
        f"/api/healthchecks/remediation-items/{item.pk}",
    ):
        assert api.get(path).status_code == 404, path
    assert api.post(f"/api/healthchecks/remediation-items/{item.pk}/fixed", {}).status_code == 404
    assert api.delete(f"/api/healthchecks/assets/{asset.pk}").status_code == 404
    assert api_as(demo["provider"]).post(f"/api/healthchecks/{shipping.pk}/notify", {}).status_code == 404
    listed = [c["id"] for c in api.get("/api/healthchecks").json()]
    assert listed == [checks["精工智造"].pk]
    assert shipping.organisation_id not in {
        a["organisation_id"] for a in api.get("/api/healthchecks/assets").json()
    }
    item.refresh_from_db()
    assert item.status == "notified"


def test_other_organisations_records_answer_404_on_pages(demo, checks, page_as) -> None:
    shipping = checks["远海航运"]
    item = RemediationItem.objects.filter(organisation=shipping.organisation).first()
    page = page_as(demo["applicant3"])
    assert page.get(f"/healthchecks/{shipping.pk}/").status_code == 404
    assert page.get(f"/healthchecks/{shipping.pk}/report.pdf").status_code == 404
    assert page.post(f"/healthchecks/remediation/{item.pk}/fixed/").status_code == 404
    assert page.post(f"/healthchecks/assets/{shipping.assets.first().pk}/retire/").status_code == 404
    assert shipping.number not in page.get("/healthchecks/").content.decode()
    admin_html = page_as(demo["admin"]).get("/healthchecks/").content.decode()
    assert all(c.number in admin_html for c in checks.values())


def test_the_report_pdf_downloads_in_english_and_chinese(demo, checks, api_as, page_as) -> None:
    shipping = checks["远海航运"]
    response = api_as(demo["applicant"]).get(f"/api/healthchecks/{shipping.pk}/report.pdf?lang=en")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "Cyber Security Health Check Report" in text
    assert "CVE-2021-41773" in text
    assert shipping.number in text
    chinese = page_as(demo["applicant"]).get(f"/healthchecks/{shipping.pk}/report.pdf?lang=zh")
    assert chinese.status_code == 200
    assert chinese.content.startswith(b"%PDF")
    assert f"{shipping.number}-zh.pdf" in chinese["Content-Disposition"]


def test_latest_grade_reads_the_last_complete_check_of_the_past_twelve_months(checks, org) -> None:
    assert latest_grade(org("远海航运")) == ("F", ("kev_ransomware", "unauth_datastore", "eol_software"))
    assert latest_grade(org("蜀康医疗")) == ("A", ())
    assert latest_grade(org("华安财险")) == ("", ())
    old = checks["精工智造"]
    HealthCheck.objects.filter(pk=old.pk).update(finished_at=old.finished_at - timedelta(days=400))
    assert latest_grade(org("精工智造")) == ("", ())


def test_vulndb_import_writes_the_store_that_later_scans_use(db, settings, capsys) -> None:
    before = scan_options().knowledge
    assert before is not None
    assert "nvd" not in before.as_of
    assert vulndb_command.run(argparse.Namespace(action="import", files=[NVD_SAMPLE])) == 0
    assert (Path(settings.VAR_DIR) / "cve_ranges.json").exists()
    assert "added" in capsys.readouterr().out
    after = scan_options().knowledge
    assert after is not None
    assert after.as_of["nvd"] == "2025-02-01"
