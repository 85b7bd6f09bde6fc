"""The worker side of a health check: run the scanner, record progress, store the result, and let
the result confirm or refute the insured's fixes of open remediation items.

The scan runs in a helper thread with its own event loop; progress events come back through a
queue so that every database write happens on the worker's own thread and connection.
"""

from __future__ import annotations

import queue
import threading
import time
from dataclasses import replace
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from cyberins.accounts.audit import audited, record_change
from cyberins.accounts.periodic import worker_stopping
from cyberins.accounts.transitions import transition
from cyberins.healthchecks import leases, remediation, verification
from cyberins.healthchecks.models import (
    Asset,
    Finding,
    HealthCheck,
    HealthCheckStatus,
)
from cyberins.healthchecks.queries import authorised_assets
from cyberins.healthchecks.targets import scan_policy
from cyberins.scanner import AssessmentResult, ProgressEvent, ScanOptions, Scope, assess
from cyberins.scanner import Finding as ScannerFinding
from cyberins.scanner.vulnstore import load_knowledge


def cve_store_path() -> Path:
    """Where ``cyberins vulndb import`` writes the NVD ranges the scans match against."""
    return Path(settings.VAR_DIR) / "cve_ranges.json"


def scan_options() -> ScanOptions:
    """``ScanOptions`` from ``settings.HEALTHCHECK_SCAN_OPTIONS``, the target policy and the CVE store."""
    configured: dict[str, Any] = {"policy": scan_policy()}
    if getattr(settings, "SCAN_CA_FILE", ""):
        configured["ca_file"] = settings.SCAN_CA_FILE
    if getattr(settings, "SCAN_DNS_SERVER", ""):
        configured["dns_server"] = settings.SCAN_DNS_SERVER
    options = ScanOptions(**{**configured, **getattr(settings, "HEALTHCHECK_SCAN_OPTIONS", {})})
    if options.knowledge is None:  # the store `cyberins vulndb update` fills, read by `cyberins scan` too
        options = replace(options, knowledge=load_knowledge(Path(settings.VAR_DIR)))
    return options


def _set_status(check: HealthCheck, status: str, **fields: object) -> None:
    with transaction.atomic():
        transition(check, status, actor=None, changes=fields)


class ScanAbandoned(Exception):
    """The worker is stopping, or lost the check's lease: leave the check to the recovery job."""


def run_health_check(health_check_id: int) -> str:
    """Run a queued check; returns its final status. Never raises for a scan error: it stores ``failed``.

    The check is claimed under a lease (:mod:`cyberins.healthchecks.leases`) renewed while the scan
    runs; a stop signal releases it (returns ``released``) for the recovery job to queue again.
    """
    now = timezone.now()
    check = leases.do_claim(health_check_id=health_check_id, now=now)
    if check is None:  # already run, or running under another worker's lease
        return str(HealthCheck.objects.filter(pk=health_check_id).values_list("status", flat=True).first())
    chosen = list(check.assets.all())
    # The scope is rebuilt from what is authorised *now*: an authorisation revoked while the check
    # waited in the queue refuses its targets before a single packet is sent.
    allowed = list(authorised_assets(check.organisation_id, now).filter(pk__in=[a.pk for a in chosen]))
    scope = Scope.from_declared(
        [entry for a in allowed for entry in a.scope_entries()],
        authorisation=", ".join(
            sorted({ref for a in allowed for ref in a.authorisations.values_list("reference", flat=True)})
        ),
    )
    if check.verifies is not None:  # a fix verification rescans the finding's service only
        targets = [verification.verification_target(check.verifies)]
    else:
        targets = [entry for a in chosen for entry in a.scope_entries()]
    HealthCheck.objects.filter(pk=check.pk).update(progress_done=0, progress_total=len(targets))
    try:
        result = _scan(check, scope, targets, now)
    except ScanAbandoned:
        leases.release(check, timezone.now())
        return "released"
    except Exception as exc:  # a crash must leave a visible failed check, never a silent pass
        _set_status(
            check,
            HealthCheckStatus.FAILED,
            finished_at=timezone.now(),
            error=f"{type(exc).__name__}: {exc}",
            lease_expires_at=None,
        )
        return HealthCheckStatus.FAILED
    do_store_assessment(health_check=check, result=result)
    return check.status


