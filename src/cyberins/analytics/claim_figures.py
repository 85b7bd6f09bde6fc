"""Claims-handling figures of an insurer's book over a window of months (the loss-ratio page).

* **Exposure** in policy-years earned: each policy counts the days it was in force in the window
  over the days of its period (a one-year policy in force all year is 1.0; a cancellation stops it
  at 00:00 on its effective day, as for earned premium in ``terms.earned``).
* **Frequency** = claims / policy-years earned, the claims counted like the loss ratio's: by the
  incident's month (accident month), opened before the end of the window. Two decimals.
* **Average time to settle**: mean days from the claim's report (``opened_at``, 报案) to its
  payment in full (``paid_at``) over the claims paid in full in the window. One decimal.
* **Clock compliance**: the share of the 保险法 clocks (``claims.rules``: decision within the
  product's term of complete documents, payment within 10 days of the agreement, denial notice within
  3 days, the determinable minimum at 60 days) met, among those that came to an end in the window -
  met when the act was done by the due time (counted at that moment), breached when the due time
  passed without it (counted at the due time). Clocks still running at the end are left out.
  Per clock and overall, in per cent with one decimal.

The window ends at the end of its last month or ``now``, whichever is earlier; acts after that
moment are not known yet (as for incurred in ``analytics.loss_ratio``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from cyberins.analytics.loss_ratio import _end_of
from cyberins.claims.models import Claim
from cyberins.claims.rules import CLOCK_LABELS, Clock
from cyberins.claims.services import claim_clocks
from cyberins.policies.models import Endorsement, EndorsementKind, Policy
from cyberins.terms import SHANGHAI

#: the clocks in the order the page lists them
CLOCK_NAMES = ("decision", "payment", "denial_notice", "minimum_payment")


def _places(value: Decimal, places: str) -> Decimal:
    return value.quantize(Decimal(places), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class ClockCompliance:
    name: str
    met: int
    ended: int

    @property
    def label(self) -> object:
        return CLOCK_LABELS.get(self.name, self.name)

    @property
    def percent(self) -> Decimal | None:
        return _places(Decimal(self.met) * 100 / self.ended, "0.1") if self.ended else None


@dataclass(frozen=True)
class ClaimFigures:
    claims: int
    policy_years: Decimal
    settled: int
    total_days_to_settle: Decimal
    clocks: list[ClockCompliance] = field(default_factory=list)

    @property
    def frequency(self) -> Decimal | None:
        """Claims per policy-year earned."""
        return _places(self.claims / self.policy_years, "0.01") if self.policy_years > 0 else None

    @property
    def average_days_to_settle(self) -> Decimal | None:
        return _places(self.total_days_to_settle / self.settled, "0.1") if self.settled else None

    @property
    def compliance(self) -> ClockCompliance:
        return ClockCompliance("all", sum(c.met for c in self.clocks), sum(c.ended for c in self.clocks))


def policy_years(first: date, last: date, insurer_id: int | None) -> Decimal:
    """Policy-years earned from 00:00 on ``first`` to 24:00 on ``last`` (exact, not rounded)."""
    policies = Policy.objects.filter(first_day__lte=last, last_day__gte=first)
    if insurer_id is not None:
        policies = policies.filter(insurer_id=insurer_id)
    cancelled = dict(
        Endorsement.objects.filter(policy__in=policies, kind=EndorsementKind.CANCELLATION).values_list(
            "policy_id", "effective_on"
        )
    )
    total = Decimal(0)
    for policy_id, first_day, last_day in policies.values_list("pk", "first_day", "last_day"):
        stop = last_day if policy_id not in cancelled else cancelled[policy_id] - timedelta(days=1)
        days = (min(stop, last) - max(first_day, first)).days + 1
        if days > 0:
            total += Decimal(days) / Decimal((last_day - first_day).days + 1)
    return total


def _ended(clock: Clock, valued_at: datetime) -> tuple[bool, datetime] | None:
    """(met, when it ended) as known at ``valued_at``; None while it still runs."""
    if clock.done_at is not None and clock.done_at <= clock.due_at and clock.done_at < valued_at:
        return True, clock.done_at
    if clock.due_at < valued_at:
        return False, clock.due_at
    return None


def claim_figures(first: date, last: date, *, insurer_id: int | None = None, now: datetime) -> ClaimFigures:
    """The figures for the months from ``first``'s to ``last``'s (see the module docstring)."""
    start = datetime.combine(first.replace(day=1), time.min, tzinfo=SHANGHAI)
    valued_at = min(_end_of(last.replace(day=1)), now)
    claims = Claim.objects.filter(opened_at__lt=valued_at).select_related("policy__product_version")
    if insurer_id is not None:
        claims = claims.filter(insurer_id=insurer_id)
    count = claims.filter(incident__occurred_at__gte=start, incident__occurred_at__lt=valued_at).count()
    settled, total_days = 0, Decimal(0)
    for opened_at, paid_at in claims.filter(paid_at__gte=start, paid_at__lt=valued_at).values_list(
        "opened_at", "paid_at"
    ):
        assert paid_at is not None  # filtered on it
        settled += 1
        total_days += Decimal((paid_at - opened_at).total_seconds()) / 86400
    met = dict.fromkeys(CLOCK_NAMES, 0)
    ended = dict.fromkeys(CLOCK_NAMES, 0)
    for claim in claims:
        for clock in claim_clocks(claim, valued_at):
            outcome = _ended(clock, valued_at)
            if outcome is None or outcome[1] < start:
                continue
            ended[clock.name] += 1
            met[clock.name] += outcome[0]
    window_last = (valued_at - timedelta(microseconds=1)).astimezone(SHANGHAI).date()
    return ClaimFigures(
        claims=count,
        policy_years=policy_years(first.replace(day=1), window_last, insurer_id),
        settled=settled,
        total_days_to_settle=total_days,
        clocks=[ClockCompliance(name, met[name], ended[name]) for name in CLOCK_NAMES],
    )
