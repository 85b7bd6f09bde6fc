"""The health-check report (体检报告) in one language: grade and score first, then findings by severity.

Findings carry both texts (title, advice); ``lang`` picks one of each pair, and the report's own
labels follow it. Evidence, assets and CVE ids are technical and printed as given.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Literal

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Table, TableStyle

from .formatting import format_date_en, format_date_zh
from .layout import (
    CONTENT_WIDTH,
    PageDecoration,
    build_pdf,
    data_table,
    escape,
    key_value_block,
    section_heading,
    spacer,
    text,
)
from .styles import RULE, document_styles, paragraph

Language = Literal["zh", "en"]
SEVERITY_ORDER = ("critical", "high", "medium", "low", "info")
SEVERITY_LABELS = {
    "critical": ("严重", "Critical"),
    "high": ("高危", "High"),
    "medium": ("中危", "Medium"),
    "low": ("低危", "Low"),
    "info": ("信息", "Informational"),
}
SEVERITY_COLOURS = {
    "critical": colors.HexColor("#8b0000"),
    "high": colors.HexColor("#c0392b"),
    "medium": colors.HexColor("#d68910"),
    "low": colors.HexColor("#2e86c1"),
    "info": colors.HexColor("#7f8c8d"),
}
LABELS = {
    "title": ("网络安全体检报告", "Cyber Security Health Check Report"),
    "report_no": ("报告编号", "Report No."),
    "organisation": ("受检单位", "Organisation"),
    "date": ("体检日期", "Date of Assessment"),
    "assessor": ("检测单位", "Assessed by"),
    "grade": ("安全评级", "Grade"),
    "score": ("安全评分", "Score"),
    "scope": ("检测范围", "Scope"),
    "asset": ("资产", "Asset"),
    "kind": ("类型", "Type"),
    "identifier": ("地址", "Address"),
    "summary": ("发现汇总", "Summary of Findings"),
    "severity": ("等级", "Severity"),
    "count": ("数量", "Count"),
    "findings": ("发现详情", "Findings"),
    "evidence": ("证据", "Evidence"),
    "advice": ("整改建议", "Advice"),
    "cve": ("CVE 编号", "CVE IDs"),
    "kev": ("已知被利用 (KEV)", "Known exploited (KEV)"),
    "due": ("整改期限", "Remediate by"),
    "yes": ("是", "Yes"),
    "no": ("否", "No"),
    "none": ("无", "None"),
}


@dataclass(frozen=True)
class ScopeAsset:
    """An asset in the scope of the health check, e.g. ``官网`` at ``https://www.example.cn``."""

    name: str
    identifier: str
    kind: str = ""


@dataclass(frozen=True)
class Finding:
    """One finding, with the Chinese and English text of its title and advice."""

    severity: str
    """One of :data:`SEVERITY_ORDER`."""
    title_zh: str
    title_en: str
    asset: str
    evidence: str
    advice_zh: str
    advice_en: str
    cve_ids: tuple[str, ...] = ()
    known_exploited: bool = False
    """Listed in CISA's Known Exploited Vulnerabilities catalogue."""
    due_date: date | None = None

    def __post_init__(self) -> None:
        if self.severity not in SEVERITY_LABELS:
            raise ValueError(f"unknown severity {self.severity!r}; expected one of {SEVERITY_ORDER}")


@dataclass(frozen=True)
class HealthCheckReport:
    report_number: str
    organisation_name: str
    assessed_on: date
    grade: str
    score: Decimal
    """0 to 100."""
    scope: tuple[ScopeAsset, ...]
    findings: tuple[Finding, ...]
    assessor: str = ""


def _pick(pair: tuple[str, str], lang: Language) -> str:
    return pair[0] if lang == "zh" else pair[1]


def _label(key: str, lang: Language) -> str:
    return _pick(LABELS[key], lang)


def _date(day: date, lang: Language) -> str:
    return format_date_zh(day) if lang == "zh" else format_date_en(day)


