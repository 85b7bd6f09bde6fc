"""The insured's own vendor: proposed for a service order where the plan allows it, approved or rejected by
the insurer; the order is payable to that vendor only with an approved proposal."""

from __future__ import annotations

from typing import Any

import pytest

from cyberins.accounts.models import AuditRecord
from cyberins.accounts.transitions import history
from cyberins.network import credit_code_check_char
from cyberins.policies.models import Policy, ServiceOrder, VendorProposal
from cyberins.products.models import PlanService
from tests.underwriting.helpers import accepted_quote, bind_on

# A valid unified social credit code (GB 32100-2015): 17 characters and their check character.
BODY = "91310115MA1K3YJ4X"
VALID = BODY + credit_code_check_char(BODY)
WRONG_CHECK = BODY + ("0" if VALID[-1] != "0" else "1")


@pytest.fixture
def policy(demo, products, api_as) -> Policy:
    """The COSCO-like policy (insured 远海航运, insurer 远海自保), bound with its fixed inspection order."""
    quote = accepted_quote(api_as(demo["applicant"]), products["cyber-emergency-response"])
    return bind_on(demo["applicant"], quote["id"])


@pytest.fixture
def order(policy) -> ServiceOrder:
    return ServiceOrder.objects.get(policy=policy, service__code="fixed_inspection")


def allow_own_vendor(order: ServiceOrder) -> None:
    updated = PlanService.objects.filter(plan=order.policy.plan, service=order.service).update(
        own_vendor_allowed=True
    )
    assert updated == 1


def propose(client: Any, order: ServiceOrder, code: str = VALID) -> Any:
    return client.post(
        f"/api/service-orders/{order.pk}/vendor-proposals",
        {"vendor_name": "远海信息安全技术有限公司", "credit_code": code},
    )


def test_an_approved_own_vendor_makes_the_order_payable(demo, api_as, order) -> None:
    allow_own_vendor(order)
    insured = api_as(demo["applicant"])

    made = propose(insured, order, VALID.lower())

    assert made.status_code == 201, made.json()
    assert made.json()["status"] == "proposed"
    assert made.json()["credit_code"] == VALID
    assert made.json()["payable"] is False
    # One open proposal per order.
    again = propose(insured, order)
    assert again.status_code == 409
    assert again.json()["code"] == "policies.proposal_open"

    underwriter = api_as(demo["underwriter2"])
    decided = underwriter.post(f"/api/vendor-proposals/{made.json()['id']}/decision", {"approve": True})

    assert decided.status_code == 200, decided.json()
    assert decided.json()["status"] == "approved"
    assert decided.json()["payable"] is True
    assert decided.json()["decided_at"] is not None
    listed = insured.get(f"/api/service-orders/{order.pk}/vendor-proposals").json()
    assert [(p["vendor_name"], p["payable"]) for p in listed] == [("远海信息安全技术有限公司", True)]
    proposal = VendorProposal.objects.get()
    assert proposal.decided_by == demo["underwriter2"]
    assert [(h.from_state, h.to_state) for h in history(proposal)] == [("proposed", "approved")]
    assert set(
        AuditRecord.objects.filter(
            object_id=str(proposal.pk), action__startswith="vendor_proposal."
        ).values_list("action", flat=True)
    ) == {"vendor_proposal.propose", "vendor_proposal.approve"}
    # A decided proposal is not decided again.
    twice = underwriter.post(
        f"/api/vendor-proposals/{proposal.pk}/decision", {"approve": False, "reason": "x"}
    )
    assert twice.status_code == 409


