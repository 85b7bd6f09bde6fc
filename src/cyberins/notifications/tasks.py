"""Background task: deliver a notification's email and webhooks right after the commit that wrote it."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from cyberins.notifications.delivery import deliver


@task()
def deliver_task(notification_ids: list[int], delivery_ids: list[int]) -> int:
    return deliver(notification_ids, delivery_ids, now=timezone.now())
