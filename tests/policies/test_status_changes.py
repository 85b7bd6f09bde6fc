"""Status changes of the policy's life go through the one mechanism: each leaves a history row and an
audit record, including the ones that used to be bulk updates without a trace (superseded quotes,
service orders cancelled with their policy)."""

from __future__ import annotations

import importlib
import threading
import time
from datetime import UTC, date, datetime

import pytest
from django.apps import apps
from django.db import connection, connections, transaction

from cyberins.accounts.errors import Forbidden, InvalidState
from cyberins.accounts.models import AuditRecord
from cyberins.accounts.roles import Role
from cyberins.accounts.transitions import history, transition
from cyberins.healthchecks.models import HealthCheckStatus
from cyberins.policies.inspections import do_complete_finished_inspections
from cyberins.policies.models import Instalment, InstalmentStatus, Policy, ServiceOrder, ServiceOrderStatus
from cyberins.policies.services import do_record_payment
from cyberins.policies.servicing import do_cancel_policy, do_expire_policies
from cyberins.underwriting.models import QuoteStatus
from cyberins.underwriting.services import do_requote
from tests import factories


def _moves(obj) -> list[tuple[str, str, str | None]]:
    return [(c.from_state, c.to_state, c.actor.username if c.actor else None) for c in history(obj)]


def test_binding_accepts_the_quote_and_binds_the_application_through_underwriting(db) -> None:
    applicant = factories.user(Role.APPLICANT)

    policy = factories.bound_policy(applicant=applicant)

    assert _moves(policy.quote) == [("active", "accepted", applicant.username)]
    assert policy.quote.accepted_plan == "A"
    assert _moves(policy.application) == [
        ("draft", "accepted", applicant.username),
        ("accepted", "bound", applicant.username),
    ]
    actions = set(AuditRecord.objects.values_list("action", flat=True))
    assert {"quote.accept", "application.bind", "policy.issue"} <= actions


def test_a_requote_supersedes_the_open_quote_with_a_trace(db) -> None:
    first = factories.quote()
    application = first.application
    underwriter = factories.user(Role.UNDERWRITER, organisation=application.insurer)

    second = do_requote(actor=underwriter, application=application)

    first.refresh_from_db()
    assert (first.status, second.status) == (QuoteStatus.SUPERSEDED, QuoteStatus.ACTIVE)
    assert _moves(first) == [("active", "superseded", underwriter.username)]
    record = AuditRecord.objects.get(action="quote.supersede")
    assert (record.object_id, record.actor_name) == (str(first.pk), underwriter.username)


def test_cancelling_a_policy_cancels_each_scheduled_order_with_its_own_record(db) -> None:
    policy = factories.bound_policy()
    underwriter = factories.user(Role.UNDERWRITER, organisation=policy.insurer)
    orders = list(policy.service_orders.order_by("pk"))
    assert len(orders) == 2

    do_cancel_policy(actor=underwriter, policy=policy, effective_on=date(2026, 9, 1), reason="投保人申请退保")

    policy.refresh_from_db()
    assert policy.status == "cancelled"
    assert policy.cancelled_at is not None
    (change,) = history(policy)
    assert (change.actor, change.actor_organisation, change.reason) == (
        underwriter,
        policy.insurer,
        "投保人申请退保",
    )
    for order in orders:
        order.refresh_from_db()
        assert order.status == ServiceOrderStatus.CANCELLED
        assert _moves(order) == [("scheduled", "cancelled", underwriter.username)]
    cancelled = AuditRecord.objects.filter(action="service_order.cancel").values_list("object_id", flat=True)
    assert sorted(cancelled) == sorted(str(o.pk) for o in orders)


def test_the_clock_expires_a_policy_as_the_system(db) -> None:
    policy = factories.bound_policy(first_day=date(2025, 1, 1))

    assert do_expire_policies(now=datetime(2026, 1, 2, tzinfo=UTC)) == [policy.number]

    assert _moves(policy) == [("issued", "expired", None)]
    assert AuditRecord.objects.get(action="policy.expire").actor_name == "system"


def test_paying_an_instalment_moves_it_from_due_to_paid(db) -> None:
    policy = factories.bound_policy(instalments=2)
    underwriter = factories.user(Role.UNDERWRITER, organisation=policy.insurer)
    first = policy.instalments.get(sequence=1)

    do_record_payment(actor=underwriter, instalment=first, reference="BANK-001")

    first.refresh_from_db()
    assert (first.status, first.payment_reference) == (InstalmentStatus.PAID, "BANK-001")
    assert first.paid_at is not None
    assert _moves(first) == [("due", "paid", underwriter.username)]
    assert policy.instalments.get(sequence=2).status == InstalmentStatus.DUE


