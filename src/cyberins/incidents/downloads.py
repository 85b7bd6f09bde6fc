"""What a case offers for download, to whom: the insured's summary (Chinese or English) and the draft
处置总结报告 to everyone who sees the case; the VERIS and STIX exports to the insurer and the platform
operator. One place for the API and the pages."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext as _

from cyberins.accounts.errors import DomainError
from cyberins.accounts.roles import Role
from cyberins.accounts.scoping import require_role, sees_everything
from cyberins.incidents import exports, summary
from cyberins.incidents.errors import IncidentsError as E
from cyberins.incidents.models import Incident

EXPORT_ROLES = (Role.UNDERWRITER, Role.CLAIMS_HANDLER, Role.ACTUARY, Role.HOTLINE_AGENT)


def may_export(user: Any) -> bool:
    return bool(sees_everything(user) or user.has_role(*EXPORT_ROLES))


def _language(lang: str) -> str:
    if lang not in ("zh", "en"):
        raise DomainError(E.INVALID_CHOICE, _("Choose one of the listed values."), field="lang")
    return lang


def _attachment(body: bytes | str, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def summary_response(incident: Incident, lang: str, *, now: datetime) -> HttpResponse:
    language = _language(lang)
    pdf = summary.summary_pdf(incident, language, now=now)
    return _attachment(pdf, "application/pdf", f"{incident.number}-summary-{language}.pdf")


def handling_report_response(incident: Incident, *, now: datetime) -> HttpResponse:
    pdf = summary.handling_report_pdf(incident, now=now)
    return _attachment(pdf, "application/pdf", f"{incident.number}-handling-report.pdf")


def veris_response(user: Any, incident: Incident, *, now: datetime) -> HttpResponse:
    require_role(user, *EXPORT_ROLES)
    body = exports.veris_json(incident, now=now)
    return _attachment(body, "application/json; charset=utf-8", f"{incident.number}-veris.json")


def stix_response(user: Any, incident: Incident, *, now: datetime) -> HttpResponse:
    require_role(user, *EXPORT_ROLES)
    body = exports.stix_json(incident, now=now)
    return _attachment(body, "application/stix+json;version=2.1", f"{incident.number}-stix.json")
