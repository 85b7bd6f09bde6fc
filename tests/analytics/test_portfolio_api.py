"""The read-only portfolio API: the page's figures as JSON, under the page's permissions."""

from __future__ import annotations

from decimal import Decimal

from cyberins.accounts.roles import Role
from tests import factories
from tests.analytics.test_portfolio_analytics import book  # noqa: F401 - the fixture


def test_the_actuary_reads_the_exposure_of_the_insurers_book(api_as, book) -> None:  # noqa: F811
    # Each policy of the fixture has its own insurer: the actuary sees one, the platform all three.
    own = api_as(factories.user(Role.ACTUARY, organisation=book[0].insurer))
    assert own.get("/api/analytics/exposure?date=2026-07-01").json()["policies"] == 1
    api = api_as(factories.user(Role.PLATFORM_ADMIN))
    response = api.get("/api/analytics/exposure?date=2026-07-01")
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["policies"] == 3
    assert Decimal(data["sum_insured"]) == sum(p.sum_insured for p in book)
    cloud = next(d for d in data["by"] if d["dimension"] == "cloud")
    assert cloud["title"] == "云服务商"
    labels = {s["value"]: (s["label"], s["policies"]) for s in cloud["segments"]}
    assert labels["domestic_public"] == ("国内公有云", 2)
    one = api.get("/api/analytics/exposure?date=2026-07-01&by=region").json()
    assert [d["dimension"] for d in one["by"]] == ["region"]


def test_scenarios_and_the_simulation(api_as, book) -> None:  # noqa: F811
    api = api_as(factories.user(Role.PLATFORM_ADMIN))
    assert (
        api_as(factories.user(Role.UNDERWRITER, organisation=book[0].insurer))
        .get("/api/analytics/simulation?date=2026-07-01&years=50")
        .json()["policies"]
        == 1
    )
    scenarios = api.get("/api/analytics/scenarios?date=2026-07-01").json()
    assert scenarios
    for item in scenarios:
        assert Decimal(item["insured_loss_all_dependents"]) <= Decimal(item["ground_up_loss"])
    sim = api.get("/api/analytics/simulation?date=2026-07-01&years=300").json()
    assert sim["years"] == 300
    assert sim["policies"] == 3
    assert Decimal(sim["capital"]) == Decimal(sim["var_995"]) - Decimal(sim["mean"]) or abs(
        Decimal(sim["capital"]) - (Decimal(sim["var_995"]) - Decimal(sim["mean"]))
    ) <= Decimal("0.01")
    losses = [Decimal(point["aep"]) for point in sim["ep_curve"]]
    assert losses == sorted(losses)  # a longer return period never has a smaller loss


def test_the_synthetic_book_names_its_segments(api_as, db) -> None:
    api = api_as(factories.user(Role.ACTUARY))
    data = api.get("/api/analytics/exposure?book=synthetic").json()
    assert data["synthetic"] is True
    assert data["valuation_date"] is None
    region = next(d for d in data["by"] if d["dimension"] == "region")
    assert {"广东省", "上海市", "山东省"} <= {s["label"] for s in region["segments"]}


def test_bad_input_and_other_roles_are_refused(api_as, book) -> None:  # noqa: F811
    actuary = api_as(factories.user(Role.ACTUARY, organisation=book[0].insurer))
    for path, code, field in [
        ("/api/analytics/exposure?date=2026-13-01", "invalid_input", "date"),
        ("/api/analytics/exposure?by=colour", "analytics.invalid_segment", "by"),
        ("/api/analytics/exposure?book=other", "invalid_input", "book"),
        ("/api/analytics/simulation?years=0", "analytics.invalid_years", "years"),
        ("/api/analytics/scenarios?name=meteor", "analytics.unknown_scenario", "scenario"),
        ("/api/analytics/exposure?date=1990-01-01", "analytics.no_in_force_policies", "valuation_date"),
    ]:
        response = actuary.get(path)
        assert response.status_code == 400, (path, response.content)
        assert (response.json()["code"], response.json()["field"]) == (code, field), path
    applicant = api_as(factories.user(Role.APPLICANT))
    assert applicant.get("/api/analytics/exposure").status_code == 403
