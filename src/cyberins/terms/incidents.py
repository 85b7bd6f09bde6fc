"""Pure incident rules (出险): the coverage check at intake, grading from impact facts, and the two clocks.

Standard library only, like the rest of ``terms``: the incidents app builds plain facts from its rows
and calls these functions, and the tests exercise them without a database. Every function that depends
on the time takes ``now``. Sources: ``/work/shared/research/second-half.md`` and ``docs/incidents.md``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from enum import StrEnum
from functools import cache
from pathlib import Path

from .dates import local_date, require_aware

# ---------------------------------------------------------------------------------------------------
# Classification (GB/T 20986-2023) and grades


class IncidentClass(StrEnum):
    """The ten classes of GB/T 20986-2023 (codes from a public seed; check against its Appendix B)."""

    MALWARE = "MP"  # 恶意程序
    NETWORK_ATTACK = "NA"  # 网络攻击
    DATA_SECURITY = "DS"  # 数据安全
    CONTENT_SECURITY = "IC"  # 信息内容安全
    EQUIPMENT_FAILURE = "DE"  # 设备设施故障
    IMPROPER_OPERATION = "RO"  # 违规操作
    SECURITY_HAZARD = "SHE"  # 安全隐患
    ABNORMAL_BEHAVIOUR = "AB"  # 异常行为
    FORCE_MAJEURE = "FOC"  # 不可抗力
    OTHER = "OTH"  # 其他


CLASS_NAMES: dict[IncidentClass, tuple[str, str]] = {
    IncidentClass.MALWARE: ("恶意程序", "Malicious program"),
    IncidentClass.NETWORK_ATTACK: ("网络攻击", "Network attack"),
    IncidentClass.DATA_SECURITY: ("数据安全", "Data security"),
    IncidentClass.CONTENT_SECURITY: ("信息内容安全", "Information content security"),
    IncidentClass.EQUIPMENT_FAILURE: ("设备设施故障", "Equipment or facility failure"),
    IncidentClass.IMPROPER_OPERATION: ("违规操作", "Improper operation"),
    IncidentClass.SECURITY_HAZARD: ("安全隐患", "Security hazard"),
    IncidentClass.ABNORMAL_BEHAVIOUR: ("异常行为", "Abnormal behaviour"),
    IncidentClass.FORCE_MAJEURE: ("不可抗力", "Force majeure"),
    IncidentClass.OTHER: ("其他", "Other"),
}

#: A few sub-classes per class (code → Chinese, English); the standard has more.
SUB_CLASSES: dict[IncidentClass, dict[str, tuple[str, str]]] = {
    IncidentClass.MALWARE: {
        "ransomware": ("勒索软件", "Ransomware"),
        "trojan": ("特洛伊木马", "Trojan"),
        "worm": ("蠕虫", "Worm"),
        "virus": ("计算机病毒", "Virus"),
        "cryptojacking": ("挖矿程序", "Cryptojacking"),
    },
    IncidentClass.NETWORK_ATTACK: {
        "ddos": ("拒绝服务攻击", "Denial of service"),
        "intrusion": ("网络入侵", "Intrusion"),
        "phishing": ("网络钓鱼", "Phishing"),
        "vulnerability_exploit": ("漏洞利用", "Vulnerability exploitation"),
    },
    IncidentClass.DATA_SECURITY: {
        "data_leak": ("数据泄露", "Data leak"),
        "data_tampering": ("数据篡改", "Data tampering"),
        "data_loss": ("数据丢失", "Data loss"),
    },
}


class Grade(StrEnum):
    """Grades, most severe first: 特别重大 (Ⅰ), 重大 (Ⅱ), 较大 (Ⅲ), 一般 (Ⅳ)."""

    ESPECIALLY_MAJOR = "especially_major"
    MAJOR = "major"
    SIGNIFICANT = "significant"
    GENERAL = "general"


GRADE_NAMES: dict[Grade, tuple[str, str]] = {
    Grade.ESPECIALLY_MAJOR: ("特别重大", "Especially major (I)"),
    Grade.MAJOR: ("重大", "Major (II)"),
    Grade.SIGNIFICANT: ("较大", "Significant (III)"),
    Grade.GENERAL: ("一般", "General (IV)"),
}


def grade_name(code: str, language: str = "zh") -> str:
    """The grade's name in Chinese or (``language`` "en…") English; an unknown code as it is."""
    if code not in Grade._value2member_map_:
        return code
    zh, en = GRADE_NAMES[Grade(code)]
    return en if language.startswith("en") else zh


#: Grades that must be reported to the authority (较大 or above).
REPORTABLE = frozenset({Grade.ESPECIALLY_MAJOR, Grade.MAJOR, Grade.SIGNIFICANT})

THRESHOLDS_FILE = Path(__file__).with_name("incident_grading.json")


