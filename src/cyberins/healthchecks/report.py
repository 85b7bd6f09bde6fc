"""The health-check report (体检报告) for the insured: the model mapped onto the documents package."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cyberins.accounts.errors import InvalidState
from cyberins.documents import Finding as ReportFinding
from cyberins.documents import HealthCheckReport, ScopeAsset, render_health_check_report
from cyberins.healthchecks.models import Finding, HealthCheck
from cyberins.healthchecks.queries import findings

Language = Literal["zh", "en"]


def report_language(value: str | None) -> Language:
    """``en``/``en-us`` → English; anything else → Chinese (the default language)."""
    return "en" if (value or "").lower().startswith("en") else "zh"


def report_data(check: HealthCheck, lang: Language) -> HealthCheckReport:
    if not check.is_finished or check.score is None:
        raise InvalidState(
            "healthchecks.no_report", _("The report is available once the check has finished.")
        )
    assessed = check.started_at or check.requested_at
    with translation.override("en" if lang == "en" else "zh-hans"):
        scope = tuple(
            ScopeAsset(name=a.name, identifier=a.address, kind=str(a.get_kind_display()))
            for a in check.assets.order_by("name", "pk")
        )
        assessor = _("Cyberins health check service")
    rows = tuple(
        ReportFinding(
            severity=f.severity,
            title_zh=f.title_zh,
            title_en=f.title_en,
            asset=f.target,
            evidence=f.evidence,
            advice_zh=f.advice_zh,
            advice_en=f.advice_en,
            cve_ids=tuple(f.cves),
            known_exploited=f.kev,
            due_date=_local_date(_due(f)),
        )
        for f in findings(check)
    )
    return HealthCheckReport(
        report_number=check.number,
        organisation_name=check.organisation.name,
        assessed_on=timezone.localdate(assessed, timezone.get_default_timezone()),
        grade=check.grade,
        score=Decimal(check.score),
        scope=scope,
        findings=rows,
        assessor=assessor,
    )


def _due(finding: Finding) -> datetime | None:
    """The notified deadline when the finding became a remediation item, else the scanner's."""
    item = getattr(finding, "remediation_item", None)  # the reverse one-to-one raises if absent
    return item.due_at if item is not None else finding.due_at


def _local_date(moment: datetime | None) -> date | None:
    return timezone.localdate(moment, timezone.get_default_timezone()) if moment else None


def report_pdf(check: HealthCheck, lang: str) -> bytes:
    """PDF bytes of the report in Chinese (``zh``) or English (``en``)."""
    language = report_language(lang)
    return render_health_check_report(report_data(check, language), language)
