"""The to-do counts on each role's dashboard: what waits for this user's action, each a link to the page
where it is done. Every count reads through the scoping rule, so it counts only the user's own records."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from cyberins.accounts.models import Registration
from cyberins.accounts.registration_model import RegistrationStatus
from cyberins.accounts.roles import Role
from cyberins.accounts.scoping import sees_everything
from cyberins.healthchecks.models import RemediationItem
from cyberins.healthchecks.remediation_models import OPEN_STATUSES
from cyberins.incidents.models import Incident, Stage
from cyberins.notifications.queries import unread_count
from cyberins.policies.models import Instalment, PolicyStatus
from cyberins.providers.models import ACTIVE_STATUSES, Engagement, Offer, OfferStatus
from cyberins.terms import local_date
from cyberins.underwriting.models import Application, ApplicationStatus, Quote, QuoteStatus


@dataclass(frozen=True)
class Todo:
    label: str | Promise
    url_name: str
    count: Callable[[Any], int]


def _own(user: Any, queryset: QuerySet[Any], organisation_field: str) -> QuerySet[Any]:
    """The records where the user's organisation is on ``organisation_field``'s side (an administrator: all).

    Filtering on that field is narrower than the scoping rule (which admits every party), as a to-do
    counts only what waits for this side."""
    if sees_everything(user):
        return queryset
    if user.organisation_id is None:
        return queryset.none()
    return queryset.filter(**{organisation_field: user.organisation_id})


def _referrals(user: Any) -> int:
    return _own(user, Application.objects.filter(status=ApplicationStatus.REFERRED), "insurer").count()


def _quotes(user: Any) -> int:
    active = Quote.objects.filter(status=QuoteStatus.ACTIVE, valid_until__gte=local_date(timezone.now()))
    return _own(user, active, "application__applicant").count()


def _instalments(user: Any) -> int:
    unpaid = Instalment.objects.filter(paid_at__isnull=True, policy__status=PolicyStatus.ISSUED)
    return _own(user, unpaid, "policy__insured").count()


def _remediation(user: Any) -> int:
    return _own(user, RemediationItem.objects.filter(status__in=OPEN_STATUSES), "organisation").count()


def _open_incidents(user: Any) -> int:
    return _own(user, Incident.objects.exclude(stage=Stage.CLOSED), "insurer").count()


def _new_reports(user: Any) -> int:
    return _own(user, Incident.objects.filter(stage=Stage.REPORTED), "insurer").count()


def _escalated(user: Any) -> int:
    return Incident.objects.exclude(stage=Stage.CLOSED).filter(escalated_at__isnull=False).count()


def _registrations(user: Any) -> int:
    return Registration.objects.filter(status=RegistrationStatus.VERIFIED).count()


def _offers(user: Any) -> int:
    return _own(user, Offer.objects.filter(status=OfferStatus.PENDING), "provider__organisation").count()


def _my_engagements(user: Any) -> int:
    return Engagement.objects.filter(engineer=user, status__in=ACTIVE_STATUSES).count()


TODOS: dict[str, list[Todo]] = {
    Role.UNDERWRITER: [Todo(_("Referrals waiting for your decision"), "underwriting:workbench", _referrals)],
    Role.APPLICANT: [
        Todo(_("Quotes to accept"), "underwriting:list", _quotes),
        Todo(_("Instalments to pay"), "policies:list", _instalments),
        Todo(_("Remediation notices open"), "healthchecks:items", _remediation),
    ],
    Role.HOTLINE_AGENT: [Todo(_("New incident reports"), "incidents:list", _new_reports)],
    Role.CLAIMS_HANDLER: [Todo(_("Open incidents"), "incidents:list", _open_incidents)],
    Role.PROVIDER_MANAGER: [Todo(_("Offers waiting for your answer"), "providers:manager", _offers)],
    Role.PROVIDER_ENGINEER: [Todo(_("Engagements assigned to you"), "providers:engineer", _my_engagements)],
    Role.PLATFORM_ADMIN: [
        Todo(_("Escalated incidents"), "incidents:list", _escalated),
        Todo(_("Registrations waiting for approval"), "registrations", _registrations),
    ],
}


def todos_for(user: Any, role: str) -> list[dict[str, Any]]:
    """The role's to-do items with their counts, and the unread notifications first."""
    items = [
        {
            "label": _("Unread notifications"),
            "url": reverse("notifications:inbox"),
            "count": unread_count(user),
        }
    ]
    items += [
        {"label": todo.label, "url": reverse(todo.url_name), "count": todo.count(user)}
        for todo in TODOS.get(role, [])
    ]
    return items
