"""Underwriting rules over the questionnaire and the latest health check: accept, refer or decline.

Each rule yields a reason with a stable code. Any decline reason declines; otherwise any refer reason
refers to an underwriter; otherwise the application is accepted automatically. The health-check rules
use the grade and the scanner's trigger codes (``kev_ransomware``, ``kev``, ``kev_possible``,
``unauth_datastore``) of the applicant's latest complete check of the last year, and do not fire
when there is none.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

LARGE_REVENUE = Decimal("10000000000")  # CNY 10bn: beyond automatic authority


@dataclass(frozen=True)
class Reason:
    code: str
    outcome: str  # "refer" | "decline"
    message: str | Promise

    def as_dict(self) -> dict[str, str]:
        return {"code": self.code, "outcome": self.outcome, "message": str(self.message)}


#: scanner trigger code → the reason it gives (first match per group wins: ransomware before plain KEV)
TRIGGER_REASONS: list[tuple[tuple[str, ...], Reason]] = [
    (
        ("kev_ransomware",),
        Reason(
            "ransomware_vulnerability",
            "decline",
            _("The health check found a vulnerability used by ransomware (CISA KEV)."),
        ),
    ),
    (
        ("kev", "kev_possible"),
        Reason(
            "known_exploited_vulnerability",
            "refer",
            _("The health check found a known exploited vulnerability (CISA KEV)."),
        ),
    ),
    (
        ("unauth_datastore",),
        Reason(
            "open_datastore", "decline", _("The health check found a datastore open without authentication.")
        ),
    ),
    (
        ("backdoor",),
        Reason("known_backdoor", "decline", _("The health check found software with a known backdoor.")),
    ),
    (
        ("remote_access",),
        Reason(
            "remote_access_exposed",
            "refer",
            _("The health check found remote access (RDP, SMB, VNC or Telnet) exposed to the internet."),
        ),
    ),
    (
        ("eol_software",),
        Reason(
            "end_of_life_software",
            "refer",
            _("The health check found internet-facing software past its end of life."),
        ),
    ),
    (
        ("anonymous_access",),
        Reason(
            "anonymous_access",
            "refer",
            _("The health check found a service that lets anyone in anonymously (FTP or LDAP)."),
        ),
    ),
]
GRADE_REASONS = {
    "D": Reason("poor_health_check", "refer", _("The health-check grade is D.")),
    "E": Reason("poor_health_check", "refer", _("The health-check grade is E.")),
    "F": Reason("failed_health_check", "decline", _("The health-check grade is F.")),
}


def evaluate(answers: dict[str, Any], *, grade: str = "", triggers: tuple[str, ...] = ()) -> list[Reason]:
    reasons: list[Reason] = []
    sensitive = set(answers.get("sensitive_data", [])) - {"none"}
    if int(answers.get("security_staff", 0)) == 0 and sensitive:
        reasons.append(
            Reason(
                "no_security_staff",
                "refer",
                _("Sensitive information is processed without any cyber-security staff."),
            )
        )
    if Decimal(str(answers.get("operating_revenue", "0"))) > LARGE_REVENUE:
        reasons.append(Reason("large_risk", "refer", _("Operating revenue above CNY 10 billion.")))
    if answers.get("cloud_provider") == "foreign_public":
        reasons.append(Reason("foreign_cloud", "refer", _("Systems are hosted on a foreign public cloud.")))
    if grade in GRADE_REASONS:
        reasons.append(GRADE_REASONS[grade])
    found = set(triggers)
    kev_seen = False
    for codes, reason in TRIGGER_REASONS:
        is_kev = reason.code.endswith("vulnerability")
        if found & set(codes) and not (is_kev and kev_seen):
            reasons.append(reason)
            kev_seen = kev_seen or is_kev
    return reasons


def outcome(reasons: list[Reason]) -> str:
    if any(r.outcome == "decline" for r in reasons):
        return "decline"
    return "refer" if reasons else "accept"
