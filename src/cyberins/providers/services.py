"""The provider network's use cases: registry, price book, dispatch through offers, and the work.

Every ``do_*`` function is keyword-only, runs in one transaction (``@audited``) and writes its audit
record; a refused request raises a coded :class:`DomainError` and changes nothing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from cyberins.accounts.audit import audited, record_change
from cyberins.accounts.errors import DomainError, InvalidState, NotFound
from cyberins.accounts.models import Organisation, User
from cyberins.accounts.roles import OrganisationKind, Role
from cyberins.accounts.scoping import require_role, sees_everything
from cyberins.accounts.transitions import transition
from cyberins.network import CITIES, PROVINCES, CreditCodeError, add_working_days, match, validate_credit_code
from cyberins.providers import notices
from cyberins.providers.errors import ProviderErrorCode as E
from cyberins.providers.matching import candidates, need_for
from cyberins.providers.models import (
    ACTIVE_STATUSES,
    Certification,
    Engagement,
    EngagementKind,
    EngagementStatus,
    Engineer,
    Offer,
    OfferStatus,
    PriceBookEntry,
    ProviderProfile,
    ServedRegion,
    ServiceItem,
    WorkLog,
)
from cyberins.terms import SHANGHAI, local_date, require_aware

MAX_PRICE = Decimal(10) ** 10
MAX_REPORT_BYTES = 20 * 1024 * 1024

# ---------------------------------------------------------------------------------------------------
# State changes go through the shared mechanism (accounts.transitions) and the models' WORKFLOW tables.

S, OS = EngagementStatus, OfferStatus


def _move(obj: Engagement | Offer, to: str, *, actor: Any, now: datetime, reason: str = "",
          fields: Iterable[str] = ()) -> bool:  # fmt: skip
    """``transition`` with the further fields already set on ``obj`` written in the same update."""
    changes = {}
    for name in fields:
        attname = str(getattr(obj._meta.get_field(name), "attname", name))
        changes[attname] = getattr(obj, attname)
    return transition(obj, to, actor=actor, now=now, reason=reason, changes=changes)


def move_engagement(engagement: Engagement, to: str, *, actor: Any, now: datetime, reason: str = "",
                    fields: Iterable[str] = ()) -> bool:  # fmt: skip
    changed = _move(engagement, to, actor=actor, now=now, reason=reason, fields=fields)
    if changed:
        _notify(engagement, to, now)
    return changed


def move_offer(offer: Offer, to: str, *, actor: Any, now: datetime, reason: str = "",
               fields: Iterable[str] = ()) -> bool:  # fmt: skip
    return _move(offer, to, actor=actor, now=now, reason=reason, fields=fields)


# Apps above this one (policies' service orders, incidents) follow their engagements through listeners
# registered from their AppConfig.ready(): ``listener(engagement, status, now)`` runs in the transaction.
Listener = Callable[[Engagement, str, datetime], None]
_listeners: dict[str, list[Listener]] = {}


def on_engagement(kind: str) -> Callable[[Listener], Listener]:
    def register(fn: Listener) -> Listener:
        if fn not in _listeners.setdefault(kind, []):
            _listeners[kind].append(fn)
        return fn

    return register


#: Checks an engagement must pass before it can be completed, per kind (registered by the apps above,
#: e.g. a policy's fixed inspection needs its finished health check: ``policies.dispatch``).
Guard = Callable[[Engagement], None]
_completion_guards: dict[str, list[Guard]] = {}


def before_completion(kind: str) -> Callable[[Guard], Guard]:
    def register(fn: Guard) -> Guard:
        if fn not in _completion_guards.setdefault(kind, []):
            _completion_guards[kind].append(fn)
        return fn

    return register


def lock_own_engagement(actor: User, engagement: Engagement) -> Engagement:
    """The engagement locked for update; another provider's → 404."""
    return _locked_engagement(actor, engagement)


def _notify(engagement: Engagement, status: str, now: datetime) -> None:
    for listener in _listeners.get(engagement.kind, []):
        listener(engagement, status, now)


# ---------------------------------------------------------------------------------------------------
# Registry


