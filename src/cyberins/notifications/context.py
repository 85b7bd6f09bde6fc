"""Template context: the signed-in user's unread count for the header badge."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from cyberins.notifications.queries import unread_count


def unread(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": unread_count(user)}
