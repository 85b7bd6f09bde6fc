"""The platform operator's SLA board (open cases by stage with their clocks; filters; links to the case),
and the case page's reports and exports as each role may have them."""

from __future__ import annotations

import re
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from cyberins.incidents.services import do_report_incident
from tests.incidents.flows import ransomware_case


def _report(case, *, now):
    return do_report_incident(
        actor=case["applicant"], policy=case["policy"], summary="网站被篡改", affected_system=case["system"],
        occurred_at=now - timedelta(hours=1), discovered_at=now - timedelta(minutes=30), now=now,
    )  # fmt: skip


def test_the_board_shows_open_cases_by_stage_with_their_clocks(case, page_as) -> None:
    now = timezone.now()
    overdue = _report(case, now=now - timedelta(hours=3))  # nobody called back within the hour
    fresh = _report(case, now=now)
    working = ransomware_case(case, start=now - timedelta(hours=5), until="containment")
    closed = ransomware_case(case, start=now - timedelta(days=3))
    admin = page_as(case["admin"])

    page = admin.get(reverse("incidents:board"))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-stage-column="reported"' in html
    assert 'data-stage-column="containment"' in html
    assert f'data-incident="{overdue.number}" data-worst="breached"' in html
    assert f'data-incident="{fresh.number}" data-worst="pending"' in html
    assert working.number in html
    assert closed.number not in html
    assert reverse("incidents:detail", kwargs={"incident_id": overdue.pk}) in html
    # the overdue case is listed before the fresh one in its stage
    assert html.index(overdue.number) < html.index(fresh.number)

    only_overdue = admin.get(reverse("incidents:board"), {"state": "breached"}).content.decode()
    assert overdue.number in only_overdue
    assert fresh.number not in only_overdue
    in_containment = admin.get(reverse("incidents:board"), {"stage": "containment"}).content.decode()
    assert working.number in in_containment
    assert overdue.number not in in_containment
    nothing = admin.get(reverse("incidents:board"), {"stage": "recovery"}).content.decode()
    assert "data-empty" in nothing

    # the operator's dashboard links to it; nobody else may open it
    assert reverse("incidents:board") in admin.get(reverse("dashboard"), follow=True).content.decode()
    assert page_as(case["claims"]).get(reverse("incidents:board")).status_code == 403


def test_the_case_page_offers_the_reports_and_to_the_insurer_the_exports(case, page_as) -> None:
    now = timezone.now()
    incident = ransomware_case(case, start=now - timedelta(days=2))
    url = reverse("incidents:detail", kwargs={"incident_id": incident.pk})
    veris = reverse("incidents:veris", kwargs={"incident_id": incident.pk})
    insured = page_as(case["applicant"]).get(url).content.decode()
    assert reverse("incidents:summary_pdf", kwargs={"incident_id": incident.pk}) in insured
    assert reverse("incidents:handling_report", kwargs={"incident_id": incident.pk}) in insured
    assert veris not in insured
    assert veris in page_as(case["claims"]).get(url).content.decode()

    download = page_as(case["claims"]).get(veris)
    assert (download.status_code, download.json()["reference"]) == (200, incident.number)
    assert page_as(case["applicant"]).get(veris).status_code == 403
    pdf = page_as(case["applicant"]).get(
        reverse("incidents:summary_pdf", kwargs={"incident_id": incident.pk})
    )
    assert (pdf.status_code, pdf["Content-Type"]) == (200, "application/pdf")


def test_the_board_pages_each_stage_fifty_cases_at_a_time(case, page_as) -> None:
    from cyberins.incidents.models import Incident

    now = timezone.now()
    first = _report(case, now=now - timedelta(hours=3))  # overdue: the most urgent
    concrete = [f for f in Incident._meta.concrete_fields if not f.primary_key]
    fields = {f.attname: getattr(first, f.attname) for f in concrete}
    copy = fields | {"engagement_id": None, "related_to_id": None, "reported_at": now, "discovered_at": now}
    Incident.objects.bulk_create([Incident(**(copy | {"number": f"PAGE{k:04d}"})) for k in range(59)])
    admin = page_as(case["admin"])

    one = admin.get(reverse("incidents:board"), {"state": "pending"}).content.decode()
    two = admin.get(reverse("incidents:board"), {"state": "pending", "page": 2}).content.decode()
    assert one.count('data-worst="pending"') == 50
    assert two.count('data-worst="pending"') == 9
    assert {f"PAGE{k:04d}" for k in range(59)} == {
        f"PAGE{k:04d}" for k in range(59) if f"PAGE{k:04d}" in one or f"PAGE{k:04d}" in two
    }
    assert 'href="?state=pending&amp;page=2" rel="next"' in one
    assert 'href="?state=pending&amp;page=1" rel="prev"' in two
    assert re.search(r'data-total="pending" class="muted">[^<]*: 59<', one)  # counted over every page

    unfiltered = admin.get(reverse("incidents:board")).content.decode()
    assert first.number in unfiltered  # the overdue case leads page 1
    assert first.number not in admin.get(reverse("incidents:board"), {"page": 2}).content.decode()
    assert admin.get(reverse("incidents:board"), {"page": "x"}).status_code == 200  # a bad page: the first
