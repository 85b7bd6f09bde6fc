"""Scoped reads: the insured sees its own incidents, the insurer those on its policies, a provider only
the cases dispatched to it (accepted), the platform all; anything else answers 404."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from cyberins.accounts.scoping import get_visible, visible
from cyberins.incidents.models import Incident


def incidents(user: Any) -> QuerySet[Incident]:
    return visible(user, Incident.objects.select_related("policy", "reporting_org", "insurer", "provider"))


def incident(user: Any, pk: int) -> Incident:
    return get_visible(user, incidents(user), pk=pk)