def test_an_undeclared_move_of_a_policy_changes_nothing(db) -> None:
    policy = factories.bound_policy(first_day=date(2025, 1, 1))
    do_expire_policies(now=datetime(2026, 1, 2, tzinfo=UTC))
    policy.refresh_from_db()
    underwriter = factories.user(Role.UNDERWRITER, organisation=policy.insurer)
    records = AuditRecord.objects.count()

    with pytest.raises(InvalidState) as refused, transaction.atomic():
        transition(policy, "cancelled", actor=underwriter)

    assert (refused.value.code, refused.value.field) == ("invalid_transition", "status")
    assert Policy.objects.get(pk=policy.pk).status == "expired"
    assert AuditRecord.objects.count() == records
    assert len(_moves(policy)) == 1


def test_a_provider_may_not_cancel_a_policy(db) -> None:
    policy = factories.bound_policy()
    engineer = factories.user(Role.PROVIDER_ENGINEER)

    with pytest.raises(Forbidden), transaction.atomic():
        transition(policy, "cancelled", actor=engineer)

    assert Policy.objects.get(pk=policy.pk).status == "issued"


def test_a_started_inspection_is_done_when_its_linked_health_check_finishes(db) -> None:
    policy = factories.bound_policy()
    order = policy.service_orders.get(service__code="fixed_inspection")
    check = factories.health_check(organisation=policy.insured, status=HealthCheckStatus.RUNNING)
    ServiceOrder.objects.filter(pk=order.pk).update(status=ServiceOrderStatus.ASSIGNED, health_check=check)

    assert do_complete_finished_inspections() == []  # still running
    check.status = HealthCheckStatus.DONE
    check.save(update_fields=["status"])
    assert [o.pk for o in do_complete_finished_inspections()] == [order.pk]

    order.refresh_from_db()
    assert order.status == ServiceOrderStatus.DONE
    assert _moves(order) == [("assigned", "done", None)]


def test_the_migration_links_orders_to_their_checks_and_marks_paid_instalments(db) -> None:
    policy = factories.bound_policy(instalments=2)
    order = policy.service_orders.get(service__code="fixed_inspection")
    check = factories.health_check(organisation=policy.insured, service_order_ref=f"SO-{order.pk}")
    factories.health_check(organisation=policy.insured, service_order_ref="合同 2026-17")  # free text
    Instalment.objects.filter(policy=policy, sequence=1).update(paid_at=datetime(2026, 6, 9, tzinfo=UTC))
    migration = importlib.import_module(
        "cyberins.policies.migrations.0002_instalment_status_and_order_health_check"
    )

    migration.link_data(apps, None)

    order.refresh_from_db()
    assert order.health_check == check
    assert policy.service_orders.filter(health_check__isnull=False).count() == 1
    assert list(policy.instalments.order_by("sequence").values_list("status", flat=True)) == ["paid", "due"]


@pytest.mark.django_db(transaction=True)
def test_of_two_concurrent_moves_of_the_same_order_exactly_one_wins() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("real concurrency: PostgreSQL only (SQLite serialises every write)")
    order = factories.bound_policy().service_orders.first()
    assert order is not None
    barrier, outcomes, lock = threading.Barrier(2), [], threading.Lock()

    def cancel() -> None:
        stale = ServiceOrder.objects.get(pk=order.pk)  # both read "scheduled" before either moves
        try:
            barrier.wait(timeout=10)
            with transaction.atomic():
                transition(stale, ServiceOrderStatus.CANCELLED, actor=None)
                time.sleep(0.3)  # hold the row so the other update waits on it
            result = "moved"
        except InvalidState as exc:
            result = exc.code
        except Exception as exc:
            result = repr(exc)
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=cancel) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(outcomes) == ["moved", "stale_state"], outcomes
    assert _moves(order) == [("scheduled", "cancelled", None)]
    assert AuditRecord.objects.filter(action="service_order.cancel", object_id=str(order.pk)).count() == 1


def test_marking_bound_refuses_a_quote_of_another_application(db) -> None:
    from cyberins.accounts.errors import DomainError
    from cyberins.underwriting.services import do_mark_bound

    applicant = factories.user(Role.APPLICANT)
    mine, other = factories.quote(applicant=applicant), factories.quote(applicant=applicant)

    with pytest.raises(DomainError) as refused:
        do_mark_bound(actor=applicant, application=mine.application, quote=other, plan_code="A")

    assert refused.value.code == "underwriting.quote_of_another_application"
    assert not history(mine.application).filter(to_state="bound").exists()
    other.refresh_from_db()
    assert other.status == QuoteStatus.ACTIVE
