"""The policy pages show each user only the actions its role may take: the insured records payments and
renews, the insurer confirms payments, endorses and cancels; a refused action answers 403 with the reason."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from django.utils import timezone
from pypdf import PdfReader

from cyberins.accounts.roles import Role
from cyberins.policies.models import Payment, Policy
from cyberins.terms import local_date
from cyberins.underwriting.models import Application
from tests import factories


@pytest.fixture
def policy(db) -> Policy:
    """Bound today for tomorrow, so that today's payment dates and previews are valid."""
    return factories.bound_policy(first_day=local_date(timezone.now()) + timedelta(days=1), instalments=2)


@pytest.fixture
def insured(policy):
    return policy.application.created_by


@pytest.fixture
def underwriter(policy):
    return factories.user(Role.UNDERWRITER, organisation=policy.insurer)


def _declare(client, policy, sequence=1, **fields):
    instalment = policy.instalments.get(sequence=sequence)
    data = {
        "amount": str(instalment.amount),
        "reference": f"BANK-{sequence}",
        "paid_on": str(local_date(timezone.now())),
    }
    return client.post(f"/policies/{policy.pk}/instalments/{sequence}/payments/", data | fields)


def test_the_insured_sees_the_payment_form_on_the_next_instalment_only(policy, insured, page_as) -> None:
    html = page_as(insured).get(f"/policies/{policy.pk}/").content.decode()

    assert html.count("data-declare") == 1
    assert f"/policies/{policy.pk}/instalments/1/payments/" in html
    assert 'data-action="endorse"' not in html
    assert 'data-action="cancel"' not in html
    assert 'data-action="renew"' in html
    assert 'data-state="awaiting_payment"' in html


def test_insurer_roles_see_no_payment_form_but_confirm_declared_payments(
    policy, insured, underwriter, page_as
) -> None:
    assert _declare(page_as(insured), policy).status_code == 302
    html = page_as(underwriter).get(f"/policies/{policy.pk}/").content.decode()

    assert "data-declare" not in html
    assert 'value="confirm"' in html
    assert 'value="reject"' in html
    assert 'data-action="endorse"' in html
    assert 'data-action="renew"' not in html
    insured_html = page_as(insured).get(f"/policies/{policy.pk}/").content.decode()
    assert 'value="confirm"' not in insured_html
    # the next instalment may be declared while the first waits for the insurer
    assert f"/policies/{policy.pk}/instalments/2/payments/" in insured_html


