"""API: the caller's own notifications, in the request's language."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router

from cyberins.accounts.requests import actor
from cyberins.accounts.schemas import ErrorOut
from cyberins.notifications import queries, services
from cyberins.notifications.models import Notification
from cyberins.notifications.rendering import render
from cyberins.notifications.schemas import MarkedOut, NotificationOut, UnreadOut

router = Router(tags=["notifications"])
ERRORS = {400: ErrorOut, 401: ErrorOut, 404: ErrorOut}


def _out(notification: Notification) -> dict[str, Any]:
    subject, body = render(notification.kind, notification.params)
    return {
        "id": notification.pk,
        "kind": notification.kind,
        "subject": subject,
        "body": body,
        "link": notification.link,
        "created_at": notification.created_at,
        "read_at": notification.read_at,
        "email_status": notification.email_status,
    }


@router.get("/notifications", response={200: list[NotificationOut], **ERRORS})
def list_notifications(request: HttpRequest, unread: bool = False, limit: int = 50) -> list[dict[str, Any]]:
    rows = queries.inbox(actor(request), unread_only=unread)[: max(1, min(limit, 500))]
    return [_out(row) for row in rows]


@router.get("/notifications/unread-count", response={200: UnreadOut, **ERRORS})
def unread_count(request: HttpRequest) -> dict[str, int]:
    return {"unread": queries.unread_count(actor(request))}


@router.post("/notifications/read-all", response={200: MarkedOut, **ERRORS})
def mark_all_read(request: HttpRequest) -> dict[str, int]:
    return {"marked": services.do_mark_all_read(actor=actor(request), now=timezone.now())}


@router.post("/notifications/{notification_id}/read", response={200: NotificationOut, **ERRORS})
def mark_read(request: HttpRequest, notification_id: int) -> dict[str, Any]:
    user = actor(request)
    notification = queries.own_notification(user, notification_id)
    return _out(services.do_mark_read(actor=user, notification=notification, now=timezone.now()))
