"""The one notification service: ``notify`` writes the inbox rows and queues email and webhooks.

Delivery is off the request's critical path: the rows are written in the caller's transaction, and
after it commits a background task sends them (delivery.py); what fails is retried by the periodic
job ``notifications.deliver``. Calling ``notify`` twice with the same ``dedupe_key`` notifies once.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from cyberins.accounts.errors import NotFound
from cyberins.accounts.models import Organisation, User
from cyberins.accounts.roles import OrganisationKind, Role
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


def _muted(users: list[User]) -> dict[int, set[str]]:
    rows = RecipientSettings.objects.filter(user__in=users).values_list("user_id", "email_muted")
    return {user_id: set(muted or []) for user_id, muted in rows}


def notify(
    *,
    recipients: Iterable[User | ToOrganisation],
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
    users: dict[int, User] = {}
    organisations: set[int] = set()
    for recipient in recipients:
        if isinstance(recipient, ToOrganisation):
            if recipient.organisation_id is not None:
                organisations.add(recipient.organisation_id)
            users.update((user.pk, user) for user in recipient.users())
        elif recipient is not None and recipient.is_active:
            users[recipient.pk] = recipient
            if recipient.organisation_id is not None:
                organisations.add(recipient.organisation_id)
    muted = _muted(list(users.values()))
    written = []
    for user in users.values():
        wants_email = bool(user.email) and kind not in muted.get(user.pk, set())
        row = Notification(
            recipient=user,
            kind=kind,
            params=stored,
            link=link[:300],
            created_at=now,
            dedupe_key=dedupe_key[:200],
            email_status=EmailStatus.PENDING if wants_email else EmailStatus.SKIPPED,
            email_next_at=now if wants_email else None,
        )
        try:
            with transaction.atomic():  # a savepoint: a repeated key skips this row only
                row.save()
        except IntegrityError:
            if not dedupe_key:
                raise
            continue
        written.append(row)
    deliveries = _queue_webhooks(organisations, kind, stored, link, now, dedupe_key)
    if written or deliveries:
        transaction.on_commit(
            partial(_enqueue, [n.pk for n in written if n.email_status == EmailStatus.PENDING], deliveries)
        )
    return written


def _queue_webhooks(
    organisations: set[int], kind: str, stored: dict[str, Any], link: str, now: datetime, dedupe_key: str
) -> list[int]:
    endpoints = [
        e
        for e in WebhookEndpoint.objects.filter(organisation__in=organisations, is_active=True)
        if e.wants(kind)
    ]
    if not endpoints:
        return []
    event_id = dedupe_key or uuid.uuid4().hex
    texts = {code: render(kind, stored, code) for code in LANGUAGE_CODES}
    written = []
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
        try:
            with transaction.atomic():
                delivery = WebhookDelivery.objects.create(
                    endpoint=endpoint,
                    event_id=event_id,
                    kind=kind,
                    body=body,
                    created_at=now,
                    next_attempt_at=now,
                )
        except IntegrityError:
            continue
        written.append(delivery.pk)
    return written


def _enqueue(notification_ids: list[int], delivery_ids: list[int]) -> None:
    from cyberins.notifications.tasks import deliver_task

    try:
        deliver_task.enqueue(notification_ids, delivery_ids)
    except Exception:  # the queue is down: the periodic job delivers them instead
        import logging

        logging.getLogger(__name__).exception("could not queue notification delivery")


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
