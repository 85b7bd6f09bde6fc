"""Who may do what in the health-check app (the platform administrator may do everything)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from cyberins.accounts.errors import NotFound
from cyberins.accounts.roles import Role
from cyberins.accounts.scoping import sees_everything
from cyberins.healthchecks.models import HealthCheck, HealthCheckKind

#: who declares assets, authorises and starts checks for an insured (besides the platform administrator)
INSURED_ROLES = (Role.APPLICANT,)
#: who formally notifies findings (besides the platform administrator)
NOTIFIER_ROLES = (Role.UNDERWRITER, Role.PROVIDER_MANAGER)
#: the scheduled checks under a policy, whose findings fall under the remediation warranty
NOTIFIABLE_KINDS = (HealthCheckKind.FIXED_INSPECTION, HealthCheckKind.VULNERABILITY_SCAN)

#: application statuses by which an insurer has a submitted application of the organisation (an allow-list:
#: a draft, a declined or a withdrawn application, or any status added later, gives no access)
SUBMITTED_APPLICATION_STATUSES = ("referred", "accepted", "bound")


def insurer_stake(insurer_id: int) -> Q:
    """Health checks of organisations that applied to this insurer (submitted) or hold a policy of it.

    An insurer weighs an organisation's health checks while it underwrites or insures it; a draft it
    never received, or an application it declined, does not open the organisation's checks to it.
    Applications and policies are named by lookup (those apps sit above this one).
    """
    return Q(
        organisation__applications__insurer=insurer_id,
        organisation__applications__status__in=SUBMITTED_APPLICATION_STATUSES,
    ) | Q(organisation__policies__insurer=insurer_id)


def who_sees_checks(user: Any) -> Q:
    """The health checks ``user`` may see: its own organisation's, and those of an insurer's stake."""
    if sees_everything(user):
        return Q()
    organisation_id = getattr(user, "organisation_id", None)
    if organisation_id is None:
        return Q(pk__in=[])
    return Q(organisation=organisation_id) | Q(
        pk__in=HealthCheck.objects.filter(insurer_stake(organisation_id)).values("pk")
    )


def require_sees_check(user: Any, check: HealthCheck) -> None:
    """404 unless ``user`` may see ``check`` now (a notifier's stake may have ended since it loaded)."""
    if not HealthCheck.objects.filter(who_sees_checks(user), pk=check.pk).exists():
        raise NotFound()
