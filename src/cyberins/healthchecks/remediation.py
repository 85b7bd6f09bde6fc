"""The remediation loop (特别约定: remediation warranty): notify findings, the insured marks them
fixed, and a later health check confirms (closes) or refutes (reopens) each fix.

Every status change is written to :class:`RemediationEvent` with its time, so the state at any
past moment can be replayed (``queries.open_items_at``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cyberins.accounts.audit import audited, record_change
from cyberins.accounts.errors import DomainError, InvalidState
from cyberins.accounts.models import User
from cyberins.accounts.scoping import require_role
from cyberins.accounts.transitions import transition
from cyberins.healthchecks import notices
from cyberins.healthchecks.models import (
    OPEN_STATUSES,
    Finding,
    HealthCheck,
    ItemStatus,
    RemediationEvent,
    RemediationItem,
)
from cyberins.healthchecks.permissions import (
    INSURED_ROLES,
    NOTIFIABLE_KINDS,
    NOTIFIER_ROLES,
    require_sees_check,
)
from cyberins.scanner import TargetStatus


def _event(item: RemediationItem, action: str, to_status: str, **fields: object) -> None:
    RemediationEvent.objects.create(
        item=item, action=action, from_status=item.status, to_status=to_status, **fields
    )


def _notice_moment(now: datetime | None, health_check: HealthCheck) -> datetime:
    present = timezone.now()
    if now is None:
        return present
    finished = health_check.finished_at
    if timezone.is_naive(now) or now > present or (finished is not None and now < finished):
        raise DomainError(
            "healthchecks.invalid_notice_time",
            _("The notice time must be timezone-aware, after the check ended and not in the future."),
            field="now",
        )
    return now


@audited
def do_notify_findings(
    *,
    actor: User,
    health_check: HealthCheck,
    findings: Sequence[Finding] | None = None,
    now: datetime | None = None,
) -> list[RemediationItem]:
    """Formally notify the insured (正式通知): each finding with a deadline becomes a remediation item.

    The remediation window (KEV 14 days, critical 15, high 30, medium 90) runs from the notice.
    A problem already tracked by an open item is not notified twice. ``now`` (default: the present)
    is the moment of the notice - a past moment records a notice given then (demo data, tests, a
    notice given on paper and entered later); it cannot precede the check's end nor lie ahead.
    """
    require_role(actor, *NOTIFIER_ROLES)
    require_sees_check(actor, health_check)
    if health_check.kind not in NOTIFIABLE_KINDS:
        raise InvalidState(
            "healthchecks.not_notifiable",
            _("Only findings of a fixed inspection or a basic vulnerability scan are notified."),
        )
    if not health_check.is_finished:
        raise InvalidState("healthchecks.not_finished", _("The health check has not finished yet."))
    candidates = list(health_check.findings.filter(due_at__isnull=False))
    if findings is not None:
        wanted = {f.pk for f in findings}
        if not wanted <= {f.pk for f in candidates}:
            raise DomainError(
                "healthchecks.not_notifiable_finding",
                _("Only findings of this health check with a remediation deadline can be notified."),
                field="findings",
            )
        candidates = [f for f in candidates if f.pk in wanted]
    tracked = set(
        RemediationItem.objects.filter(
            organisation=health_check.organisation_id, status__in=OPEN_STATUSES
        ).values_list("fingerprint", flat=True)
    )
    now = _notice_moment(now, health_check)
    assessed_at = health_check.started_at or health_check.requested_at
    items = []
    for finding in candidates:
        if finding.fingerprint in tracked or hasattr(finding, "remediation_item"):
            continue
        assert finding.due_at is not None
        item = RemediationItem.objects.create(
            organisation_id=health_check.organisation_id,
            finding=finding,
            fingerprint=finding.fingerprint,
            status=ItemStatus.NOTIFIED,
            notified_at=now,
            notified_by=actor,
            due_at=now + (finding.due_at - assessed_at),
            last_seen_at=assessed_at,
        )
        RemediationEvent.objects.create(
            item=item, at=now, action="notify", to_status=ItemStatus.NOTIFIED, actor=actor
        )
        tracked.add(finding.fingerprint)
        items.append(item)
    if not items:
        raise InvalidState("healthchecks.nothing_to_notify", _("There is nothing new to notify."))
    after = {"notified_at": now, "items": [{"id": i.pk, "due_at": i.due_at} for i in items]}
    record_change(actor=actor, obj=health_check, action="health_check.notify", after=after, now=now)
    notices.remediation_notified(health_check, items, now=now)
    return items


@audited
def do_mark_item_fixed(
    *, actor: User, item: RemediationItem, fixed_at: datetime | None = None, note: str = ""
) -> RemediationItem:
    """The insured reports a fix; the item stays open until a rescan no longer finds the problem."""
    require_role(actor, *INSURED_ROLES)
    item = RemediationItem.objects.select_for_update().get(pk=item.pk)
    if item.status != ItemStatus.NOTIFIED:
        raise InvalidState("healthchecks.item_not_open", _("Only a notified, open item can be marked fixed."))
    now = timezone.now()
    fixed_at = fixed_at or now
    if timezone.is_naive(fixed_at) or fixed_at > now:
        raise DomainError(
            "healthchecks.fixed_in_future", _("The fix cannot be dated in the future."), field="fixed_at"
        )
    _event(item, "mark_fixed", ItemStatus.FIXED, at=now, actor=actor, note=note.strip()[:300])
    transition(
        item,
        ItemStatus.FIXED,
        actor=actor,
        now=now,
        reason=note.strip()[:300],
        changes={"fixed_at": fixed_at},
    )
    return item


def assessed_services(check: HealthCheck) -> set[tuple[str, int]]:
    """(host, port) pairs this check assessed completely: only there can absence confirm a fix."""
    done = set()
    for target in check.target_results:
        if target["status"] == TargetStatus.REFUSED.value:
            continue
        for service in target["services"]:
            if service["complete"]:
                done.add((service["host"], service["port"]))
    return done


def reconcile_items(check: HealthCheck) -> None:
    """Close open items whose problem this check no longer finds; keep (or reopen) those still present.

    Only services the check assessed completely count: an incomplete or unscanned service proves nothing.
    """
    assessed = assessed_services(check)
    present = {f.fingerprint for f in check.findings.all()}
    now = timezone.now()
    seen_at = check.started_at or now
    open_items = RemediationItem.objects.select_for_update().filter(
        organisation=check.organisation_id, status__in=OPEN_STATUSES, notified_at__lte=seen_at
    )
    for item in open_items.select_related("finding"):
        finding = item.finding
        if finding.health_check_id == check.pk or (finding.host, finding.port) not in assessed:
            continue
        changes: dict[str, object]
        if item.fingerprint in present:
            action, new_status = "still_present", ItemStatus.NOTIFIED
            changes = {"last_seen_at": seen_at, "fixed_at": None}
        else:
            action, new_status = "confirm_closed", ItemStatus.CLOSED
            changes = {
                "closed_at": now,
                "closed_by_check_id": check.pk,
                "remediated_at": min(item.fixed_at, seen_at) if item.fixed_at else seen_at,
            }
        RemediationEvent.objects.create(
            item=item,
            at=now,
            action=action,
            from_status=item.status,
            to_status=new_status,
            health_check=check,
        )
        details = {"health_check": check.pk}
        if not transition(item, new_status, actor=None, now=now, changes=changes, details=details):
            # Seen again while still notified: no move, but the sighting is recorded all the same.
            before = {name: getattr(item, name) for name in changes}
            for name, value in changes.items():
                setattr(item, name, value)
            item.save(update_fields=list(changes))
            record_change(
                actor=None,
                obj=item,
                action=f"remediation_item.{action}",
                before=before,
                after={"status": new_status, **changes, **details},
            )
