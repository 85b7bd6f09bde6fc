"""Pure async security health check (体检) engine: scope, probes, findings, score, premium modifier.

Never imports Django. The ``healthchecks`` app wraps it; the ``cyberins scan`` command runs it.

>>> from cyberins.scanner import Scope, assess
>>> result = assess(Scope.from_declared(["shop.example.com"]), ["shop.example.com"])  # doctest: +SKIP
>>> result.score.score, result.score.grade, result.premium.factor  # doctest: +SKIP
"""

from cyberins.scanner.engine import (
    AssessmentResult,
    ProgressEvent,
    ScanOptions,
    ServiceResult,
    TargetResult,
    TargetStatus,
    assess,
    run_assessment,
)
from cyberins.scanner.findings import Confidence, Finding, Severity, Text, remediation_due
from cyberins.scanner.scope import (
    REFUSAL_CLASSES,
    Asset,
    Refusal,
    Scope,
    Target,
    TargetError,
    TargetPolicy,
    parse_target,
)
from cyberins.scanner.scoring import (
    Action,
    PremiumModifier,
    ScoreResult,
    UnderwritingTrigger,
    premium_modifier,
    score_findings,
    underwriting_triggers,
)
from cyberins.scanner.vulndb import ImportSummary, import_nvd_feeds

__all__ = [
    "REFUSAL_CLASSES",
    "Action",
    "AssessmentResult",
    "Asset",
    "Confidence",
    "Finding",
    "ImportSummary",
    "PremiumModifier",
    "ProgressEvent",
    "Refusal",
    "ScanOptions",
    "Scope",
    "ScoreResult",
    "ServiceResult",
    "Severity",
    "Target",
    "TargetError",
    "TargetPolicy",
    "TargetResult",
    "TargetStatus",
    "Text",
    "UnderwritingTrigger",
    "assess",
    "import_nvd_feeds",
    "parse_target",
    "premium_modifier",
    "remediation_due",
    "run_assessment",
    "score_findings",
    "underwriting_triggers",
]
