"""保单 use cases: bind a quote, record payments, endorse, cancel, renew, expire.

Row locks (PostgreSQL; SQLite's write lock serialises writers anyway) are taken only on the rows a use
case changes — ``select_for_update(of=("self",), no_key=True)``, never on joined rows — and always in
this order, so two use cases never wait for each other in a cycle:

    application → quote → policy numbering counter → policy → instalment / service order

``no_key=True`` (FOR NO KEY UPDATE) does not block the KEY SHARE locks that the deferred foreign-key
checks of other transactions take at COMMIT on the same rows (a new quote or policy referring to a locked
application). The audit trail takes no lock in these transactions (``accounts.audit``).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db import IntegrityError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cyberins.accounts.audit import audited, record_change
from cyberins.accounts.errors import DomainError, InvalidState
from cyberins.accounts.models import User
from cyberins.accounts.roles import Role
from cyberins.accounts.scoping import require_role
from cyberins.accounts.transitions import transition
from cyberins.policies import notices
from cyberins.policies.models import (
    Endorsement,
    Instalment,
    InstalmentStatus,
    Policy,
    PolicyCoverage,
    PolicyStatus,
    PolicyWarranty,
    ServiceOrder,
)
from cyberins.policies.numbering import next_policy_number
from cyberins.products.models import ScheduleRule
from cyberins.terms import PolicyPeriod, add_months, instalment_plan, local_date
from cyberins.underwriting.models import Application, ApplicationStatus, Quote, QuoteStatus
from cyberins.underwriting.services import do_mark_bound

MAX_START_DELAY_DAYS = 90
MAX_INSTALMENTS = 12


def _check_start(first_day: date, today: date) -> None:
    if not today <= first_day <= today + timedelta(days=MAX_START_DELAY_DAYS):
        raise DomainError(
            "policies.invalid_start",
            _("The policy must start between today and %(days)s days from now."),
            field="first_day",
            days=MAX_START_DELAY_DAYS,
        )


def _service_orders(policy: Policy) -> None:
    for item in policy.plan.services.select_related("service"):
        if not item.included or item.rule not in (ScheduleRule.WITHIN_MONTHS, ScheduleRule.AFTER_MONTHS):
            continue
        for _n in range(item.quantity):
            ServiceOrder.objects.create(
                policy=policy,
                service=item.service,
                price=item.service.unit_price,
                due_on=add_months(policy.first_day, item.months),
            )


def insured_address(application: Application) -> str:
    """The address the schedule prints: the one the questionnaire gave, else the organisation's."""
    return str(application.answers.get("office_address") or application.applicant.address)[:300]


