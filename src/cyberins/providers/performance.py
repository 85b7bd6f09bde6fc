"""A provider's performance record, computed from its offers and engagements (never stored)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from statistics import mean

from cyberins.providers.models import DONE_STATUSES, EngagementStatus, OfferStatus, ProviderProfile


@dataclass(frozen=True)
class Performance:
    offers: int
    accepted: int
    declined: int
    expired: int
    minutes_to_accept: float | None  # mean, over offers accepted by the provider itself
    hours_to_start: float | None  # mean, acceptance → first work logged or report
    completed: int
    on_time: int
    late: int
    overdue: int  # open engagements past their due time
    ratings: int
    satisfaction: Decimal | None  # mean of the insured's 1–5 ratings

    @property
    def acceptance_rate(self) -> float | None:
        return self.accepted / self.offers if self.offers else None

    @property
    def on_time_rate(self) -> float | None:
        return self.on_time / self.completed if self.completed else None

    @property
    def sla_breaches(self) -> int:
        """Offers left to time out, late completions and overdue open engagements."""
        return self.expired + self.late + self.overdue


def performance(provider: ProviderProfile, *, now: datetime) -> Performance:
    offers = list(provider.offers.all())
    answered = [o for o in offers if o.status == OfferStatus.ACCEPTED and not o.manual and o.answered_at]
    engagements = list(provider.engagements.all())
    done = [e for e in engagements if e.status in DONE_STATUSES and e.completed_at]
    started = [e for e in engagements if e.accepted_at and e.started_at]
    ratings = [e.rating for e in engagements if e.rating]
    return Performance(
        offers=len(offers),
        accepted=sum(1 for o in offers if o.status == OfferStatus.ACCEPTED),
        declined=sum(1 for o in offers if o.status == OfferStatus.DECLINED),
        expired=sum(1 for o in offers if o.status == OfferStatus.EXPIRED),
        minutes_to_accept=(
            mean((o.answered_at - o.offered_at).total_seconds() / 60 for o in answered if o.answered_at)
            if answered
            else None
        ),
        hours_to_start=(
            mean(
                (e.started_at - e.accepted_at).total_seconds() / 3600
                for e in started
                if e.started_at and e.accepted_at
            )
            if started
            else None
        ),
        completed=len(done),
        on_time=sum(1 for e in done if e.on_time),
        late=sum(1 for e in done if e.on_time is False),
        overdue=sum(
            1
            for e in engagements
            if e.status in (EngagementStatus.ACCEPTED, EngagementStatus.ASSIGNED) and e.is_overdue(now)
        ),
        ratings=len(ratings),
        satisfaction=(Decimal(sum(ratings)) / len(ratings)).quantize(Decimal("0.1")) if ratings else None,
    )
