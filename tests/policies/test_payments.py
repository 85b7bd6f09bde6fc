"""Premium payments: the insured declares, the insurer confirms or rejects; instalments in order; the
policy's state over time by the product's grace rule (explicit ``now``); the lapse job; refunds of what
was paid only."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.utils import translation

from cyberins.accounts.errors import DomainError, Forbidden, InvalidState
from cyberins.accounts.models import AuditRecord
from cyberins.accounts.roles import Role
from cyberins.policies.models import InstalmentStatus, Payment, PolicyStatus
from cyberins.policies.payments import (
    do_decide_payment,
    do_declare_payment,
    do_lapse_policies,
    policy_state,
    standing_of,
)
from cyberins.policies.servicing import do_cancel_policy, preview_cancellation
from cyberins.terms import SHANGHAI, cancellation_refund
from tests import factories

BOUND = date(2026, 6, 9)  # bound the day before factories.FIRST_DAY; instalment 1 is due that day


def at(day: date, hour: int = 12) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=SHANGHAI)


@pytest.fixture
def policy(db):
    return factories.bound_policy(instalments=3)


@pytest.fixture
def insured(policy):
    return policy.application.created_by


@pytest.fixture
def underwriter(policy):
    return factories.user(Role.UNDERWRITER, organisation=policy.insurer)


def declare(insured, policy, sequence: int, reference: str | None = None, **changes):
    instalment = policy.instalments.get(sequence=sequence)
    fields = {
        "amount": instalment.amount,
        "reference": reference or f"BANK-{sequence}",
        "paid_on": BOUND,
        "now": at(BOUND),
    } | changes
    return do_declare_payment(actor=insured, instalment=instalment, **fields)


def test_instalment_3_before_1_is_refused_and_nothing_is_recorded(policy, insured) -> None:
    with pytest.raises(InvalidState) as refused:
        declare(insured, policy, 3)

    assert (refused.value.code, refused.value.field) == ("policies.instalment_out_of_order", "instalment")
    with translation.override("en"):
        assert refused.value.render_message() == "Pay instalment 1 first."
    assert not Payment.objects.exists()


def test_a_declared_payment_counts_only_once_the_insurer_confirms_it(policy, insured, underwriter) -> None:
    payment = declare(insured, policy, 1)
    first = policy.instalments.get(sequence=1)

    assert first.status == InstalmentStatus.DUE
    assert policy_state(policy, at(BOUND))[0] == "awaiting_payment"

    do_decide_payment(actor=underwriter, payment=payment, confirm=True, now=at(BOUND, 15))

    first.refresh_from_db()
    payment.refresh_from_db()
    assert (first.status, first.payment_reference) == (InstalmentStatus.PAID, "BANK-1")
    assert (payment.status, payment.decided_by) == ("confirmed", underwriter)
    assert policy_state(policy, at(BOUND, 16))[0] == "partly_paid"
    actions = list(AuditRecord.objects.order_by("pk").values_list("action", flat=True))
    assert actions[-4:] == ["payment.declare", "payment.confirm", "instalment.pay", "policy.payment"]


def test_the_next_instalment_may_be_declared_while_one_waits_but_is_confirmed_in_order(
    policy, insured, underwriter
) -> None:
    first, second = declare(insured, policy, 1), declare(insured, policy, 2)

    with pytest.raises(InvalidState) as refused:
        do_decide_payment(actor=underwriter, payment=second, confirm=True)
    assert refused.value.code == "policies.instalment_out_of_order"

    do_decide_payment(actor=underwriter, payment=first, confirm=True)
    do_decide_payment(actor=underwriter, payment=second, confirm=True)
    assert list(policy.instalments.values_list("status", flat=True)) == ["paid", "paid", "due"]


def test_a_rejection_needs_a_reason_and_leaves_the_instalment_due(policy, insured, underwriter) -> None:
    payment = declare(insured, policy, 1)

    with pytest.raises(DomainError) as refused:
        do_decide_payment(actor=underwriter, payment=payment, confirm=False, reason="  ")
    assert (refused.value.code, refused.value.field) == ("policies.decision_reason_required", "reason")

    do_decide_payment(actor=underwriter, payment=payment, confirm=False, reason="未到账")
    payment.refresh_from_db()
    assert (payment.status, payment.reason) == ("rejected", "未到账")
    assert policy.instalments.get(sequence=1).status == InstalmentStatus.DUE
    # the insured may declare again, with the right reference this time
    again = declare(insured, policy, 1, reference="BANK-1-BIS")
    assert again.status == "declared"


def test_a_payment_is_decided_once(policy, insured, underwriter) -> None:
    payment = declare(insured, policy, 1)
    do_decide_payment(actor=underwriter, payment=payment, confirm=True)

    with pytest.raises(InvalidState) as refused:
        do_decide_payment(actor=underwriter, payment=payment, confirm=True)

    assert refused.value.code == "policies.payment_decided"
    assert AuditRecord.objects.filter(action="instalment.pay").count() == 1


@pytest.mark.parametrize(
    ("changes", "code", "field"),
    [
        ({"amount": Decimal("100.00")}, "policies.amount_mismatch", "amount"),
        ({"amount": "abc"}, "policies.amount_mismatch", "amount"),
        ({"reference": "   "}, "policies.reference_required", "reference"),
        ({"reference": "R" * 61}, "policies.reference_too_long", "reference"),
        ({"paid_on": BOUND + timedelta(days=1)}, "policies.paid_on_future", "paid_on"),
    ],
)
def test_bad_declarations_change_nothing(policy, insured, changes, code, field) -> None:
    records = AuditRecord.objects.count()

    with pytest.raises(DomainError) as refused:
        declare(insured, policy, 1, **changes)

    assert (refused.value.code, refused.value.field) == (code, field)
    assert not Payment.objects.exists()
    assert AuditRecord.objects.count() == records


def test_one_declaration_waits_per_instalment_and_a_reference_is_used_once(policy, insured) -> None:
    declare(insured, policy, 1)

    with pytest.raises(InvalidState) as twice:
        declare(insured, policy, 1, reference="OTHER")
    with pytest.raises(InvalidState) as reused:
        declare(insured, policy, 2, reference="BANK-1")

    assert twice.value.code == "policies.payment_waiting"
    assert reused.value.code == "policies.duplicate_reference"
    assert Payment.objects.count() == 1


def test_only_the_insured_declares_and_only_the_insurer_confirms(policy, insured, underwriter) -> None:
    with pytest.raises(Forbidden):
        declare(underwriter, policy, 1)
    payment = declare(insured, policy, 1)
    with pytest.raises(Forbidden) as refused:
        do_decide_payment(actor=insured, payment=payment, confirm=True)
    with translation.override("en"):
        assert "insurer" in refused.value.render_message()
    assert Payment.objects.get().status == "declared"


def _pay_all(policy, insured, underwriter, upto: int) -> None:
    for sequence in range(1, upto + 1):
        do_decide_payment(actor=underwriter, payment=declare(insured, policy, sequence), confirm=True)


def test_the_state_over_time_by_the_products_grace_rule(policy, insured, underwriter) -> None:
    _pay_all(policy, insured, underwriter, 1)
    second_due = policy.instalments.get(sequence=2).due_on
    assert second_due == date(2026, 7, 9)
    grace = policy.product_version.grace_days
    assert grace == 30

    assert policy_state(policy, at(second_due))[0] == "partly_paid"
    late = standing_of(policy, at(second_due + timedelta(days=1)))
    assert (late.standing, late.overdue_instalment, late.grace_ends_on) == ("overdue", 2, date(2026, 8, 8))
    assert do_lapse_policies(now=at(date(2026, 8, 8), 23)) == []  # the last day of grace
    assert policy_state(policy, at(date(2026, 8, 9)))[0] == "lapsed"

    assert do_lapse_policies(now=at(date(2026, 8, 9), 0)) == [policy.number]

    policy.refresh_from_db()
    assert policy.status == PolicyStatus.LAPSED
    assert not policy.in_force_at(at(date(2026, 8, 10)))
    assert AuditRecord.objects.get(action="policy.lapse").actor_name == "system"
    assert do_lapse_policies(now=at(date(2026, 8, 10))) == []  # idempotent


def test_a_product_without_lapse_leaves_the_policy_overdue(policy, insured, underwriter) -> None:
    version = policy.product_version
    version.lapse_after_grace = False
    version.save(update_fields=["lapse_after_grace"])

    assert do_lapse_policies(now=at(date(2026, 12, 1))) == []

    policy.refresh_from_db()
    assert policy.status == PolicyStatus.ISSUED
    assert policy_state(policy, at(date(2026, 12, 1)))[0] == "overdue"


def test_a_paid_policy_is_in_force_within_its_period_only(policy, insured, underwriter) -> None:
    _pay_all(policy, insured, underwriter, 3)

    assert policy_state(policy, at(BOUND))[0] == "paid_not_started"
    assert policy_state(policy, datetime(2026, 6, 9, 16, 0, tzinfo=UTC))[0] == "in_force"  # 00:00 Shanghai
    assert policy_state(policy, at(date(2027, 6, 10)))[0] == "paid_not_started"  # expiry job not run yet


def test_a_cancellation_refunds_only_what_was_paid(policy, insured, underwriter) -> None:
    # 3 instalments of the premium; the insurer earned 182 of 365 days' premium by 10 Dec 2026.
    unpaid = preview_cancellation(policy, date(2026, 12, 10))
    assert (unpaid.paid, unpaid.refund) == (Decimal("0.00"), Decimal("0.00"))
    assert unpaid.still_owed == unpaid.retained
    assert unpaid.retained + unpaid.unearned == policy.premium

    _pay_all(policy, insured, underwriter, 3)
    paid = preview_cancellation(policy, date(2026, 12, 10))
    assert paid.refund == paid.unearned
    assert paid.still_owed == Decimal("0.00")


def test_a_cancellation_returns_the_payments_still_waiting(policy, insured, underwriter) -> None:
    _pay_all(policy, insured, underwriter, 1)
    waiting = declare(insured, policy, 2)

    endorsement = do_cancel_policy(
        actor=underwriter, policy=policy, effective_on=date(2026, 12, 10), reason="投保人申请退保"
    )

    waiting.refresh_from_db()
    assert (waiting.status, waiting.decided_by) == ("rejected", underwriter)
    assert "投保人申请退保" in waiting.reason
    first = policy.instalments.get(sequence=1).amount
    assert -endorsement.premium_change == max(Decimal("0.00"), first - preview_retained(policy))


def preview_retained(policy) -> Decimal:
    return cancellation_refund(policy.period, policy.premium, date(2026, 12, 10)).retained
