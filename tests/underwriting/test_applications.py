"""投保 through the API: bad answers and wrong states answer a coded error naming the field and change
nothing; referrals are decided by the insurer's underwriter within authority; other organisations see 404."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest

from cyberins.underwriting.models import Application
from tests.journey import answers
from tests.underwriting.helpers import accepted_quote, db_state, referred_application

CJK = re.compile(r"[\u4e00-\u9fff]")


def bad_answers() -> dict[str, Any]:
    """Five faults at once: a missing required answer, a negative amount, an unknown industry,
    a fractional head count and an insured system without its number of users."""
    bad = answers(
        operating_revenue="-5",
        industry="Z",
        employees="12.5",
        insured_systems=[{"name": "ERP 系统", "type": "业务系统", "devices": 3}],
    )
    del bad["unit_name"]
    return bad


EXPECTED = {
    "unit_name": ("questionnaire.required", "This question is required."),
    "operating_revenue": ("questionnaire.too_small", "The value must be at least 0."),
    "industry": ("questionnaire.unknown_choice", "Choose one of the listed options."),
    "employees": ("questionnaire.not_a_number", "Enter a whole number."),
    "insured_systems.0.users": ("questionnaire.required", "This question is required."),
}


def _errors_by_field(body: dict[str, Any]) -> dict[str, tuple[str, str]]:
    assert body["code"] == "questionnaire.invalid"
    fields = [e["field"] for e in body["errors"]]
    assert len(fields) == len(set(fields)), "one entry per invalid field"
    assert body["field"] in fields
    return {e["field"]: (e["code"], e["message"]) for e in body["errors"]}


def test_each_invalid_answer_gets_its_own_error_in_english_and_nothing_is_saved(
    demo, products, api_as
) -> None:
    applicant = api_as(demo["applicant"])
    applicant.headers["Accept-Language"] = "en"
    before = db_state()

    response = applicant.post(
        "/api/applications",
        {"product_version": products["wanganbao"].pk, "answers": bad_answers(), "submit": True},
    )

    assert response.status_code == 400
    assert _errors_by_field(response.json()) == EXPECTED
    assert db_state() == before  # no draft, no audit record


def test_errors_are_in_chinese_by_default(demo, products, api_as) -> None:
    applicant = api_as(demo["applicant"])
    before = db_state()

    response = applicant.post(
        "/api/applications",
        {"product_version": products["wanganbao"].pk, "answers": bad_answers(), "submit": True},
    )

    assert response.status_code == 400
    errors = _errors_by_field(response.json())
    assert {field: code for field, (code, _m) in errors.items()} == {f: c for f, (c, _m) in EXPECTED.items()}
    for field, (_code, message) in errors.items():
        assert CJK.search(message), f"{field}: {message!r} is not in Chinese"
    assert CJK.search(response.json()["message"])
    assert db_state() == before


def test_submitting_a_draft_with_bad_answers_keeps_the_draft_as_it_was(demo, products, api_as) -> None:
    applicant = api_as(demo["applicant"])
    draft = applicant.post(
        "/api/applications", {"product_version": products["wanganbao"].pk, "answers": {"unit_name": "远海"}}
    )
    assert draft.status_code == 201
    assert draft.json()["status"] == "draft"
    before = db_state()

    submitted = applicant.post(
        f"/api/applications/{draft.json()['id']}/submit", {"answers": {"employees": 0, "industry": "G"}}
    )
    patched = applicant.patch(f"/api/applications/{draft.json()['id']}", {"answers": {"employees": -1}})

    assert submitted.status_code == 400
    errors = _errors_by_field(submitted.json())
    assert errors["employees"][0] == "questionnaire.too_small"
    assert errors["office_address"][0] == "questionnaire.required"
    assert "industry" not in errors
    assert "unit_name" not in errors
    assert patched.status_code == 400
    assert patched.json()["field"] == "employees"
    assert db_state() == before


@pytest.mark.parametrize(
    ("key", "value", "field", "code"),
    [
        ("industry", ["G"], "industry", "questionnaire.unknown_choice"),
        ("unit_nature", {"value": "private"}, "unit_nature", "questionnaire.unknown_choice"),
        ("sensitive_data", [["personal"]], "sensitive_data", "questionnaire.unknown_choice"),
        ("employees", 420.0, "employees", "questionnaire.not_a_number"),
        ("employees", True, "employees", "questionnaire.not_a_number"),
        ("operating_revenue", "NaN", "operating_revenue", "questionnaire.not_a_number"),
        ("insured_systems", "ERP", "insured_systems", "questionnaire.required"),
        ("insured_systems", ["ERP"], "insured_systems.0.name", "questionnaire.required"),
        (
            "insured_systems",
            [{"name": "ERP", "users": 0, "devices": 1}],
            "insured_systems.0.users",
            "questionnaire.too_small",
        ),
        ("firewall_brand", "x", "firewall_brand", "questionnaire.unknown_question"),
    ],
)
def test_odd_values_are_refused_with_the_field_at_fault(
    demo, products, api_as, key, value, field, code
) -> None:
    applicant = api_as(demo["applicant"])
    before = db_state()

    response = applicant.post(
        "/api/applications",
        {"product_version": products["wanganbao"].pk, "answers": answers(**{key: value}), "submit": True},
    )

    assert response.status_code == 400, response.content
    assert (response.json()["field"], response.json()["errors"][0]["code"]) == (field, code)
    assert db_state() == before


def test_an_application_is_submitted_only_once(demo, products, api_as) -> None:
    applicant = api_as(demo["applicant"])
    application = referred_application(applicant, products["wanganbao"])
    before = db_state()

    again = applicant.post(f"/api/applications/{application['id']}/submit", {"answers": {}})

    assert again.status_code == 409
    assert (again.json()["code"], again.json()["field"]) == ("underwriting.wrong_state", "status")
    assert db_state() == before


def test_applying_for_a_version_not_on_sale_is_not_found(demo, products, api_as) -> None:
    version = products["wanganbao"]
    version.status = "withdrawn"
    version.save(update_fields=["status"])
    applicant = api_as(demo["applicant"])
    before = db_state()

    response = applicant.post(
        "/api/applications", {"product_version": version.pk, "answers": answers(), "submit": True}
    )

    assert response.status_code == 404
    assert response.json()["code"] == "products.version_not_available"
    assert db_state() == before


@pytest.mark.parametrize("adjustment", ["1.21", "0.79", "-1", "1000"])
def test_an_underwriter_cannot_adjust_beyond_authority(demo, products, api_as, adjustment) -> None:
    application = referred_application(api_as(demo["applicant"]), products["wanganbao"])
    underwriter = api_as(demo["underwriter"])
    before = db_state()

    response = underwriter.post(
        f"/api/applications/{application['id']}/decision", {"approve": True, "adjustment": adjustment}
    )

    assert response.status_code == 400
    body = response.json()
    assert (body["code"], body["field"]) == ("underwriting.outside_authority", "adjustment")
    assert "0.80" in body["message"]
    assert "1.20" in body["message"]
    assert db_state() == before


@pytest.mark.parametrize("adjustment", ["0.80", "1.20"])
def test_the_authority_includes_its_limits_and_loads_the_premium(demo, products, api_as, adjustment) -> None:
    application = referred_application(api_as(demo["applicant"]), products["wanganbao"])

    response = api_as(demo["underwriter"]).post(
        f"/api/applications/{application['id']}/decision",
        {"approve": True, "adjustment": adjustment, "note": "核实"},
    )

    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "accepted"
    for option in response.json()["quote"]["options"]:
        parts = {k: Decimal(v) for k, v in option["breakdown"].items()}
        gross = sum(parts[k] for k in ("pure_premium", "risk_load", "fixed_expense", "expense_load"))
        gross += parts["commission"] + parts["profit_load"]
        adjusted = (gross * Decimal(adjustment)).quantize(Decimal("0.01"))
        assert parts["underwriter_adjustment"] == adjusted - gross
        assert sum(parts.values()) == Decimal(option["premium"])


def test_an_applicant_cannot_decide_its_own_referral(demo, products, api_as) -> None:
    applicant = api_as(demo["applicant"])
    application = referred_application(applicant, products["wanganbao"])
    before = db_state()

    response = applicant.post(
        f"/api/applications/{application['id']}/decision", {"approve": True, "adjustment": "0.80"}
    )

    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"
    assert Application.objects.get(pk=application["id"]).status == "referred"
    assert db_state() == before


def test_another_insureds_applications_and_quotes_are_not_found(demo, products, api_as) -> None:
    owner, stranger = api_as(demo["applicant"]), api_as(demo["applicant2"])
    foreign_underwriter = api_as(demo["underwriter2"])  # the captive's; 网安保 is 华安's
    draft = owner.post(
        "/api/applications", {"product_version": products["wanganbao"].pk, "answers": answers()}
    ).json()
    quote = accepted_quote(owner, products["wanganbao"])
    before = db_state()

    responses = [
        stranger.get(f"/api/applications/{draft['id']}"),
        stranger.patch(f"/api/applications/{draft['id']}", {"answers": {"employees": 1}}),
        stranger.post(f"/api/applications/{draft['id']}/submit", {"answers": {}}),
        stranger.post(f"/api/applications/{quote['application_id']}/requote", {}),
        stranger.get(f"/api/quotes/{quote['id']}"),
        stranger.post(f"/api/quotes/{quote['id']}/bind", {"plan": "A", "first_day": "2026-12-01"}),
        foreign_underwriter.get(f"/api/applications/{quote['application_id']}"),
        foreign_underwriter.get(f"/api/quotes/{quote['id']}"),
        foreign_underwriter.post(f"/api/applications/{quote['application_id']}/requote", {}),
    ]

    assert [r.status_code for r in responses] == [404] * len(responses)
    assert {r.json()["code"] for r in responses} == {"not_found"}
    assert draft["id"] not in [a["id"] for a in stranger.get("/api/applications").json()]
    assert db_state() == before


def test_an_underwriter_of_another_insurer_cannot_see_or_decide_a_referral(demo, products, api_as) -> None:
    # The emergency-response product is the captive's (远海自保); 华安's underwriter has no say on it.
    application = referred_application(api_as(demo["applicant"]), products["cyber-emergency-response"])
    other, own = api_as(demo["underwriter"]), api_as(demo["underwriter2"])
    before = db_state()

    decided = other.post(f"/api/applications/{application['id']}/decision", {"approve": True})

    assert decided.status_code == 404
    assert other.get(f"/api/applications/{application['id']}").status_code == 404
    assert application["id"] not in [a["id"] for a in other.get("/api/referrals").json()]
    assert application["id"] in [a["id"] for a in own.get("/api/referrals").json()]
    assert db_state() == before