def _scan(check: HealthCheck, scope: Scope, targets: list[str], now: datetime) -> AssessmentResult:
    """Scan in a daemon thread (a stopping worker need not wait for it) while this thread stores the
    progress and renews the lease."""
    events: queue.Queue[ProgressEvent | None] = queue.Queue()
    outcome: dict[str, AssessmentResult | BaseException] = {}
    options = scan_options()

    def work() -> None:
        try:
            outcome["result"] = assess(scope, targets, now=now, options=options, progress=events.put)
        except BaseException as exc:
            outcome["error"] = exc
        finally:
            events.put(None)

    threading.Thread(target=work, name=f"healthcheck-{check.pk}", daemon=True).start()
    renew_at = time.monotonic() + leases.renew_every()
    while True:
        if worker_stopping.is_set():
            raise ScanAbandoned("the worker is stopping")
        if time.monotonic() >= renew_at:
            if not leases.renew(check, timezone.now()):
                raise ScanAbandoned("the lease was taken over")
            renew_at = time.monotonic() + leases.renew_every()
        try:
            event = events.get(timeout=0.2)
        except queue.Empty:
            continue
        if event is None:
            break
        HealthCheck.objects.filter(pk=check.pk).update(progress_done=event.done, progress_total=event.total)
    error = outcome.get("error")
    if isinstance(error, BaseException):
        raise error
    result = outcome["result"]
    assert isinstance(result, AssessmentResult)
    return result


def _asset_for(finding: ScannerFinding, assets: list[Asset]) -> Asset | None:
    for asset in assets:
        # a finding without a port (the email/DNS check of a name) belongs to the host's asset
        if asset.host == finding.host and (not asset.ports or finding.port in (None, *asset.ports)):
            return asset
    return None


def _finding_row(check: HealthCheck, finding: ScannerFinding, assets: list[Asset]) -> Finding:
    return Finding(
        health_check=check,
        asset=_asset_for(finding, assets),
        target=finding.target,
        host=finding.host,
        port=finding.port,
        check_id=finding.check,
        title_zh=finding.title.zh[:300],
        title_en=finding.title.en[:300],
        advice_zh=finding.advice.zh,
        advice_en=finding.advice.en,
        severity=finding.severity.value,
        confidence=finding.confidence.value,
        cwe=finding.cwe or "",
        evidence=finding.evidence,
        cves=list(finding.cves),
        cvss=Decimal(str(finding.cvss)).quantize(Decimal("0.1")) if finding.cvss is not None else None,
        kev=finding.kev,
        ransomware=finding.ransomware,
        due_at=finding.due,
        score_cap=finding.score_cap,
        tags=sorted(finding.tags),
    )


def _target_results(result: AssessmentResult) -> list[dict[str, object]]:
    return [
        {
            "target": t.target,
            "status": t.status.value,
            "reason": t.reason,
            "address": t.address,
            "refusal": {"category": t.refusal.category, "subject": t.refusal.subject} if t.refusal else None,
            "services": [
                {
                    "host": s.host,
                    "port": s.port,
                    "state": s.state,
                    "service": s.service,
                    "complete": s.complete,
                    "software": list(s.software),
                    "notes": list(s.notes),
                }
                for s in t.services
            ],
        }
        for t in result.targets
    ]


RESULT_FIELDS = (
    "score",
    "grade",
    "premium_modifier",
    "premium_uncalibrated",
    "triggers",
    "target_results",
    "vulnerability_data",
)


@audited
def do_store_assessment(*, health_check: HealthCheck, result: AssessmentResult) -> HealthCheck:
    """Store findings, score, grade, premium modifier and triggers; status ``done`` only if complete."""
    check = health_check
    assets = list(check.assets.all())
    Finding.objects.bulk_create([_finding_row(check, f, assets) for f in result.findings])
    status = HealthCheckStatus.DONE if result.complete else HealthCheckStatus.INCOMPLETE
    check.started_at = check.started_at or result.started_at
    check.finished_at = result.finished_at
    check.progress_done = max(check.progress_done, check.progress_total)
    check.score, check.grade = result.score.score, result.score.grade
    check.premium_modifier, check.premium_uncalibrated = result.premium.factor, result.premium.uncalibrated
    check.triggers = [
        {
            "code": t.code,
            "action": t.action.value,
            "reason_zh": t.reason.zh,
            "reason_en": t.reason.en,
            "targets": list(t.targets),
        }
        for t in result.triggers
    ]
    check.target_results = _target_results(result)
    check.vulnerability_data = {"as_of": dict(result.data_as_of), "stale": list(result.stale_data)}
    check.lease_expires_at = None
    check.save(
        update_fields=[*RESULT_FIELDS, "started_at", "finished_at", "progress_done", "lease_expires_at"]
    )
    outcome: dict[str, str] = {}
    if check.verifies is not None:
        outcome = {"verification_outcome": verification.outcome_of(check, check.verifies)}
    transition(check, status, actor=None, changes=outcome)
    after = {
        **outcome,
        "status": status,
        "score": check.score,
        "grade": check.grade,
        "findings": len(result.findings),
        "triggers": [t.code for t in result.triggers],
    }
    record_change(actor=None, obj=check, action="health_check.store", after=after)
    remediation.reconcile_items(check)
    return check
