"""Finding objects: what a health check reports about one service.

The package never imports Django, so user-facing texts are carried as the project's one bilingual
:class:`~cyberins.terms.text.Text` (zh-Hans and English); the ``healthchecks`` app picks the language
it renders in.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from cyberins.terms.dates import require_aware
from cyberins.terms.text import Text

__all__ = ["Confidence", "Finding", "Severity", "Text", "remediation_due", "require_aware"]


class Severity(enum.Enum):
    """CVSS v3 qualitative bands (FIRST, CVSS v3.1 specification, section 5)."""

    CRITICAL = "critical"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"
    INFO = "info"

    @classmethod
    def from_cvss(cls, score: float | None) -> Severity:
        if score is None or score <= 0:
            return cls.INFO
        if score >= 9.0:
            return cls.CRITICAL
        if score >= 7.0:
            return cls.HIGH
        if score >= 4.0:
            return cls.MEDIUM
        return cls.LOW

    @property
    def rank(self) -> int:
        return _SEVERITY_RANK[self]


_SEVERITY_RANK = {
    Severity.CRITICAL: 4,
    Severity.HIGH: 3,
    Severity.MEDIUM: 2,
    Severity.LOW: 1,
    Severity.INFO: 0,
}


class Confidence(enum.Enum):
    """How sure the scanner is that the finding is real."""

    #: observed directly (a handshake, an answer, a header)
    CONFIRMED = "confirmed"
    #: inferred from a self-reported product/version string
    BANNER = "banner-based"
    #: the version string carries a distribution suffix; the fix may have been backported
    BACKPORT = "possible-backport"


#: remediation windows in days; a KEV finding uses the shorter KEV window
REMEDIATION_DAYS: Mapping[Severity, int] = {
    Severity.CRITICAL: 15,
    Severity.HIGH: 30,
    Severity.MEDIUM: 90,
}
KEV_REMEDIATION_DAYS = 14


def remediation_due(severity: Severity, *, kev: bool, now: datetime) -> datetime | None:
    """Due date for fixing a finding: KEV 14 days, critical 15, high 30, medium 90, else none."""
    require_aware(now, "now")
    days = REMEDIATION_DAYS.get(severity)
    if kev:
        days = KEV_REMEDIATION_DAYS if days is None else min(days, KEV_REMEDIATION_DAYS)
    return None if days is None else now + timedelta(days=days)


@dataclass(frozen=True)
class Finding:
    """One problem on one service (``target`` is ``host:port``)."""

    target: str
    host: str
    port: int | None
    check: str
    title: Text
    advice: Text
    severity: Severity
    confidence: Confidence
    evidence: str
    cwe: str | None = None
    cves: tuple[str, ...] = ()
    cvss: float | None = None
    kev: bool = False
    ransomware: bool = False
    due: datetime | None = None
    #: the highest score (0-100) an assessment with this finding can reach, if any
    score_cap: int | None = None
    #: underwriting/pricing tags, e.g. ``remote_access``, ``eol_software``, ``unauth_datastore``
    tags: frozenset[str] = field(default_factory=frozenset)

    def to_dict(self, language: str = "en") -> dict[str, Any]:
        return {
            "target": self.target,
            "check": self.check,
            "severity": self.severity.value,
            "title": self.title.for_language(language),
            "advice": self.advice.for_language(language),
            "cves": list(self.cves),
            "cvss": self.cvss,
            "kev": self.kev,
            "ransomware": self.ransomware,
            "confidence": self.confidence.value,
            "cwe": self.cwe,
            "evidence": self.evidence,
            "due": self.due.isoformat() if self.due else None,
            "score_cap": self.score_cap,
            "tags": sorted(self.tags),
        }
