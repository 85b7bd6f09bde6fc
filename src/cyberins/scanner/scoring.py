"""Score and grade, the premium modifier, and underwriting triggers (formulas in docs/healthcheck.md)."""

from __future__ import annotations

import enum
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from cyberins.scanner.findings import Confidence, Finding, Severity, Text

#: points a finding takes off the score of 100, by severity
SEVERITY_POINTS: Mapping[Severity, float] = {
    Severity.CRITICAL: 40.0,
    Severity.HIGH: 20.0,
    Severity.MEDIUM: 8.0,
    Severity.LOW: 2.0,
    Severity.INFO: 0.0,
}
#: how much of those points count, by confidence
CONFIDENCE_WEIGHT: Mapping[Confidence, float] = {
    Confidence.CONFIRMED: 1.0,
    Confidence.BANNER: 0.8,
    Confidence.BACKPORT: 0.3,
}
#: lowest score of each grade, best first
GRADE_FLOORS: tuple[tuple[int, str], ...] = ((90, "A"), (80, "B"), (60, "C"), (40, "D"), (0, "F"))


def grade_for(score: int) -> str:
    return next(grade for floor, grade in GRADE_FLOORS if score >= floor)


@dataclass(frozen=True)
class Deduction:
    target: str
    check: str
    points: float


@dataclass(frozen=True)
class ScoreResult:
    score: int
    grade: str
    #: 100 minus the deductions, before caps and the floor at 0
    raw: float
    #: the binding cap, if one lowered the score
    cap: int | None
    cap_reasons: tuple[str, ...]
    deductions: tuple[Deduction, ...]


def score_findings(findings: Iterable[Finding]) -> ScoreResult:
    """Subtractive score: 100 − Σ severity points × confidence weight, floored at 0, then capped."""
    findings = list(findings)
    deductions = tuple(
        Deduction(f.target, f.check, SEVERITY_POINTS[f.severity] * CONFIDENCE_WEIGHT[f.confidence])
        for f in findings
        if SEVERITY_POINTS[f.severity] > 0
    )
    raw = 100.0 - sum(d.points for d in deductions)
    score = max(0, math.floor(raw + 0.5))
    caps = [(f.score_cap, f) for f in findings if f.score_cap is not None]
    binding: int | None = None
    reasons: tuple[str, ...] = ()
    if caps:
        lowest = min(c for c, _ in caps)
        if lowest < score:
            binding = lowest
            reasons = tuple(sorted({f"{f.check}@{f.target}" for c, f in caps if c == lowest}))
            score = lowest
    return ScoreResult(score, grade_for(score), raw, binding, reasons, deductions)


# --- premium modifier -------------------------------------------------------------------------


@dataclass(frozen=True)
class RiskFactor:
    tag: str
    relative_risk: float
    label: Text
    source: str


#: published relative claim frequencies (uncalibrated defaults; see docs/healthcheck.md)
RISK_FACTORS: tuple[RiskFactor, ...] = (
    RiskFactor(
        "remote_access",
        2.5,
        Text("暴露远程访问服务 (RDP/SMB/VNC/Telnet)", "Remote access exposed (RDP/SMB/VNC/Telnet)"),
        "Coalition, Cyber Claims Report (2022): exposed RDP ≈2.5× claim likelihood",
    ),
    RiskFactor(
        "eol_software",
        3.0,
        Text("使用停止维护 (EOL) 的软件", "End-of-life software"),
        "Coalition, Cyber Claims Report (2024): end-of-life software ≈3× claim likelihood",
    ),
    RiskFactor(
        "critical_vuln",
        1.33,
        Text("至少一个未修复的严重漏洞", "At least one unresolved critical vulnerability"),
        "Coalition, Cyber Claims Report (2023): an unresolved critical vulnerability ≈33% more claims",
    ),
)
DAMPING = 0.5
MODIFIER_CAP = Decimal("2.00")
MODIFIER_FLOOR = Decimal("1.00")


@dataclass(frozen=True)
class PremiumComponent:
    factor: RiskFactor
    #: the damped multiplier applied, RR ** DAMPING
    multiplier: Decimal
    targets: tuple[str, ...]


@dataclass(frozen=True)
class PremiumModifier:
    """A bounded multiplier on the technical premium. Uncalibrated default, not an actuarial fit."""

    factor: Decimal
    components: tuple[PremiumComponent, ...]
    capped: bool
    uncalibrated: bool = True


def _quantize(value: float | Decimal) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)


