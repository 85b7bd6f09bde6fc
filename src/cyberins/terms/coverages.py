"""The coverage catalogue (保险责任).

Codes are those of DESIGN.md and are used everywhere (database choices, API, claims).
The zh-Hans names and descriptions are the seed's coverage table ("网络安全保险责任");
``response_service`` is the emergency-response service itself, described after the
seed's claim flow (应急响应 -> 检测 -> 抑制 -> 根除 -> 恢复 -> 报告分析).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from .errors import TermsError
from .text import Text


class Party(StrEnum):
    """Whose loss a coverage pays: the insured's own (first), a third party's, or a service."""

    FIRST = "first"
    THIRD = "third"
    SERVICE = "service"


PARTY_LABELS = {
    Party.FIRST: Text("第一方损失", "First-party loss"),
    Party.THIRD: Text("第三方损失", "Third-party loss"),
    Party.SERVICE: Text("安全服务", "Security service"),
}


class CoverageCode(StrEnum):
    """Stable coverage codes; a ``StrEnum`` so that ``CoverageCode.LEGAL == "legal"``."""

    BUSINESS_INTERRUPTION = "business_interruption"
    RESTORATION = "restoration"
    REGULATORY = "regulatory"
    EXTORTION = "extortion"
    INTELLECTUAL_PROPERTY = "intellectual_property"
    DATA_BREACH = "data_breach"
    CRISIS_MANAGEMENT = "crisis_management"
    LEGAL = "legal"
    RESPONSE_SERVICE = "response_service"


@dataclass(frozen=True, slots=True)
class Coverage:
    """One coverage: its code, party, name and description in zh-Hans and English."""

    code: CoverageCode
    party: Party
    name: Text
    description: Text


CATALOGUE: tuple[Coverage, ...] = (
    Coverage(
        CoverageCode.BUSINESS_INTERRUPTION,
        Party.FIRST,
        Text("营业中断", "Business interruption"),
        Text(
            "由于系统或网络崩溃导致的营业中断期间的收入损失或相关费用。",
            "Loss of income, or related costs, during an interruption of business caused by a system"
            " or network outage.",
        ),
    ),
    Coverage(
        CoverageCode.RESTORATION,
        Party.FIRST,
        Text("复原成本", "Restoration costs"),
        Text(
            "系统或网络崩溃导致数据受损的复原成本。",
            "Cost of restoring data damaged by a system or network outage.",
        ),
    ),
    Coverage(
        CoverageCode.REGULATORY,
        Party.FIRST,
        Text("监管合规成本", "Regulatory costs"),
        Text(
            "由于数据或信息泄露导致的监管罚款等。",
            "Regulatory fines and similar costs resulting from a data or information leak.",
        ),
    ),
    Coverage(
        CoverageCode.EXTORTION,
        Party.FIRST,
        Text("网络敲诈勒索", "Cyber extortion"),
        Text(
            "由于信息泄露或计算机安全问题导致敲诈勒索造成的损失。",
            "Loss from extortion arising from an information leak or a computer-security problem.",
        ),
    ),
    Coverage(
        CoverageCode.INTELLECTUAL_PROPERTY,
        Party.FIRST,
        Text("知识产权损失", "Intellectual property loss"),
        Text(
            "商业秘密，涉密信息被盗的损失。",
            "Loss from the theft of trade secrets or confidential information.",
        ),
    ),
    Coverage(
        CoverageCode.DATA_BREACH,
        Party.THIRD,
        Text("数据泄露", "Data breach"),
        Text(
            "由于私密的商业或个人信息泄露给第三方造成的损失。",
            "Loss caused by private business or personal information being disclosed to third parties.",
        ),
    ),
    Coverage(
        CoverageCode.CRISIS_MANAGEMENT,
        Party.THIRD,
        Text("危机管理", "Crisis management"),
        Text(
            "网络安全事件发生后的处理费用，如涉及到第三方的调查取证费用。",
            "Costs of handling a cyber-security incident, such as third-party investigation and"
            " forensics fees.",
        ),
    ),
    Coverage(
        CoverageCode.LEGAL,
        Party.THIRD,
        Text("法律诉讼", "Legal proceedings"),
        Text(
            "由于安全事件导致损失被第三方起诉导致的法律费用。",
            "Legal costs when a third party sues over a loss caused by a security incident.",
        ),
    ),
    Coverage(
        CoverageCode.RESPONSE_SERVICE,
        Party.SERVICE,
        Text("应急响应服务", "Emergency response service"),
        Text(
            "安全事件发生后，由定点服务单位提供的应急响应服务（检测、抑制、根除、恢复、报告分析），"
            "按服务价格体系结算给服务单位。",
            "Emergency response by a designated service provider after a security incident (detection,"
            " containment, eradication, recovery, reporting), paid to the provider at price-book rates.",
        ),
    ),
)

_BY_CODE = {coverage.code: coverage for coverage in CATALOGUE}


def coverage_code(code: str, field: str = "coverage") -> CoverageCode:
    """Parse a coverage code string; raise ``terms.unknown_coverage`` for anything else."""
    try:
        return CoverageCode(code)
    except ValueError:
        raise TermsError(
            "terms.unknown_coverage",
            field,
            Text(f"未知的保险责任代码：{code!r}。", f"Unknown coverage code: {code!r}."),
        ) from None


def get_coverage(code: str) -> Coverage:
    """The catalogue entry for ``code`` (a :class:`CoverageCode` or its string value)."""
    return _BY_CODE[coverage_code(code)]
