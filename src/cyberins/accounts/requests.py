"""The acting user of a request: the token's user on the API, the session's user on pages."""

from __future__ import annotations

from typing import cast

from django.http import HttpRequest

from cyberins.accounts.models import User


def actor(request: HttpRequest) -> User:
    return cast(User, getattr(request, "auth", None) or request.user)
