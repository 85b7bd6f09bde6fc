"""Scoped reads: a user's inbox is their own; another user's notification is not found (404)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from cyberins.accounts.errors import NotFound
from cyberins.notifications.models import Notification


def inbox(user: Any, *, unread_only: bool = False) -> QuerySet[Notification]:
    if not getattr(user, "is_authenticated", False):
        return Notification.objects.none()
    rows = Notification.objects.filter(recipient_id=user.pk)
    return rows.filter(read_at__isnull=True) if unread_only else rows


def own_notification(user: Any, notification_id: int) -> Notification:
    found = inbox(user).filter(pk=notification_id).first()
    if found is None:
        raise NotFound()
    return found


def unread_count(user: Any) -> int:
    return inbox(user, unread_only=True).count()
