"""Loss ratio over time: earned premium by month, incurred valued at a month's end, the page."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

from cyberins.accounts.roles import Role
from cyberins.analytics.loss_ratio import loss_ratio_by_month
from cyberins.claims.services import do_approve, do_pay, do_record_recovery, totals
from cyberins.terms import SHANGHAI, round_money
from tests import factories as f
from tests.claims.conftest import case, incident_at  # noqa: F401  (the claims' fixture)
from tests.claims.test_assessment import assessed_claim

T = datetime(2026, 9, 1, 10, 0, tzinfo=SHANGHAI)


def settled_in_september(case):  # noqa: F811
    claim = assessed_claim(case, incident_at(case, T), [("restoration", "110000", "110000", [])])
    do_approve(actor=case["approver"], claim=claim, now=T + timedelta(days=3))
    do_pay(
        actor=case["adjuster"],
        claim=claim,
        amount_paid="60000",
        idempotency_key="lr-1",
        now=T + timedelta(days=5),
    )
    return claim


def test_earned_premium_follows_the_days_of_the_period_and_written_the_issue_month(case) -> None:  # noqa: F811
    policy = case["policy"]  # 2026-06-10 to 2027-06-09: 365 days
    rows = {
        r.month: r
        for r in loss_ratio_by_month(date(2026, 6, 1), date(2026, 9, 1), insurer_id=policy.insurer_id)
    }

    assert rows[date(2026, 6, 1)].written == policy.premium
    assert rows[date(2026, 7, 1)].written == Decimal("0.00")
    assert rows[date(2026, 6, 1)].earned == round_money(policy.premium * 21 / 365)
    assert rows[date(2026, 9, 1)].earned == round_money(policy.premium * 30 / 365)


def test_incurred_at_the_end_of_the_month_is_the_claims_net_incurred_then(case) -> None:  # noqa: F811
    claim = settled_in_september(case)
    insurer = case["policy"].insurer_id

    september = loss_ratio_by_month(date(2026, 9, 1), date(2026, 9, 1), insurer_id=insurer)[0]
    net = totals(claim)["net_incurred"]
    assert net > Decimal("60000.00")  # paid 60,000, the rest still reserved
    assert (september.incurred, september.claims) == (net, 1)
    assert september.loss_ratio == round_money(net / september.earned * 100)

    do_record_recovery(
        actor=case["adjuster"],
        claim=claim,
        kind="subrogation",
        amount_recovered="5000",
        now=datetime(2026, 10, 20, tzinfo=SHANGHAI),
    )
    # valued at the end of September the October recovery is not known yet; at the end of October it is
    assert loss_ratio_by_month(date(2026, 9, 1), date(2026, 9, 1), insurer_id=insurer)[0].incurred == net
    by_october = loss_ratio_by_month(date(2026, 9, 1), date(2026, 10, 1), insurer_id=insurer)
    assert by_october[0].incurred == net - Decimal("5000.00")
    assert by_october[1].claims == 0
    assert by_october[1].cumulative_loss_ratio == round_money(
        by_october[0].incurred / (by_october[0].earned + by_october[1].earned) * 100
    )


def test_another_insurers_book_is_not_counted(case) -> None:  # noqa: F811
    settled_in_september(case)
    other = f.organisation(kind="insurer")
    rows = loss_ratio_by_month(date(2026, 9, 1), date(2026, 9, 1), insurer_id=other.pk)
    assert (rows[0].earned, rows[0].incurred, rows[0].loss_ratio) == (Decimal("0.00"), Decimal("0.00"), None)


def test_the_page_shows_the_months_to_the_insurers_actuary_only(client, case) -> None:  # noqa: F811
    settled_in_september(case)
    client.force_login(f.user(Role.ACTUARY, organisation=case["insurer"]))

    page = client.get("/analytics/loss-ratio/?from=2026-06&to=2026-09")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-month="2026-09"' in html
    assert 'data-month="2026-06"' in html
    assert "data-chart" in html

    bad = client.get("/analytics/loss-ratio/?from=2026-13&to=2026-09")
    assert bad.status_code == 400
    assert 'data-code="analytics.invalid_month"' in bad.content.decode()

    client.force_login(case["applicant"])
    assert client.get("/analytics/loss-ratio/").status_code == 403
