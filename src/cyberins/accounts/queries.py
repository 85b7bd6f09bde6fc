"""Scoped reads for organisations, users, tokens and the audit trail."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from cyberins.accounts.models import ApiToken, AuditRecord, Organisation, User
from cyberins.accounts.scoping import get_visible, visible


def organisations(user: Any) -> QuerySet[Organisation]:
    return visible(user, Organisation.objects.all())


def organisation(user: Any, pk: int) -> Organisation:
    return get_visible(user, Organisation.objects.all(), pk=pk)


def members(user: Any, org: Organisation) -> QuerySet[User]:
    return visible(user, User.objects.filter(organisation=org)).order_by("username")


def own_tokens(user: Any) -> QuerySet[ApiToken]:
    """A token is personal: even the platform administrator sees only their own here."""
    return ApiToken.objects.filter(user=user) if user.is_authenticated else ApiToken.objects.none()


def own_token(user: Any, pk: int) -> ApiToken:
    return get_visible(user, own_tokens(user), pk=pk)


def audit_trail(user: Any) -> QuerySet[AuditRecord]:
    return visible(user, AuditRecord.objects.all()).order_by("-id")