@dataclass(frozen=True, slots=True)
class Threshold:
    grade: Grade
    fact: str
    at_least: Decimal
    draft: bool
    source: str


@cache
def thresholds() -> tuple[Threshold, ...]:
    """The annex thresholds from the data file, most severe grade first."""
    data = json.loads(THRESHOLDS_FILE.read_text(encoding="utf-8"))
    return tuple(
        Threshold(Grade(g["grade"]), t["fact"], Decimal(str(t["at_least"])), bool(t["draft"]), t["source"])
        for g in data["grades"]
        for t in g["thresholds"]
    )


@dataclass(frozen=True, slots=True)
class ImpactFacts:
    """What is known of the harm so far (zeros when unknown)."""

    personal_information_people: int = 0
    direct_loss_cny: Decimal = Decimal(0)
    critical_outage_hours: Decimal = Decimal(0)
    main_function_outage_hours: Decimal = Decimal(0)


@dataclass(frozen=True, slots=True)
class Grading:
    grade: Grade
    #: the thresholds reached for this grade (empty for 一般)
    reached: tuple[Threshold, ...]

    @property
    def reportable(self) -> bool:
        return self.grade in REPORTABLE

    @property
    def draft_only(self) -> bool:
        """True when every threshold reached comes from the draft only."""
        return bool(self.reached) and all(t.draft for t in self.reached)


def grade(facts: ImpactFacts) -> Grading:
    """The most severe grade any fact reaches; 一般 when none does."""
    values = {
        "personal_information_people": Decimal(facts.personal_information_people),
        "direct_loss_cny": Decimal(facts.direct_loss_cny),
        "critical_outage_hours": Decimal(facts.critical_outage_hours),
        "main_function_outage_hours": Decimal(facts.main_function_outage_hours),
    }
    for level in (Grade.ESPECIALLY_MAJOR, Grade.MAJOR, Grade.SIGNIFICANT):
        reached = tuple(t for t in thresholds() if t.grade is level and values[t.fact] >= t.at_least)
        if reached:
            return Grading(level, reached)
    return Grading(Grade.GENERAL, ())


# ---------------------------------------------------------------------------------------------------
# Coverage check at intake


class CoverageReason(StrEnum):
    NOT_STARTED = "not_started"
    ENDED = "ended"
    CANCELLED = "cancelled"
    UNPAID = "unpaid"
    SYSTEM_NOT_INSURED = "system_not_insured"
    NO_RESPONSE_COVER = "no_response_cover"
    OUTSIDE_TERRITORY = "outside_territory"


REASON_TEXT: dict[CoverageReason, tuple[str, str]] = {
    CoverageReason.NOT_STARTED: (
        "事件发生在保险期间开始之前。",
        "The event happened before the policy started.",
    ),
    CoverageReason.ENDED: ("事件发生在保险期间结束之后。", "The event happened after the policy ended."),
    CoverageReason.CANCELLED: (
        "事件发生在保单退保生效之后。",
        "The event happened on or after the cancellation took effect.",
    ),
    CoverageReason.UNPAID: ("事件发生时保险费尚未缴付。", "The premium due by the event date was unpaid."),
    CoverageReason.SYSTEM_NOT_INSURED: (
        "受影响的系统不是保单承保的系统。",
        "The affected system is not an insured system.",
    ),
    CoverageReason.NO_RESPONSE_COVER: (
        "保险方案不含应急响应服务责任。",
        "The plan has no emergency-response cover.",
    ),
    CoverageReason.OUTSIDE_TERRITORY: (
        "事件发生在承保区域（中国大陆）之外。",
        "The event happened outside the territory (mainland China).",
    ),
}

#: The seed's policy covers mainland China only (中华人民共和国境内，不含港澳台).
MAINLAND = "mainland"
LOCATIONS = ("mainland", "hong_kong", "macao", "taiwan", "abroad")


@dataclass(frozen=True, slots=True)
class CoverageFacts:
    first_day: date
    last_day: date
    #: the effective date of a cancellation endorsement (cover ends at 00:00 of that day)
    cancelled_from: date | None
    #: every instalment due on or before the event date is paid
    paid_by_event: bool
    #: the insured systems as of the event date (names)
    insured_systems: tuple[str, ...]
    affected_system: str
    has_response_cover: bool
    location: str = MAINLAND
    territory: str = MAINLAND


@dataclass(frozen=True, slots=True)
class CoverageResult:
    covered: bool
    reasons: tuple[CoverageReason, ...]


def _same_system(a: str, b: str) -> bool:
    return a.strip().casefold() == b.strip().casefold()


