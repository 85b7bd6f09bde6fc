"""Answers that are each valid but cannot all be true are refused with a coded error naming the field;
length limits show in the form instead of text cut off unseen."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import translation

from cyberins.accounts.errors import DomainError
from cyberins.accounts.roles import Role
from cyberins.products.questionnaire import PING_AN_QUESTIONNAIRE
from cyberins.underwriting.answers import validate_answers
from cyberins.underwriting.models import Application
from tests import factories
from tests.journey import answers


def _codes(bad: dict) -> dict[str, str]:
    with pytest.raises(DomainError) as caught:
        validate_answers(PING_AN_QUESTIONNAIRE, answers(**bad))
    return {e.field: e.code for e in caught.value.details}


def test_more_security_staff_than_employees_is_refused() -> None:
    assert _codes({"security_staff": 500, "employees": 10, "operating_revenue": "1000000"}) == {
        "security_staff": "questionnaire.staff_exceeds_employees"
    }
    validate_answers(
        PING_AN_QUESTIONNAIRE, answers(security_staff=10, employees=10, operating_revenue="1000000")
    )


def test_a_revenue_beyond_any_enterprise_is_refused_even_if_confirmed() -> None:
    assert _codes({"operating_revenue": "1e23", "revenue_confirmed": "yes"}) == {
        "operating_revenue": "questionnaire.too_large"
    }


def test_an_unusually_high_revenue_per_head_needs_a_confirmation() -> None:
    # 420 employees × CNY 20 million = CNY 8.4 billion: just above it must be confirmed
    assert _codes({"operating_revenue": "8400000001"}) == {
        "operating_revenue": "questionnaire.revenue_unconfirmed"
    }
    validate_answers(PING_AN_QUESTIONNAIRE, answers(operating_revenue="8400000000"))
    validate_answers(PING_AN_QUESTIONNAIRE, answers(operating_revenue="8400000001", revenue_confirmed="yes"))


def test_none_of_these_beside_a_data_type_is_contradictory() -> None:
    assert _codes({"sensitive_data": ["none", "personal"]}) == {
        "sensitive_data": "questionnaire.contradictory"
    }


@pytest.mark.django_db
def test_the_page_names_each_implausible_answer_in_both_languages_and_saves_nothing() -> None:
    version = factories.product()
    client = Client()
    client.force_login(factories.user(Role.APPLICANT))
    form = {
        "unit_name": "甲公司",
        "office_address": "上海",
        "unit_nature": "private",
        "industry": "I",
        "operating_revenue": "100000000000",
        "security_staff": "50",
        "employees": "5",
        "sensitive_data": ["none", "personal"],
        "insured_systems_0_name": "ERP",
        "insured_systems_0_users": "5",
        "insured_systems_0_devices": "2",
        "submit": "1",
    }
    chinese = client.post(f"/applications/apply/{version.pk}/", form).content.decode()
    client.cookies["django_language"] = "en"
    english = client.post(f"/applications/apply/{version.pk}/", form).content.decode()

    for field in ("security_staff", "operating_revenue", "sensitive_data"):
        assert f'data-error="{field}"' in chinese
        assert f'data-error="{field}"' in english
    assert "cannot exceed the employees (5)" in english
    assert "不得超过员工人数" in chinese
    assert not Application.objects.exists()


@pytest.mark.django_db
def test_text_fields_show_their_length_limit() -> None:
    version = factories.product()
    client = Client()
    client.force_login(factories.user(Role.APPLICANT))
    with translation.override("zh-hans"):
        page = client.get(f"/applications/apply/{version.pk}/").content.decode()

    assert 'name="unit_name" maxlength="200"' in page
    assert 'name="insured_systems_0_name" maxlength="100"' in page
