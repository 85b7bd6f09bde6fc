"""The one rounding function for money leaving the actuarial package."""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def round_money(value: float | int | str | Decimal) -> Decimal:
    """Round an amount to 0.01 with ROUND_HALF_UP and return it as :class:`~decimal.Decimal`.

    Floats are converted through ``repr`` (the shortest string that round-trips), so
    ``round_money(2.675)`` is ``Decimal('2.68')`` as a person would expect, not the
    ``2.67`` that the binary value 2.67499999... would give.

    Raises
    ------
    ValueError
        If the value is NaN or infinite.
    """
    if isinstance(value, Decimal):
        amount = value
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"amount must be finite, got {value!r}")
        amount = Decimal(repr(value))
    else:
        amount = Decimal(str(value))
    if not amount.is_finite():
        raise ValueError(f"amount must be finite, got {value!r}")
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)
