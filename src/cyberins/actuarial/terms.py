"""Policy terms applied to losses: per-occurrence deductible and limit, aggregate terms, share.

The per-occurrence payment is a *layer* of the ground-up loss ``X``::

    Y = min((X - a)+, w)

with attachment ``a = d`` (the deductible) and width ``w`` that depends on the limit basis:

* ``excess``    — the limit sits above the deductible: ``Y = min((X - d)+, L)``, so ``w = L``;
* ``ground_up`` — the limit caps the ground-up loss, then the deductible is taken off:
  ``Y = (min(X, L) - d)+``, so ``w = L - d`` (which must be positive).

The annual payment is ``share * min((S - AD)+, AL)`` where ``S`` is the sum of the ``Y``.

References
----------
.. [1] Klugman, Panjer and Willmot (2019), *Loss Models*, 5th ed., Chapter 8 (frequency and
   severity with coverage modifications).
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from cyberins.actuarial._validation import amount, fraction, positive_or_inf
from cyberins.actuarial.severity import Severity

LIMIT_BASES = ("excess", "ground_up")


@dataclass(frozen=True)
class PolicyTerms:
    """Loss terms of one policy.

    Parameters
    ----------
    deductible : float
        Per-occurrence deductible ``d`` (免赔额), >= 0.
    limit : float
        Per-occurrence limit ``L`` (赔偿限额); ``inf`` for none.
    limit_basis : {"excess", "ground_up"}
        Whether ``L`` is in excess of ``d`` or caps the ground-up loss (see module docstring).
    aggregate_deductible : float
        Annual aggregate deductible ``AD`` on the sum of occurrence payments.
    aggregate_limit : float
        Annual aggregate limit ``AL``; ``inf`` for none.
    share : float
        Insurer's share (coinsurance) in (0, 1], applied last.
    """

    deductible: float = 0.0
    limit: float = math.inf
    limit_basis: str = "excess"
    aggregate_deductible: float = 0.0
    aggregate_limit: float = math.inf
    share: float = 1.0

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        set_(self, "deductible", amount("terms.deductible", self.deductible))
        set_(self, "limit", positive_or_inf("terms.limit", self.limit))
        if self.limit_basis not in LIMIT_BASES:
            raise ValueError(
                f"terms.limit_basis must be one of {list(LIMIT_BASES)}, got {self.limit_basis!r}"
            )
        set_(
            self,
            "aggregate_deductible",
            amount("terms.aggregate_deductible", self.aggregate_deductible),
        )
        set_(self, "aggregate_limit", positive_or_inf("terms.aggregate_limit", self.aggregate_limit))
        set_(self, "share", fraction("terms.share", self.share, allow_zero=False))
        if self.limit_basis == "ground_up" and not self.limit > self.deductible:
            raise ValueError(
                f"terms.limit ({self.limit}) must exceed terms.deductible ({self.deductible}) "
                "when limit_basis is ground_up: otherwise nothing is ever paid"
            )

    @property
    def attachment(self) -> float:
        """Ground-up loss at which payments start (the deductible)."""
        return self.deductible

    @property
    def width(self) -> float:
        """Largest payment for one occurrence before share: ``L`` (excess) or ``L - d`` (ground up)."""
        return self.limit if self.limit_basis == "excess" else self.limit - self.deductible

    @property
    def has_aggregate_terms(self) -> bool:
        return self.aggregate_deductible > 0 or math.isfinite(self.aggregate_limit)

    def occurrence_payment(self, x: ArrayLike) -> NDArray[np.float64]:
        """Payment ``min((x - d)+, w)`` for ground-up losses ``x`` (before share)."""
        x = np.asarray(x, dtype=np.float64)
        return np.minimum(np.maximum(x - self.deductible, 0.0), self.width)

    def aggregate_payment(self, s: ArrayLike) -> NDArray[np.float64]:
        """Annual payment ``share * min((s - AD)+, AL)`` for annual sums ``s`` of occurrence payments."""
        s = np.asarray(s, dtype=np.float64)
        out = np.minimum(np.maximum(s - self.aggregate_deductible, 0.0), self.aggregate_limit)
        return self.share * out

    def layer_lev(self, severity: Severity, y: ArrayLike) -> NDArray[np.float64]:
        """``E[min(Y, y)]`` for the occurrence payment ``Y``: ``LEV_X(d + min(y, w)) - LEV_X(d)``."""
        y = np.minimum(np.maximum(np.asarray(y, dtype=np.float64), 0.0), self.width)
        d = self.deductible
        return severity.lev(d + y) - severity.lev(d)

    def layer_moments(self, severity: Severity) -> tuple[float, float]:
        """``(E[Y], E[Y^2])`` of the occurrence payment in closed form.

        ``E[Y] = LEV(d + w) - LEV(d)`` and
        ``E[Y^2] = LEV2(d + w) - LEV2(d) - 2 d (LEV(d + w) - LEV(d))``.
        """
        d, top = self.deductible, self.deductible + self.width
        m1 = float(severity.lev(top) - severity.lev(d))
        m2 = float(severity.lev2(top) - severity.lev2(d)) - 2 * d * m1
        return m1, m2

    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = asdict(self)
        for key in ("limit", "aggregate_limit"):
            if not math.isfinite(float(out[key])):  # type: ignore[arg-type]
                out[key] = None
        return out