def test_the_insurer_confirms_and_the_receipt_shows_the_amount(policy, insured, underwriter, page_as) -> None:
    _declare(page_as(insured), policy)
    payment = Payment.objects.get()

    answer = page_as(underwriter).post(f"/policies/payments/{payment.pk}/decision/", {"decision": "confirm"})

    assert answer.status_code == 302
    html = page_as(insured).get(f"/policies/{policy.pk}/").content.decode()
    assert 'data-state="partly_paid"' in html
    receipt = page_as(insured).get(f"/policies/payments/{payment.pk}/receipt/").content.decode()
    assert payment.receipt_number in receipt
    assert "人民币" in receipt  # the amount in Chinese uppercase
    pdf = page_as(insured).get(f"/policies/payments/{payment.pk}/receipt.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    text = PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()
    assert payment.receipt_number in text
    assert "BANK-1" in text
    assert (
        page_as(factories.user(Role.APPLICANT))
        .get(f"/policies/payments/{payment.pk}/receipt.pdf")
        .status_code
        == 404
    )


def test_refused_page_actions_answer_403_with_the_reason(policy, insured, underwriter, page_as) -> None:
    with_reason = [
        page_as(underwriter).post(
            f"/policies/{policy.pk}/instalments/1/payments/",
            {"amount": "1", "reference": "X", "paid_on": "2026-01-01"},
        ),
        page_as(insured).get(f"/policies/{policy.pk}/endorse/"),
        page_as(insured).get(f"/policies/{policy.pk}/cancel/"),
        page_as(underwriter).post(f"/policies/{policy.pk}/renew/"),
    ]

    assert [r.status_code for r in with_reason] == [403] * 4
    assert "付款由被保险人登记，由保险人确认。" in with_reason[0].content.decode()
    assert "请联系您的保险人" in with_reason[1].content.decode()
    assert not Payment.objects.exists()
    _declare(page_as(insured), policy)
    confirm = page_as(insured).post(
        f"/policies/payments/{Payment.objects.get().pk}/decision/", {"decision": "confirm"}
    )
    assert confirm.status_code == 403
    assert Payment.objects.get().status == "declared"


def test_someone_elses_policy_pages_are_not_found(policy, page_as) -> None:
    stranger = factories.user(Role.UNDERWRITER)
    client = page_as(stranger)

    assert client.get(f"/policies/{policy.pk}/endorse/").status_code == 404
    assert client.get(f"/policies/{policy.pk}/cancel/").status_code == 404


def test_a_bad_payment_shows_the_coded_message_and_records_nothing(policy, insured, page_as) -> None:
    client = page_as(insured)

    answer = _declare(client, policy, amount="1.00")
    html = client.get(f"/policies/{policy.pk}/").content.decode()

    assert answer.status_code == 302
    assert "金额须为本期保险费" in html
    assert not Payment.objects.exists()


def test_the_endorsement_page_previews_then_endorses_the_sum_insured(policy, underwriter, page_as) -> None:
    client = page_as(underwriter)
    day = policy.first_day.isoformat()
    new_sum = policy.sum_insured * 2

    preview = client.get(
        f"/policies/{policy.pk}/endorse/",
        {"kind": "sum_insured", "sum_insured": str(new_sum), "effective_on": day},
    )
    html = preview.content.decode()

    # From the first day the whole period is left: the change is the whole premium again.
    assert f'data-change="{policy.premium}"' in html
    policy.refresh_from_db()
    assert policy.endorsements.count() == 0
    done = client.post(
        f"/policies/{policy.pk}/endorse/",
        {"kind": "sum_insured", "sum_insured": str(new_sum), "effective_on": day},
    )
    assert done.status_code == 302
    policy.refresh_from_db()
    assert (policy.sum_insured, policy.endorsements.get().premium_change) == (new_sum, policy.premium / 2)


def test_the_systems_endorsement_page_replaces_the_systems(policy, underwriter, page_as) -> None:
    rows = {"kind": "systems", "rows": "2", "effective_on": policy.first_day.isoformat()}
    rows |= {"name_0": "ERP", "type_0": "业务系统", "users_0": "50", "devices_0": "5", "name_1": ""}

    answer = page_as(underwriter).post(f"/policies/{policy.pk}/endorse/", rows)

    assert answer.status_code == 302
    policy.refresh_from_db()
    assert [s["name"] for s in policy.systems] == ["ERP"]
    bad = page_as(underwriter).post(f"/policies/{policy.pk}/endorse/", rows | {"users_0": "0"})
    assert bad.status_code == 200
    assert "systems.0.users" in bad.content.decode()


def test_the_cancellation_page_previews_a_refund_of_what_was_paid_only(policy, underwriter, page_as) -> None:
    client = page_as(underwriter)
    day = (policy.first_day + timedelta(days=100)).isoformat()

    html = client.get(f"/policies/{policy.pk}/cancel/", {"effective_on": day}).content.decode()

    assert 'data-refund="0.00"' in html  # nothing paid, nothing to return
    assert "data-owed" in html
    done = client.post(f"/policies/{policy.pk}/cancel/", {"effective_on": day, "reason": "投保人申请退保"})
    assert done.status_code == 302
    policy.refresh_from_db()
    assert policy.status == "cancelled"
    after = client.get(f"/policies/{policy.pk}/").content.decode()
    assert 'data-action="cancel"' not in after
    assert "data-declare" not in after


def test_renewal_opens_a_pre_filled_application(policy, insured, page_as) -> None:
    answer = page_as(insured).post(f"/policies/{policy.pk}/renew/")

    application = Application.objects.exclude(pk=policy.application_id).get()
    assert answer.status_code == 302
    assert answer["Location"] == f"/applications/{application.pk}/edit/"
    assert application.previous_policy_number == policy.number
    assert application.answers["unit_name"] == policy.application.answers["unit_name"]


def test_a_policy_date_outside_the_period_is_a_coded_error_on_the_page(policy, underwriter, page_as) -> None:
    late = (policy.last_day + timedelta(days=5)).isoformat()
    html = page_as(underwriter).get(f"/policies/{policy.pk}/cancel/", {"effective_on": late}).content.decode()
    assert "data-error=" in html
    assert date.fromisoformat(late) > policy.last_day


def test_a_bound_applications_form_is_not_offered(policy, insured, page_as) -> None:
    client = page_as(insured)

    detail = client.get(f"/applications/{policy.application_id}/").content.decode()
    edit = client.get(f"/applications/{policy.application_id}/edit/")

    assert f"/applications/{policy.application_id}/edit/" not in detail
    assert edit.status_code == 403
    assert "只有草稿可以修改" in edit.content.decode()
