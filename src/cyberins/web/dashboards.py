"""What each role's dashboard shows. Capabilities add their panels as they land."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from cyberins.accounts.roles import Role


@dataclass(frozen=True)
class Dashboard:
    role: str
    title: str | Promise
    intro: str | Promise
    links: list[str] = field(default_factory=list)


DASHBOARDS: dict[str, Dashboard] = {
    Role.PLATFORM_ADMIN: Dashboard(
        Role.PLATFORM_ADMIN,
        _("Platform operations"),
        _("Run the platform: organisations, users, products, the provider network and the audit trail."),
        [
            "products:releases",
            "policies:list",
            "audit",
            "providers:network",
            "incidents:list",
            "incidents:board",
            "analytics:portfolio",
            "claims:list",
        ],
    ),
    Role.UNDERWRITER: Dashboard(
        Role.UNDERWRITER,
        _("Underwriting workbench"),
        _("Applications referred to you, quotes and policies your company underwrites."),
        [
            "underwriting:workbench",
            "underwriting:list",
            "policies:list",
            "healthchecks:list",
            "providers:orders",
            "analytics:portfolio",
            "incidents:list",
        ],
    ),
    Role.CLAIMS_HANDLER: Dashboard(
        Role.CLAIMS_HANDLER,
        _("Claims desk"),
        _("Incidents reported under your company's policies, loss assessments and settlements."),
        ["claims:list", "policies:list", "providers:orders", "incidents:list"],
    ),
    Role.ACTUARY: Dashboard(
        Role.ACTUARY,
        _("Actuarial desk"),
        _("Assumption sets, pricing models and the portfolio's loss distribution."),
        ["analytics:portfolio", "products:releases", "products:catalogue"],
    ),
    Role.HOTLINE_AGENT: Dashboard(
        Role.HOTLINE_AGENT,
        _("Hotline"),
        _("Register incident reports (保险报案) and transfer them to the emergency-response provider."),
        ["incidents:list", "policies:list"],
    ),
    Role.APPLICANT: Dashboard(
        Role.APPLICANT,
        _("My cyber insurance"),
        _("Your health checks, applications, policies, incidents and claims."),
        [
            "products:catalogue",
            "healthchecks:list",
            "underwriting:list",
            "policies:list",
            "providers:orders",
            "incidents:list",
            "claims:list",
        ],
    ),
    Role.PROVIDER_ENGINEER: Dashboard(
        Role.PROVIDER_ENGINEER,
        _("Service cases"),
        _("Emergency-response cases and service orders dispatched to your team."),
        ["providers:engineer", "incidents:list"],
    ),
    Role.PROVIDER_MANAGER: Dashboard(
        Role.PROVIDER_MANAGER,
        _("Provider management"),
        _("Your company's profile, certifications, price book and the cases dispatched to it."),
        ["providers:manager", "policies:list", "incidents:list", "claims:list"],
    ),
}


def dashboard_for(user: Any, role: str) -> Dashboard | None:
    """The dashboard of ``role`` if the user holds it."""
    if role not in user.roles:
        return None
    return DASHBOARDS.get(role)
