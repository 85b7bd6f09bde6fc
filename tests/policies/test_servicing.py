"""Servicing a policy through the API: pro-rata endorsements and cancellation to the cent, insured
systems validated like the questionnaire, renewal, expiry — and bad requests that change nothing.

The figures are worked by hand from the formulas in :mod:`cyberins.terms.prorata` for the COSCO-like
plan A policy: ¥26,000.00 for ¥190,000.00, 00:00 10 June 2026 to 24:00 9 June 2027 (365 days)."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal

import pytest

from cyberins.accounts.models import AuditRecord
from cyberins.policies.models import Policy, ServiceOrder
from cyberins.policies.servicing import do_expire_policies
from cyberins.products.models import ProductVersion
from cyberins.terms import SHANGHAI
from tests.underwriting.helpers import accepted_quote, bind_on, db_state


@pytest.fixture
def policy(demo, products, api_as) -> Policy:
    """The COSCO-like policy: plan A of the emergency-response product, bound for 10 June 2026."""
    quote = accepted_quote(api_as(demo["applicant"]), products["cyber-emergency-response"])
    bound = bind_on(demo["applicant"], quote["id"])
    assert (bound.premium, bound.sum_insured) == (Decimal("26000.00"), Decimal("190000.00"))
    assert (bound.first_day, bound.last_day) == (date(2026, 6, 10), date(2027, 6, 9))
    return bound


def test_raising_the_sum_insured_charges_the_unexpired_share_to_the_cent(demo, api_as, policy) -> None:
    underwriter = api_as(demo["underwriter2"])

    response = underwriter.post(
        f"/api/policies/{policy.pk}/endorsements/sum-insured",
        {"sum_insured": "250000.00", "effective_on": "2026-12-10"},
    )

    # New annual premium at the policy's rate: 26,000 × 250,000 / 190,000 = 34,210.526… → 34,210.53.
    # Unexpired: 10 Dec 2026 … 9 Jun 2027 = 22 + 31 + 28 + 31 + 30 + 31 + 9 = 182 of 365 days.
    # Additional premium: 8,210.53 × 182 / 365 = 4,094.0177… → 4,094.02.
    assert response.status_code == 201, response.json()
    endorsement = response.json()
    assert endorsement["kind"] == "sum_insured"
    assert Decimal(endorsement["premium_change"]) == Decimal("4094.02")
    assert endorsement["sequence"] == 1
    after = underwriter.get(f"/api/policies/{policy.pk}").json()
    assert (Decimal(after["sum_insured"]), Decimal(after["premium"])) == (
        Decimal("250000"),
        Decimal("34210.53"),
    )
    assert (
        AuditRecord.objects.filter(action="policy.endorse_sum_insured", object_id=str(policy.pk)).count() == 1
    )


def test_lowering_the_sum_insured_returns_premium_and_caps_the_sub_limits(demo, api_as, policy) -> None:
    underwriter = api_as(demo["underwriter2"])

    response = underwriter.post(
        f"/api/policies/{policy.pk}/endorsements/sum-insured",
        {"sum_insured": "75000", "effective_on": "2026-12-10"},
    )

    # 26,000 × 75,000 / 190,000 = 10,263.157… → 10,263.16; −15,736.84 × 182 / 365 = −7,846.8627… → −7,846.86
    assert response.status_code == 201, response.json()
    assert Decimal(response.json()["premium_change"]) == Decimal("-7846.86")
    limits = {
        c["coverage"]: Decimal(c["sub_limit"])
        for c in underwriter.get(f"/api/policies/{policy.pk}").json()["coverages"]
    }
    assert limits == {
        "response_service": Decimal("75000"),
        "restoration": Decimal("50000"),
        "business_interruption": Decimal("40000"),
    }


@pytest.mark.parametrize(
    ("payload", "status", "code", "field"),
    [
        (
            {"sum_insured": "0", "effective_on": "2026-12-10"},
            400,
            "policies.invalid_sum_insured",
            "sum_insured",
        ),
        (
            {"sum_insured": "-1", "effective_on": "2026-12-10"},
            400,
            "policies.invalid_sum_insured",
            "sum_insured",
        ),
        (
            {"sum_insured": "1.001", "effective_on": "2026-12-10"},
            400,
            "policies.invalid_sum_insured",
            "sum_insured",
        ),
        (
            {"sum_insured": "1000000000000", "effective_on": "2026-12-10"},
            400,
            "policies.invalid_sum_insured",
            "sum_insured",
        ),
        (
            {"sum_insured": "250000", "effective_on": "2027-06-10"},
            400,
            "terms.effective_day_outside_period",
            "effective_day",
        ),
    ],
)
def test_bad_sum_insured_endorsements_change_nothing(
    demo, api_as, policy, payload, status, code, field
) -> None:
    underwriter = api_as(demo["underwriter2"])
    before = db_state()

    response = underwriter.post(f"/api/policies/{policy.pk}/endorsements/sum-insured", payload)

    assert response.status_code == status
    assert (response.json()["code"], response.json()["field"]) == (code, field)
    assert db_state() == before


def test_cancellation_refunds_the_unearned_premium_and_cancels_the_services(demo, api_as, policy) -> None:
    underwriter = api_as(demo["underwriter2"])
    assert ServiceOrder.objects.filter(policy=policy, status="scheduled").count() == 2
    # The insurer received the whole premium: the refund comes out of it.
    paid = underwriter.post(f"/api/policies/{policy.pk}/instalments/1/pay", {"reference": "BANK-1"})
    assert paid.status_code == 200, paid.json()

    response = underwriter.post(
        f"/api/policies/{policy.pk}/cancel", {"effective_on": "2026-12-10", "reason": "投保人申请退保"}
    )

    # Refund: 26,000 × 182 / 365 = 12,964.383… → 12,964.38 (the insurer keeps 13,035.62).
    assert response.status_code == 201, response.json()
    assert Decimal(response.json()["premium_change"]) == Decimal("-12964.38")
    assert response.json()["after"] == {"status": "cancelled", "refund": "12964.38", "unearned": "12964.38"}
    body = underwriter.get(f"/api/policies/{policy.pk}").json()
    assert body["status"] == "cancelled"
    assert {o["status"] for o in body["service_orders"]} == {"cancelled"}
    assert AuditRecord.objects.filter(action="policy.cancel", object_id=str(policy.pk)).count() == 1

    before = db_state()
    again = underwriter.post(
        f"/api/policies/{policy.pk}/cancel", {"effective_on": "2026-12-11", "reason": "再次"}
    )
    endorse = underwriter.post(
        f"/api/policies/{policy.pk}/endorsements/sum-insured",
        {"sum_insured": "1", "effective_on": "2026-12-11"},
    )
    assert (again.status_code, again.json()["code"]) == (409, "policies.not_issued")
    assert (endorse.status_code, endorse.json()["code"]) == (409, "policies.not_issued")
    assert db_state() == before


@pytest.mark.parametrize(
    ("payload", "code", "field"),
    [
        ({"effective_on": "2026-12-10", "reason": "  "}, "policies.reason_required", "reason"),
        (
            {"effective_on": "2026-06-09", "reason": "退保"},
            "terms.effective_day_outside_period",
            "effective_day",
        ),
    ],
)
def test_bad_cancellations_change_nothing(demo, api_as, policy, payload, code, field) -> None:
    underwriter = api_as(demo["underwriter2"])
    before = db_state()

    response = underwriter.post(f"/api/policies/{policy.pk}/cancel", payload)

    assert response.status_code == 400
    assert (response.json()["code"], response.json()["field"]) == (code, field)
    assert db_state() == before


def test_the_applicant_cannot_endorse_or_cancel(demo, api_as, policy) -> None:
    applicant = api_as(demo["applicant"])
    before = db_state()

    responses = [
        applicant.post(f"/api/policies/{policy.pk}/cancel", {"effective_on": "2026-12-10", "reason": "退保"}),
        applicant.post(
            f"/api/policies/{policy.pk}/endorsements/sum-insured",
            {"sum_insured": "250000", "effective_on": "2026-12-10"},
        ),
        applicant.post(
            f"/api/policies/{policy.pk}/endorsements/systems",
            {"systems": [{"name": "新系统", "users": 1, "devices": 1}], "effective_on": "2026-12-10"},
        ),
    ]

    assert [r.status_code for r in responses] == [403, 403, 403]
    assert db_state() == before


def test_an_underwriter_of_another_insurer_cannot_touch_the_policy(demo, api_as, policy) -> None:
    other = api_as(demo["underwriter"])  # 华安; the policy is the captive's
    before = db_state()

    responses = [
        other.post(f"/api/policies/{policy.pk}/cancel", {"effective_on": "2026-12-10", "reason": "退保"}),
        other.post(
            f"/api/policies/{policy.pk}/endorsements/sum-insured",
            {"sum_insured": "250000", "effective_on": "2026-12-10"},
        ),
        other.post(
            f"/api/policies/{policy.pk}/endorsements/systems",
            {"systems": [{"name": "新系统", "users": 1, "devices": 1}], "effective_on": "2026-12-10"},
        ),
    ]

    assert [r.status_code for r in responses] == [404, 404, 404]
    assert db_state() == before


@pytest.mark.parametrize(
    ("systems", "field", "code"),
    [
        (
            [{"name": "ERP 系统", "type": "业务系统", "devices": 3}],
            "systems.0.users",
            "questionnaire.required",
        ),
        ([{"name": "ERP", "users": "many", "devices": 3}], "systems.0.users", "questionnaire.not_a_number"),
        ([{"name": "ERP", "users": 5, "devices": 0}], "systems.0.devices", "questionnaire.too_small"),
        ([{"users": 5, "devices": 1}], "systems.0.name", "questionnaire.required"),
        (
            [{"name": "ERP", "users": 5, "devices": 1, "owner": "IT"}],
            "systems.0.owner",
            "questionnaire.unknown_question",
        ),
        ([], "systems", "questionnaire.required"),
    ],
)
def test_insured_systems_are_validated_like_the_questionnaire(
    demo, api_as, policy, systems, field, code
) -> None:
    underwriter = api_as(demo["underwriter2"])
    before = db_state()

    response = underwriter.post(
        f"/api/policies/{policy.pk}/endorsements/systems", {"systems": systems, "effective_on": "2026-12-10"}
    )

    assert response.status_code == 400
    assert response.json()["code"] == "questionnaire.invalid"
    assert [(e["field"], e["code"]) for e in response.json()["errors"]] == [(field, code)]
    assert db_state() == before


def test_changing_the_insured_systems_is_endorsed_without_premium(demo, api_as, policy) -> None:
    underwriter = api_as(demo["underwriter2"])
    systems = [
        {"name": "自保公司核心业务系统", "type": "业务系统", "users": 40, "devices": 2},
        {"name": "船舶调度系统", "users": "25", "devices": 3},
    ]

    response = underwriter.post(
        f"/api/policies/{policy.pk}/endorsements/systems", {"systems": systems, "effective_on": "2026-08-01"}
    )

    assert response.status_code == 201, response.json()
    assert Decimal(response.json()["premium_change"]) == 0
    assert underwriter.get(f"/api/policies/{policy.pk}").json()["systems"][1] == {
        "name": "船舶调度系统",
        "users": 25,
        "devices": 3,
    }


def test_renewal_is_a_draft_filled_in_from_the_policy(demo, api_as, policy) -> None:
    applicant = api_as(demo["applicant"])
    api_as(demo["underwriter2"]).post(
        f"/api/policies/{policy.pk}/endorsements/systems",
        {"systems": [{"name": "船舶调度系统", "users": 25, "devices": 3}], "effective_on": "2026-08-01"},
    )

    response = applicant.post(f"/api/policies/{policy.pk}/renew", {})

    assert response.status_code == 201, response.json()
    renewal = response.json()
    assert renewal["status"] == "draft"
    assert renewal["previous_policy_number"] == policy.number
    assert renewal["product_version"] == policy.product_version_id
    assert renewal["answers"]["unit_name"] == policy.application.answers["unit_name"]
    assert renewal["answers"]["insured_systems"] == [{"name": "船舶调度系统", "users": 25, "devices": 3}]
    submitted = applicant.post(f"/api/applications/{renewal['id']}/submit", {"answers": {}})
    assert submitted.json()["status"] == "accepted"


def test_renewal_goes_onto_the_current_version_even_with_a_shorter_questionnaire(
    demo, api_as, policy
) -> None:
    admin, applicant = api_as(demo["admin"]), api_as(demo["applicant"])
    v2 = admin.post(f"/api/products/versions/{policy.product_version_id}/next", {}).json()
    version = ProductVersion.objects.get(pk=v2["id"])
    version.questionnaire = [q for q in version.questionnaire if q["key"] != "building_area"]
    version.save(update_fields=["questionnaire"])
    for action in ("file", "publish"):
        assert (
            admin.post(f"/api/products/versions/{v2['id']}/transition", {"action": action}).status_code == 200
        )

    response = applicant.post(f"/api/policies/{policy.pk}/renew", {})

    assert response.status_code == 201, response.json()
    assert response.json()["product_version"] == v2["id"]
    assert "building_area" not in response.json()["answers"]


def test_only_the_insured_renews(demo, api_as, policy) -> None:
    underwriter = api_as(demo["underwriter2"])
    before = db_state()

    assert underwriter.post(f"/api/policies/{policy.pk}/renew", {}).status_code == 403
    assert db_state() == before


def test_policies_expire_after_24_00_of_their_last_day(demo, products, api_as, policy) -> None:
    other = bind_on(
        demo["applicant"],
        accepted_quote(api_as(demo["applicant"]), products["wanganbao"])["id"],
        first_day=date(2026, 7, 1),
    )
    last_minute = datetime(2027, 6, 9, 23, 59, tzinfo=SHANGHAI)
    midnight = datetime(2027, 6, 10, 0, 0, tzinfo=SHANGHAI)

    assert do_expire_policies(now=last_minute) == []
    assert do_expire_policies(now=midnight) == [policy.number]
    assert do_expire_policies(now=midnight) == []

    assert Policy.objects.get(pk=policy.pk).status == "expired"
    assert Policy.objects.get(pk=other.pk).status == "issued"
    records = AuditRecord.objects.filter(action="policy.expire")
    assert [(r.object_id, r.before, r.after) for r in records] == [
        (str(policy.pk), {"status": "issued"}, {"status": "expired"})
    ]
    assert do_expire_policies(now=datetime.combine(date(2027, 7, 1), time(0), tzinfo=SHANGHAI)) == [
        other.number
    ]