def premium_modifier(
    findings: Iterable[Finding],
    *,
    damping: float = DAMPING,
    cap: Decimal = MODIFIER_CAP,
    factors: Iterable[RiskFactor] = RISK_FACTORS,
) -> PremiumModifier:
    """Π RRᵢ^damping over the risk factors present (each counted once), bounded to [1, cap]."""
    findings = list(findings)
    components = []
    product = Decimal(1)
    for factor in factors:
        targets = tuple(sorted({f.target for f in findings if factor.tag in f.tags}))
        if targets:
            multiplier = _quantize(factor.relative_risk**damping)
            components.append(PremiumComponent(factor, multiplier, targets))
            product *= multiplier
    bounded = min(max(product, MODIFIER_FLOOR), cap)
    return PremiumModifier(_quantize(bounded), tuple(components), product > cap)


# --- underwriting triggers --------------------------------------------------------------------


class Action(enum.Enum):
    REFER = "refer"
    DECLINE = "decline"


@dataclass(frozen=True)
class UnderwritingTrigger:
    code: str
    action: Action
    reason: Text
    targets: tuple[str, ...]


_TRIGGERS: tuple[tuple[str, Action, Text], ...] = (
    (
        "kev_ransomware",
        Action.DECLINE,
        Text(
            "存在被勒索软件利用的已知在野漏洞 (CISA KEV)",
            "Known exploited vulnerability used by ransomware (CISA KEV)",
        ),
    ),
    (
        "kev",
        Action.REFER,
        Text("存在已知在野利用漏洞 (CISA KEV)", "Known exploited vulnerability (CISA KEV)"),
    ),
    (
        "exploit_likely",
        Action.REFER,
        Text(
            "严重且可远程利用的漏洞，未来 30 天被利用概率高 (EPSS ≥ 10%)",
            "Critical remotely reachable vulnerability likely to be exploited (EPSS ≥ 10%)",
        ),
    ),
    (
        "backdoor",
        Action.DECLINE,
        Text(
            "软件版本含已知后门（无需利用即可远程控制）",
            "Software version with a known backdoor (remote control without an exploit)",
        ),
    ),
    (
        "unauth_datastore",
        Action.DECLINE,
        Text(
            "数据存储或管理接口无需认证即可访问",
            "Datastore or control plane reachable without authentication",
        ),
    ),
    (
        "remote_access",
        Action.REFER,
        Text(
            "远程访问服务 (RDP/SMB/VNC/Telnet) 暴露在网络上",
            "Remote access service (RDP/SMB/VNC/Telnet) exposed to the network",
        ),
    ),
    (
        "eol_software",
        Action.REFER,
        Text("对外服务使用停止维护 (EOL) 的软件", "Internet-facing end-of-life software"),
    ),
    (
        "anonymous_access",
        Action.REFER,
        Text("服务允许匿名访问 (FTP)", "Service allows anonymous access (FTP)"),
    ),
    (
        "kev_possible",
        Action.REFER,
        Text(
            "发行版软件可能含已知在野利用漏洞，需人工核实",
            "Distribution build may carry a KEV vulnerability; verify",
        ),
    ),
    ("incomplete", Action.REFER, Text("部分检测未完成", "Part of the health check could not be completed")),
)


def underwriting_triggers(findings: Iterable[Finding]) -> tuple[UnderwritingTrigger, ...]:
    """Refer/decline triggers (the rule table is in docs/healthcheck.md).

    Decline: a KEV finding used by ransomware, a known backdoor, an unauthenticated datastore or
    control plane. Refer: any other KEV finding (or a KEV match on a distribution build), a critical
    remotely reachable CVE with EPSS ≥ ``EPSS_THRESHOLD`` (``exploit_likely``), exposed
    remote access (RDP/SMB/VNC/Telnet), internet-facing end-of-life software (upstream build),
    anonymous FTP, an incomplete check. Adding a finding never removes a trigger.
    """
    findings = list(findings)

    def has(f: Finding, code: str) -> bool:
        if code == "kev_ransomware":
            return "kev" in f.tags and f.ransomware
        if code == "kev":
            return "kev" in f.tags and not f.ransomware
        return code in f.tags

    triggers = []
    for code, action, reason in _TRIGGERS:
        targets = tuple(sorted({f.target for f in findings if has(f, code)}))
        if targets:
            triggers.append(UnderwritingTrigger(code, action, reason, targets))
    return tuple(triggers)
