"""What the insured is told about its policy: issued, instalments due and overdue, expiry ahead.

The reminders are periodic jobs (they take ``now``); each event is notified once (its dedupe key
names the instalment or the policy), so running a job again, or every hour, repeats nothing.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.urls import reverse

from cyberins.accounts.periodic import periodic
from cyberins.accounts.roles import Role
from cyberins.notifications.services import ToOrganisation, notify, to
from cyberins.policies.models import Instalment, Policy, PolicyStatus
from cyberins.terms import local_date

#: an instalment is announced this many days before it is due
INSTALMENT_NOTICE_DAYS = 7
#: a policy's end is announced this many days before its last day
EXPIRY_NOTICE_DAYS = 30


def _insured(policy: Policy) -> list[ToOrganisation]:
    return [to(policy.insured_id, Role.APPLICANT)]


def policy_issued(policy: Policy, *, now: datetime) -> None:
    notify(
        recipients=_insured(policy),
        kind="policy_issued",
        params={
            "number": policy.number,
            "first_day": policy.first_day,
            "last_day": policy.last_day,
            "premium": policy.premium,
            "instalments": policy.instalments.count(),
        },
        link=reverse("policies:detail", args=[policy.pk]),
        now=now,
        dedupe_key=f"policy_issued:{policy.pk}",
    )


def _instalment_params(instalment: Instalment) -> dict[str, object]:
    return {
        "sequence": instalment.sequence,
        "number": instalment.policy.number,
        "amount": instalment.amount,
        "due_on": instalment.due_on,
    }


def remind_instalments(*, now: datetime) -> int:
    """Unpaid instalments of issued policies due within the notice days, and those past due."""
    today = local_date(now)
    unpaid = Instalment.objects.filter(
        paid_at__isnull=True, policy__status=PolicyStatus.ISSUED
    ).select_related("policy")
    sent = 0
    for instalment in unpaid.filter(due_on__lte=today + timedelta(days=INSTALMENT_NOTICE_DAYS)):
        overdue = instalment.due_on < today
        sent += len(
            notify(
                recipients=_insured(instalment.policy),
                kind="instalment_overdue" if overdue else "instalment_due",
                params=_instalment_params(instalment),
                link=reverse("policies:detail", args=[instalment.policy_id]),
                now=now,
                dedupe_key=f"{'instalment_overdue' if overdue else 'instalment_due'}:{instalment.pk}",
            )
        )
    return sent


def remind_expiry(*, now: datetime) -> int:
    today = local_date(now)
    ending = Policy.objects.filter(
        status=PolicyStatus.ISSUED,
        last_day__gte=today,
        last_day__lte=today + timedelta(days=EXPIRY_NOTICE_DAYS),
    )
    sent = 0
    for policy in ending:
        sent += len(
            notify(
                recipients=_insured(policy),
                kind="policy_expiring",
                params={"number": policy.number, "last_day": policy.last_day},
                link=reverse("policies:detail", args=[policy.pk]),
                now=now,
                dedupe_key=f"policy_expiring:{policy.pk}",
            )
        )
    return sent


@periodic("policies.reminders", every=timedelta(hours=1))
def policy_reminders(*, now: datetime) -> int:
    return remind_instalments(now=now) + remind_expiry(now=now)
