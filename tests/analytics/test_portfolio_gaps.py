"""The demo synthetic book on the page, the Excel export, bad input on the page, the command's text output."""

from __future__ import annotations

import io
import json
from decimal import Decimal

import numpy as np
import pytest
from django.utils import translation
from openpyxl import load_workbook

from cyberins.accounts.roles import Role
from cyberins.actuarial.portfolio import synthetic_book
from cyberins.analytics import services
from cyberins.cli import main
from cyberins.policies.models import Policy
from tests import factories
from tests.analytics.test_portfolio_page import insured_book  # noqa: F401  (fixture)


@pytest.fixture
def actuary(db):
    return factories.user(Role.ACTUARY, organisation=factories.organisation(kind="insurer"))


def test_demo_synthetic_book_is_generated_from_the_seed_and_not_stored(client, actuary) -> None:
    client.force_login(actuary)
    page = client.get("/analytics/?book=synthetic")
    html = page.content.decode()
    assert page.status_code == 200
    assert "data-synthetic" in html
    assert "data-chart" in html
    assert "<polyline" in html
    assert "data-error" not in html
    assert 'data-dimension="cloud"' in html
    assert f"{services.DEMO_SYNTHETIC_POLICIES} " in html  # "3000 policies in force"
    assert Policy.objects.count() == 0  # nothing written


def test_book_exposure_adds_up_to_the_synthetic_book() -> None:
    book = services.demo_book()
    again = synthetic_book(services.DEMO_SYNTHETIC_POLICIES, seed=services.DEMO_SYNTHETIC_SEED)
    assert np.array_equal(book.sum_insured, again.sum_insured)
    out = services.book_exposure(book)
    assert out["synthetic"] is True
    assert out["policies"] == book.size == 3000
    for table in out["by"].values():
        assert sum(r["policies"] for r in table) == 3000
        assert sum(Decimal(r["sum_insured"]) for r in table) == Decimal(out["sum_insured"])
    cloud = book.segments["cloud"]
    first = cloud.labels[0]
    expected = book.sum_insured[cloud.codes == 0].sum()
    assert Decimal({r["value"]: r["sum_insured"] for r in out["by"]["cloud"]}[first]) == Decimal(
        f"{expected:.2f}"
    )


def test_excel_export_has_a_sheet_per_table(client, insured_book) -> None:  # noqa: F811
    client.force_login(factories.user(Role.UNDERWRITER, organisation=insured_book[0].insurer))
    response = client.get("/analytics/?date=2026-07-01&format=xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    wb = load_workbook(io.BytesIO(response.content))
    assert {"summary", "exposure_cloud", "exposure_region", "limits_by_coverage", "ep_curve"} <= set(
        wb.sheetnames
    )
    cloud = list(wb["exposure_cloud"].iter_rows(values_only=True))
    assert cloud[0] == ("value", "policies", "sum_insured", "share")
    by_value = {r[0]: r for r in cloud[1:]}
    assert {k: v[1] for k, v in by_value.items()} == {"domestic_public": 1, "foreign_public": 1}
    assert by_value["foreign_public"][2] == pytest.approx(float(insured_book[1].sum_insured))
    summary = dict(wb["summary"].iter_rows(values_only=True))
    assert summary["policies"] == 2
    assert summary["synthetic"] is False
    ep = list(wb["ep_curve"].iter_rows(values_only=True))
    assert ep[0] == ("return_period", "aep", "oep")
    assert all(a >= o >= 0 for _, a, o in ep[1:])  # the annual aggregate is at least the largest event


def test_excel_export_of_the_synthetic_book(client, actuary) -> None:
    client.force_login(actuary)
    response = client.get("/analytics/?book=synthetic&format=xlsx")
    wb = load_workbook(io.BytesIO(response.content))
    summary = dict(wb["summary"].iter_rows(values_only=True))
    assert summary["synthetic"] is True
    assert summary["policies"] == services.DEMO_SYNTHETIC_POLICIES


@pytest.mark.parametrize(
    ("query", "code", "field"),
    [
        ("book=synthetic&years=0", "analytics.invalid_years", "years"),
        ("book=synthetic&years=1000001", "analytics.invalid_years", "years"),
        ("book=synthetic&years=abc", "analytics.invalid_years", "years"),
        ("book=synthetic&scenario=meteor", "analytics.unknown_scenario", "scenario"),
        ("date=2026-07-01", "analytics.no_in_force_policies", "valuation_date"),
    ],
)
def test_bad_input_on_the_page_is_a_coded_error_naming_the_field(client, actuary, query, code, field) -> None:
    client.force_login(actuary)
    page = client.get(f"/analytics/?{query}")
    html = page.content.decode()
    assert f'data-code="{code}"' in html
    assert f'data-field="{field}"' in html
    assert "data-chart" not in html
    assert page.status_code == (200 if field == "valuation_date" else 400)


def test_one_scenario_on_the_page(client, actuary) -> None:
    client.force_login(actuary)
    html = client.get("/analytics/?book=synthetic&scenario=cloud_outage").content.decode()
    assert "data-scenarios" in html


def test_cli_text_output_speaks_chinese_by_default_and_english_on_request(capsys, settings) -> None:
    argv = ["portfolio", "simulate", "--synthetic", "200", "--years", "200", "--seed", "3"]
    assert main(argv) == 0
    zh = capsys.readouterr().out
    assert "保单 200 件" in zh
    assert "合成组合 是" in zh
    assert "资本" in zh
    settings.LANGUAGE_CODE = "en"
    with translation.override(translation.get_language()):  # the command activates English; restore after
        assert main(argv) == 0
    en = capsys.readouterr().out
    assert "policies 200" in en
    assert "synthetic yes" in en
    assert "capital (VaR 99.5% - mean)" in en


def test_cli_exposure_text_is_translated(insured_book, capsys) -> None:  # noqa: F811
    assert main(["portfolio", "exposure", "--date", "2026-07-01"]) == 0
    out = capsys.readouterr().out
    assert "保单 2 件" in out
    assert "最大累积" in out
    assert main(["portfolio", "exposure", "--date", "2026-07-01", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["policies"] == 2
