"""The one scoping rule: which records a user may see.

A model names the organisations with a stake in each record through ``scope_lookups`` (ORM lookups
ending at an organisation). A user sees a record when their organisation is one of them; a platform
administrator sees everything. Every page and endpoint reads through :func:`visible` or
:func:`get_visible`, so another organisation's record is simply not found (404), never forbidden (403),
and its existence is not revealed.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cyberins.accounts.errors import Forbidden, NotFound
from cyberins.accounts.roles import Role

M = TypeVar("M", bound=models.Model)


def sees_everything(user: Any) -> bool:
    return bool(user.is_authenticated and (user.is_superuser or user.has_role(Role.PLATFORM_ADMIN)))


def visible(user: Any, queryset: models.QuerySet[M]) -> models.QuerySet[M]:
    if not getattr(user, "is_authenticated", False):
        return queryset.none()
    if sees_everything(user):
        return queryset
    if user.organisation_id is None:
        return queryset.none()
    lookups: tuple[str, ...] = queryset.model.scope_lookups  # type: ignore[attr-defined]
    stake = Q()
    for lookup in lookups:
        stake |= Q(**{lookup: user.organisation_id})
    # A sub-select instead of .distinct(): lookups through to-many relations must not duplicate rows.
    return queryset.filter(pk__in=queryset.model._default_manager.filter(stake).values("pk"))


def get_visible(user: Any, queryset: models.QuerySet[M], **lookup: Any) -> M:
    found = visible(user, queryset).filter(**lookup).first()
    if found is None:
        raise NotFound()
    return found


def require_role(user: Any, *roles: str) -> None:
    """403 unless the user holds one of ``roles`` (platform administrators hold them all)."""
    if not (sees_everything(user) or user.has_role(*roles)):
        # the reason names the roles that may act, so a refused page says why (403 with the reason)
        raise Forbidden(
            "forbidden",
            _("You are not allowed to do this: it is for %(roles)s."),
            roles=" / ".join(str(Role(role).label) for role in roles) or str(Role.PLATFORM_ADMIN.label),
        )
