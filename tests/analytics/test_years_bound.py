"""One bound on the simulated years (``MAX_YEARS``) for the command, the API and the page, and the
error message quotes that bound in both languages."""

from __future__ import annotations

import json

import pytest
from django.utils import translation

from cyberins.accounts.errors import DomainError
from cyberins.actuarial.portfolio import MAX_YEARS
from cyberins.analytics import services
from cyberins.cli import main


def test_the_bound_is_100000_and_the_message_says_so_in_both_languages() -> None:
    assert MAX_YEARS == 100_000
    assert services.check_years(MAX_YEARS) == MAX_YEARS
    with pytest.raises(DomainError) as err:
        services.check_years(MAX_YEARS + 1)
    assert (err.value.code, err.value.field) == ("analytics.invalid_years", "years")
    with translation.override("en"):
        assert err.value.render_message() == "The number of years must be a whole number from 1 to 100,000."
    with translation.override("zh-hans"):
        assert err.value.render_message() == "模拟年数须为 1 至 100,000 之间的整数。"


def test_the_command_and_the_api_refuse_one_year_more_with_that_message(capsys, api_as, db) -> None:
    from cyberins.accounts.roles import Role
    from tests import factories

    argv = ["portfolio", "simulate", "--synthetic", "10", "--years", str(MAX_YEARS + 1)]
    assert main(argv) == 2
    assert "100,000" in json.loads(capsys.readouterr().err)["message"]
    api = api_as(factories.user(Role.ACTUARY))
    response = api.get(f"/api/analytics/simulation?book=synthetic&years={MAX_YEARS + 1}")
    assert response.status_code == 400
    assert response.json()["message"] == "模拟年数须为 1 至 100,000 之间的整数。"