def _grade_panel(doc: HealthCheckReport, lang: Language) -> Table:
    styles = document_styles()
    score = f"{doc.score.normalize():f} / 100"
    cells = [
        [text(_label("grade", lang), "label"), text(_label("score", lang), "label")],
        [paragraph(escape(doc.grade), styles.highlight), paragraph(escape(score), styles.highlight)],
    ]
    panel = Table(cells, colWidths=[CONTENT_WIDTH / 2] * 2, rowHeights=[None, 48])
    panel.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 1, RULE),
                ("INNERGRID", (0, 0), (-1, -1), 0.5, RULE),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("ALIGN", (0, 0), (-1, -1), "CENTER"),
            ]
        )
    )
    return panel


def _summary(doc: HealthCheckReport, lang: Language) -> Flowable:
    rows = [
        [_pick(SEVERITY_LABELS[severity], lang), str(sum(f.severity == severity for f in doc.findings))]
        for severity in SEVERITY_ORDER
    ]
    return data_table([_label("severity", lang), _label("count", lang)], rows, [3, 1])


def _finding_block(finding: Finding, lang: Language) -> list[Flowable]:
    styles = document_styles()
    colour = SEVERITY_COLOURS[finding.severity]
    severity = _pick(SEVERITY_LABELS[finding.severity], lang)
    title_style = ParagraphStyle(styles.label.name, parent=styles.label, textColor=colour)
    title_text = finding.title_zh if lang == "zh" else finding.title_en
    title = paragraph(escape(f"[{severity}] {title_text}"), title_style)
    cves = ", ".join(finding.cve_ids) or _label("none", lang)
    rows: list[tuple[str, str | Flowable]] = [
        (_label("asset", lang), finding.asset),
        (_label("evidence", lang), finding.evidence),
        (_label("advice", lang), finding.advice_zh if lang == "zh" else finding.advice_en),
        (_label("cve", lang), cves),
        (_label("kev", lang), _label("yes" if finding.known_exploited else "no", lang)),
        (_label("due", lang), _date(finding.due_date, lang) if finding.due_date else "-"),
    ]
    title.keepWithNext = True
    return [title, key_value_block(rows, label_width=CONTENT_WIDTH * 0.22), spacer(3)]


def render_health_check_report(doc: HealthCheckReport, lang: Language = "zh") -> bytes:
    """The health-check report as PDF bytes, in Chinese (``lang="zh"``) or English (``"en"``)."""
    if lang not in ("zh", "en"):
        raise ValueError(f"lang must be 'zh' or 'en', not {lang!r}")
    title = _label("title", lang)
    story: list[Flowable] = [
        text(title, "title"),
        spacer(2),
        key_value_block(
            [
                (_label("report_no", lang), doc.report_number),
                (_label("organisation", lang), doc.organisation_name),
                (_label("date", lang), _date(doc.assessed_on, lang)),
                (_label("assessor", lang), doc.assessor or "-"),
            ]
        ),
        spacer(4),
        _grade_panel(doc, lang),
        section_heading(_label("scope", lang), ""),
        data_table(
            [_label("asset", lang), _label("kind", lang), _label("identifier", lang)],
            [[asset.name, asset.kind or "-", asset.identifier] for asset in doc.scope],
            [1.5, 1, 2.5],
        ),
        section_heading(_label("summary", lang), ""),
        _summary(doc, lang),
    ]
    for severity in SEVERITY_ORDER:
        group = [finding for finding in doc.findings if finding.severity == severity]
        if not group:
            continue
        heading = f"{_label('findings', lang)}: {_pick(SEVERITY_LABELS[severity], lang)} ({len(group)})"
        story.append(section_heading(heading, ""))
        for finding in group:
            story += _finding_block(finding, lang)
    decoration = PageDecoration(
        issuer=doc.assessor or doc.organisation_name,
        title=title,
        document_number=f"{_label('report_no', lang)}: {doc.report_number}",
    )
    return build_pdf(story, decoration, subject=f"{doc.organisation_name} {doc.assessed_on.isoformat()}")
