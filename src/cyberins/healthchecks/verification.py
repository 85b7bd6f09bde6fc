"""Verify one fix: rescan only the service of one finding, and record whether the problem is gone.

A verification is a health check of kind ``fix_verification`` (so it runs in the worker under a lease,
like every scan) whose ``verifies`` names the finding and whose target is that finding's service
alone (host:port; the URL of a URL asset). It never counts as the organisation's assessment
(``queries.latest_complete_check`` and the score history leave it out). When it is stored, its
outcome is written with its status change, and ``remediation.reconcile_items`` closes (or reopens)
the open remediation item of the finding through the transition mechanism, as a full rescan would.
"""

from __future__ import annotations

import contextlib
from functools import partial

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cyberins.accounts.audit import audited, record_change
from cyberins.accounts.errors import InvalidState
from cyberins.accounts.models import User
from cyberins.accounts.scoping import require_role
from cyberins.healthchecks.models import (
    AssetKind,
    Finding,
    HealthCheck,
    HealthCheckKind,
    HealthCheckStatus,
    VerificationOutcome,
)
from cyberins.healthchecks.permissions import INSURED_ROLES
from cyberins.healthchecks.queries import authorised_assets
from cyberins.healthchecks.remediation import assessed_services
from cyberins.scanner import TargetError, TargetStatus, parse_target

#: (host, port) services a check assessed completely; port None: a host's port-less checks
TargetCoverage = frozenset[tuple[str, int | None]]
PENDING = (HealthCheckStatus.QUEUED, HealthCheckStatus.RUNNING)


def verification_target(finding: Finding) -> str:
    """What a verification scans: the finding's service, never the whole asset."""
    asset = finding.asset
    if asset is not None and asset.kind == AssetKind.URL:
        return asset.address
    if finding.port is None:  # an email/DNS finding of a name: that name's checks
        return finding.host
    host = f"[{finding.host}]" if ":" in finding.host else finding.host
    return f"{host}:{finding.port}"


def covered_services(check: HealthCheck) -> TargetCoverage:
    """(host, port) services ``check`` assessed completely; (host, None) for a completely assessed host
    (its port-less checks: email and DNS), so a port-less finding's absence can count too."""
    covered: set[tuple[str, int | None]] = set(assessed_services(check))
    for target in check.target_results:
        if target["status"] != TargetStatus.COMPLETE.value:
            continue
        hosts = {s["host"] for s in target["services"]}
        with contextlib.suppress(TargetError):  # a stored target always parsed once; be safe
            hosts.add(parse_target(str(target["target"])).host)
        covered |= {(host, None) for host in hosts}
    return frozenset(covered)


def outcome_of(check: HealthCheck, finding: Finding) -> str:
    """fixed, still present, or inconclusive (the service was not assessed completely)."""
    if check.findings.filter(host=finding.host, port=finding.port, check_id=finding.check_id).exists():
        return VerificationOutcome.STILL_PRESENT
    if (finding.host, finding.port) in covered_services(check):
        return VerificationOutcome.FIXED
    return VerificationOutcome.INCONCLUSIVE


def latest_verification(finding: Finding) -> HealthCheck | None:
    return finding.verifications.order_by("-requested_at", "-pk").first()


@audited
def do_verify_fix(*, actor: User, finding: Finding) -> HealthCheck:
    """Queue a rescan of ``finding``'s service only; the worker records fixed / still present.

    Refused (nothing queued) when a verification of it is already waiting or running, when one
    already found it fixed, or when its asset is no longer declared and authorised.
    """
    require_role(actor, *INSURED_ROLES)
    locked = Finding.objects.select_for_update(of=("self",))  # the asset may be null: lock the finding only
    finding = locked.select_related("asset", "health_check").get(pk=finding.pk)
    if finding.verifications.filter(status__in=PENDING).exists():
        raise InvalidState(
            "healthchecks.verification_pending", _("A verification of this finding is already under way.")
        )
    if finding.verifications.filter(verification_outcome=VerificationOutcome.FIXED).exists():
        raise InvalidState("healthchecks.already_verified", _("A rescan already found this finding fixed."))
    organisation_id = finding.health_check.organisation_id
    asset = finding.asset
    if asset is None or not authorised_assets(organisation_id, timezone.now()).filter(pk=asset.pk).exists():
        raise InvalidState(
            "healthchecks.not_verifiable",
            _("The finding's asset is not declared and authorised for scanning now."),
        )
    check = HealthCheck.objects.create(
        organisation_id=organisation_id,
        kind=HealthCheckKind.FIX_VERIFICATION,
        verifies=finding,
        requested_by=actor,
        progress_total=1,
    )
    check.assets.set([asset])
    after = {"kind": check.kind, "finding": finding.pk, "target": verification_target(finding)}
    record_change(actor=actor, obj=check, action="health_check.verify_fix", after=after)
    from cyberins.healthchecks.tasks import enqueue_health_check  # the task module imports the worker side

    transaction.on_commit(partial(enqueue_health_check, check.pk))
    return check
