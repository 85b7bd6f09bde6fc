"""Organisation kinds and roles (DESIGN.md, "Roles"): which roles belong to which kind."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    PLATFORM = "platform", _("Platform operator")
    INSURER = "insurer", _("Insurer")
    INSURED = "insured", _("Insured enterprise")
    PROVIDER = "provider", _("Service provider")


class Role(models.TextChoices):
    PLATFORM_ADMIN = "platform_admin", _("Platform administrator")
    UNDERWRITER = "underwriter", _("Underwriter")
    CLAIMS_HANDLER = "claims_handler", _("Claims handler")
    ACTUARY = "actuary", _("Actuary")
    HOTLINE_AGENT = "hotline_agent", _("Hotline agent")
    APPLICANT = "applicant", _("Applicant")
    PROVIDER_ENGINEER = "provider_engineer", _("Provider engineer")
    PROVIDER_MANAGER = "provider_manager", _("Provider manager")


ROLES_OF_KIND: dict[str, frozenset[str]] = {
    OrganisationKind.PLATFORM: frozenset({Role.PLATFORM_ADMIN}),
    OrganisationKind.INSURER: frozenset(
        {Role.UNDERWRITER, Role.CLAIMS_HANDLER, Role.ACTUARY, Role.HOTLINE_AGENT}
    ),
    OrganisationKind.INSURED: frozenset({Role.APPLICANT}),
    OrganisationKind.PROVIDER: frozenset({Role.PROVIDER_ENGINEER, Role.PROVIDER_MANAGER}),
}