def test_a_rejection_needs_a_reason_and_leaves_the_order_unpayable(demo, api_as, order) -> None:
    allow_own_vendor(order)
    proposal_id = propose(api_as(demo["applicant"]), order).json()["id"]
    underwriter = api_as(demo["underwriter2"])

    bare = underwriter.post(
        f"/api/vendor-proposals/{proposal_id}/decision", {"approve": False, "reason": "  "}
    )

    assert bare.status_code == 400
    assert (bare.json()["code"], bare.json()["field"]) == ("policies.decision_reason_required", "reason")
    assert VendorProposal.objects.get().status == "proposed"

    rejected = underwriter.post(
        f"/api/vendor-proposals/{proposal_id}/decision", {"approve": False, "reason": "无安全服务资质"}
    )

    assert rejected.status_code == 200, rejected.json()
    assert (rejected.json()["status"], rejected.json()["reason"], rejected.json()["payable"]) == (
        "rejected",
        "无安全服务资质",
        False,
    )
    # The order is free for a new proposal once the last one was decided.
    assert propose(api_as(demo["applicant"]), order).status_code == 201


def test_a_plan_without_own_vendors_refuses_the_proposal_and_stores_nothing(demo, api_as, order) -> None:
    response = propose(api_as(demo["applicant"]), order)

    assert response.status_code == 409
    assert response.json()["code"] == "policies.own_vendor_not_allowed"
    assert not VendorProposal.objects.exists()
    assert not AuditRecord.objects.filter(action__startswith="vendor_proposal.").exists()


def test_another_organisations_order_or_proposal_is_not_found(demo, api_as, order) -> None:
    allow_own_vendor(order)

    # Another insured enterprise cannot see the order.
    assert propose(api_as(demo["applicant2"]), order).status_code == 404
    assert (
        api_as(demo["applicant2"]).get(f"/api/service-orders/{order.pk}/vendor-proposals").status_code == 404
    )
    assert not VendorProposal.objects.exists()

    proposal_id = propose(api_as(demo["applicant"]), order).json()["id"]
    # Another insurer's claims handler cannot decide it.
    response = api_as(demo["claims"]).post(f"/api/vendor-proposals/{proposal_id}/decision", {"approve": True})
    assert response.status_code == 404
    assert VendorProposal.objects.get().status == "proposed"


def test_the_insured_cannot_approve_its_own_vendor(demo, api_as, order) -> None:
    allow_own_vendor(order)
    insured = api_as(demo["applicant"])
    proposal_id = propose(insured, order).json()["id"]

    response = insured.post(f"/api/vendor-proposals/{proposal_id}/decision", {"approve": True})

    assert response.status_code == 404
    assert VendorProposal.objects.get().status == "proposed"


@pytest.mark.parametrize(
    "code", [WRONG_CHECK, "91310115MA1K3YJ4", "91310115MA1K3YJ4XZZ", "9131O115MA1K3YJ4X0"]
)
def test_an_invalid_credit_code_is_a_field_error(demo, api_as, order, code) -> None:
    allow_own_vendor(order)

    response = propose(api_as(demo["applicant"]), order, code)

    assert response.status_code == 400, response.json()
    assert (response.json()["code"], response.json()["field"]) == (
        "policies.invalid_credit_code",
        "credit_code",
    )
    assert not VendorProposal.objects.exists()


def test_the_insured_proposes_on_its_policy_page_and_the_insurer_approves_on_its_own(
    demo, page_as, order
) -> None:
    allow_own_vendor(order)
    insured = page_as(demo["applicant"])
    page = f"/policies/{order.policy_id}/"
    assert "提名服务商" in insured.get(page).content.decode()

    insured.post(
        f"/policies/service-orders/{order.pk}/vendor/", {"vendor_name": "远海信息安全", "credit_code": VALID}
    )

    proposal = VendorProposal.objects.get()
    underwriter = page_as(demo["underwriter2"])
    assert "批准服务商" in underwriter.get(page).content.decode()
    underwriter.post(f"/policies/vendor-proposals/{proposal.pk}/decision/", {"decision": "approve"})
    proposal.refresh_from_db()
    assert proposal.status == "approved"
    assert "可向该服务商支付" in insured.get(page).content.decode()
