"""The demo incidents: several stages, a closed ransomware case with its reports, a suspicious-activity
report, an uncovered report on a lapsed policy and an escalated SLA breach; loading twice adds nothing."""

from __future__ import annotations

import time

from cyberins.accounts.demo import load_accounts
from cyberins.incidents.demo import load_incidents
from cyberins.incidents.models import Incident
from cyberins.policies.demo import load_policies
from cyberins.products.demo import load_products
from cyberins.providers.demo import load_providers


def test_the_demo_incidents(db) -> None:
    load_accounts()
    load_providers()
    load_policies(load_products())
    started = time.perf_counter()
    made = load_incidents()
    print(f"demo incidents: {time.perf_counter() - started:.2f} s")
    assert len(made) == 6
    by_summary = {i.summary[:6]: Incident.objects.get(pk=i.pk) for i in made}
    ransomware = by_summary["核心业务系统"]
    assert (ransomware.stage, ransomware.sub_class, ransomware.grade) == (
        "closed",
        "ransomware",
        "significant",
    )
    assert ransomware.authority_reported_at is not None
    assert ransomware.summary_reported_at is not None
    assert ransomware.outages.count() == 1
    stages = {i.stage for i in Incident.objects.all()}
    assert {"closed", "containment", "responding", "reported"} <= stages
    assert Incident.objects.filter(suspicious_only=True).count() == 1
    (uncovered,) = Incident.objects.filter(covered=False)
    assert uncovered.coverage_reasons == ["ended"]
    escalated = by_summary["数据库服务器"]
    assert "team_arranged" in escalated.breaches
    assert escalated.escalated_at is not None
    assert load_incidents() == []
