"""Email through a real SMTP server on loopback, signed webhooks to a loopback receiver, retries."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

from cyberins.accounts.roles import Role
from cyberins.notifications import delivery
from cyberins.notifications.models import (
    DeliveryStatus,
    EmailStatus,
    Notification,
    RecipientSettings,
    WebhookDelivery,
    WebhookEndpoint,
)
from cyberins.notifications.scheduled import deliver_notifications
from cyberins.notifications.services import notify, to
from cyberins.notifications.signing import verify
from tests import factories

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 27, 2, 0, tzinfo=UTC)


def _notify_policy(recipients: list[Any], **extra: Any) -> list[Notification]:
    return notify(
        recipients=recipients,
        kind="instalment_due",
        params={"sequence": 2, "number": "P-2026-0001", "amount": Decimal("1234.50"), "due_on": "2026-12-01"},
        link="/policies/7/",
        now=NOW,
        **extra,
    )


def test_the_email_arrives_in_the_recipients_language_with_the_link(smtp: Any, settings: Any) -> None:
    settings.CYBERINS_PUBLIC_URL = "https://cyberins.example"
    chinese = factories.user(Role.APPLICANT, email="zh@example.com")
    english = factories.user(Role.APPLICANT, organisation=chinese.organisation, email="en@example.com")
    RecipientSettings.objects.create(user=english, language="en")
    rows = _notify_policy([to(chinese.organisation_id, Role.APPLICANT)])
    assert len(rows) == 2

    assert deliver_notifications(now=NOW) == 2

    by_address = {message["To"]: message for message in smtp.messages}
    zh, en = by_address["zh@example.com"], by_address["en@example.com"]
    assert en["Subject"] == "Instalment 2 of policy P-2026-0001 is due on 2026-12-01"
    assert "1234.50 yuan" in en.get_content()
    assert zh["Subject"].strip() == "保单P-2026-0001第2期保险费应于2026-12-01缴付"
    assert "https://cyberins.example/policies/7/" in zh.get_content()
    assert set(Notification.objects.values_list("email_status", flat=True)) == {EmailStatus.SENT}
    # A second run sends nothing again.
    assert deliver_notifications(now=NOW + timedelta(minutes=5)) == 0
    assert len(smtp.messages) == 2


def test_no_email_for_a_muted_kind_but_the_inbox_still_has_it(smtp: Any) -> None:
    user = factories.user(Role.APPLICANT, email="muted@example.com")
    RecipientSettings.objects.create(user=user, email_muted=["instalment_due"])
    (row,) = _notify_policy([user])
    assert row.email_status == EmailStatus.SKIPPED
    assert deliver_notifications(now=NOW) == 0
    assert smtp.messages == []
    assert Notification.objects.filter(recipient=user).count() == 1


def test_the_same_event_notified_twice_makes_one_row_and_one_email(smtp: Any) -> None:
    user = factories.user(Role.APPLICANT, email="once@example.com")
    assert len(_notify_policy([user], dedupe_key="instalment_due:7:2")) == 1
    assert _notify_policy([user], dedupe_key="instalment_due:7:2") == []
    deliver_notifications(now=NOW)
    assert len(smtp.messages) == 1


def test_an_unreachable_smtp_server_is_retried_with_back_off_then_given_up(settings: Any) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2  # nothing listens
    user = factories.user(Role.APPLICANT, email="down@example.com")
    (row,) = _notify_policy([user])
    moment = NOW
    for attempt in range(1, delivery.MAX_ATTEMPTS + 1):
        assert delivery.deliver_due(now=moment) == 0
        row.refresh_from_db()
        assert row.email_attempts == attempt
        if attempt < delivery.MAX_ATTEMPTS:
            assert row.email_status == EmailStatus.PENDING
            assert row.email_next_at == moment + delivery.backoff(attempt)
            # Not due before its back-off has passed.
            assert delivery.deliver_due(now=row.email_next_at - timedelta(seconds=1)) == 0
            moment = row.email_next_at
    assert row.email_status == EmailStatus.FAILED
    assert "Connection refused" in row.email_error or "Errno" in row.email_error


def test_the_webhook_is_signed_and_the_receiver_verifies_it(receiver: Any) -> None:
    user = factories.user(Role.APPLICANT)
    WebhookEndpoint.objects.create(organisation=user.organisation, url=receiver.url, secret="s3cret")
    other = factories.user(Role.APPLICANT)
    WebhookEndpoint.objects.create(organisation=other.organisation, url=receiver.url, secret="other")
    _notify_policy([to(user.organisation_id, Role.APPLICANT)], dedupe_key="instalment_due:7:2")

    assert deliver_notifications(now=NOW) == 1

    ((headers, body),) = receiver.requests  # only the notified organisation's endpoint was called
    assert verify("s3cret", headers, body, now=time.time())
    assert not verify("wrong", headers, body, now=time.time())
    assert not verify("s3cret", headers, body + b" ", now=time.time())
    # A replay an hour later is refused by the timestamp check.
    assert not verify("s3cret", headers, body, now=time.time() + 3600)
    event = json.loads(body)
    assert event["kind"] == "instalment_due"
    assert event["event"] == headers["X-Cyberins-Event"] == "instalment_due:7:2"
    assert event["subject"]["en"] == "Instalment 2 of policy P-2026-0001 is due on 2026-12-01"
    assert WebhookDelivery.objects.get().status == DeliveryStatus.DELIVERED


def test_a_failing_webhook_is_retried_and_every_attempt_is_logged(receiver: Any) -> None:
    user = factories.user(Role.APPLICANT)
    WebhookEndpoint.objects.create(organisation=user.organisation, url=receiver.url, secret="k")
    receiver.statuses = [500, 503]
    _notify_policy([user])
    assert delivery.deliver_due(now=NOW) == 0
    hook = WebhookDelivery.objects.get()
    assert delivery.deliver_due(now=hook.next_attempt_at) == 0
    hook.refresh_from_db()
    assert delivery.deliver_due(now=hook.next_attempt_at) == 1
    hook.refresh_from_db()
    assert hook.status == DeliveryStatus.DELIVERED
    assert [entry["status"] for entry in hook.log] == [500, 503, 200]
    # Every attempt carried the same event id, so the receiver can drop duplicates.
    assert len({headers["X-Cyberins-Event"] for headers, _body in receiver.requests}) == 1
