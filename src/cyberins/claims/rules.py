"""Pure claim rules (no database): the document checklist per coverage, the reduction reasons, outage
hours from merged intervals, and the 保险法 clocks of a claim.

The clocks (Insurance Law of the PRC):

* ``decision`` — Art. 23: decide within 30 days (or the product's term) of complete documents;
* ``payment`` — Art. 23: pay within 10 days of the agreement on the amount (the approval);
* ``denial_notice`` — Art. 24: a denial notice with its reasons within 3 days of the decision;
* ``minimum_payment`` — Art. 25: when the amount is not settled 60 days after complete documents, pay
  the amount that can be determined (any payment, or the decision, meets it).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from enum import StrEnum

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

#: checklist per coverage: (document code, label); "claim_form" and "incident_report" for every claim
COMMON_DOCUMENTS = [
    ("claim_form", _("Claim form signed by the insured")),
    ("incident_report", _("Incident handling summary report")),
]
CHECKLIST: dict[str, list[tuple[str, object]]] = {
    "business_interruption": [
        ("financial_statements", _("Financial statements of the last 12 months")),
        ("outage_logs", _("System logs proving the outage")),
    ],
    "restoration": [("restoration_invoices", _("Invoices for the restoration work"))],
    "regulatory": [("penalty_decision", _("The regulator's penalty decision"))],
    "extortion": [
        ("police_report", _("Notification to law enforcement (报案回执)")),
        ("ransom_proof", _("Proof of the ransom demand and payment")),
    ],
    "intellectual_property": [("ip_valuation", _("Valuation of the lost intellectual property"))],
    "data_breach": [
        ("notification_records", _("Records of the notifications to data subjects")),
        ("settlements", _("Settlement agreements or judgments")),
    ],
    "crisis_management": [("pr_invoices", _("Invoices of the crisis-management consultants"))],
    "legal": [("legal_invoices", _("Lawyers' invoices and the court documents"))],
    "response_service": [("service_report", _("The provider's response report and invoice"))],
}


def checklist(coverages: Iterable[str]) -> list[tuple[str, str, object]]:
    """Every document a claim with these coverages needs: (code, coverage, label), in order, once each."""
    out: list[tuple[str, str, object]] = [(code, "", label) for code, label in COMMON_DOCUMENTS]
    for coverage in dict.fromkeys(coverages):
        out += [(code, coverage, label) for code, label in CHECKLIST.get(coverage, [])]
    return out


def document_label(code: str) -> object:
    for code_, label in COMMON_DOCUMENTS + [d for docs in CHECKLIST.values() for d in docs]:
        if code_ == code:
            return label
    return code


class Reduction(StrEnum):
    """Coded reasons for assessing less than claimed (bilingual labels in ``REDUCTION_REASONS``)."""

    UNSUPPORTED = "unsupported"
    ABOVE_MARKET_RATE = "above_market_rate"
    NOT_CAUSED_BY_INCIDENT = "not_caused"
    BETTERMENT = "betterment"
    DUPLICATE = "duplicate"
    EXCLUDED_ITEM = "excluded_item"


REDUCTION_REASONS = {
    Reduction.UNSUPPORTED: _("Not supported by the documents"),
    Reduction.ABOVE_MARKET_RATE: _("Above the price-book or market rate"),
    Reduction.NOT_CAUSED_BY_INCIDENT: _("Not caused by the incident"),
    Reduction.BETTERMENT: _("Betterment (an upgrade beyond the state before the incident)"),
    Reduction.DUPLICATE: _("Claimed twice"),
    Reduction.EXCLUDED_ITEM: _("An item the policy excludes"),
}


def merged_hours(intervals: Iterable[tuple[datetime, datetime]]) -> Decimal:
    """Hours covered by the union of the intervals (overlapping outages of two systems count once),
    to the hundredth of an hour."""
    total = timedelta()
    end: datetime | None = None
    start: datetime | None = None
    for a, b in sorted(intervals):
        if end is None or a > end:
            if end is not None and start is not None:
                total += end - start
            start, end = a, b
        else:
            end = max(end, b)
    if end is not None and start is not None:
        total += end - start
    return (Decimal(total.total_seconds()) / 3600).quantize(Decimal("0.01"))


class ClockState(StrEnum):
    RUNNING = "running"
    MET = "met"
    BREACHED = "breached"


CLOCK_LABELS = {
    "decision": _("Decision on the claim (Art. 23)"),
    "payment": _("Payment after the agreement, 10 days (Art. 23)"),
    "denial_notice": _("Denial notice with reasons, 3 days (Art. 24)"),
    "minimum_payment": _("Determinable minimum at 60 days (Art. 25)"),
}
CLOCK_STATE_LABELS = {
    ClockState.RUNNING: pgettext_lazy("claim clock", "running"),
    ClockState.MET: pgettext_lazy("claim clock", "met"),
    ClockState.BREACHED: pgettext_lazy("claim clock", "breached"),
}


@dataclass(frozen=True)
class ClaimFacts:
    documents_complete_at: datetime | None
    decided_at: datetime | None
    denied: bool
    denial_notice_at: datetime | None
    approved_at: datetime | None
    paid_at: datetime | None
    first_payment_at: datetime | None
    decision_days: int = 30


@dataclass(frozen=True)
class Clock:
    name: str
    due_at: datetime
    state: ClockState
    done_at: datetime | None

    @property
    def label(self) -> object:
        return CLOCK_LABELS.get(self.name, self.name)

    @property
    def state_label(self) -> object:
        return CLOCK_STATE_LABELS[self.state]


def _clock(name: str, due: datetime, done: datetime | None, now: datetime) -> Clock:
    if done is not None:
        state = ClockState.MET if done <= due else ClockState.BREACHED
    else:
        state = ClockState.BREACHED if now > due else ClockState.RUNNING
    return Clock(name, due, state, done)


def clocks(facts: ClaimFacts, now: datetime) -> list[Clock]:
    """The claim's clocks that have started, as of ``now``."""
    out = []
    complete = facts.documents_complete_at
    if complete is not None:
        out.append(_clock("decision", complete + timedelta(days=facts.decision_days), facts.decided_at, now))
        # an amount agreed (or a denial) before day 60 leaves nothing to estimate
        settled = min((t for t in (facts.first_payment_at, facts.decided_at) if t is not None), default=None)
        out.append(_clock("minimum_payment", complete + timedelta(days=60), settled, now))
    if facts.approved_at is not None:
        out.append(_clock("payment", facts.approved_at + timedelta(days=10), facts.paid_at, now))
    if facts.denied and facts.decided_at is not None:
        out.append(_clock("denial_notice", facts.decided_at + timedelta(days=3), facts.denial_notice_at, now))
    return out
