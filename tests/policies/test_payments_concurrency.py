"""Exactly once under real concurrency (PostgreSQL): two declarations of the same instalment give one
payment; two confirmations of the same payment pay the instalment once."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date, datetime, time
from typing import Any

import pytest
from django.db import connection, connections

from cyberins.accounts.errors import DomainError
from cyberins.accounts.models import AuditRecord
from cyberins.accounts.roles import Role
from cyberins.policies.models import Instalment, Payment
from cyberins.policies.payments import do_decide_payment, do_declare_payment
from cyberins.terms import SHANGHAI
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)

BOUND = date(2026, 6, 9)


def _race(action: Callable[[int], Any]) -> list[str]:
    if connection.vendor != "postgresql":
        pytest.skip("real concurrency: PostgreSQL only (SQLite serialises every write)")
    barrier, outcomes, lock = threading.Barrier(2), [], threading.Lock()

    def run(n: int) -> None:
        try:
            barrier.wait(timeout=10)
            action(n)
            result = "done"
        except DomainError as exc:
            result = exc.code
        except Exception as exc:
            result = repr(exc)
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=run, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return sorted(outcomes)


def test_two_concurrent_declarations_of_an_instalment_make_one_payment() -> None:
    policy = factories.bound_policy()
    insured = policy.application.created_by
    first = policy.instalments.get(sequence=1)

    outcomes = _race(
        lambda n: do_declare_payment(
            actor=insured,
            instalment=Instalment.objects.get(pk=first.pk),
            amount=first.amount,
            reference=f"BANK-{n}",
            paid_on=BOUND,
            now=datetime.combine(BOUND, time(12), tzinfo=SHANGHAI),
        )
    )

    assert outcomes == ["done", "policies.payment_waiting"], outcomes
    assert Payment.objects.count() == 1
    assert AuditRecord.objects.filter(action="payment.declare").count() == 1


def test_two_concurrent_confirmations_pay_the_instalment_once() -> None:
    policy = factories.bound_policy()
    insured = policy.application.created_by
    underwriter = factories.user(Role.UNDERWRITER, organisation=policy.insurer)
    first = policy.instalments.get(sequence=1)
    payment = do_declare_payment(
        actor=insured,
        instalment=first,
        amount=first.amount,
        reference="BANK-1",
        paid_on=BOUND,
        now=datetime.combine(BOUND, time(12), tzinfo=SHANGHAI),
    )

    outcomes = _race(
        lambda n: do_decide_payment(
            actor=underwriter, payment=Payment.objects.get(pk=payment.pk), confirm=True
        )
    )

    assert outcomes == ["done", "policies.payment_decided"], outcomes
    assert AuditRecord.objects.filter(action="instalment.pay").count() == 1
    assert AuditRecord.objects.filter(action="policy.payment").count() == 1
