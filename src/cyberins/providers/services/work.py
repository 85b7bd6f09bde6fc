"""The work on an accepted engagement: the engineer, the work log, the report, completion and the insured's
rating."""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _

from cyberins.accounts.audit import audited, record_change
from cyberins.accounts.errors import DomainError, InvalidState, NotFound
from cyberins.accounts.models import User
from cyberins.accounts.roles import Role
from cyberins.accounts.scoping import require_role, sees_everything
from cyberins.providers.errors import ProviderErrorCode as E
from cyberins.providers.models import Engagement, EngagementStatus, Engineer, WorkLog
from cyberins.providers.services.lifecycle import lock_own_engagement, move_engagement, run_completion_guards
from cyberins.terms import local_date

MAX_REPORT_BYTES = 20 * 1024 * 1024
S = EngagementStatus


def _require_status(engagement: Engagement, *statuses: str) -> None:
    if engagement.status not in statuses:
        raise InvalidState(
            E.WRONG_STATUS,
            _("This cannot be done in the current state (%(state)s)."),
            field="status",
            state=engagement.get_status_display(),
        )


@audited
def do_assign_engineer(*, actor: User, engagement: Engagement, engineer: User, now: datetime) -> Engagement:
    require_role(actor, Role.PROVIDER_MANAGER)
    engagement = lock_own_engagement(actor, engagement)
    _require_status(engagement, S.ACCEPTED, S.ASSIGNED)
    assert engagement.provider is not None
    if engineer.organisation_id != engagement.provider.organisation_id or not engineer.has_role(
        Role.PROVIDER_ENGINEER
    ):
        raise DomainError(E.NOT_AN_ENGINEER, _("Choose an engineer of your company."), field="engineer")
    previous = engagement.engineer_id
    engagement.engineer = engineer
    if not move_engagement(engagement, S.ASSIGNED, actor=actor, now=now, fields=["engineer"]):
        engagement.save(update_fields=["engineer"])
    record_change(actor=actor, obj=engagement, action="engagement.assign_engineer",
                  before={"engineer": previous}, after={"engineer": engineer.pk}, now=now)  # fmt: skip
    return engagement


def _engineer_of(actor: User, engagement: Engagement) -> None:
    require_role(actor, Role.PROVIDER_ENGINEER)


@audited
def do_log_work(
    *, actor: User, engagement: Engagement, day: date, hours: Any, note: str = "", now: datetime
) -> WorkLog:
    _engineer_of(actor, engagement)
    engagement = lock_own_engagement(actor, engagement)
    _require_status(engagement, S.ASSIGNED)
    try:
        amount = Decimal(str(hours))
    except InvalidOperation:
        amount = Decimal("NaN")
    if not amount.is_finite() or not 0 < amount <= 24 or amount != amount.quantize(Decimal("0.1")):
        raise DomainError(E.INVALID_HOURS, _("Enter the hours worked that day (0.5 to 24)."), field="hours")
    today = local_date(now)
    earliest = local_date(engagement.accepted_at) if engagement.accepted_at else today
    if not earliest <= day <= today:
        raise DomainError(E.INVALID_DATE, _("Log work between acceptance and today."), field="day")
    log, _created = WorkLog.objects.update_or_create(
        engagement=engagement, engineer=actor, day=day, defaults={"hours": amount, "note": note.strip()}
    )
    if engagement.started_at is None:
        engagement.started_at = now
        engagement.save(update_fields=["started_at"])
    record_change(actor=actor, obj=log, action="work.log", after={"day": day, "hours": amount}, now=now)
    return log


@audited
def do_upload_report(
    *, actor: User, engagement: Engagement, content: bytes, summary: str = "", now: datetime
) -> Engagement:
    """The engineer's report, a PDF kept with its SHA-256 so that the insurer can verify the copy."""
    _engineer_of(actor, engagement)
    engagement = lock_own_engagement(actor, engagement)
    _require_status(engagement, S.ASSIGNED)
    if not content.startswith(b"%PDF-") or len(content) > MAX_REPORT_BYTES:
        raise DomainError(E.INVALID_REPORT, _("Upload the report as a PDF of at most 20 MB."), field="report")
    digest = hashlib.sha256(content).hexdigest()
    engagement.report.save("report.pdf", ContentFile(content), save=False)
    engagement.report_sha256, engagement.summary = digest, summary.strip()
    if engagement.started_at is None:
        engagement.started_at = now
    engagement.save(update_fields=["report", "report_sha256", "summary", "started_at"])
    record_change(actor=actor, obj=engagement, action="engagement.report", after={"sha256": digest}, now=now)
    return engagement


@audited
def do_complete(*, actor: User, engagement: Engagement, now: datetime) -> Engagement:
    """Complete the work. Concurrent completions queue on the row lock; the second finds it completed."""
    _engineer_of(actor, engagement)
    engagement = lock_own_engagement(actor, engagement)
    _require_status(engagement, S.ASSIGNED)
    if not engagement.report_sha256:
        raise DomainError(E.REPORT_REQUIRED, _("Upload the report before completing."), field="report")
    run_completion_guards(engagement)
    engagement.completed_at = now
    move_engagement(engagement, S.COMPLETED, actor=actor, now=now, fields=["completed_at"])
    return engagement


@audited
def do_rate(
    *, actor: User, engagement: Engagement, rating: Any, comment: str = "", now: datetime
) -> Engagement:
    """The insured confirms the completed work and rates it from 1 to 5."""
    require_role(actor, Role.APPLICANT)
    engagement = Engagement.objects.select_for_update().get(pk=engagement.pk)
    if not sees_everything(actor) and engagement.client_id != actor.organisation_id:
        raise NotFound()
    _require_status(engagement, S.COMPLETED)
    try:
        stars = int(rating)
    except (TypeError, ValueError):
        stars = 0
    if not 1 <= stars <= 5:
        raise DomainError(E.INVALID_RATING, _("Rate from 1 to 5."), field="rating")
    engagement.rating, engagement.rating_comment, engagement.confirmed_at = stars, comment.strip(), now
    move_engagement(engagement, S.CONFIRMED, actor=actor, now=now,
                    fields=["rating", "rating_comment", "confirmed_at"])  # fmt: skip
    return engagement


def engineer_profile(user: User) -> Engineer | None:
    return Engineer.objects.filter(user=user).first()
