"""Reads: the public catalogue (published versions, for every signed-in user) and managed versions."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from cyberins.accounts.errors import NotFound
from cyberins.accounts.prepared import Prepared
from cyberins.accounts.schema_types import INT64_MAX, INT64_MIN
from cyberins.accounts.scoping import get_visible, visible
from cyberins.products.models import ProductVersion, VersionStatus

_RELATED = ("product", "product__insurer")


def published_versions() -> QuerySet[ProductVersion]:
    """What can be applied for: the catalogue is public to every signed-in user."""
    return ProductVersion.objects.filter(status=VersionStatus.PUBLISHED).select_related(*_RELATED)


#: every application reads it: compiled once (accounts/prepared.py)
_PUBLISHED: Prepared[ProductVersion] = Prepared(lambda pk: published_versions().filter(pk=pk), -7_000_001)


def published_version(pk: int) -> ProductVersion:
    if not INT64_MIN <= pk <= INT64_MAX:  # the compiled read passes the value to the database as it is
        raise NotFound("products.version_not_available")
    found = _PUBLISHED(pk)
    if not found:
        raise NotFound("products.version_not_available")
    return found[0]


def managed_versions(user: Any) -> QuerySet[ProductVersion]:
    """Every version of the products the user's insurer sells (all of them for the platform)."""
    return visible(user, ProductVersion.objects.select_related(*_RELATED))


def managed_version(user: Any, pk: int) -> ProductVersion:
    return get_visible(user, managed_versions(user), pk=pk)
