"""Bilingual (Chinese/English) PDF documents: policy schedule, quotation, health-check report,
settlement letter and loss-adjustment report.

Pure package (ReportLab, no Django): the apps map their models onto these frozen dataclasses
and get PDF bytes back. The CJK font is embedded; see :mod:`cyberins.documents.fonts` and
``docs/documents.md``.
"""

from .adjustment_report import render_loss_adjustment_report
from .claim_data import (
    ClaimAmounts,
    ClaimPayment,
    InsuredSystem,
    LossAdjustmentReport,
    ReviewLevel,
    SettlementLetter,
)
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
from .settlement import render_settlement_letter

__all__ = [
    "CJKFontUnavailableError",
    "ClaimAmounts",
    "ClaimPayment",
    "CoverageLine",
    "Finding",
    "FontSet",
    "FontSource",
    "HealthCheckReport",
    "IncludedService",
    "Instalment",
    "InsuredSystem",
    "Insurer",
    "LossAdjustmentReport",
    "PlanOption",
    "PolicySchedule",
    "PremiumBreakdown",
    "QuoteDocument",
    "ReviewLevel",
    "ScheduleItem",
    "ScopeAsset",
    "ServiceAppointment",
    "SettlementLetter",
    "Warranty",
    "find_cjk_font",
    "format_amount",
    "format_date_en",
    "format_date_zh",
    "format_money",
    "format_rate",
    "register_fonts",
    "render_health_check_report",
    "render_loss_adjustment_report",
    "render_policy_schedule",
    "render_quote",
    "render_settlement_letter",
]
