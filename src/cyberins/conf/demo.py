"""The demo data set: each capability contributes its loader, in lifecycle order."""

from __future__ import annotations

from dataclasses import dataclass

from cyberins.accounts.demo import DEMO_PASSWORD, DemoLogin, load_accounts


@dataclass(frozen=True)
class DemoResult:
    users: list[DemoLogin]
    password: str


def load_demo() -> DemoResult:
    users = load_accounts()
    return DemoResult(users=users, password=DEMO_PASSWORD)