def check_coverage(facts: CoverageFacts, event_at: datetime) -> CoverageResult:
    """Every reason the event is not covered (an empty list: covered). Dates are Asia/Shanghai days."""
    day = local_date(require_aware(event_at, "occurred_at"))
    reasons: list[CoverageReason] = []
    if day < facts.first_day:
        reasons.append(CoverageReason.NOT_STARTED)
    if day > facts.last_day:
        reasons.append(CoverageReason.ENDED)
    if facts.cancelled_from is not None and day >= facts.cancelled_from:
        reasons.append(CoverageReason.CANCELLED)
    if not facts.paid_by_event:
        reasons.append(CoverageReason.UNPAID)
    if not any(_same_system(s, facts.affected_system) for s in facts.insured_systems):
        reasons.append(CoverageReason.SYSTEM_NOT_INSURED)
    if not facts.has_response_cover:
        reasons.append(CoverageReason.NO_RESPONSE_COVER)
    if facts.location != facts.territory:
        reasons.append(CoverageReason.OUTSIDE_TERRITORY)
    return CoverageResult(not reasons, tuple(reasons))


# ---------------------------------------------------------------------------------------------------
# Clocks


class ClockState(StrEnum):
    PENDING = "pending"
    DUE_SOON = "due_soon"
    BREACHED = "breached"
    MET = "met"


class OperatorKind(StrEnum):
    """Who reports to the authority and how fast (管理办法): CII 1 h, state organs 2 h, others 4 h."""

    CII = "cii"
    STATE_ORGAN = "state_organ"
    OTHER = "other"


AUTHORITY_REPORT_HOURS = {OperatorKind.CII: 1, OperatorKind.STATE_ORGAN: 2, OperatorKind.OTHER: 4}
#: 处置总结报告 within 30 days of the end of handling.
SUMMARY_REPORT_DAYS = 30
#: The seed: a certified team arranged within 24 hours of the report.
DEFAULT_TEAM_HOURS = 24
#: First contact (callback) after a report; the seed names no figure, market practice is minutes.
DEFAULT_CALLBACK_MINUTES = 60
#: A clock is "due soon" in the last fifth of its window.
DUE_SOON_SHARE = Decimal("0.2")


@dataclass(frozen=True, slots=True)
class Clock:
    name: str
    started_at: datetime
    due_at: datetime
    met_at: datetime | None
    state: ClockState


def clock(name: str, started_at: datetime, due_at: datetime, met_at: datetime | None, now: datetime) -> Clock:
    """A clock's state at ``now``: met (in time), breached (late, met or not), due soon, pending."""
    require_aware(now, "now")
    if met_at is not None:
        state = ClockState.MET if met_at <= due_at else ClockState.BREACHED
    elif now > due_at:
        state = ClockState.BREACHED
    elif due_at - now <= (due_at - started_at) * float(DUE_SOON_SHARE):
        state = ClockState.DUE_SOON
    else:
        state = ClockState.PENDING
    return Clock(name, started_at, due_at, met_at, state)


@dataclass(frozen=True, slots=True)
class ClockFacts:
    reported_at: datetime
    discovered_at: datetime
    grade: Grade | None
    operator_kind: OperatorKind = OperatorKind.OTHER
    team_hours: int = DEFAULT_TEAM_HOURS
    callback_minutes: int = DEFAULT_CALLBACK_MINUTES
    #: when a provider accepted the emergency response (the certified team is arranged)
    team_arranged_at: datetime | None = None
    first_contact_at: datetime | None = None
    authority_reported_at: datetime | None = None
    handling_ended_at: datetime | None = None
    summary_reported_at: datetime | None = None
    #: no service is owed (uncovered, or a suspicious-activity report only)
    service_owed: bool = True


def clocks(facts: ClockFacts, now: datetime) -> list[Clock]:
    """The clocks that run for an incident at ``now``: the service clocks (callback, certified team) from
    the report when a service is owed; the authority report from discovery when graded 较大 or above; the
    处置总结报告 from the end of handling."""
    out: list[Clock] = []
    if facts.service_owed:
        out.append(
            clock("first_contact", facts.reported_at,
                  facts.reported_at + timedelta(minutes=facts.callback_minutes), facts.first_contact_at, now)
        )  # fmt: skip
        out.append(
            clock("team_arranged", facts.reported_at,
                  facts.reported_at + timedelta(hours=facts.team_hours), facts.team_arranged_at, now)
        )  # fmt: skip
    if facts.grade in REPORTABLE:
        hours = AUTHORITY_REPORT_HOURS[facts.operator_kind]
        out.append(
            clock("authority_report", facts.discovered_at, facts.discovered_at + timedelta(hours=hours),
                  facts.authority_reported_at, now)
        )  # fmt: skip
        if facts.handling_ended_at is not None:
            ended = facts.handling_ended_at
            out.append(
                clock("summary_report", ended, ended + timedelta(days=SUMMARY_REPORT_DAYS),
                      facts.summary_reported_at, now)
            )  # fmt: skip
    return out
