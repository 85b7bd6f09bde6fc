"""Policy terms shared by the adjustment tests: the COSCO period and sum insured with sample sub-limits."""

from datetime import date, datetime
from decimal import Decimal

from cyberins.terms import (
    SHANGHAI,
    CoverageCode,
    CoverageTerms,
    FindingEvidence,
    PolicyPeriod,
    PolicyTerms,
    RemediationWarranty,
)

D = Decimal
COSCO = PolicyPeriod(date(2019, 6, 10), date(2020, 6, 9))
INCIDENT = datetime(2019, 9, 1, 10, 0, tzinfo=SHANGHAI)
C = CoverageCode


def make_terms(*, warranty: RemediationWarranty | None = None, response_erodes: bool = True) -> PolicyTerms:
    return PolicyTerms(
        period=COSCO,
        aggregate_limit=D("190000"),
        coverages=(
            CoverageTerms(C.RESPONSE_SERVICE, D("50000"), erodes_aggregate=response_erodes),
            CoverageTerms(C.BUSINESS_INTERRUPTION, D("60000"), waiting_period_hours=D(12)),
            CoverageTerms(C.RESTORATION, D("80000"), D("2000")),
            CoverageTerms(C.DATA_BREACH, D("100000"), D("5000")),
            CoverageTerms(C.LEGAL, D("40000"), D("1000")),
        ),
        remediation_warranty=warranty,
    )


def finding(**changes: object) -> FindingEvidence:
    values: dict[str, object] = {
        "notified_at": datetime(2019, 7, 15, 10, 0, tzinfo=SHANGHAI),
        "due_at": datetime(2019, 8, 15, tzinfo=SHANGHAI),
        "remediated_at": None,
        "directly_related": True,
    }
    values.update(changes)
    return FindingEvidence(**values)  # type: ignore[arg-type]
