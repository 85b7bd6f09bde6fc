"""Test data made to measure: each test creates the rows it talks about, so the demo can grow freely.

Plain functions with keyword arguments (no factory library): every call makes new rows with unique
names, and whatever a test does not care about gets a sensible default. Applications, quotes and
policies are made through the real services (``do_create_application``, ``do_bind_quote``), so a
factory-made policy is exactly what a customer's journey produces.

    insurer = organisation(kind=OrganisationKind.INSURER)
    version = product(insurer=insurer)
    policy = bound_policy(version=version)
    underwriter = user(Role.UNDERWRITER, organisation=insurer)
"""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from cyberins.accounts.models import Organisation, User
from cyberins.accounts.roles import ROLES_OF_KIND, OrganisationKind, Role
from cyberins.healthchecks.models import HealthCheck, HealthCheckKind, HealthCheckStatus
from cyberins.policies.models import Policy
from cyberins.policies.services import do_bind_quote
from cyberins.products.demo import SEED_SCHEDULE, _warranties
from cyberins.products.models import (
    Plan,
    PlanCoverage,
    PlanService,
    Product,
    ProductVersion,
    ScheduleRule,
    VersionStatus,
)
from cyberins.products.questionnaire import PING_AN_QUESTIONNAIRE
from cyberins.products.rating import DEFAULT_RATING
from cyberins.providers.demo import load_price_book
from cyberins.providers.models import ServiceItem
from cyberins.terms import SHANGHAI
from cyberins.underwriting.models import Application, ApplicationStatus, Quote
from cyberins.underwriting.services import do_create_application
from tests.journey import answers as journey_answers

_serial = itertools.count(1)

#: the organisation kind each role belongs to
KIND_OF_ROLE = {role: kind for kind, roles in ROLES_OF_KIND.items() for role in roles}

#: the first day of factory policies (as in the journey tests: 365 days, no 29 February)
FIRST_DAY = date(2026, 6, 10)


def _n() -> int:
    return next(_serial)


def organisation(*, kind: str = OrganisationKind.INSURED, **fields: Any) -> Organisation:
    """A new organisation of ``kind`` with a unique name."""
    n = _n()
    defaults: dict[str, Any] = {
        "name": f"测试{OrganisationKind(kind).label}{n}有限公司",
        "short_name": f"测试{n}",
        "province": "上海市",
        "city": "上海市",
        "industry": "I",
    }
    return Organisation.objects.create(kind=kind, **(defaults | fields))


_new_organisation = organisation  # for the factories whose ``organisation`` argument hides the name


def user(role: str = Role.APPLICANT, *, organisation: Organisation | None = None, **fields: Any) -> User:
    """A new user holding ``role``, in ``organisation`` or a new one of the role's kind."""
    org = organisation or _new_organisation(kind=KIND_OF_ROLE[role])
    n = _n()
    defaults: dict[str, Any] = {"username": f"{role}-{n}", "display_name": f"{Role(role).label} {n}"}
    return User.objects.create(organisation=org, roles=[role], **(defaults | fields))


def service_items() -> dict[str, ServiceItem]:
    """The price book's items (the standard services) with their standard prices, created once."""
    return load_price_book()


def product(
    *,
    insurer: Organisation | None = None,
    plans: tuple[tuple[str, str, str], ...] = (("A", "1000000", "8000"),),
    services: list[tuple[str, str, int]] | None = None,
    status: str = VersionStatus.PUBLISHED,
) -> ProductVersion:
    """A product with one version (published by default): plans (code, sum insured, minimum premium)
    covering every coverage at half the sum, the seed's service schedule and warranties, the Ping An
    questionnaire and the default rating."""
    n = _n()
    insurer = insurer or organisation(kind=OrganisationKind.INSURER)
    made = Product.objects.create(
        insurer=insurer, code=f"product-{n}", name=f"测试产品{n}", name_en=f"Test product {n}"
    )
    now = timezone.now()
    published = status == VersionStatus.PUBLISHED
    version = ProductVersion.objects.create(
        product=made,
        number=1,
        status=status,
        questionnaire=PING_AN_QUESTIONNAIRE,
        rating=DEFAULT_RATING,
        filed_at=now if status != VersionStatus.DRAFT else None,
        published_at=now if published else None,
    )
    items = service_items()
    for code, sum_insured, minimum in plans:
        plan = Plan.objects.create(
            version=version,
            code=code,
            name=f"方案{code}",
            sum_insured=Decimal(sum_insured),
            minimum_premium=Decimal(minimum),
        )
        for coverage in (
            "business_interruption",
            "restoration",
            "regulatory",
            "data_breach",
            "crisis_management",
            "legal",
            "response_service",
        ):
            PlanCoverage.objects.create(
                plan=plan,
                coverage=coverage,
                sub_limit=Decimal(sum_insured) / 2,
                deductible=Decimal("10000"),
                waiting_period_hours=12 if coverage == "business_interruption" else 0,
            )
        for service_code, rule, months in services if services is not None else SEED_SCHEDULE:
            PlanService.objects.create(
                plan=plan,
                service=items[service_code],
                rule=rule,
                months=months,
                included=rule != ScheduleRule.ON_REQUEST,
            )
    _warranties(version)
    return version