@audited
def do_bind_quote(
    *,
    actor: User,
    quote: Quote,
    plan_code: str,
    first_day: date,
    instalments: int = 1,
    now: datetime | None = None,
) -> Policy:
    """Accept a valid quote for one plan: the policy, its payment plan, warranties and service orders."""
    require_role(actor, Role.APPLICANT)
    today = local_date(now or timezone.now())
    # Lock order: the application first (a requote locks it, then its quotes), then the quote.
    application_id = Quote.objects.values_list("application_id", flat=True).get(pk=quote.pk)
    list(
        Application.objects.select_for_update(of=("self",), no_key=True)
        .filter(pk=application_id)
        .values("pk")
    )
    quote = (
        Quote.objects.select_for_update(of=("self",), no_key=True)
        .select_related("application__product_version")
        .get(pk=quote.pk)
    )
    if quote.status != QuoteStatus.ACTIVE or quote.application.status != ApplicationStatus.ACCEPTED:
        raise InvalidState(
            "policies.quote_not_active", _("This quote can no longer be accepted."), field="quote"
        )
    if quote.valid_until < today:
        raise InvalidState(
            "policies.quote_expired",
            _("This quote expired on %(day)s; ask for a new one."),
            field="quote",
            day=quote.valid_until.isoformat(),
        )
    option = quote.option(plan_code)
    if option is None:
        raise DomainError("policies.unknown_plan", _("The quote has no such plan."), field="plan")
    if not 1 <= instalments <= MAX_INSTALMENTS:
        raise DomainError(
            "policies.invalid_instalments",
            _("Choose 1 to %(max)s instalments."),
            field="instalments",
            max=MAX_INSTALMENTS,
        )
    _check_start(first_day, today)
    application = quote.application
    version = application.product_version
    plan = version.plans.get(code=plan_code)
    period = PolicyPeriod.one_year_from(first_day)
    try:
        policy = Policy.objects.create(
            number=next_policy_number(application.insurer, first_day.year),
            insurer=application.insurer,
            insured=application.applicant,
            insured_name=application.applicant.name,
            insured_address=insured_address(application),
            product_version=version,
            plan=plan,
            application=application,
            quote=quote,
            first_day=period.first_day,
            last_day=period.last_day,
            sum_insured=plan.sum_insured,
            premium=Decimal(option["premium"]),
            premium_breakdown=option,
            systems=application.answers.get("insured_systems", []),
        )
    except IntegrityError as exc:
        raise InvalidState(
            "policies.already_bound", _("This quote is already bound."), field="quote"
        ) from exc
    for cover in plan.coverages.all():
        PolicyCoverage.objects.create(
            policy=policy,
            coverage=cover.coverage,
            sub_limit=cover.sub_limit,
            deductible=cover.deductible,
            waiting_period_hours=cover.waiting_period_hours,
        )
    for warranty in version.warranties.all():
        PolicyWarranty.objects.create(
            policy=policy,
            kind=warranty.kind,
            params=warranty.params,
            text_zh=warranty.text_zh,
            text_en=warranty.text_en,
            position=warranty.position,
        )
    # Payment is due by the start (the seed: "投保人应于…前一次性支付保险费"), later instalments monthly.
    for part in instalment_plan(policy.premium, instalments, max(today, first_day - timedelta(days=1))):
        Instalment.objects.create(policy=policy, sequence=part.number, amount=part.amount, due_on=part.due_on)
    _service_orders(policy)
    do_mark_bound(actor=actor, application=application, quote=quote, plan_code=plan_code)
    record_change(
        actor=actor,
        obj=policy,
        action="policy.issue",
        after={
            "number": policy.number,
            "plan": plan_code,
            "premium": policy.premium,
            "sum_insured": policy.sum_insured,
            "first_day": policy.first_day,
            "instalments": instalments,
        },
    )
    notices.policy_issued(policy, now=now or timezone.now())
    return policy


@audited
def do_record_payment(*, actor: User, instalment: Instalment, reference: str) -> Instalment:
    """The insurer records a premium it received directly (the insured declares its payments instead:
    ``policies.payments.do_declare_payment``, confirmed by the insurer)."""
    from cyberins.policies.payments import check_in_order

    require_role(actor, Role.UNDERWRITER, Role.CLAIMS_HANDLER)
    # Lock order: the policy, then its instalment (a cancellation locks the policy first too).
    list(
        Policy.objects.select_for_update(of=("self",), no_key=True)
        .filter(pk=instalment.policy_id)
        .values("pk")
    )
    instalment = Instalment.objects.select_for_update(of=("self",), no_key=True).get(pk=instalment.pk)
    if instalment.paid_at is not None:
        raise InvalidState("policies.already_paid", _("This instalment is already paid."), field="instalment")
    if instalment.policy.status != PolicyStatus.ISSUED:
        raise InvalidState("policies.not_issued", _("The policy is not in force."), field="policy")
    reference = reference.strip()
    if not reference:
        raise DomainError("policies.reference_required", _("Give the payment reference."), field="reference")
    check_in_order(instalment, declared_counts=False)
    transition(instalment, InstalmentStatus.PAID, actor=actor, changes={"payment_reference": reference[:60]})
    record_change(
        actor=actor,
        obj=instalment.policy,
        action="policy.payment",
        before={"paid_at": None},
        after={"instalment": instalment.sequence, "amount": instalment.amount, "reference": reference},
    )
    return instalment


def require_issued(policy: Policy) -> None:
    if policy.status != PolicyStatus.ISSUED:
        raise InvalidState(
            "policies.not_issued",
            _("The policy is %(status)s."),
            field="policy",
            status=policy.get_status_display(),
        )


def add_endorsement(
    policy: Policy,
    kind: str,
    effective_on: date,
    change: Decimal,
    before: dict[str, Any],
    after: dict[str, Any],
    reason: str = "",
) -> Endorsement:
    return Endorsement.objects.create(
        policy=policy,
        sequence=policy.endorsements.count() + 1,
        kind=kind,
        effective_on=effective_on,
        premium_change=change,
        before=before,
        after=after,
        reason=reason,
    )
