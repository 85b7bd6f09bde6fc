"""Claims-handling figures on the loss-ratio page, against figures computed by hand.

The case's policy runs 2026-06-10 to 2027-06-09 (365 days). In September 2026:

* claim A: incident 1 Sep 10:00, reported and documents complete 2 Sep, approved 4 Sep, paid in full
  9 Sep - 7 days from report to payment; decision, payment and minimum clocks met in September;
* claim B: incident 3 Sep, denied 6 Sep without a notice - the 3-day notice clock breached on 9 Sep;
* claim C: incident 5 Sep, documents complete 6 Sep, never decided - its 30-day decision clock is
  breached on 6 Oct, so it counts in October's window, not September's.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

from cyberins.accounts.roles import Role
from cyberins.analytics.claim_figures import claim_figures
from cyberins.claims.services import do_approve, do_deny, do_open_claim, do_pay
from cyberins.terms import SHANGHAI
from tests import factories as f
from tests.claims.conftest import case, incident_at  # noqa: F401  (the claims' fixture)
from tests.claims.test_assessment import assessed_claim

T = datetime(2026, 9, 1, 10, 0, tzinfo=SHANGHAI)
LATER = datetime(2027, 3, 1, tzinfo=SHANGHAI)
SEPTEMBER = date(2026, 9, 1)


def three_claims(case):  # noqa: F811
    a = assessed_claim(
        case, incident_at(case, T), [("restoration", "30000", "30000", [])], now=T + timedelta(days=1)
    )
    do_approve(actor=case["approver"], claim=a, now=T + timedelta(days=3))
    do_pay(
        actor=case["adjuster"],
        claim=a,
        amount_paid="20000",
        idempotency_key="cf-a",
        now=T + timedelta(days=8),
    )
    b = do_open_claim(
        actor=case["adjuster"],
        incident=incident_at(case, T + timedelta(days=2), accept=False),
        now=T + timedelta(days=4),
    )
    do_deny(
        actor=case["adjuster"], claim=b, reasons="不属于保险责任", notify=False, now=T + timedelta(days=5)
    )
    assessed_claim(
        case,
        incident_at(case, T + timedelta(days=4), accept=False),
        [("restoration", "30000", "30000", [])],
        now=T + timedelta(days=5),
    )


def test_september_figures_by_hand(case) -> None:  # noqa: F811
    three_claims(case)
    figures = claim_figures(SEPTEMBER, SEPTEMBER, insurer_id=case["insurer"].pk, now=LATER)

    assert figures.claims == 3
    assert figures.policy_years == Decimal(30) / Decimal(365)
    assert figures.frequency == Decimal("36.50")  # 3 / (30/365)
    assert (figures.settled, figures.average_days_to_settle) == (1, Decimal("7.0"))
    by_name = {c.name: (c.met, c.ended) for c in figures.clocks}
    assert by_name == {
        "decision": (1, 1),
        "payment": (1, 1),
        "denial_notice": (0, 1),
        "minimum_payment": (1, 1),
    }
    assert figures.compliance.percent == Decimal("75.0")  # 3 of 4

    # a clock counts in the window it ended in
    figures = claim_figures(SEPTEMBER, date(2026, 10, 1), insurer_id=case["insurer"].pk, now=LATER)

    assert figures.frequency == Decimal("17.95")  # 3 / (61/365) = 17.9508
    assert {c.name: (c.met, c.ended) for c in figures.clocks}["decision"] == (1, 2)  # C breached 6 Oct
    assert figures.compliance.percent == Decimal("60.0")  # 3 of 5

    # what happens after now is not known yet
    figures = claim_figures(SEPTEMBER, SEPTEMBER, insurer_id=case["insurer"].pk, now=T + timedelta(days=6))

    assert figures.policy_years == Decimal(7) / Decimal(365)  # 1 to 7 September
    assert figures.frequency == Decimal("156.43")  # 3 × 365 / 7
    assert (figures.settled, figures.average_days_to_settle) == (0, None)  # A is paid on 9 Sep
    # A's decision and minimum met on 4 Sep; A's payment and B's notice clocks still run on 7 Sep
    assert (figures.compliance.met, figures.compliance.ended) == (2, 2)


def test_the_loss_ratio_page_shows_the_insurers_figures_only(client, case) -> None:  # noqa: F811
    three_claims(case)
    other = f.organisation(kind="insurer")
    figures = claim_figures(SEPTEMBER, SEPTEMBER, insurer_id=other.pk, now=LATER)
    assert (figures.claims, figures.frequency, figures.average_days_to_settle) == (0, None, None)
    assert figures.compliance.percent is None

    client.force_login(f.user(Role.ACTUARY, organisation=case["insurer"]))
    html = client.get("/analytics/loss-ratio/?from=2026-09&to=2026-09").content.decode()
    assert 'data-figure="frequency">36.50<' in html
    assert 'data-figure="compliance">75.0% (3/4)<' in html
    assert 'data-clock="denial_notice"' in html
