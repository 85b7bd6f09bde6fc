"""Loss ratio over time: premium written and earned, claims incurred, by calendar month.

* **Written** premium of a month: premiums of the policies issued in it (by their first day) plus the
  premium changes (endorsements, cancellation refunds) effective in it.
* **Earned** premium: :func:`cyberins.terms.earned.earned_by_month` per policy (daily pro-rata,
  ``docs/terms.md``), summed.
* **Incurred** by accident month (the month of the incident's event time), valued at the end of the
  last month shown: ``paid + max(reserve - paid, 0) - recovered`` per claim, where the reserve is each
  coverage's latest reserve by then, payments count unless reversed by then, recoveries once received —
  the claims app's own definition of net incurred (``claims.services.common``), at a past moment.
* **Loss ratio** = incurred / earned of the month, and cumulative from the first month shown.

Accident-month ratios of recent months grow as claims develop (IBNR is not added here; the loss
triangles are for that).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from cyberins.claims.models import Claim, Payment, PaymentStatus, Recovery, ReserveMovement
from cyberins.policies.models import Endorsement, EndorsementKind, Policy
from cyberins.terms import SHANGHAI, PolicyPeriod, local_date, round_money
from cyberins.terms.earned import PremiumChange, earned_by_month, month_start

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class MonthRow:
    month: date
    written: Decimal
    earned: Decimal
    incurred: Decimal
    claims: int
    loss_ratio: Decimal | None
    cumulative_loss_ratio: Decimal | None


def _months(first: date, last: date) -> list[date]:
    months, month = [], month_start(first)
    while month <= last:
        months.append(month)
        month = (month.replace(day=28) + timedelta(days=4)).replace(day=1)
    return months


def _end_of(month: date) -> datetime:
    following = (month.replace(day=28) + timedelta(days=4)).replace(day=1)
    return datetime.combine(following, time.min, tzinfo=SHANGHAI)


def premium_by_month(
    months: list[date], insurer_id: int | None
) -> tuple[dict[date, Decimal], dict[date, Decimal]]:
    """(written, earned) per month for the policies that overlap the months (one insurer's, or all)."""
    first, last = months[0], _end_of(months[-1]).date() - timedelta(days=1)
    policies = Policy.objects.filter(first_day__lte=last, last_day__gte=first).prefetch_related(
        Prefetch("endorsements", queryset=Endorsement.objects.order_by("sequence"))
    )
    if insurer_id is not None:
        policies = policies.filter(insurer_id=insurer_id)
    written: dict[date, Decimal] = defaultdict(lambda: ZERO)
    earned: dict[date, Decimal] = defaultdict(lambda: ZERO)
    for policy in policies:
        changes, cancelled_on, refund = [], None, ZERO
        written[month_start(policy.first_day)] += policy.premium
        for endorsement in policy.endorsements.all():
            written[month_start(endorsement.effective_on)] += endorsement.premium_change
            if endorsement.kind == EndorsementKind.CANCELLATION:
                cancelled_on, refund = endorsement.effective_on, -endorsement.premium_change
            else:
                changes.append(PremiumChange(endorsement.effective_on, endorsement.premium_change))
        period = PolicyPeriod(policy.first_day, policy.last_day)
        for month, amount in earned_by_month(
            policy.premium, period, changes, cancelled_on=cancelled_on, refund=refund
        ).items():
            earned[month] += amount
    return dict(written), dict(earned)


def incurred_by_accident_month(
    months: list[date], insurer_id: int | None
) -> tuple[dict[date, Decimal], dict[date, int]]:
    """(net incurred, number of claims) per accident month, valued at the end of the last month."""
    valued_at = _end_of(months[-1])
    claims = Claim.objects.filter(
        incident__occurred_at__gte=datetime.combine(months[0], time.min, tzinfo=SHANGHAI),
        incident__occurred_at__lt=valued_at,
        opened_at__lt=valued_at,
    ).select_related("incident")
    if insurer_id is not None:
        claims = claims.filter(insurer_id=insurer_id)
    by_claim = {claim.pk: claim for claim in claims}
    paid = _sum_by_claim(
        Payment.objects.filter(claim_id__in=by_claim, paid_at__lt=valued_at).filter(
            Q(status=PaymentStatus.PAID) | Q(reversed_at__gte=valued_at)
        ),
        "amount",
    )
    recovered = _sum_by_claim(
        Recovery.objects.filter(claim_id__in=by_claim, received_at__lt=valued_at), "amount"
    )
    reserve: dict[int, Decimal] = defaultdict(lambda: ZERO)
    latest: dict[tuple[int, str], Decimal] = {}
    movements = ReserveMovement.objects.filter(claim_id__in=by_claim, at__lt=valued_at).order_by("at", "pk")
    for claim_id, coverage, after in movements.values_list("claim_id", "coverage", "reserve_after"):
        latest[(claim_id, coverage)] = after
    for (claim_id, _coverage), after in latest.items():
        reserve[claim_id] += after
    incurred: dict[date, Decimal] = defaultdict(lambda: ZERO)
    counts: dict[date, int] = defaultdict(int)
    for claim_id, claim in by_claim.items():
        month = month_start(local_date(claim.incident.occurred_at))
        p = paid.get(claim_id, ZERO)
        incurred[month] += p + max(reserve[claim_id] - p, ZERO) - recovered.get(claim_id, ZERO)
        counts[month] += 1
    return dict(incurred), dict(counts)


def _sum_by_claim(rows: QuerySet[Any], field: str) -> dict[int, Decimal]:
    totals: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for claim_id, amount in rows.values_list("claim_id", field):
        totals[claim_id] += amount
    return dict(totals)


def _ratio(incurred: Decimal, earned: Decimal) -> Decimal | None:
    return round_money(incurred / earned * 100) if earned > 0 else None


def loss_ratio_by_month(first: date, last: date, *, insurer_id: int | None = None) -> list[MonthRow]:
    """One row per calendar month from ``first``'s month to ``last``'s month (ratios in per cent)."""
    months = _months(first, last)
    if not months:
        return []
    written, earned = premium_by_month(months, insurer_id)
    incurred, counts = incurred_by_accident_month(months, insurer_id)
    rows, total_earned, total_incurred = [], ZERO, ZERO
    for month in months:
        e, i = earned.get(month, ZERO), incurred.get(month, ZERO)
        total_earned += e
        total_incurred += i
        rows.append(
            MonthRow(
                month=month,
                written=written.get(month, ZERO),
                earned=e,
                incurred=i,
                claims=counts.get(month, 0),
                loss_ratio=_ratio(i, e),
                cumulative_loss_ratio=_ratio(total_incurred, total_earned),
            )
        )
    return rows
