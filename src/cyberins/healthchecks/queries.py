"""Scoped reads for pages and the API, and the accessors other apps call.

``latest_grade`` (underwriting), ``open_items_at`` and ``remediation_evidence`` (claims) take an
organisation the calling app has already authorised the user for; they do not scope again.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from cyberins.accounts.models import Organisation
from cyberins.accounts.scoping import get_visible, visible
from cyberins.healthchecks.models import (
    Asset,
    Finding,
    HealthCheck,
    HealthCheckKind,
    HealthCheckStatus,
    ItemStatus,
    RemediationEvent,
    RemediationItem,
    ScanAuthorisation,
)
from cyberins.healthchecks.permissions import who_sees_checks
from cyberins.terms import FindingEvidence


def assets(user: Any, *, include_retired: bool = False) -> QuerySet[Asset]:
    found = visible(user, Asset.objects.select_related("organisation"))
    return found if include_retired else found.filter(retired_at__isnull=True)


def asset(user: Any, pk: int) -> Asset:
    return get_visible(user, Asset.objects.all(), pk=pk)


def authorisations(user: Any) -> QuerySet[ScanAuthorisation]:
    return visible(user, ScanAuthorisation.objects.select_related("organisation")).prefetch_related("assets")


def authorisation(user: Any, pk: int) -> ScanAuthorisation:
    return get_visible(user, ScanAuthorisation.objects.all(), pk=pk)


def health_checks(user: Any) -> QuerySet[HealthCheck]:
    """The scoping rule, narrowed for insurers to a submitted application or a policy (permissions)."""
    return visible(user, HealthCheck.objects.select_related("organisation")).filter(who_sees_checks(user))


def health_check(user: Any, pk: int) -> HealthCheck:
    return get_visible(
        user, HealthCheck.objects.select_related("organisation").filter(who_sees_checks(user)), pk=pk
    )


def findings(check: HealthCheck) -> list[Finding]:
    """The findings of a check the caller already holds through :func:`health_check`, worst first."""
    rows = list(check.findings.select_related("asset", "remediation_item"))
    order = {"critical": 0, "high": 1, "medium": 2, "low": 3, "info": 4}
    return sorted(rows, key=lambda f: (order[f.severity], f.target, f.check_id))


def finding(user: Any, pk: int) -> Finding:
    """A finding of a check ``user`` may see (404 otherwise, e.g. another organisation's)."""
    return get_visible(
        user,
        Finding.objects.select_related("health_check", "asset").filter(
            health_check__in=HealthCheck.objects.filter(who_sees_checks(user))
        ),
        pk=pk,
    )


def latest_verifications(rows: Collection[Finding]) -> dict[int, HealthCheck]:
    """finding id → its latest fix verification, for the findings shown."""
    latest: dict[int, HealthCheck] = {}
    checks = HealthCheck.objects.filter(verifies__in=[f.pk for f in rows]).order_by("requested_at", "pk")
    for check in checks:
        assert check.verifies_id is not None
        latest[check.verifies_id] = check
    return latest


def remediation_items(user: Any) -> QuerySet[RemediationItem]:
    return visible(
        user, RemediationItem.objects.select_related("organisation", "finding", "finding__health_check")
    )


def remediation_item(user: Any, pk: int) -> RemediationItem:
    return get_visible(
        user,
        RemediationItem.objects.select_related("finding").prefetch_related(
            Prefetch("events", queryset=RemediationEvent.objects.order_by("at", "pk"))
        ),
        pk=pk,
    )


def authorised_assets(organisation: Organisation | int, moment: datetime) -> QuerySet[Asset]:
    """Active assets of the organisation covered by an authorisation in force at ``moment``."""
    in_force = ScanAuthorisation.objects.filter(
        Q(valid_until__isnull=True) | Q(valid_until__gt=moment),
        organisation=organisation,
        revoked_at__isnull=True,
        authorised_at__lte=moment,
    )
    return Asset.objects.filter(
        organisation=organisation,
        retired_at__isnull=True,
        pk__in=in_force.values("assets"),
    )


def _a_year_before(moment: datetime) -> datetime:
    try:
        return moment.replace(year=moment.year - 1)
    except ValueError:  # 29 February
        return moment.replace(year=moment.year - 1, day=28)


def latest_complete_check(
    organisation: Organisation | int, *, now: datetime | None = None
) -> HealthCheck | None:
    """The organisation's latest complete check of the last 12 months (an incomplete one never counts,
    nor does a fix verification: it rescans one service, it is not an assessment of the organisation)."""
    return _complete_in_last_year(organisation, now).first()


#: what the rules and the pricing read from a check: a scan's results (``target_results``, often many kB
#: of JSON) are not read and decoded for every quote
RATING_FIELDS = ("grade", "premium_modifier", "triggers")


def latest_rating_check(
    organisation: Organisation | int, *, now: datetime | None = None
) -> HealthCheck | None:
    """:func:`latest_complete_check` with only ``RATING_FIELDS`` loaded (others are read on access)."""
    return _complete_in_last_year(organisation, now).only(*RATING_FIELDS).first()


def _complete_in_last_year(organisation: Organisation | int, now: datetime | None) -> QuerySet[HealthCheck]:
    now = now or timezone.now()
    return (
        HealthCheck.objects.filter(
            organisation=organisation,
            status=HealthCheckStatus.DONE,
            finished_at__gt=_a_year_before(now),
            finished_at__lte=now,
        )
        .exclude(kind=HealthCheckKind.FIX_VERIFICATION)
        .order_by("-finished_at", "-pk")
    )


def latest_grade(
    organisation: Organisation | int, *, now: datetime | None = None
) -> tuple[str, tuple[str, ...]]:
    """(grade, trigger codes) of :func:`latest_complete_check`; ``("", ())`` if none.

    Trigger codes are the scanner's (``kev_ransomware``, ``kev``, ``unauth_datastore``,
    ``kev_possible``, ``incomplete``).
    """
    latest = latest_rating_check(organisation, now=now)
    if latest is None:
        return "", ()
    return latest.grade, tuple(str(t["code"]) for t in latest.triggers)


@dataclass(frozen=True)
class ItemAtMoment:
    """A remediation item as it stood at a past moment."""

    item: RemediationItem
    status: str
    overdue: bool


def open_items_at(organisation: Organisation | int, moment: datetime) -> list[ItemAtMoment]:
    """Items open (notified or marked fixed but not yet confirmed) at ``moment``, replayed from history.

    ``overdue`` is true when the item's deadline had passed at ``moment``.
    """
    items = RemediationItem.objects.filter(
        organisation=organisation, notified_at__lte=moment
    ).prefetch_related(
        Prefetch("events", queryset=RemediationEvent.objects.filter(at__lte=moment).order_by("at", "pk"))
    )
    states = []
    for item in items.select_related("finding"):
        events = list(item.events.all())
        if not events:
            continue
        status = events[-1].to_status
        if status != ItemStatus.CLOSED:
            states.append(ItemAtMoment(item, status, overdue=item.due_at < moment))
    return sorted(states, key=lambda s: (s.item.due_at, s.item.pk))


def remediation_evidence(
    organisation: Organisation | int, incident_at: datetime, *, related: Collection[int] = ()
) -> list[FindingEvidence]:
    """Every item notified no later than ``incident_at``, as evidence for the remediation warranty.

    ``related`` names the items (by id) proven directly related to the incident; the reference
    of each evidence is ``RI-<id> <check> <target>``. Use ``FindingEvidence.breached(incident_at)``.
    """
    rows = RemediationItem.objects.filter(organisation=organisation, notified_at__lte=incident_at)
    return [
        FindingEvidence(
            notified_at=item.notified_at,
            due_at=item.due_at,
            remediated_at=item.remediated_at,
            directly_related=item.pk in related,
            reference=f"RI-{item.pk} {item.finding.check_id} {item.finding.target}",
        )
        for item in rows.select_related("finding").order_by("notified_at", "pk")
    ]


def progress(check: HealthCheck) -> dict[str, Any]:
    return {"done": check.progress_done, "total": check.progress_total, "percent": check.progress_percent}
