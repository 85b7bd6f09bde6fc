"""The platform's events reach the right people's inboxes, once, in their language."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.utils import translation

from cyberins.accounts.roles import Role
from cyberins.healthchecks.models import HealthCheckKind
from cyberins.healthchecks.remediation import do_notify_findings
from cyberins.notifications.models import Notification
from cyberins.notifications.rendering import render
from cyberins.policies.notices import policy_reminders
from cyberins.terms import SHANGHAI
from cyberins.underwriting.models import ApplicationStatus
from cyberins.underwriting.services import do_decide_referral
from tests import factories

pytestmark = pytest.mark.django_db


def _texts(user: Any, kind: str, language: str = "en") -> list[tuple[str, str]]:
    rows = Notification.objects.filter(recipient=user, kind=kind)
    return [render(n.kind, n.params, language) for n in rows]


def test_a_decided_referral_tells_the_applicant_and_the_quote_follows() -> None:
    application = factories.application(security_staff=0)
    assert application.status == ApplicationStatus.REFERRED
    applicant = factories.user(Role.APPLICANT, organisation=application.applicant)
    underwriter = factories.user(Role.UNDERWRITER, organisation=application.insurer)
    do_decide_referral(actor=underwriter, application=application, approve=True, note="Looks fine.")

    ((subject, body),) = _texts(applicant, "referral_approved")
    assert subject == f"Application {application.pk} was approved"
    assert body.endswith("Looks fine.")
    ((subject, body),) = _texts(applicant, "quote_issued")
    assert "valid until" in body
    link = Notification.objects.get(recipient=applicant, kind="quote_issued").link
    assert link == f"/applications/{application.pk}/"
    assert not Notification.objects.filter(recipient=underwriter).exists()


def test_a_bound_policy_announces_itself_and_its_instalments_then_expiry() -> None:
    policy = factories.bound_policy(instalments=2)
    (applicant,) = policy.insured.users.all()
    assert [n.kind for n in Notification.objects.filter(recipient=applicant)].count("policy_issued") == 1
    _first, second = policy.instalments.order_by("sequence")

    # A week before the second instalment: it is announced; the first one is past due and unpaid.
    now = datetime.combine(second.due_on - timedelta(days=6), datetime.min.time(), tzinfo=SHANGHAI)
    assert policy_reminders(now=now) == 2
    assert policy_reminders(now=now + timedelta(hours=1)) == 0  # nothing twice
    due = Notification.objects.get(recipient=applicant, kind="instalment_due")
    overdue = Notification.objects.get(recipient=applicant, kind="instalment_overdue")
    assert render(due.kind, due.params, "en")[0] == (
        f"Instalment 2 of policy {policy.number} is due on {second.due_on.isoformat()}"
    )
    assert render(overdue.kind, overdue.params, "zh-hans")[0] == f"保单{policy.number}第1期保险费已逾期"

    # 30 days before the last day the expiry is announced, once.
    ahead = datetime.combine(policy.last_day - timedelta(days=30), datetime.min.time(), tzinfo=SHANGHAI)
    policy.instalments.update(paid_at=ahead)
    assert policy_reminders(now=ahead - timedelta(days=1)) == 0
    assert policy_reminders(now=ahead) == 1
    ((subject, _body),) = _texts(applicant, "policy_expiring")
    assert subject == f"Policy {policy.number} expires on {policy.last_day.isoformat()}"


def test_the_remediation_notice_names_its_deadline_and_the_10_percent(demo: dict[str, Any]) -> None:
    insured = demo["applicant"]
    check = factories.health_check(organisation=insured.organisation, kind=HealthCheckKind.FIXED_INSPECTION)
    assessed = check.started_at
    assert assessed is not None
    for port, days in ((443, 14), (22, 30)):
        check.findings.create(
            target=f"192.0.2.1:{port}", host="192.0.2.1", port=port, check_id="software.vulnerable",
            title_zh="漏洞", title_en="Vulnerable", advice_zh="升级", advice_en="Upgrade",
            severity="high", confidence="firm", due_at=assessed + timedelta(days=days),
        )  # fmt: skip
    items = do_notify_findings(actor=demo["admin"], health_check=check)
    notice = Notification.objects.get(recipient=insured, kind="remediation_notice")
    subject, body = render(notice.kind, notice.params, "en")
    deadline = min(item.due_at for item in items).astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M")
    assert subject == f"Remediation notice: 2 findings to fix by {deadline}"
    assert "extra deductible of 10% " in body
    with translation.override("zh-hans"):
        assert "承担额外10%的免赔" in render(notice.kind, notice.params)[1]


def test_the_inbox_of_another_user_stays_closed(api_as: Any, page_as: Any) -> None:
    from cyberins.notifications.services import notify

    owner, stranger = factories.user(Role.APPLICANT), factories.user(Role.APPLICANT)
    (mine,) = notify(
        recipients=[owner],
        kind="policy_expiring",
        params={"number": "P1", "last_day": "2027-01-01"},
        link="/policies/",
        now=datetime(2026, 12, 1, tzinfo=UTC),
    )
    other = api_as(stranger)
    assert other.get("/api/notifications").json() == []
    refused = other.post(f"/api/notifications/{mine.pk}/read", {})
    assert (refused.status_code, refused.json()["code"]) == (404, "not_found")
    assert page_as(stranger).post(f"/notifications/{mine.pk}/read/").status_code == 404
    mine.refresh_from_db()
    assert mine.read_at is None

    own = api_as(owner)
    listed = own.get("/api/notifications").json()
    assert [(n["id"], n["subject"]) for n in listed] == [(mine.pk, "保单P1将于2027-01-01到期")]
    assert own.get("/api/notifications/unread-count").json() == {"unread": 1}
    assert own.post(f"/api/notifications/{mine.pk}/read", {}).json()["read_at"] is not None
    assert own.get("/api/notifications?unread=true").json() == []
    assert own.post("/api/notifications/read-all", {}).json() == {"marked": 0}


def test_the_header_badge_and_the_inbox_page(page_as: Any) -> None:
    from cyberins.notifications.services import notify

    user = factories.user(Role.APPLICANT)
    for number in ("P1", "P2"):
        notify(
            recipients=[user],
            kind="policy_expiring",
            params={"number": number, "last_day": "2027-01-01"},
            link="/policies/",
            now=datetime(2026, 12, 1, tzinfo=UTC),
        )
    client = page_as(user)
    html = client.get("/notifications/").content.decode()
    assert 'data-unread-badge aria-label="2条未读通知">2</span>' in html
    assert "保单P2将于2027-01-01到期" in html
    first = Notification.objects.filter(recipient=user).order_by("pk").first()
    assert first is not None
    opened = client.post(f"/notifications/{first.pk}/read/", {"open": "1"})
    assert opened.status_code == 302
    assert opened["Location"] == "/policies/"
    html = client.get("/notifications/").content.decode()
    assert 'data-unread-badge aria-label="1条未读通知">1</span>' in html
    client.post("/notifications/read-all/")
    assert "data-unread-badge" not in client.get("/notifications/").content.decode()


def test_email_settings_mute_a_kind(page_as: Any) -> None:
    user = factories.user(Role.APPLICANT, email="a@example.com")
    client = page_as(user)
    page = client.get("/notifications/settings/").content.decode()
    assert 'value="policy_expiring"' in page
    kept = ["quote_issued", "policy_issued"]
    assert client.post("/notifications/settings/", {"language": "en", "email_kinds": kept}).status_code == 302
    user.notification_settings.refresh_from_db()
    assert user.notification_settings.language == "en"
    assert "policy_expiring" in user.notification_settings.email_muted
    assert "quote_issued" not in user.notification_settings.email_muted
