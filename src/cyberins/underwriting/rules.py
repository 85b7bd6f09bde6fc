"""Underwriting rules over the questionnaire and the latest health check: accept, refer or decline.

Each rule yields a reason with a stable code. Any decline reason declines; otherwise any refer reason
refers to an underwriter; otherwise the application is accepted automatically. The health-check rules
use the grade and the scanner's trigger codes (``kev_ransomware``, ``kev``, ``kev_possible``,
``unauth_datastore``) of the applicant's latest complete check of the last year, and do not fire
when there is none.
"""

from __future__ import annotations

from dataclasses import dataclass, field
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
    params: dict[str, str] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """As an application keeps it: the code (and its parameters) is what is shown, in the reader's
        language (:func:`message_for`); the message is kept for the record in the language of the day."""
        return {"code": self.code, "outcome": self.outcome, "message": str(self), "params": self.params}

    def __str__(self) -> str:
        return str(self.message) % self.params if self.params else str(self.message)


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
GRADE_MESSAGE = _("The health-check grade is %(grade)s.")
GRADE_REASONS = {
    "D": Reason("poor_health_check", "refer", GRADE_MESSAGE, {"grade": "D"}),
    "E": Reason("poor_health_check", "refer", GRADE_MESSAGE, {"grade": "E"}),
    "F": Reason("failed_health_check", "decline", GRADE_MESSAGE, {"grade": "F"}),
}
NO_SECURITY_STAFF = _("Sensitive information is processed without any cyber-security staff.")
LARGE_RISK = _("Operating revenue above CNY 10 billion.")
FOREIGN_CLOUD = _("Systems are hosted on a foreign public cloud.")

#: reason code → its (translated) message: reasons are shown by code in the reader's language
MESSAGES: dict[str, str | Promise] = {
    "no_security_staff": NO_SECURITY_STAFF,
    "large_risk": LARGE_RISK,
    "foreign_cloud": FOREIGN_CLOUD,
    "poor_health_check": GRADE_MESSAGE,
    "failed_health_check": GRADE_MESSAGE,
} | {reason.code: reason.message for _codes, reason in TRIGGER_REASONS}


def message_for(reason: dict[str, Any]) -> str:
    """A stored reason's message in the active language; the stored wording when the code is unknown
    (a rule since retired) or a grade reason stored before its grade was kept as a parameter."""
    message, params = MESSAGES.get(reason.get("code", "")), reason.get("params") or {}
    if message is None or (message is GRADE_MESSAGE and "grade" not in params):
        return str(reason.get("message", ""))
    return str(message) % params if params else str(message)


def evaluate(answers: dict[str, Any], *, grade: str = "", triggers: tuple[str, ...] = ()) -> list[Reason]:
    reasons: list[Reason] = []
    sensitive = set(answers.get("sensitive_data", [])) - {"none"}
    if int(answers.get("security_staff", 0)) == 0 and sensitive:
        reasons.append(Reason("no_security_staff", "refer", NO_SECURITY_STAFF))
    if Decimal(str(answers.get("operating_revenue", "0"))) > LARGE_REVENUE:
        reasons.append(Reason("large_risk", "refer", LARGE_RISK))
    if answers.get("cloud_provider") == "foreign_public":
        reasons.append(Reason("foreign_cloud", "refer", FOREIGN_CLOUD))
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
