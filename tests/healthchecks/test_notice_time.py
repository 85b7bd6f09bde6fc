"""``do_notify_findings(now=...)``: a notice dated in the past runs the remediation window from then;
a notice dated ahead, before the check ended, or naive is refused and nothing is recorded."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from cyberins.accounts.errors import DomainError
from cyberins.accounts.roles import OrganisationKind, Role
from cyberins.healthchecks.check_models import HealthCheckKind
from cyberins.healthchecks.remediation import do_notify_findings
from cyberins.healthchecks.remediation_models import RemediationEvent, RemediationItem
from cyberins.terms import SHANGHAI
from tests import factories as f

pytestmark = pytest.mark.django_db
NOTICE = datetime(2026, 7, 5, 10, 0, tzinfo=SHANGHAI)


def test_a_past_notice_runs_the_window_from_its_own_time() -> None:
    insurer = f.organisation(kind=OrganisationKind.INSURER)
    policy = f.bound_policy(applicant=f.user(Role.APPLICANT), version=f.product(insurer=insurer))
    item = f.remediation_item(
        organisation=policy.insured, notified_at=NOTICE, due_at=NOTICE + timedelta(days=15)
    )
    assert (item.notified_at, item.due_at, item.status) == (NOTICE, NOTICE + timedelta(days=15), "notified")
    assert RemediationEvent.objects.get(item=item).at == NOTICE


@pytest.mark.parametrize(
    "when",
    [
        datetime(2099, 1, 1, tzinfo=SHANGHAI),  # ahead
        NOTICE - timedelta(hours=1),  # before the check ended
        datetime(2026, 7, 6, 10, 0),  # noqa: DTZ001  (naive on purpose)
    ],
)
def test_an_impossible_notice_time_is_refused(when) -> None:
    insurer = f.organisation(kind=OrganisationKind.INSURER)
    policy = f.bound_policy(applicant=f.user(Role.APPLICANT), version=f.product(insurer=insurer))
    check = f.health_check(
        organisation=policy.insured, kind=HealthCheckKind.FIXED_INSPECTION, finished_at=NOTICE
    )
    f.finding(check, due_at=NOTICE + timedelta(days=30))
    with pytest.raises(DomainError) as refused:
        do_notify_findings(actor=f.user(Role.UNDERWRITER, organisation=insurer), health_check=check, now=when)
    assert (refused.value.code, refused.value.field) == ("healthchecks.invalid_notice_time", "now")
    assert not RemediationItem.objects.exists()
