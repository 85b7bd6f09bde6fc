"""Release workflow (draft → filed → published → withdrawn) and new versions of a product.

A filed or published version never changes: corrections go into a new draft version, so quotes and
policies keep the exact terms they were sold under.
"""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cyberins.accounts.audit import audited, record_change
from cyberins.accounts.errors import DomainError, InvalidState
from cyberins.accounts.models import User
from cyberins.accounts.roles import Role
from cyberins.accounts.scoping import require_role, sees_everything
from cyberins.accounts.transitions import transition
from cyberins.products.models import ProductVersion, VersionStatus

S = VersionStatus
#: the service's action names → the state they move to (the moves themselves: ProductVersion.WORKFLOW)
ACTIONS: dict[str, str] = {move.action: move.target for move in ProductVersion.WORKFLOW}


def allowed_actions(user: User, version: ProductVersion) -> set[str]:
    """The release actions ``user`` may take on ``version`` now (``next``: a new draft from it)."""
    allowed = {
        move.action
        for move in ProductVersion.WORKFLOW
        if version.status in move.sources and (sees_everything(user) or user.has_role(*(move.roles or ())))
    }
    if sees_everything(user) or user.has_role(Role.ACTUARY):
        allowed.add("next")
    return allowed


def check_version_complete(version: ProductVersion) -> None:
    """A version can be filed only with plans that each carry coverages, and a questionnaire."""
    plans = list(version.plans.prefetch_related("coverages"))
    if not plans:
        raise DomainError("products.no_plans", _("Add at least one plan before filing."), field="plans")
    for plan in plans:
        if not plan.coverages.all():
            raise DomainError(
                "products.plan_without_coverage",
                _("Plan %(plan)s has no coverage."),
                field="plans",
                plan=plan.code,
            )
        for cover in plan.coverages.all():
            if cover.sub_limit > plan.sum_insured or cover.deductible >= cover.sub_limit:
                raise DomainError(
                    "products.inconsistent_limits",
                    _("Plan %(plan)s: each sub-limit must lie above its deductible and within the sum."),
                    field="plans",
                    plan=plan.code,
                )
    if not version.questionnaire:
        raise DomainError(
            "products.no_questionnaire", _("The version has no questionnaire."), field="questionnaire"
        )


@audited
def do_transition_version(*, actor: User, version: ProductVersion, action: str) -> ProductVersion:
    version = ProductVersion.objects.select_for_update().get(pk=version.pk)
    target = ACTIONS.get(action)
    move = ProductVersion.WORKFLOW.move(version.status, target) if target else None
    if move is None or move.action != action:
        raise InvalidState(
            "products.invalid_transition",
            _("A version in status “%(status)s” does not allow this action."),
            field="action",
            status=version.get_status_display(),
        )
    require_role(actor, *(move.roles or ()))
    if move.target == S.FILED:
        check_version_complete(version)
    now = timezone.now()
    transition(version, move.target, actor=actor, now=now)
    if move.target == S.PUBLISHED:
        _withdraw_superseded(actor, version, now)
    return version


def _withdraw_superseded(actor: User, published: ProductVersion, now: datetime) -> None:
    """A newly published version replaces the one on sale; quotes and policies keep their version."""
    for old in (
        published.product.versions.select_for_update().filter(status=S.PUBLISHED).exclude(pk=published.pk)
    ):
        transition(old, S.WITHDRAWN, actor=actor, now=now, details={"superseded_by": published.number})


@audited
def do_create_next_version(*, actor: User, version: ProductVersion) -> ProductVersion:
    """A new draft copied from ``version`` (plans, coverages, services, warranties, questionnaire, rating)."""
    require_role(actor, Role.PLATFORM_ADMIN, Role.ACTUARY)
    latest = version.product.versions.order_by("-number").first()
    number = (latest.number if latest else 0) + 1
    draft = ProductVersion.objects.create(
        product=version.product,
        number=number,
        questionnaire=version.questionnaire,
        rating=version.rating,
        quote_validity_days=version.quote_validity_days,
        grace_days=version.grace_days,
        lapse_after_grace=version.lapse_after_grace,
        claim_decision_days=version.claim_decision_days,
    )
    for plan in version.plans.prefetch_related("coverages", "services"):
        coverages, services = list(plan.coverages.all()), list(plan.services.all())
        plan.pk, plan.version = None, draft
        plan.save()
        for coverage in coverages:
            coverage.pk, coverage.plan = None, plan
            coverage.save()
        for service in services:
            service.pk, service.plan = None, plan
            service.save()
    for warranty in version.warranties.all():
        warranty.pk, warranty.version = None, draft
        warranty.save()
    record_change(
        actor=actor, obj=draft, action="product_version.create", after={"copied_from": version.number}
    )
    return draft
