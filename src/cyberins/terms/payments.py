"""Where a policy's premium payments stand on a day: paid, partly paid, awaiting payment, overdue, lapsed.

Pure (no Django): the policies app feeds it the instalments and the product's grace rule.

* An instalment is *overdue* from the day after its due date while it is unpaid.
* The *grace period* runs ``grace_days`` days from the due date: during it the cover continues.
* Past the grace period the policy *lapses* if the product says so (``lapse_after_grace``);
  otherwise it stays overdue until it is paid (the insurer chases the premium).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum


class Standing(StrEnum):
    PAID = "paid"
    PARTLY_PAID = "partly_paid"
    AWAITING_PAYMENT = "awaiting_payment"
    OVERDUE = "overdue"
    LAPSED = "lapsed"


@dataclass(frozen=True)
class InstalmentState:
    number: int
    due_on: date
    amount: Decimal
    paid: bool


@dataclass(frozen=True)
class PaymentStanding:
    standing: Standing
    paid_amount: Decimal
    unpaid_amount: Decimal
    #: the first unpaid instalment past its due date, if any
    overdue_instalment: int | None = None
    #: the last day of cover while that instalment stays unpaid (due date + grace days)
    grace_ends_on: date | None = None

    @property
    def lapses(self) -> bool:
        return self.standing == Standing.LAPSED


def payment_standing(
    instalments: Sequence[InstalmentState],
    today: date,
    *,
    grace_days: int,
    lapse_after_grace: bool,
) -> PaymentStanding:
    """The standing on ``today`` (a local calendar day) of a plan of instalments.

    >>> from datetime import date
    >>> plan = [InstalmentState(1, date(2026, 6, 9), Decimal("100"), True),
    ...         InstalmentState(2, date(2026, 7, 9), Decimal("100"), False)]
    >>> payment_standing(plan, date(2026, 7, 1), grace_days=30, lapse_after_grace=True).standing
    <Standing.PARTLY_PAID: 'partly_paid'>
    >>> payment_standing(plan, date(2026, 8, 9), grace_days=30, lapse_after_grace=True).standing
    <Standing.OVERDUE: 'overdue'>
    >>> payment_standing(plan, date(2026, 8, 10), grace_days=30, lapse_after_grace=True).standing
    <Standing.LAPSED: 'lapsed'>
    """
    if grace_days < 0:
        raise ValueError("grace_days must not be negative")
    ordered = sorted(instalments, key=lambda i: i.number)
    paid = sum((i.amount for i in ordered if i.paid), Decimal("0.00"))
    unpaid = sum((i.amount for i in ordered if not i.paid), Decimal("0.00"))
    late = next((i for i in ordered if not i.paid and i.due_on < today), None)
    if late is not None:
        grace_ends = late.due_on + timedelta(days=grace_days)
        standing = Standing.LAPSED if lapse_after_grace and today > grace_ends else Standing.OVERDUE
        return PaymentStanding(standing, paid, unpaid, late.number, grace_ends)
    if unpaid == 0:
        standing = Standing.PAID
    elif paid > 0:
        standing = Standing.PARTLY_PAID
    else:
        standing = Standing.AWAITING_PAYMENT
    return PaymentStanding(standing, paid, unpaid)
