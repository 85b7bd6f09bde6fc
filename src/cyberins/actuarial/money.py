"""Where the actuarial package's floats become money.

The package computes in floats; an amount leaves it as a :class:`~decimal.Decimal` converted exactly by
:func:`as_decimal` and rounded by the project's one rounding function, :func:`cyberins.terms.round_money`
(re-exported here): ``round_money(as_decimal(x))``.
"""

from __future__ import annotations

import math
from decimal import Decimal

from cyberins.terms import round_money

__all__ = ["as_decimal", "round_money"]


def as_decimal(value: float | int | str | Decimal) -> Decimal:
    """The amount as a :class:`~decimal.Decimal`, without rounding.

    Floats are converted through ``repr`` (the shortest string that round-trips), so
    ``round_money(as_decimal(2.675))`` is ``Decimal('2.68')`` as a person would expect, not the
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
    return amount
