"""The explanation table of a claim adjustment: what the insured reads on the letter and the page.

One row per step of every loss line and mitigation cost, in the order of the adjustment:
the amount before the step, what the step deducted, the amount after and why (a bilingual
:class:`~cyberins.terms.text.Text`). Rows hold plain data so that the web page, the API and
the PDF letter print the same table.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .adjustment import ClaimAdjustment, Step
from .coverages import get_coverage
from .text import Text

__all__ = ["MITIGATION_LABEL", "ExplanationRow", "explanation_table"]

MITIGATION_LABEL = Text("施救费用", "Mitigation costs")


@dataclass(frozen=True, slots=True)
class ExplanationRow:
    """One step of one line: ``after == before - deducted``; ``item`` names the line."""

    item: Text
    step: str
    reason: Text
    before: Decimal
    deducted: Decimal
    after: Decimal

    @property
    def is_total(self) -> bool:
        """The line's payable row (printed in bold as the line's result)."""
        return self.step == "payable"


def _rows(item: Text, steps: tuple[Step, ...]) -> list[ExplanationRow]:
    rows: list[ExplanationRow] = []
    before = steps[0].balance
    for step in steps:
        rows.append(ExplanationRow(item, step.code, step.label, before, step.deducted, step.balance))
        before = step.balance
    return rows


def explanation_table(adjustment: ClaimAdjustment) -> tuple[ExplanationRow, ...]:
    """The rows of every loss line, then of every mitigation cost.

    A line's first row is its assessed amount (``before == after``), its last the payable.
    A description given with a mitigation cost is appended to its item name.
    """
    rows: list[ExplanationRow] = []
    for line in adjustment.lines:
        rows += _rows(get_coverage(line.coverage).name, line.steps)
    for cost in adjustment.mitigation:
        item = MITIGATION_LABEL
        if cost.description:
            item = Text(f"{item.zh}：{cost.description}", f"{item.en}: {cost.description}")
        rows += _rows(item, cost.steps)
    return tuple(rows)
