"""Release workflow (draft → filed → published → withdrawn) and new versions of a product.

A filed or published version never changes: corrections go into a new draft version, so quotes and
policies keep the exact terms they were sold under.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cyberins.accounts.audit import audited, record_change
from cyberins.accounts.errors import DomainError, InvalidState
from cyberins.accounts.models import User
from cyberins.accounts.roles import Role
from cyberins.accounts.scoping import require_role
from cyberins.products.models import ProductVersion, VersionStatus

S = VersionStatus
#: status → {action: (next status, roles allowed besides the platform administrator)}
TRANSITIONS: dict[str, dict[str, tuple[str, tuple[str, ...]]]] = {
    S.DRAFT: {"file": (S.FILED, (Role.ACTUARY,))},
    S.FILED: {"publish": (S.PUBLISHED, ()), "reject": (S.DRAFT, ())},
    S.PUBLISHED: {"withdraw": (S.WITHDRAWN, ())},
    S.WITHDRAWN: {},
}
STAMPS: dict[str, str] = {S.FILED: "filed_at", S.PUBLISHED: "published_at", S.WITHDRAWN: "withdrawn_at"}


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
    allowed = TRANSITIONS[version.status]
    if action not in allowed:
        raise InvalidState(
            "products.invalid_transition",
            _("A version in status “%(status)s” does not allow this action."),
            field="action",
            status=version.get_status_display(),
        )
    target, roles = allowed[action]
    require_role(actor, Role.PLATFORM_ADMIN, *roles)
    if target == S.FILED:
        check_version_complete(version)
    before = {"status": version.status}
    version.status = target
    fields = ["status"]
    if target in STAMPS:
        setattr(version, STAMPS[target], timezone.now())
        fields.append(STAMPS[target])
    version.save(update_fields=fields)
    record_change(
        actor=actor, obj=version, action=f"product_version.{action}", before=before, after={"status": target}
    )
    if target == S.PUBLISHED:
        _withdraw_superseded(actor, version)
    return version


def _withdraw_superseded(actor: User, published: ProductVersion) -> None:
    """A newly published version replaces the one on sale; quotes and policies keep their version."""
    for old in published.product.versions.filter(status=S.PUBLISHED).exclude(pk=published.pk):
        old.status, old.withdrawn_at = S.WITHDRAWN, timezone.now()
        old.save(update_fields=["status", "withdrawn_at"])
        record_change(
            actor=actor,
            obj=old,
            action="product_version.withdraw",
            before={"status": S.PUBLISHED},
            after={"status": S.WITHDRAWN, "superseded_by": published.number},
        )


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