def application(
    *,
    applicant: User | None = None,
    version: ProductVersion | None = None,
    submit: bool = True,
    **answer_changes: Any,
) -> Application:
    """An application through the real service; by default answers the rules accept (so it is quoted).

    ``security_staff=0`` gives one the rules refer to an underwriter; ``submit=False`` a draft.
    """
    applicant = applicant or user(Role.APPLICANT)
    version = version or product()
    answers = journey_answers(**({"security_staff": 3} | answer_changes))
    return do_create_application(actor=applicant, version=version, answers=answers, submit=submit)


def quote(*, applicant: User | None = None, version: ProductVersion | None = None, **changes: Any) -> Quote:
    """The active quote of a newly accepted application."""
    made = application(applicant=applicant, version=version, **changes)
    assert made.status == ApplicationStatus.ACCEPTED, made.reasons
    return made.quotes.get()


def bound_policy(
    *,
    applicant: User | None = None,
    version: ProductVersion | None = None,
    plan: str = "A",
    first_day: date = FIRST_DAY,
    instalments: int = 1,
) -> Policy:
    """A policy bound through ``do_bind_quote`` the day before ``first_day``: issued, unpaid, with its
    instalments, warranties and service orders."""
    applicant = applicant or user(Role.APPLICANT)
    made = quote(applicant=applicant, version=version)
    Quote.objects.filter(pk=made.pk).update(valid_until=first_day)
    made.refresh_from_db()
    return do_bind_quote(
        actor=applicant,
        quote=made,
        plan_code=plan,
        first_day=first_day,
        instalments=instalments,
        now=datetime.combine(first_day - timedelta(days=1), time(10), tzinfo=SHANGHAI),
    )


def health_check(
    *,
    organisation: Organisation | None = None,
    kind: str = HealthCheckKind.PRE_UNDERWRITING,
    status: str = HealthCheckStatus.DONE,
    grade: str = "B",
    score: int = 80,
    finished_at: datetime | None = None,
    **fields: Any,
) -> HealthCheck:
    """A health check as the worker leaves it (``done`` with a grade by default), without scanning."""
    org = organisation or _new_organisation(kind=OrganisationKind.INSURED)
    finished = status in (HealthCheckStatus.DONE, HealthCheckStatus.INCOMPLETE, HealthCheckStatus.FAILED)
    moment = finished_at or datetime(2026, 5, 1, 2, 0, tzinfo=UTC)
    values: dict[str, Any] = {
        "started_at": moment - timedelta(minutes=5) if status != HealthCheckStatus.QUEUED else None,
        "finished_at": moment if finished else None,
    }
    if status in (HealthCheckStatus.DONE, HealthCheckStatus.INCOMPLETE):
        values |= {"grade": grade, "score": score, "premium_modifier": Decimal("1.000")}
    return HealthCheck.objects.create(organisation=org, kind=kind, status=status, **(values | fields))


def finding(check: HealthCheck, **changes: Any) -> Any:
    """A high, confirmed finding of ``check``: RDP exposed on erp.example.cn:3389."""
    from cyberins.healthchecks.check_models import Finding

    values: dict[str, Any] = {
        "target": "erp.example.cn:3389",
        "host": "erp.example.cn",
        "port": 3389,
        "check_id": "rdp-exposed",
        "title_zh": "RDP 暴露于互联网",
        "title_en": "RDP exposed to the internet",
        "advice_zh": "关闭",
        "advice_en": "Close it",
        "severity": "high",
        "confidence": "confirmed",
    }
    return Finding.objects.create(health_check=check, **(values | changes))


def remediation_item(
    *,
    organisation: Organisation,
    notified_at: datetime,
    due_at: datetime,
    remediated_at: datetime | None = None,
) -> Any:
    """A finding of a fixed inspection formally notified to ``organisation`` at ``notified_at`` through
    ``do_notify_findings`` (by an underwriter of the insurer of its latest policy), due at ``due_at`` -
    evidence for the remediation warranty in a claim. ``remediated_at`` is what a later rescan records."""
    from cyberins.healthchecks.remediation import do_notify_findings
    from cyberins.healthchecks.remediation_models import RemediationItem
    from cyberins.policies.models import Policy

    check = health_check(
        organisation=organisation, kind=HealthCheckKind.FIXED_INSPECTION, finished_at=notified_at
    )
    assert check.started_at is not None
    # the service runs the window from the notice: the finding's deadline less its assessment time
    finding(check, due_at=check.started_at + (due_at - notified_at))
    insurer = Policy.objects.filter(insured=organisation).latest("first_day").insurer
    (item,) = do_notify_findings(
        actor=user(Role.UNDERWRITER, organisation=insurer), health_check=check, now=notified_at
    )
    if remediated_at is not None:
        # the rescan that closes an item (healthchecks.remediation) needs a scan; its outcome is set here
        RemediationItem.objects.filter(pk=item.pk).update(remediated_at=remediated_at)
        item.refresh_from_db()
    return item
