"""Sending: email through Django's mail backend in the recipient's language, webhooks signed with
the endpoint's secret. Each attempt first claims the row with a conditional UPDATE (attempts + 1, the
next attempt pushed past a lease), so two workers never send the same item, and a worker that dies
mid-send leaves an item that the next run after the lease picks up. Network I/O happens outside any
transaction: no row lock is held while a remote server answers.
"""

from __future__ import annotations

import logging
import time
import urllib.error
import urllib.request
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import F

from cyberins.accounts.transitions import transition
from cyberins.notifications.models import (
    DeliveryStatus,
    EmailStatus,
    Notification,
    RecipientSettings,
    WebhookDelivery,
)
from cyberins.notifications.rendering import render
from cyberins.notifications.services import absolute
from cyberins.notifications.signing import headers

logger = logging.getLogger(__name__)

#: attempts per email or webhook delivery before it is marked failed
MAX_ATTEMPTS = 5
#: wait after the n-th failed attempt (1-based): 1 min, 5 min, 30 min, 2 h
BACKOFF = [timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30), timedelta(hours=2)]
#: how long a claimed item is left to its worker before another may retry it
LEASE = timedelta(minutes=5)
BATCH = 200


def backoff(attempts: int) -> timedelta:
    return BACKOFF[min(attempts, len(BACKOFF)) - 1]


def _claim(
    model: type[Notification] | type[WebhookDelivery],
    pk: int,
    status_field: str,
    pending: str,
    next_field: str,
    attempts_field: str,
    now: datetime,
) -> int | None:
    """The attempt number if this worker took the item, None if it is not due or someone else has it."""
    row = (
        model.objects.filter(pk=pk, **{status_field: pending, f"{next_field}__lte": now})
        .values_list(attempts_field, flat=True)
        .first()
    )
    if row is None:
        return None
    taken = model.objects.filter(pk=pk, **{status_field: pending, attempts_field: row}).update(
        **{attempts_field: F(attempts_field) + 1, next_field: now + LEASE}
    )
    return row + 1 if taken else None


def email_language(notification: Notification) -> str:
    found = RecipientSettings.objects.filter(user_id=notification.recipient_id).values_list(
        "language", flat=True
    )
    return found.first() or settings.LANGUAGE_CODE


def send_email(pk: int, *, now: datetime) -> bool | None:
    """One attempt; True sent, False failed (retried later or given up), None not due / not ours."""
    attempt = _claim(
        Notification, pk, "email_status", EmailStatus.PENDING, "email_next_at", "email_attempts", now
    )
    if attempt is None:
        return None
    notification = Notification.objects.select_related("recipient").get(pk=pk)
    subject, body = render(notification.kind, notification.params, email_language(notification))
    if notification.link:
        body = f"{body}\n\n{absolute(notification.link)}"
    try:
        EmailMessage(
            subject=subject.replace("\n", " "),
            body=body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[notification.recipient.email],
        ).send()
    except Exception as exc:  # SMTP refusals, network errors: recorded, retried
        _failed_email(notification, attempt, repr(exc), now)
        return False
    transition(notification, EmailStatus.SENT, actor=None, now=now, changes={"email_error": ""})
    return True


def _failed_email(notification: Notification, attempt: int, error: str, now: datetime) -> None:
    logger.warning("email of notification %s failed (attempt %s): %s", notification.pk, attempt, error)
    if attempt >= MAX_ATTEMPTS:
        transition(
            notification, EmailStatus.FAILED, actor=None, now=now, changes={"email_error": error[:500]}
        )
    else:
        Notification.objects.filter(pk=notification.pk).update(
            email_error=error[:500], email_next_at=now + backoff(attempt)
        )


def post_webhook(pk: int, *, now: datetime) -> bool | None:
    """One attempt; True delivered (2xx), False failed (retried later or given up), None not ours."""
    attempt = _claim(
        WebhookDelivery, pk, "status", DeliveryStatus.PENDING, "next_attempt_at", "attempts", now
    )
    if attempt is None:
        return None
    delivery = WebhookDelivery.objects.select_related("endpoint").get(pk=pk)
    body = delivery.body.encode()
    # The signature's timestamp is the moment of sending (the receiver compares it with its clock).
    signed = headers(delivery.endpoint.secret, int(time.time()), body, delivery.event_id)
    status: int | None = None
    error = ""
    try:
        if not delivery.endpoint.url.lower().startswith(("http://", "https://")):
            raise ValueError("only http and https webhook URLs are sent")
        request = urllib.request.Request(delivery.endpoint.url, data=body, headers=signed, method="POST")  # noqa: S310 (scheme checked above)
        with urllib.request.urlopen(request, timeout=settings.CYBERINS_WEBHOOK_TIMEOUT) as response:  # noqa: S310
            status = response.status
    except urllib.error.HTTPError as exc:
        status, error = exc.code, f"HTTP {exc.code}"
    except Exception as exc:  # refused, timed out, bad URL: recorded, retried
        error = repr(exc)
    entry = {"attempt": attempt, "at": now.isoformat(), "status": status, "error": error[:300]}
    log = [*delivery.log, entry]
    if status is not None and 200 <= status < 300:
        transition(delivery, DeliveryStatus.DELIVERED, actor=None, now=now, changes={"log": log})
        return True
    if attempt >= MAX_ATTEMPTS:
        transition(delivery, DeliveryStatus.FAILED, actor=None, now=now, changes={"log": log})
    else:
        WebhookDelivery.objects.filter(pk=pk).update(log=log, next_attempt_at=now + backoff(attempt))
    return False


def deliver(notification_ids: Iterable[int], delivery_ids: Iterable[int], *, now: datetime) -> int:
    """Attempt the given items that are due; returns how many went out."""
    sent = sum(1 for pk in notification_ids if send_email(pk, now=now))
    return sent + sum(1 for pk in delivery_ids if post_webhook(pk, now=now))


def deliver_due(*, now: datetime) -> int:
    """Everything due by ``now``: first attempts a lost task never made, and retries."""
    emails = Notification.objects.filter(email_status=EmailStatus.PENDING, email_next_at__lte=now)
    hooks = WebhookDelivery.objects.filter(status=DeliveryStatus.PENDING, next_attempt_at__lte=now)
    return deliver(
        list(emails.order_by("email_next_at").values_list("pk", flat=True)[:BATCH]),
        list(hooks.order_by("next_attempt_at").values_list("pk", flat=True)[:BATCH]),
        now=now,
    )
