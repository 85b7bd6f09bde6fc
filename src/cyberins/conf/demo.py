"""The demo data set: each capability contributes its loader, in lifecycle order."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.utils import timezone

from cyberins.accounts.demo import DEMO_PASSWORD, DemoLogin, load_accounts
from cyberins.claims.demo import load_claims
from cyberins.healthchecks.demo import load_demo_health_checks
from cyberins.incidents.demo import load_incidents
from cyberins.policies.demo import load_policies
from cyberins.policies.dispatch import dispatch_due_orders
from cyberins.products.demo import load_products
from cyberins.providers.demo import load_providers


@dataclass(frozen=True)
class DemoResult:
    users: list[DemoLogin]
    password: str


def load_demo(lab: Mapping[str, int] | None = None) -> DemoResult:
    """Load every capability's demo data; ``lab``: the ports of the running demo lab."""
    users = load_accounts()
    load_providers()
    load_policies(load_products())
    load_incidents()  # before the health checks (their findings would refer the past-dated applications)
    # 定损 and 理赔 on a past-dated policy of its own (settled, waiting for documents, denied); before the
    # health checks, whose findings would decline its application.
    load_claims()
    # After the policies: 远海航运's fixed inspection is the one its policy scheduled, and its notified
    # findings are what the remediation warranty (特别约定 1) refers to.
    load_demo_health_checks(lab)
    # The policies' other scheduled services due within the lead time go to the provider network, so the
    # provider desks show offers (idempotent: an order already dispatched is skipped).
    dispatch_due_orders(now=timezone.now())
    return DemoResult(users=users, password=DEMO_PASSWORD)
