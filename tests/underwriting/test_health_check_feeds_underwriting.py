"""The health check feeds underwriting: the insurer applied to sees it; its grade, triggers and premium
modifier steer the rules and the price."""

from __future__ import annotations

from decimal import Decimal

from cyberins.healthchecks.demo import load_demo_health_checks
from cyberins.healthchecks.models import HealthCheck
from tests.journey import answers


def _apply(api, version, **changes):
    body = {"product_version": version.pk, "answers": answers(**changes), "submit": True}
    response = api.post("/api/applications", body)
    assert response.status_code == 201, response.json()
    return response.json()


def test_only_the_insurer_applied_to_sees_the_applicants_health_check(demo, products, api_as) -> None:
    load_demo_health_checks()
    check = HealthCheck.objects.get(organisation__short_name="精工智造")
    huaan, captive = api_as(demo["underwriter"]), api_as(demo["underwriter2"])
    assert huaan.get(f"/api/healthchecks/{check.pk}").status_code == 404

    _apply(api_as(demo["applicant2"]), products["wanganbao"], security_staff=3)

    assert huaan.get(f"/api/healthchecks/{check.pk}").status_code == 200
    assert captive.get(f"/api/healthchecks/{check.pk}").status_code == 404


def test_a_ransomware_kev_finding_declines_and_a_clean_check_prices_lower(demo, products, api_as) -> None:
    load_demo_health_checks()  # 远海航运: grade F with a ransomware KEV; 蜀康医疗: grade A
    declined = _apply(api_as(demo["applicant"]), products["wanganbao"], security_staff=3)
    assert declined["status"] == "declined"
    assert {r["code"] for r in declined["reasons"]} >= {"ransomware_vulnerability", "failed_health_check"}
    assert declined["health_grade"] == "F"
    assert declined["quote"] is None

    clean = _apply(api_as(demo["applicant3"]), products["wanganbao"], security_staff=3)
    HealthCheck.objects.filter(organisation__short_name="蜀康医疗").delete()
    unchecked = _apply(api_as(demo["applicant3"]), products["wanganbao"], security_staff=3)

    assert clean["health_grade"] == "A"
    assert unchecked["health_grade"] == ""
    premium = {o["plan"]: Decimal(o["premium"]) for o in clean["quote"]["options"]}
    without = {o["plan"]: Decimal(o["premium"]) for o in unchecked["quote"]["options"]}
    assert all(premium[plan] < without[plan] for plan in ("B", "C"))  # the grade-A credit (0.85)
