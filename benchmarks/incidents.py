"""Incidents: report to first offer (target ≤ 1 s of server time) and a clock tick over 10,000 open
incidents (target ≤ 2 s).

``uv run python benchmarks/incidents.py [--reports 20] [--open 10000]`` works on a fresh SQLite database in a
temporary ``CYBERINS_VAR_DIR`` (or on ``DATABASE_URL`` when set: give it an empty database). It migrates,
loads the demo accounts, provider network, products and policies, then

* reports ``--reports`` incidents through ``do_report_incident`` (coverage check, grading, the dispatch to
  the provider network and the first offer, the audit record) and prints p50/p95/max;
* copies one open incident to ``--open`` open incidents and times ``tick`` (the clocks job) at a moment
  when nothing is newly breached (the steady state); with ``--breaching``, also at one when every copy
  breaches its first-contact clock (each breach writes a timeline entry, the escalation and an audit
  record; the tick writes them in bulk, ``TICK_CHUNK`` cases per transaction), then times the clock
  notices job that tells those breaches.

Exits 1 when the report p95 or the steady-state tick misses its target.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import timedelta

REPORT_TARGET_S = 1.0
TICK_TARGET_S = 2.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=20)
    parser.add_argument("--open", type=int, default=10_000)
    parser.add_argument("--breaching", action="store_true", help="also time a tick where every case breaches")
    args = parser.parse_args()
    os.environ.setdefault("CYBERINS_VAR_DIR", tempfile.mkdtemp(prefix="cyberins-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cyberins.conf.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    call_command("migrate", interactive=False, verbosity=0)
    from cyberins.accounts.demo import load_accounts
    from cyberins.accounts.models import User
    from cyberins.incidents.clock_notices import notify_clocks
    from cyberins.incidents.models import Incident
    from cyberins.incidents.services import do_report_incident, tick
    from cyberins.policies.demo import load_policies
    from cyberins.policies.models import Policy
    from cyberins.products.demo import load_products
    from cyberins.providers.demo import load_providers

    load_accounts()
    load_providers()
    load_policies(load_products())
    applicant = User.objects.get(username="applicant")
    policy = Policy.objects.filter(
        insured=applicant.organisation, product_version__product__code="cyber-emergency-response"
    ).get()
    system = policy.systems[0]["name"]
    # the demo policy starts tomorrow: report in its first week
    start = timezone.make_aware(timezone.datetime.combine(policy.first_day, timezone.datetime.min.time()))
    start += timedelta(days=2)

    timings = []
    for n in range(args.reports):
        now = start + timedelta(days=2 * n)  # two days apart: no report is linked to another
        began = time.perf_counter()
        incident = do_report_incident(
            actor=applicant, policy=policy, summary="勒索软件", affected_system=system,
            occurred_at=now - timedelta(hours=2), discovered_at=now - timedelta(hours=1), now=now,
        )  # fmt: skip
        timings.append(time.perf_counter() - began)
        assert incident.engagement is not None
        assert incident.engagement.offers.filter(status="pending").exists()
    timings.sort()
    p95 = timings[max(0, round(0.95 * len(timings)) - 1)]
    print(
        f"report to first offer ({args.reports} reports, 22 demo providers): "
        f"p50 {statistics.median(timings) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, "
        f"max {timings[-1] * 1000:.0f} ms"
    )

    template = Incident.objects.order_by("-pk").first()
    assert template is not None
    fields = {
        f.attname: getattr(template, f.attname) for f in Incident._meta.concrete_fields if not f.primary_key
    }
    copies = [
        Incident(**(fields | {"number": f"BENCH{n:06d}", "engagement_id": None, "related_to_id": None,
                              "first_contact_at": None, "team_arranged_at": None, "breaches": []}))
        for n in range(args.open - Incident.objects.exclude(stage="closed").count())
    ]  # fmt: skip
    Incident.objects.bulk_create(copies, batch_size=1000)
    reported = template.reported_at
    open_count = Incident.objects.exclude(stage="closed").count()
    tick(
        now=reported + timedelta(minutes=29)
    )  # the earlier reports' clocks ran out long ago: record those first
    began = time.perf_counter()
    changed = tick(now=reported + timedelta(minutes=30))
    steady = time.perf_counter() - began
    print(
        f"clock tick over {open_count} open incidents, nothing newly breached: {steady:.2f} s "
        f"({changed} changed)"
    )
    if args.breaching:
        began = time.perf_counter()
        changed = tick(now=reported + timedelta(minutes=61))
        breaching = time.perf_counter() - began
        print(f"clock tick over {open_count} open incidents, {changed} breaches: {breaching:.2f} s")
        began = time.perf_counter()
        sent = notify_clocks(now=reported + timedelta(minutes=61))
        notices = time.perf_counter() - began
        print(f"clock notices job after that tick: {sent} notifications in {notices:.2f} s")

    ok = p95 <= REPORT_TARGET_S and steady <= TICK_TARGET_S
    print("targets met" if ok else "target MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
