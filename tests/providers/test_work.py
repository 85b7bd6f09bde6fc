"""The work after acceptance: the manager assigns an engineer, who logs hours, uploads the PDF report and
completes; the insured confirms and rates. Two engineers completing at once: one wins."""

from __future__ import annotations

import hashlib
import threading
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.db import connection

from cyberins.accounts.errors import DomainError, InvalidState, NotFound
from cyberins.accounts.models import Organisation, User
from cyberins.accounts.roles import Role
from cyberins.providers.models import Engagement, EngagementStatus, ServiceItem
from cyberins.providers.performance import performance
from cyberins.providers.services import (
    do_accept_offer,
    do_assign_engineer,
    do_complete,
    do_log_work,
    do_open_engagement,
    do_rate,
    do_upload_report,
)
from tests.providers.factories import make_provider, staff

NOW = datetime(2026, 11, 27, 2, 0, tzinfo=UTC)
PDF = b"%PDF-1.4\n% inspection report\n%%EOF\n"


def accepted_engagement(service: str = "fixed_inspection") -> dict:
    provider = make_provider("沪一安全")
    manager = staff(provider, "mgr", Role.PROVIDER_MANAGER)
    engineer = staff(provider, "eng", Role.PROVIDER_ENGINEER)
    client = Organisation.objects.create(kind="insured", name="远洋客户")
    applicant = User.objects.create_user(username="client", password="x", organisation=client)
    applicant.roles = [Role.APPLICANT]
    applicant.save()
    engagement = do_open_engagement(
        actor=None, kind="service_order", reference="P1/SO-1", service=ServiceItem.objects.get(code=service),
        province="310000", city="310100", needed_by=NOW + timedelta(days=10), client=client, now=NOW,
    )  # fmt: skip
    do_accept_offer(actor=manager, offer=engagement.offers.get(), now=NOW)
    engagement.refresh_from_db()
    return {"e": engagement, "provider": provider, "mgr": manager, "eng": engineer, "client": applicant}


@pytest.mark.django_db
def test_assign_log_upload_complete_rate() -> None:
    s = accepted_engagement()
    e = do_assign_engineer(actor=s["mgr"], engagement=s["e"], engineer=s["eng"], now=NOW)
    assert (e.status, e.engineer) == (EngagementStatus.ASSIGNED, s["eng"])
    later = NOW + timedelta(days=1)
    do_log_work(actor=s["eng"], engagement=e, day=later.date(), hours="6.5", note="外网扫描", now=later)
    do_log_work(actor=s["eng"], engagement=e, day=later.date(), hours="7", now=later)  # corrects the day
    e = do_upload_report(actor=s["eng"], engagement=e, content=PDF, summary="发现 3 个中危漏洞", now=later)
    assert e.report_sha256 == hashlib.sha256(PDF).hexdigest()
    assert e.report.read() == PDF
    e = do_complete(actor=s["eng"], engagement=e, now=later)
    assert (e.status, e.completed_at, e.on_time) == (EngagementStatus.COMPLETED, later, True)
    assert e.logged_hours() == Decimal("7.0")
    assert e.cost() == Decimal("8000.00")  # per engagement
    e = do_rate(actor=s["client"], engagement=e, rating=5, comment="及时专业", now=later)
    assert (e.status, e.rating) == (EngagementStatus.CONFIRMED, 5)
    record = performance(s["provider"], now=later)
    assert (record.offers, record.accepted, record.completed, record.on_time) == (1, 1, 1, 1)
    assert record.satisfaction == Decimal("5.0")
    assert record.minutes_to_accept == 0
    assert record.sla_breaches == 0


@pytest.mark.django_db
def test_bad_input_changes_nothing() -> None:
    s = accepted_engagement()
    other = make_provider("沪二安全")
    outsider = staff(other, "eng2", Role.PROVIDER_ENGINEER)
    e = s["e"]
    with pytest.raises(DomainError) as exc:
        do_assign_engineer(actor=s["mgr"], engagement=e, engineer=outsider, now=NOW)
    assert exc.value.field == "engineer"
    do_assign_engineer(actor=s["mgr"], engagement=e, engineer=s["eng"], now=NOW)
    with pytest.raises(NotFound):
        do_log_work(actor=outsider, engagement=e, day=NOW.date(), hours=2, now=NOW)
    for hours in ("0", "25", "abc", "1.25"):
        with pytest.raises(DomainError) as exc:
            do_log_work(actor=s["eng"], engagement=e, day=NOW.date(), hours=hours, now=NOW)
        assert exc.value.field == "hours"
    with pytest.raises(DomainError) as exc:
        do_log_work(actor=s["eng"], engagement=e, day=(NOW + timedelta(days=2)).date(), hours=2, now=NOW)
    assert exc.value.field == "day"
    with pytest.raises(DomainError) as exc:
        do_upload_report(actor=s["eng"], engagement=e, content=b"<html>", now=NOW)
    assert exc.value.field == "report"
    with pytest.raises(DomainError) as exc:
        do_complete(actor=s["eng"], engagement=e, now=NOW)
    assert exc.value.code == "providers.report_required"
    with pytest.raises(InvalidState):
        do_rate(actor=s["client"], engagement=e, rating=4, now=NOW)
    e.refresh_from_db()
    assert (e.status, e.report_sha256, e.work.count()) == (EngagementStatus.ASSIGNED, "", 0)


@pytest.mark.django_db
def test_rating_out_of_range_and_by_another_client() -> None:
    s = accepted_engagement()
    e = do_assign_engineer(actor=s["mgr"], engagement=s["e"], engineer=s["eng"], now=NOW)
    do_upload_report(actor=s["eng"], engagement=e, content=PDF, now=NOW)
    do_complete(actor=s["eng"], engagement=e, now=NOW)
    with pytest.raises(DomainError) as exc:
        do_rate(actor=s["client"], engagement=e, rating=6, now=NOW)
    assert exc.value.field == "rating"
    stranger_org = Organisation.objects.create(kind="insured", name="别家")
    stranger = User.objects.create_user(username="stranger", password="x", organisation=stranger_org)
    stranger.roles = [Role.APPLICANT]
    stranger.save()
    with pytest.raises(NotFound):
        do_rate(actor=stranger, engagement=e, rating=3, now=NOW)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks: PostgreSQL only")
@pytest.mark.django_db(transaction=True)
def test_two_engineers_completing_at_once_one_wins() -> None:
    s = accepted_engagement()
    second = staff(s["provider"], "eng_b", Role.PROVIDER_ENGINEER)
    e = do_assign_engineer(actor=s["mgr"], engagement=s["e"], engineer=s["eng"], now=NOW)
    do_upload_report(actor=s["eng"], engagement=e, content=PDF, now=NOW)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def complete(user: User) -> None:
        try:
            barrier.wait()
            do_complete(actor=user, engagement=Engagement.objects.get(pk=e.pk), now=NOW)
            outcomes.append("done")
        except InvalidState as exc:
            outcomes.append(exc.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=complete, args=(u,)) for u in (s["eng"], second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["done", "providers.wrong_status"]
    from cyberins.accounts.models import AuditRecord

    assert AuditRecord.objects.filter(action="engagement.complete").count() == 1