def check_credit_code(raw: str, *, exclude_pk: int | None = None) -> str:
    try:
        code = validate_credit_code(raw)
    except CreditCodeError as exc:
        raise DomainError(
            E.INVALID_CREDIT_CODE,
            _("Enter a valid unified social credit code (18 characters, GB 32100-2015)."),
            field="credit_code",
        ) from exc
    taken = ProviderProfile.objects.filter(credit_code=code)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        raise DomainError(
            E.CREDIT_CODE_TAKEN,
            _("A provider with this credit code is already registered."),
            field="credit_code",
        )
    return code


def _capacity(value: Any) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = -1
    if not 1 <= number <= 1000:
        raise DomainError(E.INVALID_CAPACITY, _("Enter a capacity from 1 to 1000."), field="capacity")
    return number


def _services(codes: Iterable[str]) -> list[ServiceItem]:
    wanted = set(codes)
    found = list(ServiceItem.objects.filter(code__in=wanted))
    if len(found) != len(wanted):
        raise DomainError(E.UNKNOWN_SERVICE, _("Unknown service."), field="services")
    return found


def _regions(pairs: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    out = []
    for province, city in pairs:
        if province not in PROVINCES or (
            city and (city not in CITIES or CITIES[city].province_code != province)
        ):
            raise DomainError(E.INVALID_REGION, _("Unknown province or city."), field="regions")
        out.append((province, city))
    return out


@audited
def do_register_provider(
    *,
    actor: User,
    organisation: Organisation,
    legal_name: str,
    credit_code: str,
    hotline: str,
    capacity: Any,
    remote: bool = False,
    services: Iterable[str] = (),
    regions: Iterable[tuple[str, str]] = (),
) -> ProviderProfile:
    require_role(actor, Role.PLATFORM_ADMIN)
    if organisation.kind != OrganisationKind.PROVIDER:
        raise DomainError(
            E.NOT_A_PROVIDER, _("The organisation is not a service provider."), field="organisation"
        )
    code = check_credit_code(credit_code)
    items, places = _services(services), _regions(regions)
    profile = ProviderProfile.objects.create(
        organisation=organisation,
        legal_name=legal_name.strip() or organisation.name,
        credit_code=code,
        hotline=hotline.strip(),
        capacity=_capacity(capacity),
        remote=remote,
    )
    profile.services.set(items)
    ServedRegion.objects.bulk_create(ServedRegion(provider=profile, province=p, city=c) for p, c in places)
    record_change(
        actor=actor,
        obj=profile,
        action="provider.register",
        after={"credit_code": code, "services": sorted(i.code for i in items), "regions": places},
    )
    return profile


def _own_profile(actor: User, profile: ProviderProfile) -> None:
    if not sees_everything(actor) and profile.organisation_id != actor.organisation_id:
        raise NotFound()


@audited
def do_update_profile(
    *, actor: User, profile: ProviderProfile, hotline: str, capacity: Any, remote: bool
) -> ProviderProfile:
    require_role(actor, Role.PROVIDER_MANAGER)
    _own_profile(actor, profile)
    before = {"hotline": profile.hotline, "capacity": profile.capacity, "remote": profile.remote}
    profile.capacity, profile.hotline, profile.remote = _capacity(capacity), hotline.strip(), bool(remote)
    profile.save(update_fields=["capacity", "hotline", "remote"])
    after = {"hotline": profile.hotline, "capacity": profile.capacity, "remote": profile.remote}
    record_change(actor=actor, obj=profile, action="provider.update", before=before, after=after)
    return profile


@audited
def do_add_certification(
    *,
    actor: User,
    profile: ProviderProfile,
    issuer: str,
    name: str,
    level: str = "",
    scope: str = "",
    number: str = "",
    covers: Iterable[str] = (),
    valid_from: date,
    valid_until: date | None,
) -> Certification:
    require_role(actor, Role.PROVIDER_MANAGER)
    _own_profile(actor, profile)
    if valid_until is not None and valid_until < valid_from:
        raise DomainError(E.INVALID_DATE, _("The certificate must end after it starts."), field="valid_until")
    codes = sorted(i.code for i in _services(covers))
    cert = Certification.objects.create(
        provider=profile, issuer=issuer, name=name, level=level, scope=scope, number=number, covers=codes,
        valid_from=valid_from, valid_until=valid_until,
    )  # fmt: skip
    record_change(
        actor=actor, obj=cert, action="certification.add", after={"name": str(cert), "until": valid_until}
    )
    return cert


# ---------------------------------------------------------------------------------------------------
# Price book


def parse_price(raw: Any) -> Decimal:
    try:
        price = Decimal(str(raw).strip())
    except InvalidOperation:
        price = Decimal("NaN")
    if not price.is_finite() or not 0 < price < MAX_PRICE or price != price.quantize(Decimal("0.01")):
        raise DomainError(E.INVALID_PRICE, _("Enter a price above zero in yuan and fen."), field="unit_price")
    return price


@audited
def do_set_price(
    *,
    actor: User,
    item: ServiceItem,
    unit_price: Any,
    valid_from: date,
    provider: ProviderProfile | None = None,
    now: datetime,
) -> PriceBookEntry:
    """A new price from ``valid_from`` (today or later): the standard price (platform administrator) or a
    provider's own rate (its manager). The previous entry ends the day before; policies already bound keep
    the price they were bound at."""
    if provider is None:
        require_role(actor, Role.PLATFORM_ADMIN)
    else:
        require_role(actor, Role.PROVIDER_MANAGER)
        _own_profile(actor, provider)
    price = parse_price(unit_price)
    if valid_from < local_date(now):
        raise DomainError(E.INVALID_DATE, _("A new price cannot start in the past."), field="valid_from")
    entries = PriceBookEntry.objects.select_for_update(of=("self",)).filter(item=item, provider=provider)
    current = entries.filter(valid_from=valid_from).first()
    before = {"unit_price": current.unit_price} if current else None
    if current is None:
        for previous in entries.filter(valid_from__lt=valid_from):
            if previous.valid_until is None or previous.valid_until >= valid_from:
                previous.valid_until = valid_from - timedelta(days=1)
                previous.save(update_fields=["valid_until"])
        later = entries.filter(valid_from__gt=valid_from).order_by("valid_from").first()
        current = PriceBookEntry.objects.create(
            item=item,
            provider=provider,
            unit_price=price,
            valid_from=valid_from,
            valid_until=later.valid_from - timedelta(days=1) if later else None,
        )
    else:
        current.unit_price = price
        current.save(update_fields=["unit_price"])
    record_change(
        actor=actor,
        obj=current,
        action="price_book.set",
        before=before,
        after={"item": item.code, "unit_price": price, "valid_from": valid_from},
        now=now,
    )
    return current


# ---------------------------------------------------------------------------------------------------
# Dispatch


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
    _regions([(province, city)])
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


# ---------------------------------------------------------------------------------------------------
# The work


def _locked_engagement(actor: User, engagement: Engagement) -> Engagement:
    locked = (
        Engagement.objects.select_for_update(of=("self",))
        .select_related("service", "provider")
        .get(pk=engagement.pk)
    )
    if not sees_everything(actor) and (
        locked.provider is None or locked.provider.organisation_id != actor.organisation_id
    ):
        raise NotFound()
    return locked


def _require_status(engagement: Engagement, *statuses: str) -> None:
    if engagement.status not in statuses:
        raise InvalidState(
            E.WRONG_STATUS,
            _("This cannot be done in the current state (%(state)s)."),
            field="status",
            state=engagement.get_status_display(),
        )


@audited
def do_assign_engineer(*, actor: User, engagement: Engagement, engineer: User, now: datetime) -> Engagement:
    require_role(actor, Role.PROVIDER_MANAGER)
    engagement = _locked_engagement(actor, engagement)
    _require_status(engagement, S.ACCEPTED, S.ASSIGNED)
    assert engagement.provider is not None
    if engineer.organisation_id != engagement.provider.organisation_id or not engineer.has_role(
        Role.PROVIDER_ENGINEER
    ):
        raise DomainError(E.NOT_AN_ENGINEER, _("Choose an engineer of your company."), field="engineer")
    previous = engagement.engineer_id
    engagement.engineer = engineer
    if not move_engagement(engagement, S.ASSIGNED, actor=actor, now=now, fields=["engineer"]):
        engagement.save(update_fields=["engineer"])
    record_change(actor=actor, obj=engagement, action="engagement.assign_engineer",
                  before={"engineer": previous}, after={"engineer": engineer.pk}, now=now)  # fmt: skip
    return engagement


def _engineer_of(actor: User, engagement: Engagement) -> None:
    require_role(actor, Role.PROVIDER_ENGINEER)


@audited
def do_log_work(
    *, actor: User, engagement: Engagement, day: date, hours: Any, note: str = "", now: datetime
) -> WorkLog:
    _engineer_of(actor, engagement)
    engagement = _locked_engagement(actor, engagement)
    _require_status(engagement, S.ASSIGNED)
    try:
        amount = Decimal(str(hours))
    except InvalidOperation:
        amount = Decimal("NaN")
    if not amount.is_finite() or not 0 < amount <= 24 or amount != amount.quantize(Decimal("0.1")):
        raise DomainError(E.INVALID_HOURS, _("Enter the hours worked that day (0.5 to 24)."), field="hours")
    today = local_date(now)
    earliest = local_date(engagement.accepted_at) if engagement.accepted_at else today
    if not earliest <= day <= today:
        raise DomainError(E.INVALID_DATE, _("Log work between acceptance and today."), field="day")
    log, _created = WorkLog.objects.update_or_create(
        engagement=engagement, engineer=actor, day=day, defaults={"hours": amount, "note": note.strip()}
    )
    if engagement.started_at is None:
        engagement.started_at = now
        engagement.save(update_fields=["started_at"])
    record_change(actor=actor, obj=log, action="work.log", after={"day": day, "hours": amount}, now=now)
    return log


@audited
def do_upload_report(
    *, actor: User, engagement: Engagement, content: bytes, summary: str = "", now: datetime
) -> Engagement:
    """The engineer's report, a PDF kept with its SHA-256 so that the insurer can verify the copy."""
    _engineer_of(actor, engagement)
    engagement = _locked_engagement(actor, engagement)
    _require_status(engagement, S.ASSIGNED)
    if not content.startswith(b"%PDF-") or len(content) > MAX_REPORT_BYTES:
        raise DomainError(E.INVALID_REPORT, _("Upload the report as a PDF of at most 20 MB."), field="report")
    digest = hashlib.sha256(content).hexdigest()
    engagement.report.save("report.pdf", ContentFile(content), save=False)
    engagement.report_sha256, engagement.summary = digest, summary.strip()
    if engagement.started_at is None:
        engagement.started_at = now
    engagement.save(update_fields=["report", "report_sha256", "summary", "started_at"])
    record_change(actor=actor, obj=engagement, action="engagement.report", after={"sha256": digest}, now=now)
    return engagement


@audited
def do_complete(*, actor: User, engagement: Engagement, now: datetime) -> Engagement:
    """Complete the work. Concurrent completions queue on the row lock; the second finds it completed."""
    _engineer_of(actor, engagement)
    engagement = _locked_engagement(actor, engagement)
    _require_status(engagement, S.ASSIGNED)
    if not engagement.report_sha256:
        raise DomainError(E.REPORT_REQUIRED, _("Upload the report before completing."), field="report")
    for guard in _completion_guards.get(engagement.kind, []):
        guard(engagement)
    engagement.completed_at = now
    move_engagement(engagement, S.COMPLETED, actor=actor, now=now, fields=["completed_at"])
    return engagement


@audited
def do_rate(
    *, actor: User, engagement: Engagement, rating: Any, comment: str = "", now: datetime
) -> Engagement:
    """The insured confirms the completed work and rates it from 1 to 5."""
    require_role(actor, Role.APPLICANT)
    engagement = Engagement.objects.select_for_update().get(pk=engagement.pk)
    if not sees_everything(actor) and engagement.client_id != actor.organisation_id:
        raise NotFound()
    _require_status(engagement, S.COMPLETED)
    try:
        stars = int(rating)
    except (TypeError, ValueError):
        stars = 0
    if not 1 <= stars <= 5:
        raise DomainError(E.INVALID_RATING, _("Rate from 1 to 5."), field="rating")
    engagement.rating, engagement.rating_comment, engagement.confirmed_at = stars, comment.strip(), now
    move_engagement(engagement, S.CONFIRMED, actor=actor, now=now,
                    fields=["rating", "rating_comment", "confirmed_at"])  # fmt: skip
    return engagement


def engineer_profile(user: User) -> Engineer | None:
    return Engineer.objects.filter(user=user).first()
