"""Loss lines of a claim: what the adjuster assessed, per coverage, before the policy terms."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .coverages import CoverageCode
from .errors import TermsError
from .money import AmountInput, parse_amount, round_money
from .text import Text


def _positive_decimal(value: Decimal, field: str) -> Decimal:
    """A finite Decimal (or int) > 0; floats are refused like everywhere in the package."""
    if isinstance(value, bool) or not isinstance(value, Decimal | int) or not Decimal(value).is_finite():
        raise TermsError("terms.invalid_number", field, Text("须为 Decimal 数值。", "A Decimal is required."))
    if value <= 0:
        raise TermsError("terms.not_positive", field, Text("须大于零。", "Must be greater than zero."))
    return Decimal(value)


@dataclass(frozen=True, slots=True)
class LossLine:
    """One assessed loss line of a claim; ``outage_hours`` is required for business interruption."""

    coverage: CoverageCode
    claimed: Decimal
    assessed: Decimal
    outage_hours: Decimal | None = None

    @classmethod
    def business_interruption(
        cls,
        *,
        claimed: AmountInput,
        outage_hours: Decimal,
        hourly_income_loss: Decimal | None = None,
        daily_income_loss: Decimal | None = None,
    ) -> LossLine:
        """A BI line from an income loss per hour or per day: ``assessed = rate x outage_hours``.

        A daily rate is spread over 24 hours (``daily x hours / 24``); the product is rounded
        once with ``round_money``.
        """
        hours = _positive_decimal(outage_hours, "outage_hours")
        if hourly_income_loss is not None and daily_income_loss is None:
            loss = _positive_decimal(hourly_income_loss, "hourly_income_loss") * hours
        elif daily_income_loss is not None and hourly_income_loss is None:
            # Multiply before dividing so that e.g. 2,400/day x 30 h stays exact.
            loss = _positive_decimal(daily_income_loss, "daily_income_loss") * hours / 24
        else:
            raise TermsError(
                "terms.income_loss_rate_required",
                "hourly_income_loss",
                Text("须且只能给出每小时或每日收入损失之一。", "Give one of hourly or daily income loss."),
            )
        claimed_amount = parse_amount(claimed, "claimed")
        return cls(CoverageCode.BUSINESS_INTERRUPTION, claimed_amount, round_money(loss), hours)
