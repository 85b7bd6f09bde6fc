"""Reads: the public catalogue (published versions, for every signed-in user) and managed versions."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from cyberins.accounts.errors import NotFound
from cyberins.accounts.scoping import get_visible, visible
from cyberins.products.models import ProductVersion, VersionStatus

_RELATED = ("product", "product__insurer")


def published_versions() -> QuerySet[ProductVersion]:
    """What can be applied for: the catalogue is public to every signed-in user."""
    return ProductVersion.objects.filter(status=VersionStatus.PUBLISHED).select_related(*_RELATED)


def published_version(pk: int) -> ProductVersion:
    try:  # by primary key: get() reads without the ORDER BY that first() adds
        return published_versions().get(pk=pk)
    except ProductVersion.DoesNotExist:
        raise NotFound("products.version_not_available") from None


def managed_versions(user: Any) -> QuerySet[ProductVersion]:
    """Every version of the products the user's insurer sells (all of them for the platform)."""
    return visible(user, ProductVersion.objects.select_related(*_RELATED))


def managed_version(user: Any, pk: int) -> ProductVersion:
    return get_visible(user, managed_versions(user), pk=pk)
