"""The one notification service: ``notify`` writes the inbox rows and queues email and webhooks.

Delivery is off the request's critical path: the rows are written in the caller's transaction, and
after it commits a background task sends them (delivery.py); what fails is retried by the periodic
job ``notifications.deliver``. Calling ``notify`` twice with the same ``dedupe_key`` notifies once.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from cyberins.accounts.errors import NotFound
from cyberins.accounts.models import Organisation, User
from cyberins.accounts.prepared import Prepared
from cyberins.accounts.roles import OrganisationKind, Role
from cyberins.notifications.delivery_queue import queue_delivery
from cyberins.notifications.inserting import insert_skipping_duplicates
from cyberins.notifications.kinds import KINDS
from cyberins.notifications.models import (
    EmailStatus,
    Notification,
    RecipientSettings,
    WebhookDelivery,
    WebhookEndpoint,
)
from cyberins.notifications.rendering import LANGUAGE_CODES, render, store_param
from cyberins.terms import require_aware


@dataclass(frozen=True)
class ToOrganisation:
    """Every active user of an organisation holding one of ``roles`` (all its users when None)."""

    organisation_id: int | None
    roles: frozenset[str] | None = None

    def users(self) -> list[User]:
        if self.organisation_id is None:
            return []
        found = User.objects.filter(organisation_id=self.organisation_id, is_active=True).order_by("pk")
        if self.roles is None:
            return list(found)
        return [user for user in found if user.has_role(*self.roles)]


def to(organisation_id: int | None, *roles: str) -> ToOrganisation:
    return ToOrganisation(organisation_id, frozenset(roles) if roles else None)


def platform_operators() -> list[ToOrganisation]:
    """The platform administrators (of every platform-operator organisation)."""
    platforms = Organisation.objects.filter(kind=OrganisationKind.PLATFORM).values_list("pk", flat=True)
    return [to(pk, Role.PLATFORM_ADMIN) for pk in platforms]


def existing_keys(prefix: str) -> set[str]:
    """Dedupe keys already used under ``prefix``: a periodic job skips those events without a query each."""
    return set(
        Notification.objects.filter(dedupe_key__startswith=prefix).values_list("dedupe_key", flat=True)
    )


def absolute(link: str) -> str:
    if not link or "://" in link:
        return link
    return settings.CYBERINS_PUBLIC_URL.rstrip("/") + link


def _recipients(
    recipients: Iterable[User | ToOrganisation],
) -> tuple[list[User], set[int], dict[int, bool], dict[int, set[str]]]:
    """The users to notify, the organisations told by webhook, and which of those have an active endpoint.

    One query: the users of the organisations named and the users named, each with their settings
    (``notification_settings``, cached on the user) and whether their organisation has an active
    webhook endpoint, so an organisation without one costs no further query.
    """
    given = list(recipients)
    wanted = {r.organisation_id for r in given if isinstance(r, ToOrganisation) and r.organisation_id}
    named = {r.pk for r in given if isinstance(r, User) and r.is_active}
    organisations = set(wanted)
    organisations.update(
        r.organisation_id for r in given if isinstance(r, User) and r.is_active and r.organisation_id
    )
    if not wanted and not named:
        return [], organisations, {}, {}
    found = _users_to_notify(sorted(wanted), sorted(named))
    has_webhooks = {user.organisation_id: user.has_webhooks for user in found if user.organisation_id}
    muted = {user.pk: _muted_kinds(user) for user in found}
    users: dict[int, User] = {}
    for recipient in given:  # in the order given, each user once
        if isinstance(recipient, ToOrganisation):
            for user in found:
                if (
                    user.organisation_id == recipient.organisation_id
                    and user.is_active
                    and (recipient.roles is None or user.has_role(*recipient.roles))
                ):
                    users.setdefault(user.pk, user)
        elif recipient is not None and recipient.is_active:
            users[recipient.pk] = recipient
    return list(users.values()), organisations, has_webhooks, muted


def _users_query(wanted: Sequence[int], named: Sequence[int]) -> QuerySet[User]:
    """The users of the organisations ``wanted`` and the users ``named``, with their settings and
    whether their organisation has an active webhook endpoint."""
    hooked = WebhookEndpoint.objects.filter(organisation_id=OuterRef("organisation_id"), is_active=True)
    # Only the conditions that can match: an empty one would still be compiled on every notification.
    matching = Q(organisation_id__in=wanted, is_active=True) if wanted else Q()
    if named:
        matching = matching | Q(pk__in=named) if wanted else Q(pk__in=named)
    return (
        User.objects.filter(matching)
        .select_related("notification_settings")
        .annotate(has_webhooks=Exists(hooked))
        .order_by("pk")
    )


#: compiled once per shape (how many organisations, how many named users: accounts/prepared.py);
#: larger shapes, rare, are built each time
_PREPARED_SHAPES: dict[tuple[int, int], Prepared[Any]] = {}
_PREPARED_UP_TO = 4


def _users_to_notify(wanted: Sequence[int], named: Sequence[int]) -> list[Any]:
    """:func:`_users_query`'s users (annotated with ``has_webhooks``)."""
    shape = (len(wanted), len(named))
    if max(shape) > _PREPARED_UP_TO:
        return list(_users_query(wanted, named))
    query = _PREPARED_SHAPES.get(shape)
    if query is None:
        markers = [-7_000_001 - i for i in range(sum(shape))]
        query = _PREPARED_SHAPES.setdefault(
            shape, Prepared(lambda *ids: _users_query(ids[: shape[0]], ids[shape[0] :]), *markers)
        )
    return query(*wanted, *named)


