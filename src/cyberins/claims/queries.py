"""Scoped reads: the insured sees its claims, the insurer those on its policies, the provider those it
responded to (its direct payments), the platform all; anything else answers 404."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from cyberins.accounts.scoping import get_visible, visible
from cyberins.claims.models import Claim


def claims(user: Any) -> QuerySet[Claim]:
    return visible(user, Claim.objects.select_related("policy", "incident", "insured", "insurer", "provider"))


def claim(user: Any, pk: int) -> Claim:
    return get_visible(user, claims(user), pk=pk)
