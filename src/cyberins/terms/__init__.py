"""Pure policy-terms logic: money, periods, pro-rata premium, coverages, warranties, loss adjustment.

Standard library only (no Django, no numpy) so that the products, policies and claims
apps - and anyone else - can use and test it without a database. See ``docs/terms.md``.
"""

from .adjustment import (
    ClaimAdjustment,
    LineAdjustment,
    MitigationAdjustment,
    MitigationCost,
    Step,
    adjust_claim,
)
from .coverages import CATALOGUE, PARTY_LABELS, Coverage, CoverageCode, Party, coverage_code, get_coverage
from .dates import SHANGHAI, add_months, format_date_en, format_date_zh, local_date, require_aware
from .errors import TermsError
from .explanation import ExplanationRow, explanation_table
from .loss import LossLine
from .money import CURRENCY, chinese_uppercase, format_cny, parse_amount, round_money
from .outage import merge_intervals, outage_hours
from .payments import InstalmentState, PaymentStanding, Standing, payment_standing
from .period import PolicyPeriod
from .policy_terms import CoverageTerms, PolicyTerms
from .prorata import (
    STANDARD_SHORT_RATE_TABLE,
    CancellationRefund,
    HistoryAdjustment,
    Instalment,
    ProRataAdjustment,
    ShortRateTable,
    SumInsuredChange,
    cancellation_refund,
    endorsement_premium,
    endorsement_premium_from_history,
    instalment_plan,
    months_in_force,
    unexpired_days,
)
from .text import Text, is_english, localized
from .warranties import (
    FindingEvidence,
    RemediationWarranty,
    ScheduledService,
    ScheduledServiceKind,
    ServiceScheduleWarranty,
    warranty_breached,
)

__all__ = [
    "CATALOGUE",
    "CURRENCY",
    "PARTY_LABELS",
    "SHANGHAI",
    "STANDARD_SHORT_RATE_TABLE",
    "CancellationRefund",
    "ClaimAdjustment",
    "Coverage",
    "CoverageCode",
    "CoverageTerms",
    "ExplanationRow",
    "FindingEvidence",
    "HistoryAdjustment",
    "Instalment",
    "InstalmentState",
    "LineAdjustment",
    "LossLine",
    "MitigationAdjustment",
    "MitigationCost",
    "Party",
    "PaymentStanding",
    "PolicyPeriod",
    "PolicyTerms",
    "ProRataAdjustment",
    "RemediationWarranty",
    "ScheduledService",
    "ScheduledServiceKind",
    "ServiceScheduleWarranty",
    "ShortRateTable",
    "Standing",
    "Step",
    "SumInsuredChange",
    "TermsError",
    "Text",
    "add_months",
    "adjust_claim",
    "cancellation_refund",
    "chinese_uppercase",
    "coverage_code",
    "endorsement_premium",
    "endorsement_premium_from_history",
    "explanation_table",
    "format_cny",
    "format_date_en",
    "format_date_zh",
    "get_coverage",
    "instalment_plan",
    "is_english",
    "local_date",
    "localized",
    "merge_intervals",
    "months_in_force",
    "outage_hours",
    "parse_amount",
    "payment_standing",
    "require_aware",
    "round_money",
    "unexpired_days",
    "warranty_breached",
]
