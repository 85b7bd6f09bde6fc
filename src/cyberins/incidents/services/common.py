"""Helpers shared by the incident services: times, amounts, the locked case, timeline entries."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from cyberins.accounts.errors import DomainError, NotFound
from cyberins.accounts.models import User
from cyberins.accounts.scoping import visible
from cyberins.incidents.errors import IncidentsError as E
from cyberins.incidents.models import (
    Incident,
    Stage,
    TimelineEntry,
)
from cyberins.terms import require_aware


def _require_aware(value: datetime, field: str) -> datetime:
    if not isinstance(value, datetime) or value.tzinfo is None:
        raise DomainError(E.INVALID_TIME, _("Give the time with its time zone."), field=field)
    return require_aware(value, field)


def add_entry(
    incident: Incident,
    kind: str,
    text: str,
    *,
    at: datetime,
    now: datetime,
    actor: Any = None,
    details: dict[str, Any] | None = None,
) -> TimelineEntry:
    made = entry(incident, kind, text, at=at, now=now, actor=actor, details=details)
    made.save()
    return made


def entry(
    incident: Incident,
    kind: str,
    text: str,
    *,
    at: datetime,
    now: datetime,
    actor: Any = None,
    details: dict[str, Any] | None = None,
) -> TimelineEntry:
    """A timeline entry not yet saved: :func:`add_entry` saves one, the clock tick inserts many at once."""
    return TimelineEntry(
        incident=incident,
        at=at,
        kind=kind,
        text=text,
        details=details or {},
        actor=actor if isinstance(actor, User) else None,
        recorded_at=now,
    )


#: The largest amounts the columns hold (direct loss: 14 digits, outage hours: 8, both to the cent).
LIMITS = {"direct_loss": Decimal("999999999999.99"), "critical_outage_hours": Decimal("999999.99")}


def _decimal(value: Any, field: str) -> Decimal:
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise DomainError(E.INVALID_CHOICE, _("Enter a number."), field=field) from None
    if not amount.is_finite() or amount < 0 or amount > LIMITS[field]:
        raise DomainError(E.INVALID_CHOICE, _("Enter a number of zero or more."), field=field)
    return amount.quantize(Decimal("0.01"))


def _not_found() -> Any:
    raise NotFound()


def _locked(actor: Any, incident: Incident) -> Incident:
    found = visible(actor, Incident.objects.all()).filter(pk=incident.pk).values_list("pk", flat=True).first()
    if found is None:
        raise NotFound()
    return Incident.objects.select_for_update().get(pk=found)


def _writer(actor: User, incident: Incident) -> Incident:
    incident = _locked(actor, incident)
    if incident.stage == Stage.CLOSED:
        raise DomainError(E.INCIDENT_CLOSED, _("This incident is closed."), field="stage")
    return incident
