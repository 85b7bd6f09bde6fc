"""Input checks shared by the actuarial package.

Every check raises :class:`ValueError` whose message starts with the dotted name of the
parameter (``severity.sigma must be a finite positive number``), so that the CLI and the
API can point at the field that is wrong. No check ever lets a NaN through.
"""

from __future__ import annotations

import math
from typing import Any


def _as_float(name: str, value: Any) -> float:
    if isinstance(value, bool):
        raise ValueError(f"{name} must be a number, not a boolean")
    try:
        result = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number, got {value!r}") from None
    if math.isnan(result):
        raise ValueError(f"{name} must be a number, got NaN")
    return result


def finite(name: str, value: Any) -> float:
    """Return ``value`` as a finite float."""
    result = _as_float(name, value)
    if not math.isfinite(result):
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    return result


def positive(name: str, value: Any) -> float:
    """Return ``value`` as a finite float > 0."""
    result = _as_float(name, value)
    if not (math.isfinite(result) and result > 0):
        raise ValueError(f"{name} must be a finite positive number, got {value!r}")
    return result


def non_negative(name: str, value: Any) -> float:
    """Return ``value`` as a finite float >= 0."""
    result = _as_float(name, value)
    if not (math.isfinite(result) and result >= 0):
        raise ValueError(f"{name} must be a finite non-negative number, got {value!r}")
    return result


#: the largest money amount the engine accepts (far beyond any policy; keeps h**3 finite)
MAX_AMOUNT = 1e15


def positive_or_inf(name: str, value: Any) -> float:
    """Return ``value`` as a float > 0, ``inf`` allowed (an unlimited layer), finite at most MAX_AMOUNT."""
    result = _as_float(name, value)
    if not result > 0:
        raise ValueError(f"{name} must be a positive number (or infinite), got {value!r}")
    if math.isfinite(result) and result > MAX_AMOUNT:
        raise ValueError(
            f"{name} must be at most {MAX_AMOUNT:.0e} (leave it out or null for unlimited), got {value!r}"
        )
    return result


def amount(name: str, value: Any) -> float:
    """Return ``value`` as a finite float in [0, MAX_AMOUNT]."""
    result = non_negative(name, value)
    if result > MAX_AMOUNT:
        raise ValueError(f"{name} must be at most {MAX_AMOUNT:.0e}, got {value!r}")
    return result


def probability_open(name: str, value: Any) -> float:
    """Return ``value`` as a float in the open interval (0, 1)."""
    result = _as_float(name, value)
    if not 0 < result < 1:
        raise ValueError(f"{name} must be a probability in (0, 1), got {value!r}")
    return result


def fraction(name: str, value: Any, *, allow_zero: bool = True, allow_one: bool = True) -> float:
    """Return ``value`` as a float in [0, 1] (ends optionally excluded)."""
    result = _as_float(name, value)
    low_ok = result >= 0 if allow_zero else result > 0
    high_ok = result <= 1 if allow_one else result < 1
    if not (low_ok and high_ok):
        lo = "[0" if allow_zero else "(0"
        hi = "1]" if allow_one else "1)"
        raise ValueError(f"{name} must be in {lo}, {hi}, got {value!r}")
    return result


def positive_int(name: str, value: Any) -> int:
    """Return ``value`` as an int >= 1."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"{name} must be a positive integer, got {value!r}")
    if isinstance(value, float) and not (math.isfinite(value) and value.is_integer()):
        raise ValueError(f"{name} must be a positive integer, got {value!r}")
    result = int(value)
    if result < 1:
        raise ValueError(f"{name} must be a positive integer, got {value!r}")
    return result
