"""The navigation: each entry names the roles that may use it; a user sees only those entries.

Later capabilities add their entries to ``ENTRIES``; ``None`` roles means every signed-in user. The
user's own organisation and API tokens are reached from the name in the header (base.html), not from
here: with them an insurer desk's entries no longer fit beside the header's tools on one row at 1366 px.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from cyberins.accounts.roles import Role
from cyberins.accounts.scoping import sees_everything


@dataclass(frozen=True)
class NavEntry:
    url_name: str
    label: str | Promise
    roles: frozenset[str] | None = None
    #: a role's own work queue (the underwriter's workbench, the engineer's orders): the platform
    #: administrator, who sees everything, reaches that work through the other entries instead
    personal: bool = False

    def allows(self, user: Any) -> bool:
        if self.roles is None or user.has_role(*self.roles):
            return True
        return sees_everything(user) and not self.personal


INSURER_DESK = frozenset({Role.UNDERWRITER, Role.CLAIMS_HANDLER, Role.ACTUARY, Role.HOTLINE_AGENT})

ENTRIES: list[NavEntry] = [
    NavEntry("dashboard", _("Dashboard")),
    NavEntry("products:catalogue", _("Products")),
    NavEntry("healthchecks:list", _("Health checks"), frozenset({Role.APPLICANT, Role.UNDERWRITER})),
    NavEntry("underwriting:list", _("Applications"), frozenset({Role.APPLICANT, Role.UNDERWRITER})),
    NavEntry("underwriting:workbench", _("Workbench"), frozenset({Role.UNDERWRITER}), personal=True),
    NavEntry("policies:list", _("Policies"), INSURER_DESK | {Role.APPLICANT, Role.PROVIDER_MANAGER}),
    NavEntry("products:releases", _("Releases"), frozenset({Role.ACTUARY})),
    NavEntry("providers:manager", _("Provider desk"), frozenset({Role.PROVIDER_MANAGER}), personal=True),
    NavEntry("providers:engineer", _("My orders"), frozenset({Role.PROVIDER_ENGINEER}), personal=True),
    NavEntry("providers:orders", _("Service orders"), INSURER_DESK | {Role.APPLICANT}),
    NavEntry("providers:network", _("Provider network"), frozenset({Role.PLATFORM_ADMIN})),
    NavEntry("analytics:portfolio", _("Portfolio"), frozenset({Role.ACTUARY, Role.UNDERWRITER})),
    NavEntry(
        "incidents:list",
        _("Incidents"),
        INSURER_DESK | {Role.APPLICANT, Role.PROVIDER_MANAGER, Role.PROVIDER_ENGINEER},
    ),
    NavEntry("incidents:board", _("SLA board"), frozenset({Role.PLATFORM_ADMIN})),
    NavEntry(
        "claims:list", _("Claims"), frozenset({Role.CLAIMS_HANDLER, Role.APPLICANT, Role.PROVIDER_MANAGER})
    ),
    NavEntry("audit", _("Audit trail"), frozenset({Role.PLATFORM_ADMIN})),
    NavEntry("registrations", _("Registrations"), frozenset({Role.PLATFORM_ADMIN})),
]


def entries_for(user: Any) -> list[dict[str, Any]]:
    if not getattr(user, "is_authenticated", False):
        return []
    return [
        {"url": reverse(e.url_name), "label": e.label, "name": e.url_name} for e in ENTRIES if e.allows(user)
    ]


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Template context processor."""
    return {"nav_entries": entries_for(request.user)}
