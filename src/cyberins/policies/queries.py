from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from cyberins.accounts.errors import NotFound
from cyberins.accounts.scoping import get_visible, visible
from cyberins.policies.models import Instalment, Policy

_RELATED = ("insured", "insurer", "product_version__product", "plan")


def policies(user: Any) -> QuerySet[Policy]:
    return visible(user, Policy.objects.select_related(*_RELATED))


def policy(user: Any, pk: int) -> Policy:
    return get_visible(user, policies(user), pk=pk)


def policy_by_number(user: Any, number: str) -> Policy:
    return get_visible(user, policies(user), number=number)


def instalment(user: Any, policy_pk: int, sequence: int) -> Instalment:
    found = get_visible(user, policies(user), pk=policy_pk).instalments.filter(sequence=sequence).first()
    if found is None:
        raise NotFound()
    return found
