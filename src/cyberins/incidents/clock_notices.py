"""A clock of an open case due soon, and again when breached, is told once to the insurer, the platform
operator and the dispatched provider: a periodic job that takes ``now``."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cyberins.accounts.periodic import periodic
from cyberins.accounts.roles import Role
from cyberins.incidents.models import Incident
from cyberins.incidents.notices import link_of
from cyberins.incidents.services import incident_clocks, open_for_clocks
from cyberins.notifications.services import (
    Resolved,
    ToOrganisation,
    existing_keys,
    notify,
    platform_operators,
    resolve,
    to,
)
from cyberins.terms.incidents import ClockState

CLOCK_LABELS = {
    "first_contact": _("first contact with the insured"),
    "team_arranged": _("certified response team arranged"),
    "authority_report": _("report to the authority"),
    "summary_report": _("handling summary report (处置总结报告)"),
}
STATE_LABELS = {
    ClockState.DUE_SOON: pgettext_lazy("clock state", "due soon"),
    ClockState.BREACHED: pgettext_lazy("clock state", "breached"),
}


def _watchers(incident: Incident, operators: list[ToOrganisation]) -> list[ToOrganisation]:
    watchers = [to(incident.insurer_id, Role.HOTLINE_AGENT, Role.CLAIMS_HANDLER), *operators]
    engagement = incident.engagement
    if engagement is not None and engagement.provider is not None:
        watchers.append(to(engagement.provider.organisation_id, Role.PROVIDER_MANAGER))
    return watchers


def _resolved(known: dict[tuple[ToOrganisation, ...], Resolved], watchers: list[ToOrganisation]) -> Resolved:
    key = tuple(watchers)
    if key not in known:
        known[key] = resolve(watchers)
    return known[key]


#: events told per transaction: a breach wave's thousands of notices are committed (and handed to delivery)
#: in chunks, not one commit and one delivery task each; a chunk cut short is redone by the next run, whose
#: dedupe keys skip what was committed
NOTICE_CHUNK = 500


def notify_clocks(*, now: datetime) -> int:
    """Each clock of an open case that is due soon, and again when breached, is notified once."""
    done = existing_keys("clock:")
    events = []
    for incident in open_for_clocks(now).select_related("engagement__provider").iterator(chunk_size=2000):
        for clock in incident_clocks(incident, now):
            if clock.state not in STATE_LABELS or clock.met_at is not None:
                continue
            key = f"clock:{incident.pk}:{clock.name}:{clock.state}"
            if key not in done:
                events.append((incident, clock, key))
    operators = platform_operators()  # once per run, not a query per event
    # the same watchers (one insurer's staff, the platform, a provider) are looked up once per run
    resolved: dict[tuple[ToOrganisation, ...], Resolved] = {}
    sent = 0
    for at in range(0, len(events), NOTICE_CHUNK):
        with transaction.atomic():
            for incident, clock, key in events[at : at + NOTICE_CHUNK]:
                sent += len(
                    notify(
                        recipients=_resolved(resolved, _watchers(incident, operators)),
                        kind="sla_at_risk",
                        params={
                            "number": incident.number,
                            "clock": CLOCK_LABELS.get(clock.name, clock.name),
                            "state": STATE_LABELS[clock.state],
                            "due": clock.due_at,
                        },
                        link=link_of(incident),
                        now=now,
                        dedupe_key=key,
                    )
                )
    return sent


@periodic("incidents.clock_notices", every=timedelta(minutes=5))
def clock_notices(*, now: datetime) -> int:
    return notify_clocks(now=now)
