"""Exposure, scenarios and the stochastic model on the in-force book; the ``cyberins portfolio`` command."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from cyberins.accounts.errors import DomainError
from cyberins.accounts.roles import Role
from cyberins.actuarial import default_assumption_set
from cyberins.analytics import services
from cyberins.cli import main
from cyberins.policies.models import Policy, PolicyCoverage
from cyberins.underwriting.models import Application
from tests import factories

VALUATION = date(2026, 7, 1)


def _policy(province: str, cloud: str, revenue: str = "800000000", version: Any = None) -> Policy:
    org = factories.organisation(province=province)
    applicant = factories.user(Role.APPLICANT, organisation=org)
    policy = factories.bound_policy(applicant=applicant, version=version)
    app = policy.application
    Application.objects.filter(pk=app.pk).update(
        answers=app.answers | {"cloud_provider": cloud, "operating_revenue": revenue}
    )
    return policy


@pytest.fixture
def book(db) -> list[Policy]:
    return [
        _policy("上海市", "domestic_public"),
        _policy("广东省", "domestic_public", revenue="50000000"),
        _policy("广东省", "foreign_public"),
    ]


def test_exposure_sums_the_in_force_book_by_dimension(book) -> None:
    out = services.exposure(VALUATION)
    total = sum(p.sum_insured for p in book)
    assert out["policies"] == 3
    assert Decimal(out["sum_insured"]) == total
    cloud = {row["value"]: row for row in out["by"]["cloud"]}
    assert cloud["domestic_public"]["policies"] == 2
    assert Decimal(cloud["domestic_public"]["sum_insured"]) == book[0].sum_insured + book[1].sum_insured
    region = {row["value"]: row["policies"] for row in out["by"]["region"]}
    assert region == {"上海市": 1, "广东省": 2}
    limits = PolicyCoverage.objects.filter(policy__in=book)
    for coverage, amount in out["by_coverage"].items():
        assert Decimal(amount) == sum(c.sub_limit for c in limits if c.coverage == coverage)
    top = out["top_accumulations"][0]
    assert Decimal(top["sum_insured"]) == max(Decimal(a["sum_insured"]) for a in out["top_accumulations"])
    assert services.exposure(VALUATION, "region")["by"].keys() == {"region"}


def test_cancelled_and_out_of_period_policies_are_not_in_force(book) -> None:
    Policy.objects.filter(pk=book[2].pk).update(status="cancelled")
    assert services.exposure(VALUATION)["policies"] == 2
    with pytest.raises(DomainError) as err:
        services.exposure(date(2025, 1, 1))
    assert (err.value.code, err.value.field) == ("analytics.no_in_force_policies", "valuation_date")


def test_cloud_outage_on_the_in_force_book_by_hand(book) -> None:
    """Two policies depend on domestic public cloud; 96 hours less each BI waiting period."""
    out = services.scenario("cloud_outage", VALUATION, value="domestic_public")
    sev = default_assumption_set().severity("sme")
    median = float(sev.ppf(0.5))
    expected = 0.0
    for policy, revenue in ((book[0], 800e6), (book[1], 50e6)):
        bi = policy.coverages.get(coverage="business_interruption")
        gu = revenue / 8760 * max(96 - bi.waiting_period_hours, 0) + 0.3 * median
        expected += min(max(gu - float(bi.deductible), 0.0), float(policy.sum_insured))
    assert out["affected_policies"] == 2
    assert out["insured_loss_all_dependents"] == pytest.approx(expected, rel=1e-6)
    assert {p["number"] for p in out["policies"]} == {book[0].number, book[1].number}


def test_unknown_scenario_names_the_field(book) -> None:
    with pytest.raises(DomainError) as err:
        services.scenario("meteor", VALUATION)
    assert (err.value.code, err.value.field) == ("analytics.unknown_scenario", "scenario")


def test_simulation_of_the_in_force_book_and_bad_years(book) -> None:
    result = services.simulate(years=500, seed=3, valuation_date=VALUATION)
    assert result.n_policies == 3
    assert result.total.size == 500
    for years in (0, -1, 1_000_001):
        with pytest.raises(DomainError) as err:
            services.simulate(years=years, seed=3, valuation_date=VALUATION)
        assert err.value.field == "years"


def test_cli_simulate_synthetic_json_names_the_risk_measures(capsys) -> None:
    assert (
        main(["portfolio", "simulate", "--synthetic", "300", "--years", "400", "--seed", "5", "--json"]) == 0
    )
    out = json.loads(capsys.readouterr().out)
    assert {"oep", "aep", "pml", "tvar", "capital"} <= out.keys()
    assert out["synthetic"] is True
    assert out["n_policies"] == 300
    assert out["pml"]["aep_200"] >= out["pml"]["aep_100"]
    again = main(["portfolio", "simulate", "--synthetic", "300", "--years", "400", "--seed", "5", "--json"])
    assert again == 0
    assert json.loads(capsys.readouterr().out)["mean"] == out["mean"]


@pytest.mark.parametrize(
    ("argv", "field"),
    [
        (["simulate", "--synthetic", "10", "--years", "0"], "years"),
        (["simulate", "--synthetic", "10", "--years", "2000000"], "years"),
        (["simulate", "--synthetic", "0"], "synthetic"),
        (["simulate", "--synthetic", "10", "--years", "10", "--dask", "tcp://127.0.0.1:9"], "dask"),
    ],
)
def test_cli_bad_input_is_a_coded_error(capsys, argv, field) -> None:
    assert main(["portfolio", *argv]) == 2
    err = json.loads(capsys.readouterr().err)
    assert err["field"] == field
    assert err["code"].startswith("analytics.")


def test_cli_exposure_and_scenario_on_an_empty_date(db, capsys) -> None:
    assert main(["portfolio", "exposure", "--date", "2026-07-01", "--json"]) == 2
    assert json.loads(capsys.readouterr().err)["field"] == "valuation_date"
    assert main(["portfolio", "scenario", "meteor", "--json"]) == 2
    assert json.loads(capsys.readouterr().err)["field"] == "scenario"


def test_cli_exposure_json(book, capsys) -> None:
    assert main(["portfolio", "exposure", "--by", "cloud", "--date", "2026-07-01", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["policies"] == 3
    assert {r["value"] for r in out["by"]["cloud"]} == {"domestic_public", "foreign_public"}


def test_oed_account_export_has_one_row_per_in_force_policy(book, capsys) -> None:
    import csv
    import io

    from cyberins.analytics.oed import COLUMNS

    assert main(["portfolio", "oed", "--date", "2026-07-01"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert list(rows[0].keys()) == COLUMNS
    assert {r["PolNumber"] for r in rows} == {p.number for p in book}
    first = next(r for r in rows if r["PolNumber"] == book[0].number)
    bi = book[0].coverages.get(coverage="business_interruption")
    assert first["OEDVersion"] == "4.0.0"
    assert first["CloudVendor"] == "domestic_public"
    assert first["AreaName"] == "上海市"
    assert Decimal(first["LayerLimit"]) == book[0].sum_insured
    assert Decimal(first["PolLimitNPBI"]) == bi.sub_limit
    assert first["BIWaitingPeriod"] == str(bi.waiting_period_hours)
    assert "NPBI" in first["PolCoverage"].split(";")
