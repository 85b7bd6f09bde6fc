"""The portfolio page: actuaries and underwriters of the insurer see their book; others are refused."""

from __future__ import annotations

import csv
import io

import pytest

from cyberins.accounts.roles import Role
from tests import factories
from tests.analytics.test_portfolio_analytics import _policy


@pytest.fixture
def insured_book(db):
    version = factories.product()
    return [
        _policy("上海市", "domestic_public", version=version),
        _policy("广东省", "foreign_public", version=version),
    ]


def test_the_actuary_sees_exposure_scenarios_and_the_ep_curve(client, insured_book) -> None:
    insurer = insured_book[0].insurer
    client.force_login(factories.user(Role.ACTUARY, organisation=insurer))
    page = client.get("/analytics/?date=2026-07-01")
    assert page.status_code == 200
    html = page.content.decode()
    assert "data-chart" in html
    assert "<polyline" in html
    assert 'data-dimension="cloud"' in html
    assert "domestic_public" in html
    assert "广东省" in html
    assert "data-scenarios" in html
    assert html.count("<tr>") > 10


def test_csv_export_has_the_exposure_and_the_curves(client, insured_book) -> None:
    client.force_login(factories.user(Role.UNDERWRITER, organisation=insured_book[0].insurer))
    response = client.get("/analytics/?date=2026-07-01&format=csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["section", "key", "value", "policies", "amount"]
    sections = {r[0] for r in rows[1:]}
    assert {"exposure", "limits", "aep", "oep", "tvar", "capital"} <= sections
    cloud = {r[2]: r[3] for r in rows if r[:2] == ["exposure", "cloud"]}
    assert cloud == {"domestic_public": "1", "foreign_public": "1"}


def test_another_insurers_actuary_sees_no_policies(client, insured_book) -> None:
    other = factories.organisation(kind="insurer")
    client.force_login(factories.user(Role.ACTUARY, organisation=other))
    page = client.get("/analytics/?date=2026-07-01")
    assert page.status_code == 200
    assert "data-error" in page.content.decode()
    assert "data-chart" not in page.content.decode()


def test_an_applicant_is_refused(client, insured_book) -> None:
    client.force_login(factories.user(Role.APPLICANT))
    assert client.get("/analytics/").status_code == 403
