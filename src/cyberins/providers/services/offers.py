"""Dispatch: an engagement is offered to the best eligible provider; acceptance (within capacity), decline
and time-out pass it on; the platform operator may assign it by hand."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from cyberins.accounts.audit import audited, record_change
from cyberins.accounts.errors import DomainError, InvalidState, NotFound
from cyberins.accounts.models import Organisation, User
from cyberins.accounts.roles import Role
from cyberins.accounts.scoping import require_role, sees_everything
from cyberins.network import add_working_days, match
from cyberins.providers import notices
from cyberins.providers.errors import ProviderErrorCode as E
from cyberins.providers.matching import candidates, need_for
from cyberins.providers.models import (
    ACTIVE_STATUSES,
    Engagement,
    EngagementKind,
    EngagementStatus,
    Offer,
    OfferStatus,
    ProviderProfile,
    ServiceItem,
)
from cyberins.providers.services.lifecycle import move_engagement, move_offer
from cyberins.providers.services.registry import check_regions
from cyberins.terms import SHANGHAI, local_date, require_aware

S, OS = EngagementStatus, OfferStatus


def offer_deadline(service: ServiceItem, now: datetime) -> datetime:
    """30 minutes for an emergency response, two working days (Asia/Shanghai) for an inspection …"""
    if service.accept_within_minutes:
        return now + timedelta(minutes=service.accept_within_minutes)
    return add_working_days(now.astimezone(SHANGHAI), service.accept_within_working_days or 1)


def offer_next(engagement: Engagement, *, now: datetime, actor: Any = None) -> Offer | None:
    """Offer the engagement to the best eligible provider not offered it yet; none left → unfilled."""
    offered = set(engagement.offers.values_list("provider_id", flat=True))
    ranked = match(candidates(local_date(now)), need_for(engagement), exclude=offered)
    best = next((a for a in ranked if a.eligible), None)
    if best is None:
        move_engagement(engagement, S.UNFILLED, actor=actor, now=now, reason="no eligible provider left")
        return None
    move_engagement(engagement, S.OFFERED, actor=actor, now=now)
    offer = Offer.objects.create(
        engagement=engagement,
        provider_id=best.candidate.id,
        rank=best.rank,
        reasons=[{"code": r.code, "detail": r.detail} for r in best.reasons],
        offered_at=now,
        deadline=offer_deadline(engagement.service, now),
    )
    record_change(
        actor=actor,
        obj=offer,
        action="offer.make",
        after={"provider": best.candidate.name, "rank": best.rank},
        now=now,
    )
    notices.offer_made(offer, now=now)
    return offer


@audited
def do_open_engagement(
    *,
    actor: Any,
    kind: str,
    reference: str,
    service: ServiceItem,
    province: str,
    city: str = "",
    needed_by: datetime,
    client: Organisation | None = None,
    insurer: Organisation | None = None,
    now: datetime,
) -> Engagement:
    """A need for ``service`` in a region by ``needed_by``, offered at once to the best match."""
    if kind not in EngagementKind.values:
        raise DomainError(E.WRONG_STATUS, _("Unknown kind of engagement."), field="kind")
    check_regions([(province, city)])
    engagement = Engagement.objects.create(
        kind=kind, reference=reference, service=service, province=province, city=city,
        needed_by=require_aware(needed_by, "needed_by"), client=client, insurer=insurer, created_at=now,
    )  # fmt: skip
    record_change(
        actor=actor, obj=engagement, action="engagement.open",
        after={"reference": reference, "service": service.code, "province": province, "city": city}, now=now,
    )  # fmt: skip
    offer_next(engagement, now=now, actor=actor)
    return engagement


def _locked_offer(actor: User, offer: Offer) -> Offer:
    require_role(actor, Role.PROVIDER_MANAGER)
    locked = (
        Offer.objects.select_for_update(of=("self",))
        .select_related("engagement__service", "provider")
        .get(pk=offer.pk)
    )
    if not sees_everything(actor) and locked.provider.organisation_id != actor.organisation_id:
        raise NotFound()
    if locked.status != OS.PENDING:
        raise InvalidState(E.OFFER_NOT_PENDING, _("This offer has already been answered."), field="status")
    return locked


def _price_for(engagement: Engagement, provider: ProviderProfile, day: date) -> Decimal | None:
    entry = engagement.service.price_on(day, provider=provider) or engagement.service.price_on(day)
    return entry.unit_price if entry else None


def _award(engagement: Engagement, offer: Offer, *, actor: Any, now: datetime) -> None:
    engagement.provider = offer.provider
    engagement.accepted_at = now
    engagement.unit_price = _price_for(engagement, offer.provider, local_date(now))
    move_engagement(
        engagement, S.ACCEPTED, actor=actor, now=now, fields=["provider", "accepted_at", "unit_price"]
    )
    notices.engagement_accepted(engagement, now=now)


@audited
def do_accept_offer(*, actor: User, offer: Offer, now: datetime) -> Offer:
    offer = _locked_offer(actor, offer)
    if now > offer.deadline:
        raise InvalidState(
            E.OFFER_EXPIRED, _("The deadline to accept this offer has passed."), field="deadline"
        )
    # The provider row is the lock that serialises its acceptances against its capacity.
    provider = ProviderProfile.objects.select_for_update().get(pk=offer.provider_id)
    load = provider.engagements.filter(status__in=ACTIVE_STATUSES).count()
    if load >= provider.capacity:
        raise InvalidState(
            E.OVER_CAPACITY,
            _("All %(capacity)s on-call slots are taken; finish or hand back an engagement first."),
            field="capacity",
            capacity=provider.capacity,
        )
    engagement = Engagement.objects.select_for_update().get(pk=offer.engagement_id)
    offer.answered_at, offer.answered_by = now, actor
    move_offer(offer, OS.ACCEPTED, actor=actor, now=now, fields=["answered_at", "answered_by"])
    _award(engagement, offer, actor=actor, now=now)
    return offer


@audited
def do_decline_offer(*, actor: User, offer: Offer, reason: str, now: datetime) -> Offer:
    offer = _locked_offer(actor, offer)
    if not reason.strip():
        raise DomainError(E.REASON_REQUIRED, _("Say why the offer is declined."), field="reason")
    offer.answered_at, offer.answered_by, offer.reason = now, actor, reason.strip()
    move_offer(offer, OS.DECLINED, actor=actor, now=now, reason=offer.reason,
               fields=["answered_at", "answered_by", "reason"])  # fmt: skip
    engagement = Engagement.objects.select_for_update().get(pk=offer.engagement_id)
    offer_next(engagement, now=now, actor=actor)
    return offer


def expire_offers(*, now: datetime) -> int:
    """Periodic: every pending offer past its deadline times out and the next candidate gets the offer.
    Idempotent: an offer already answered or expired is left alone."""
    handled = 0
    due = list(Offer.objects.filter(status=OS.PENDING, deadline__lt=now).values_list("pk", flat=True))
    for pk in due:
        with transaction.atomic():
            _expire_one(pk, now)
        handled += 1
    return handled


@audited
def _expire_one(pk: int, now: datetime) -> None:
    offer = Offer.objects.select_for_update().filter(pk=pk, status=OS.PENDING, deadline__lt=now).first()
    if offer is None:
        return
    move_offer(offer, OS.EXPIRED, actor=None, now=now, reason="deadline passed")
    engagement = Engagement.objects.select_for_update().get(pk=offer.engagement_id)
    if engagement.status == S.OFFERED:
        offer_next(engagement, now=now)


@audited
def do_assign_manually(
    *, actor: User, engagement: Engagement, provider: ProviderProfile, reason: str, now: datetime
) -> Offer:
    """The platform operator's override: the engagement goes to ``provider`` whatever the ranking."""
    require_role(actor, Role.PLATFORM_ADMIN)
    if not reason.strip():
        raise DomainError(E.REASON_REQUIRED, _("Say why the engagement is assigned by hand."), field="reason")
    engagement = Engagement.objects.select_for_update().get(pk=engagement.pk)
    if engagement.status not in (S.OFFERED, S.UNFILLED):
        raise InvalidState(E.WRONG_STATUS, _("The engagement already has a provider."), field="status")
    for pending in engagement.offers.select_for_update(of=("self",)).filter(status=OS.PENDING):
        move_offer(pending, OS.WITHDRAWN, actor=actor, now=now, reason="assigned by hand")
    offer, _created = Offer.objects.update_or_create(
        engagement=engagement,
        provider=provider,
        defaults={
            "status": OS.ACCEPTED,
            "manual": True,
            "offered_at": now,
            "deadline": now,
            "answered_at": now,
            "answered_by": actor,
            "reason": reason.strip(),
        },
    )
    record_change(actor=actor, obj=offer, action="offer.assign_manually", after={"provider": str(provider),
                  "reason": reason.strip()}, now=now)  # fmt: skip
    _award(engagement, offer, actor=actor, now=now)
    return offer
