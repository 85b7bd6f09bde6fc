"""Bilingual (Chinese/English) PDF documents: policy schedule, quotation, health-check report.

Pure package (ReportLab, no Django): the apps map their models onto these frozen dataclasses
and get PDF bytes back. The CJK font is embedded; see :mod:`cyberins.documents.fonts` and
``docs/documents.md``.
"""

from .fonts import CJKFontUnavailableError, FontSet, FontSource, find_cjk_font, register_fonts
from .formatting import format_amount, format_date_en, format_date_zh, format_money, format_rate
from .parties import Insurer
from .quote import PlanOption, PremiumBreakdown, QuoteDocument, render_quote
from .report import Finding, HealthCheckReport, ScopeAsset, render_health_check_report
from .schedule import (
    CoverageLine,
    IncludedService,
    Instalment,
    PolicySchedule,
    ScheduleItem,
    ServiceAppointment,
    Warranty,
    render_policy_schedule,
)

__all__ = [
    "CJKFontUnavailableError",
    "CoverageLine",
    "Finding",
    "FontSet",
    "FontSource",
    "HealthCheckReport",
    "IncludedService",
    "Instalment",
    "Insurer",
    "PlanOption",
    "PolicySchedule",
    "PremiumBreakdown",
    "QuoteDocument",
    "ScheduleItem",
    "ScopeAsset",
    "ServiceAppointment",
    "Warranty",
    "find_cjk_font",
    "format_amount",
    "format_date_en",
    "format_date_zh",
    "format_money",
    "format_rate",
    "register_fonts",
    "render_health_check_report",
    "render_policy_schedule",
    "render_quote",
]
