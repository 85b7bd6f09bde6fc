"""A version's content for the actuary: a flat snapshot (for display and for the diff against the
version on sale) and the edit of a draft's figures, validated by the filing rules."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext_lazy as _

from cyberins.accounts.audit import audited, record_change
from cyberins.accounts.errors import DomainError, InvalidState
from cyberins.accounts.models import User
from cyberins.accounts.roles import Role
from cyberins.accounts.scoping import require_role
from cyberins.products.models import CLAIM_DECISION_DAYS_MAX, ProductVersion, VersionStatus
from cyberins.products.services import check_version_complete


def snapshot(version: ProductVersion) -> dict[str, str]:
    """Every term of the version as ``path → value`` lines (the diff compares these)."""
    lines: dict[str, str] = {}
    for plan in version.plans.prefetch_related("coverages", "services__service"):
        key = f"plan {plan.code}"
        lines[f"{key} · name"] = plan.name_zh_hans or plan.name
        lines[f"{key} · name (English)"] = plan.name_en or ""
        lines[f"{key} · sum insured"] = str(plan.sum_insured)
        lines[f"{key} · minimum premium"] = str(plan.minimum_premium)
        for c in plan.coverages.all():
            lines[f"{key} · {c.coverage} · sub-limit"] = str(c.sub_limit)
            lines[f"{key} · {c.coverage} · deductible"] = str(c.deductible)
            lines[f"{key} · {c.coverage} · waiting hours"] = str(c.waiting_period_hours)
        for s in plan.services.all():
            lines[f"{key} · service {s.service.code}"] = (
                f"{s.rule} {s.months} × {s.quantity}{'' if s.included else ' (optional)'}"
                f"{' (own vendor)' if s.own_vendor_allowed else ''}"
            )
    for w in version.warranties.all():
        params = " ".join(f"{k}={v}" for k, v in sorted(w.params.items()))
        lines[f"warranty {w.position} ({w.kind})"] = f"{params} {w.text_zh}".strip()
    for q in version.questionnaire:
        lines[f"question {q['key']}"] = _question_line(q)
    for name, value in sorted(version.rating.items()):
        lines[f"rating {name}"] = str(value)
    lines["quote validity (days)"] = str(version.quote_validity_days)
    lines["claim decision term (days)"] = str(version.claim_decision_days)
    return lines


def _question_line(q: dict[str, Any]) -> str:
    """Type, labels, required mark, bounds and options: every part of a question the diff must show."""
    bounds = " ".join(f"{name}={q[name]}" for name in ("min", "max", "max_length") if name in q)
    options = ", ".join(f"{c['value']}:{c['zh']}/{c['en']}" for c in q.get("choices", []))
    required = " *" if q["required"] else ""
    return " ".join(
        p
        for p in (f"{q['type']}{required}", f"{q['label']['zh']} / {q['label']['en']}", bounds, options)
        if p
    )


def published_counterpart(version: ProductVersion) -> ProductVersion | None:
    return version.product.versions.filter(status=VersionStatus.PUBLISHED).exclude(pk=version.pk).first()


def diff(base: ProductVersion | None, version: ProductVersion) -> list[tuple[str, str, str]]:
    """(term, value on sale, value here) for every term that differs; "—" where a term is missing."""
    if base is None:
        return []
    before, after = snapshot(base), snapshot(version)
    keys = list(before) + [k for k in after if k not in before]
    return [(k, before.get(k, "—"), after.get(k, "—")) for k in keys if before.get(k) != after.get(k)]


PLAN_FIGURES = ("sum_insured", "minimum_premium")
#: a plan's name in each language (django-modeltranslation's columns); the Chinese one is required
PLAN_NAMES = ("name_zh_hans", "name_en")
PLAN_NAME_MAX = 60


def _plan_name(raw: Any, field: str, *, required: bool) -> str:
    value = str(raw).strip()
    if (required and not value) or len(value) > PLAN_NAME_MAX:
        raise DomainError(
            "products.invalid_plan_name",
            _("Enter a plan name of at most %(max)s characters."),
            field=field,
            max=PLAN_NAME_MAX,
        )
    return value


COVERAGE_FIGURES = ("sub_limit", "deductible", "waiting_period_hours")


def _amount(raw: Any, field: str, *, whole: bool = False) -> Decimal:
    try:
        value = Decimal(str(raw).strip())
    except InvalidOperation:
        value = Decimal("NaN")
    if (
        not value.is_finite()
        or value < 0
        or value >= Decimal("1e12")
        or (whole and value != value.to_integral())
    ):
        raise DomainError("products.invalid_figure", _("Enter an amount of zero or more."), field=field)
    return value


def _decision_days(raw: Any) -> int:
    """The claim decision term: whole days from 1 to ``CLAIM_DECISION_DAYS_MAX``."""
    text = str(raw).strip()
    if not text.isdigit() or not 1 <= int(text) <= CLAIM_DECISION_DAYS_MAX:
        raise DomainError(
            "products.invalid_decision_days",
            _("Enter the claim decision term as whole days from 1 to 60."),
            field="claim_decision_days",
        )
    return int(text)


@audited
def do_update_draft_figures(
    *, actor: User, version: ProductVersion, figures: dict[str, Any]
) -> ProductVersion:
    """Change a draft's plan and coverage figures (``plan-<pk>-sum_insured``, ``coverage-<pk>-deductible``
    …); the filing rules must still hold afterwards, else nothing is saved."""
    require_role(actor, Role.ACTUARY)
    version = ProductVersion.objects.select_for_update().get(pk=version.pk)
    if not version.is_editable:
        raise InvalidState("products.not_a_draft", _("Only a draft version can be edited."), field="status")
    changed: dict[str, str] = {}
    if "claim_decision_days" in figures:
        days = _decision_days(figures["claim_decision_days"])
        if days != version.claim_decision_days:
            version.claim_decision_days = days
            version.save(update_fields=["claim_decision_days"])
            changed["claim_decision_days"] = str(days)
    for plan in version.plans.prefetch_related("coverages"):
        for name in PLAN_FIGURES:
            key = f"plan-{plan.pk}-{name}"
            if key in figures and _amount(figures[key], key) != getattr(plan, name):
                setattr(plan, name, _amount(figures[key], key))
                changed[key] = str(getattr(plan, name))
        for name in PLAN_NAMES:
            key = f"plan-{plan.pk}-{name}"
            if key in figures:
                text = _plan_name(figures[key], key, required=name == "name_zh_hans")
                if text != (getattr(plan, name) or ""):
                    setattr(plan, name, text or None)
                    changed[key] = text
        plan.save()
        for cover in plan.coverages.all():
            for name in COVERAGE_FIGURES:
                key = f"coverage-{cover.pk}-{name}"
                whole = name == "waiting_period_hours"
                if key in figures:
                    amount = _amount(figures[key], key, whole=whole)
                    value: Decimal | int = int(amount) if whole else amount
                    if value != getattr(cover, name):
                        setattr(cover, name, value)
                        changed[key] = str(value)
            cover.save()
    check_version_complete(version)  # raises → the transaction (and every change above) is rolled back
    if changed:
        record_change(actor=actor, obj=version, action="product_version.edit", after=changed)
    return version