@dataclass(frozen=True)
class Resolved:
    """Recipients looked up once: a job that tells many events to the same people (a breach wave's
    thousands of clock notices to one insurer's staff) passes this to :func:`notify` instead of
    looking the same users up again for every event."""

    users: list[User]
    organisations: set[int]
    has_webhooks: dict[int, bool]
    muted: dict[int, set[str]]


def resolve(recipients: Iterable[User | ToOrganisation]) -> Resolved:
    return Resolved(*_recipients(recipients))


def _muted_kinds(user: User) -> set[str]:
    try:
        return set(user.notification_settings.email_muted or [])
    except RecipientSettings.DoesNotExist:
        return set()


def notify(
    *,
    recipients: Iterable[User | ToOrganisation] | Resolved,
    kind: str,
    params: Mapping[str, Any] | None = None,
    link: str = "",
    now: datetime,
    dedupe_key: str = "",
) -> list[Notification]:
    """Notify every recipient of one event; returns the rows written now (none for a repeated key)."""
    if kind not in KINDS:
        raise ValueError(f"unknown notification kind {kind!r}")
    require_aware(now, "now")
    stored = {name: store_param(value) for name, value in (params or {}).items()}
    found = recipients if isinstance(recipients, Resolved) else resolve(recipients)
    users, organisations, has_webhooks, muted = (
        found.users,
        found.organisations,
        found.has_webhooks,
        found.muted,
    )
    rows = []
    for user in users:
        wants_email = bool(user.email) and kind not in muted.get(user.pk, set())
        rows.append(
            Notification(
                recipient=user,
                kind=kind,
                params=stored,
                link=link[:300],
                created_at=now,
                dedupe_key=dedupe_key[:200],
                email_status=EmailStatus.PENDING if wants_email else EmailStatus.SKIPPED,
                email_next_at=now if wants_email else None,
            )
        )
    # One statement for all rows; a repeated key skips that recipient's row only.
    written = insert_skipping_duplicates(rows, key="recipient")
    # An organisation with users is known to have no endpoint without a query.
    hooked = {pk for pk in organisations if has_webhooks.get(pk, True)}
    deliveries = _queue_webhooks(hooked, kind, stored, link, now, dedupe_key)
    if written or deliveries:
        queue_delivery([n.pk for n in written if n.email_status == EmailStatus.PENDING], deliveries)
    return written


def _queue_webhooks(
    organisations: set[int], kind: str, stored: dict[str, Any], link: str, now: datetime, dedupe_key: str
) -> list[int]:
    if not organisations:
        return []
    endpoints = [
        e
        for e in WebhookEndpoint.objects.filter(organisation__in=organisations, is_active=True).order_by("pk")
        if e.wants(kind)
    ]
    if not endpoints:
        return []
    event_id = dedupe_key or uuid.uuid4().hex
    texts = {code: render(kind, stored, code) for code in LANGUAGE_CODES}
    rows = []
    for endpoint in endpoints:
        body = json.dumps(
            {
                "event": event_id,
                "kind": kind,
                "created_at": now.isoformat(),
                "organisation": endpoint.organisation_id,
                "subject": {code: text[0] for code, text in texts.items()},
                "body": {code: text[1] for code, text in texts.items()},
                "link": absolute(link),
                "params": stored,
            },
            ensure_ascii=False,
            sort_keys=True,
        )
        rows.append(
            WebhookDelivery(
                endpoint=endpoint,
                event_id=event_id,
                kind=kind,
                body=body,
                created_at=now,
                next_attempt_at=now,
            )
        )
    return [delivery.pk for delivery in insert_skipping_duplicates(rows, key="endpoint")]


# -- the reader's actions --------------------------------------------------------------------------


def do_mark_read(*, actor: User, notification: Notification, now: datetime | None = None) -> Notification:
    """Mark one of the actor's own notifications read (someone else's is not found)."""
    if notification.recipient_id != actor.pk:
        raise NotFound()
    if notification.read_at is None:
        notification.read_at = now or timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=notification.read_at
        )
    return notification


def do_mark_all_read(*, actor: User, now: datetime | None = None) -> int:
    return Notification.objects.filter(recipient=actor, read_at__isnull=True).update(
        read_at=now or timezone.now()
    )


def do_save_settings(*, actor: User, language: str, email_muted: Iterable[str]) -> RecipientSettings:
    from cyberins.accounts.errors import DomainError
    from cyberins.notifications.errors import NotificationsError

    if language and language not in LANGUAGE_CODES:
        raise DomainError(
            NotificationsError.UNKNOWN_LANGUAGE, NotificationsError.UNKNOWN_LANGUAGE.meaning, field="language"
        )
    muted = sorted(set(email_muted))
    unknown = [kind for kind in muted if kind not in KINDS]
    if unknown:
        raise DomainError(
            NotificationsError.UNKNOWN_KIND,
            NotificationsError.UNKNOWN_KIND.meaning,
            field="email_muted",
            kind=unknown[0],
        )
    row, _created = RecipientSettings.objects.update_or_create(
        user=actor, defaults={"language": language, "email_muted": muted}
    )
    return row


def settings_of(user: User) -> RecipientSettings:
    found = RecipientSettings.objects.filter(user=user).first()
    return found or RecipientSettings(user=user, language=settings.LANGUAGE_CODE)
