"""What ``notify`` costs the request that calls it, and that the cheaper path tells users the same."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime
from typing import Any

import pytest
from django.db import connection, connections, transaction

from cyberins.accounts.roles import Role
from cyberins.notifications import delivery_queue
from cyberins.notifications.models import EmailStatus, Notification, RecipientSettings, WebhookEndpoint
from cyberins.notifications.services import notify, to
from tests import factories

NOW = datetime(2026, 11, 27, 2, 0, tzinfo=UTC)


def _expiring(recipients: list[Any], dedupe_key: str = "", number: str = "P1") -> list[Notification]:
    return notify(
        recipients=recipients,
        kind="policy_expiring",
        params={"number": number, "last_day": "2027-01-01"},
        link="/policies/",
        now=NOW,
        dedupe_key=dedupe_key,
    )


@pytest.mark.django_db
def test_an_organisation_without_webhooks_is_notified_in_two_statements(
    django_assert_num_queries: Any,
) -> None:
    first = factories.user(Role.APPLICANT, email="a@example.com")
    second = factories.user(Role.APPLICANT, organisation=first.organisation, email="b@example.com")
    RecipientSettings.objects.create(user=second, email_muted=["policy_expiring"])
    # One SELECT (users, their settings, whether the organisation has an endpoint), one INSERT.
    with django_assert_num_queries(2):
        rows = _expiring([to(first.organisation_id, Role.APPLICANT)], dedupe_key="expiring:1")
    statuses = {row.recipient_id: row.email_status for row in rows}
    assert statuses == {first.pk: EmailStatus.PENDING, second.pk: EmailStatus.SKIPPED}
    assert all(row.pk for row in rows)


@pytest.mark.django_db
def test_a_repeated_key_skips_only_the_recipients_who_already_have_it() -> None:
    first = factories.user(Role.APPLICANT)
    second = factories.user(Role.APPLICANT, organisation=first.organisation)
    (already,) = _expiring([first], dedupe_key="expiring:1")

    again = _expiring([to(first.organisation_id, Role.APPLICANT)], dedupe_key="expiring:1")

    assert [row.recipient_id for row in again] == [second.pk]
    assert Notification.objects.filter(recipient=first).get().pk == already.pk
    assert Notification.objects.filter(dedupe_key="expiring:1").count() == 2


@pytest.mark.django_db
def test_an_organisation_with_a_webhook_still_gets_its_delivery() -> None:
    user = factories.user(Role.APPLICANT)
    endpoint = WebhookEndpoint.objects.create(
        organisation=user.organisation, url="http://127.0.0.1:9/", secret="s"
    )
    _expiring([to(user.organisation_id, Role.APPLICANT)], dedupe_key="expiring:1")
    _expiring([to(user.organisation_id, Role.APPLICANT)], dedupe_key="expiring:1")
    assert list(endpoint.deliveries.values_list("event_id", flat=True)) == ["expiring:1"]


@pytest.mark.django_db
def test_one_delivery_task_per_commit_for_every_event_of_the_transaction(
    monkeypatch: Any, django_capture_on_commit_callbacks: Any
) -> None:
    queued: list[tuple[list[int], list[int]]] = []
    monkeypatch.setattr(delivery_queue, "enqueue", lambda n, d: queued.append((n, d)))
    user = factories.user(Role.APPLICANT, email="a@example.com")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        first = _expiring([user], number="P1")
        try:
            with transaction.atomic():  # a savepoint rolled back: its batch must not swallow the later rows
                _expiring([user], number="P-gone")
                raise RuntimeError
        except RuntimeError:
            pass
        second = _expiring([user], number="P2")
    batches = [callback for callback in callbacks if isinstance(callback, delivery_queue.DeliveryBatch)]
    assert len(batches) == 1
    ((notification_ids, delivery_ids),) = queued
    still_there = [pk for pk in notification_ids if Notification.objects.filter(pk=pk).exists()]
    assert still_there == [first[0].pk, second[0].pk]
    assert delivery_ids == []


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_notifications_of_one_event_write_one_row_per_user() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("real concurrency: PostgreSQL only (SQLite serialises every write)")
    user = factories.user(Role.APPLICANT)
    barrier, written, lock = threading.Barrier(2), [], threading.Lock()

    def run() -> None:
        try:
            with transaction.atomic():
                barrier.wait(timeout=10)
                rows = _expiring([to(user.organisation_id)], dedupe_key="expiring:race")
                time.sleep(0.2)  # both inserts are in flight before either commits
            with lock:
                written.append(len(rows))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(written) == [0, 1]
    assert Notification.objects.filter(dedupe_key="expiring:race").count() == 1
