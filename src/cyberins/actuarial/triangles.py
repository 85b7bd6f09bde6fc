"""Loss development triangles (赔款进展三角形) from plain claim transactions, and their CSV export.

A claim's history is a list of transactions, each on a date: a payment (``paid``) and the
change in incurred (``incurred`` = paid + case reserve, so a payment that releases the same
amount of reserve changes incurred by 0; setting or raising a reserve changes it by the
reserve movement). Recoveries are negative amounts.

The triangles are *cumulative*, by accident period (rows: the period the incident happened
in) x development age (columns: 1, 2, 3 ... periods since the start of the accident period,
the age of the first period being one period). A cell is known only once its development
period has ended on or before the valuation date, which gives the upper-left triangle; later
cells are ``None``.

:func:`to_chainladder_csv` writes the long layout the ``chainladder`` package reads
(``cl.Triangle(df, origin="origin", development="development", columns=["paid", "incurred"],
cumulative=True)``): one row per known cell, ``origin`` the first day of the accident
period and ``development`` the last day of the development period (ISO dates).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Literal

__all__ = [
    "ClaimTransaction",
    "LossTriangles",
    "build_triangles",
    "to_chainladder_csv",
    "to_grid_csv",
]

Grain = Literal["year", "quarter"]
_MONTHS = {"year": 12, "quarter": 3}


@dataclass(frozen=True)
class ClaimTransaction:
    """One movement of one claim: the payment made and the change in incurred on ``on``."""

    accident_date: date
    on: date
    paid: Decimal = Decimal(0)
    incurred: Decimal = Decimal(0)
    claim: str = ""


def _period_index(day: date, months: int) -> int:
    """Periods since year 0 (a quarter or a year), so differences give development lags."""
    return (day.year * 12 + day.month - 1) // months


def _period_start(index: int, months: int) -> date:
    month0 = index * months
    return date(month0 // 12, month0 % 12 + 1, 1)


def _period_end(index: int, months: int) -> date:
    return _period_start(index + 1, months) - timedelta(days=1)


@dataclass(frozen=True)
class LossTriangles:
    """Cumulative paid and incurred by accident period (rows) x development age (columns)."""

    grain: Grain
    valuation_date: date
    origins: tuple[date, ...]
    """First day of each accident period, oldest first."""
    paid: tuple[tuple[Decimal | None, ...], ...]
    incurred: tuple[tuple[Decimal | None, ...], ...]

    @property
    def ages_in_months(self) -> tuple[int, ...]:
        """Development ages in months: 12, 24, 36 ... (yearly) or 3, 6, 9 ... (quarterly)."""
        months = _MONTHS[self.grain]
        return tuple(months * (k + 1) for k in range(len(self.origins)))

    def development_end(self, row: int, column: int) -> date:
        """The last day of development period ``column`` (0-based) of accident period ``row``."""
        months = _MONTHS[self.grain]
        return _period_end(_period_index(self.origins[row], months) + column, months)


def _amount(name: str, value: object) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, Decimal | int) or not Decimal(value).is_finite():
        raise ValueError(f"{name} must be a finite Decimal, got {value!r}")
    return Decimal(value)


def build_triangles(
    transactions: Iterable[ClaimTransaction], *, valuation_date: date, grain: Grain = "year"
) -> LossTriangles:
    """Cumulative paid and incurred triangles as of ``valuation_date``.

    Accident periods run from the earliest accident in the data to the period of the
    valuation date, so a period without claims is a row of zeros, not a missing row.
    Transactions dated after the valuation date are ignored (the triangle as it was known
    then, so accidents after it too); a transaction before its accident date is refused.
    """
    if grain not in _MONTHS:
        raise ValueError(f"grain must be 'year' or 'quarter', got {grain!r}")
    months = _MONTHS[grain]
    checked: list[tuple[int, int, Decimal, Decimal]] = []
    for index, item in enumerate(transactions):
        name = f"transactions[{index}]"
        if item.on < item.accident_date:
            raise ValueError(f"{name}.on ({item.on}) is before the accident date ({item.accident_date})")
        paid = _amount(f"{name}.paid", item.paid)
        incurred = _amount(f"{name}.incurred", item.incurred)
        if item.on > valuation_date:
            continue
        origin = _period_index(item.accident_date, months)
        checked.append((origin, _period_index(item.on, months) - origin, paid, incurred))
    if not checked:
        raise ValueError("transactions: no transaction on or before the valuation date")
    first = min(origin for origin, *_ in checked)
    last = _period_index(valuation_date, months)
    # The last development period counts only once it has ended.
    complete = last if _period_end(last, months) <= valuation_date else last - 1
    size = last - first + 1
    paid_cells = [[Decimal(0)] * size for _ in range(size)]
    incurred_cells = [[Decimal(0)] * size for _ in range(size)]
    for origin, lag, paid, incurred in checked:
        paid_cells[origin - first][lag] += paid
        incurred_cells[origin - first][lag] += incurred

    def cumulate(cells: list[list[Decimal]]) -> tuple[tuple[Decimal | None, ...], ...]:
        rows = []
        for row, values in enumerate(cells):
            running = Decimal(0)
            out: list[Decimal | None] = []
            for lag, value in enumerate(values):
                running += value
                out.append(running if first + row + lag <= complete else None)
            rows.append(tuple(out))
        return tuple(rows)

    origins = tuple(_period_start(first + row, months) for row in range(size))
    return LossTriangles(grain, valuation_date, origins, cumulate(paid_cells), cumulate(incurred_cells))


def to_chainladder_csv(triangles: LossTriangles) -> str:
    """Long CSV: ``origin,development,paid,incurred`` - one row per known cell (see the module doc)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["origin", "development", "paid", "incurred"])
    for row, origin in enumerate(triangles.origins):
        for column, (paid, incurred) in enumerate(
            zip(triangles.paid[row], triangles.incurred[row], strict=True)
        ):
            if paid is None or incurred is None:
                continue
            end = triangles.development_end(row, column)
            writer.writerow([origin.isoformat(), end.isoformat(), f"{paid:f}", f"{incurred:f}"])
    return buffer.getvalue()


def to_grid_csv(triangles: LossTriangles, measure: Literal["paid", "incurred"]) -> str:
    """The triangle as people read it: one row per accident period, one column per age in months."""
    cells: Sequence[Sequence[Decimal | None]] = getattr(triangles, measure)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["origin", *triangles.ages_in_months])
    for origin, row in zip(triangles.origins, cells, strict=True):
        writer.writerow([origin.isoformat(), *("" if value is None else f"{value:f}" for value in row)])
    return buffer.getvalue()
