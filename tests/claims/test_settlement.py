"""Wrong states and bad input change nothing; reversals, recoveries, withdrawal, reopening; the 保险法
clocks; exactly one payment under 20 concurrent identical requests (PostgreSQL)."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from django.db import connection, connections

from cyberins.accounts.errors import DomainError, NotFound
from cyberins.accounts.models import AuditRecord
from cyberins.accounts.periodic import get_job
from cyberins.claims.models import Claim, LossLine, Payment, ReserveMovement
from cyberins.claims.services import (
    claim_clocks,
    do_add_line,
    do_approve,
    do_assess_line,
    do_complete_documents,
    do_deny,
    do_open_claim,
    do_pay,
    do_record_recovery,
    do_reopen,
    do_request_documents,
    do_reverse_payment,
    do_withdraw,
    tick,
    totals,
)
from cyberins.terms import SHANGHAI
from tests.claims.conftest import incident_at
from tests.claims.test_assessment import assessed_claim

T = datetime(2026, 9, 1, 10, 0, tzinfo=SHANGHAI)
LATER = T + timedelta(days=3)


def state() -> tuple:
    return (
        list(Claim.objects.values_list("status", "payable").order_by("pk")),
        list(LossLine.objects.values_list("claimed", "assessed").order_by("pk")),
        Payment.objects.count(),
        ReserveMovement.objects.count(),
        AuditRecord.objects.count(),
    )


def approved(case, claimed="110000"):
    claim = assessed_claim(case, incident_at(case, T), [("restoration", claimed, claimed, [])])
    do_approve(actor=case["approver"], claim=claim, now=LATER)
    return claim


@pytest.mark.parametrize(
    ("call", "code"),
    [
        (
            lambda c, k: do_add_line(
                actor=c["applicant"], claim=k, coverage="restoration", claimed="-5", now=LATER
            ),
            "claims.invalid_amount",
        ),
        (
            lambda c, k: do_add_line(
                actor=c["applicant"], claim=k, coverage="restoration", claimed="abc", now=LATER
            ),
            "claims.invalid_amount",
        ),
        (
            lambda c, k: do_add_line(
                actor=c["applicant"], claim=k, coverage="extortion", claimed="5", now=LATER
            ),
            "claims.coverage_not_insured",
        ),
        (
            lambda c, k: do_pay(
                actor=c["approver"], claim=k, amount_paid="1", idempotency_key="a", now=LATER
            ),
            "claims.not_approved",
        ),
        (
            lambda c, k: do_deny(actor=c["adjuster"], claim=k, reasons="  ", now=LATER),
            "claims.reason_required",
        ),
        (
            lambda c, k: do_request_documents(actor=c["adjuster"], claim=k, extra=["selfie"], now=LATER),
            "claims.unknown_document",
        ),
    ],
)
def test_bad_input_and_wrong_states_are_refused_with_a_code_and_change_nothing(case, call, code) -> None:
    claim = do_open_claim(actor=case["applicant"], incident=incident_at(case, T), now=LATER)
    before = state()
    with pytest.raises(DomainError) as refused:
        call(case, claim)
    assert refused.value.code == code
    assert state() == before


def test_a_reduction_needs_a_coded_reason(case) -> None:
    claim = do_open_claim(actor=case["applicant"], incident=incident_at(case, T), now=LATER)
    line = do_add_line(actor=case["applicant"], claim=claim, coverage="legal", claimed="50000", now=LATER)
    do_complete_documents(actor=case["adjuster"], claim=claim, now=LATER)
    for reasons, code in ([[], "claims.reason_required"], [["because"], "claims.invalid_reason"]):
        with pytest.raises(DomainError) as refused:
            do_assess_line(actor=case["adjuster"], line=line, assessed="40000", reductions=reasons, now=LATER)
        assert refused.value.code == code
    assert LossLine.objects.get(pk=line.pk).assessed is None


def test_payment_above_the_payable_and_another_insurers_claim(case) -> None:
    claim = approved(case)  # payable 100,000
    before = state()
    with pytest.raises(DomainError) as refused:
        do_pay(actor=case["approver"], claim=claim, amount_paid="100000.01", idempotency_key="x", now=LATER)
    assert refused.value.code == "claims.above_payable"
    with pytest.raises(NotFound):
        do_pay(actor=case["other_handler"], claim=claim, amount_paid="1", idempotency_key="y", now=LATER)
    with pytest.raises(NotFound):
        do_withdraw(actor=case["stranger"], claim=claim, now=LATER)
    assert state() == before


def test_reversal_recovery_and_net_incurred(case) -> None:
    claim = approved(case)
    payment, _ = do_pay(
        actor=case["approver"], claim=claim, amount_paid="100000", idempotency_key="p1", now=LATER
    )
    claim.refresh_from_db()
    assert claim.status == "paid"
    with pytest.raises(DomainError):
        do_reverse_payment(actor=case["approver"], payment=payment, reason="", now=LATER)
    do_reverse_payment(actor=case["approver"], payment=payment, reason="账户错误", now=LATER)
    claim.refresh_from_db()
    assert (claim.status, totals(claim)["paid"]) == ("approved", Decimal(0))
    do_pay(actor=case["approver"], claim=claim, amount_paid="100000", idempotency_key="p2", now=LATER)
    # subrogation against the cloud provider: 30,000 back
    do_record_recovery(
        actor=case["approver"],
        claim=claim,
        kind="subrogation",
        amount_recovered="30000",
        source="某云",
        now=LATER,
    )
    figures = totals(claim)
    assert (figures["paid"], figures["recovered"], figures["net_incurred"]) == (
        Decimal("100000.00"),
        Decimal("30000.00"),
        Decimal("70000.00"),
    )


def test_withdraw_and_reopen_with_a_reason(case) -> None:
    claim = do_open_claim(actor=case["applicant"], incident=incident_at(case, T), now=LATER)
    do_add_line(actor=case["applicant"], claim=claim, coverage="legal", claimed="20000", now=LATER)
    claim = do_withdraw(actor=case["applicant"], claim=claim, reason="已自行解决", now=LATER)
    assert (claim.status, totals(claim)["reserve"]) == ("withdrawn", Decimal(0))
    with pytest.raises(DomainError) as refused:
        do_reopen(actor=case["adjuster"], claim=claim, reason="", now=LATER)
    assert refused.value.code == "claims.reason_required"
    claim = do_reopen(actor=case["adjuster"], claim=claim, reason="律师函到达", now=LATER)
    assert (claim.status, totals(claim)["reserve"]) == ("under_assessment", Decimal("20000.00"))
    reasons = list(claim.reserve_movements.values_list("reason", flat=True))
    assert reasons == ["initial", "close", "reopen"]


def test_the_insurance_law_clocks_and_their_breaches(case) -> None:
    claim = assessed_claim(
        case, incident_at(case, T), [("restoration", "30000", "30000", [])], now=T + timedelta(days=1)
    )
    complete = claim.documents_complete_at
    clocks = {c.name: c for c in claim_clocks(claim, complete + timedelta(days=31))}
    assert clocks["decision"].due_at == complete + timedelta(days=30)
    assert clocks["decision"].state == "breached"
    assert tick(now=complete + timedelta(days=31)) == 1
    assert tick(now=complete + timedelta(days=32)) == 0  # once
    do_approve(actor=case["approver"], claim=claim, now=complete + timedelta(days=33))
    claim.refresh_from_db()
    clocks = {c.name: c for c in claim_clocks(claim, complete + timedelta(days=40))}
    assert clocks["payment"].due_at == claim.approved_at + timedelta(days=10)
    assert clocks["minimum_payment"].state == "met"  # agreed before day 60
    assert claim.breaches == ["decision"]
    assert get_job("claims.clocks").every == timedelta(minutes=15)


def test_the_decision_clock_runs_the_products_term(case) -> None:
    version = case["policy"].product_version
    version.claim_decision_days = 10  # the product agrees a shorter term than Art. 23's 30 days
    version.save(update_fields=["claim_decision_days"])
    claim = assessed_claim(
        case, incident_at(case, T), [("restoration", "30000", "30000", [])], now=T + timedelta(days=1)
    )
    complete = claim.documents_complete_at
    clock = {c.name: c for c in claim_clocks(claim, complete + timedelta(days=11))}["decision"]
    assert clock.due_at == complete + timedelta(days=10)
    assert clock.state == "breached"


def test_a_denial_without_notice_breaches_after_three_days(case) -> None:
    claim = do_open_claim(actor=case["adjuster"], incident=incident_at(case, T), now=LATER)
    claim = do_deny(actor=case["adjuster"], claim=claim, reasons="不属于保险责任", notify=False, now=LATER)
    clock = {c.name: c for c in claim_clocks(claim, LATER + timedelta(days=4))}["denial_notice"]
    assert clock.state == "breached"


@pytest.mark.django_db(transaction=True)
def test_twenty_identical_payment_requests_make_one_payment(case) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("row locks under real concurrency: PostgreSQL only (SQLite serialises every write)")
    claim = approved(case)
    barrier, outcomes, lock = threading.Barrier(20), [], threading.Lock()

    def request() -> None:
        try:
            barrier.wait(timeout=20)
            payment, created = do_pay(
                actor=case["approver"],
                claim=Claim.objects.get(pk=claim.pk),
                amount_paid="60000",
                idempotency_key="same-key",
                now=LATER,
            )
            result = ("created" if created else "replayed", payment.pk)
        except Exception as exc:
            result = (repr(exc), None)
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=request) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert sorted(o[0] for o in outcomes) == ["created"] + ["replayed"] * 19, outcomes
    assert len({o[1] for o in outcomes}) == 1
    assert Payment.objects.filter(claim=claim).count() == 1
    assert AuditRecord.objects.filter(action="claim.pay").count() == 1
