"""The actuary's edits of a draft's services, warranties, questionnaire and rating tables.

Each ``do_*`` replaces one part of the draft as a whole (the page and the API send the full list), in
one transaction, after every row is checked: the first bad row raises a coded error naming its field
(``services.2.months``) and nothing is saved. Only a draft changes; filed versions are immutable.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _

from cyberins.accounts.audit import audited, record_change
from cyberins.accounts.errors import DomainError, InvalidState
from cyberins.accounts.models import User
from cyberins.accounts.roles import Role
from cyberins.accounts.scoping import require_role
from cyberins.products.draft_checks import check_questionnaire, check_rating, number, text, unknown_choice
from cyberins.products.models import PlanService, ProductVersion, ScheduleRule, WarrantyKind, WarrantyTemplate
from cyberins.providers.models import ServiceItem
from cyberins.terms import RemediationWarranty, ServiceScheduleWarranty, TermsError

SCHEDULED = (ScheduleRule.WITHIN_MONTHS, ScheduleRule.AFTER_MONTHS)
#: a scheduled service falls inside a one-year period of insurance
MAX_MONTHS = 11
MAX_QUANTITY = 12
WARRANTY_TEXT_MAX = 2000


def _draft(actor: User, version: ProductVersion) -> ProductVersion:
    require_role(actor, Role.ACTUARY)
    version = ProductVersion.objects.select_for_update().get(pk=version.pk)
    if not version.is_editable:
        raise InvalidState("products.not_a_draft", _("Only a draft version can be edited."), field="status")
    return version


def _flag(raw: Any) -> bool:
    return raw is True or raw in ("on", "true", "1", 1)


def clean_service_rows(version: ProductVersion, rows: Any) -> list[dict[str, Any]]:
    """Rows ``{plan, service, rule, months, quantity, included, own_vendor_allowed}`` checked against the
    version's plans and the price book's services."""
    if not isinstance(rows, list):
        raise unknown_choice("services")
    plans = {plan.code: plan for plan in version.plans.all()}
    items = {item.code: item for item in ServiceItem.objects.all()}
    cleaned, seen = [], set()
    for index, row in enumerate(rows):
        field = f"services.{index}"
        row = row if isinstance(row, dict) else {}
        plan, item = plans.get(str(row.get("plan", ""))), items.get(str(row.get("service", "")))
        if plan is None:
            raise unknown_choice(f"{field}.plan")
        if item is None:
            raise DomainError(
                "products.unknown_service",
                _("This service is not in the price book."),
                field=f"{field}.service",
            )
        if (plan.code, item.code) in seen:
            raise DomainError(
                "products.duplicate_service",
                _("Plan %(plan)s lists this service twice."),
                field=f"{field}.service",
                plan=plan.code,
            )
        seen.add((plan.code, item.code))
        rule = row.get("rule")
        if rule not in ScheduleRule.values:
            raise unknown_choice(f"{field}.rule")
        # months count from inception for scheduled services only; the others have none
        low, high = (1, MAX_MONTHS) if rule in SCHEDULED else (0, 0)
        months = number(row.get("months") or 0, f"{field}.months", Decimal(low), Decimal(high), whole=True)
        quantity = number(
            row.get("quantity", 1), f"{field}.quantity", Decimal(1), Decimal(MAX_QUANTITY), whole=True
        )
        cleaned.append(
            {
                "plan": plan,
                "service": item,
                "rule": rule,
                "months": int(months),
                "quantity": int(quantity),
                "included": _flag(row.get("included")),
                "own_vendor_allowed": _flag(row.get("own_vendor_allowed")),
            }
        )
    return cleaned


@audited
def do_update_draft_services(*, actor: User, version: ProductVersion, rows: Any) -> ProductVersion:
    """The draft's plan services become ``rows`` (services from the price book, schedule, quantity)."""
    version = _draft(actor, version)
    cleaned = clean_service_rows(version, rows)
    before = sorted(
        str(s) for s in PlanService.objects.filter(plan__version=version).select_related("service")
    )
    PlanService.objects.filter(plan__version=version).delete()
    made = [PlanService.objects.create(**row) for row in cleaned]
    record_change(
        actor=actor,
        obj=version,
        action="product_version.edit_services",
        before={"services": before},
        after={"services": sorted(f"{s.plan.code} {s}" for s in made)},
    )
    return version


def clean_warranty_rows(rows: Any) -> list[dict[str, Any]]:
    """Rows ``{kind, params, text_zh, text_en}`` in their order. A standard warranty's wording follows
    from its parameters (the terms package renders it), so the two can never disagree."""
    if not isinstance(rows, list):
        raise unknown_choice("warranties")
    cleaned, kinds = [], set()
    for index, row in enumerate(rows):
        field = f"warranties.{index}"
        row = row if isinstance(row, dict) else {}
        kind, raw = row.get("kind"), row.get("params")
        params: dict[str, Any] = raw if isinstance(raw, dict) else {}
        if kind not in WarrantyKind.values:
            raise unknown_choice(f"{field}.kind")
        if kind != WarrantyKind.CUSTOM and kind in kinds:
            raise DomainError(
                "products.duplicate_warranty",
                _("A version has at most one warranty of each standard kind."),
                field=f"{field}.kind",
            )
        kinds.add(kind)
        if kind == WarrantyKind.REMEDIATION:
            ratio = number(
                params.get("extra_deductible_ratio"),
                f"{field}.extra_deductible_ratio",
                Decimal("0.01"),
                Decimal("0.50"),
            )
            wording = RemediationWarranty(ratio).text()
            params = {"extra_deductible_ratio": str(ratio)}
        elif kind == WarrantyKind.SERVICE_SCHEDULE:
            params = {
                name: int(
                    number(params.get(name), f"{field}.{name}", Decimal(1), Decimal(MAX_MONTHS), whole=True)
                )
                for name in ("first_inspection_within_months", "vulnerability_scan_after_months")
            }
            try:
                wording = ServiceScheduleWarranty(**params).text()
            except TermsError as exc:  # the pure package's own rule, should its bounds tighten
                raise unknown_choice(f"{field}.{exc.field}") from exc
        else:
            params = {}
            zh = text(row.get("text_zh"), f"{field}.text_zh", WARRANTY_TEXT_MAX)
            en = text(row.get("text_en"), f"{field}.text_en", WARRANTY_TEXT_MAX)
        cleaned.append(
            {
                "kind": kind,
                "params": params,
                "text_zh": zh if kind == WarrantyKind.CUSTOM else wording.zh,
                "text_en": en if kind == WarrantyKind.CUSTOM else wording.en,
                "position": index + 1,
            }
        )
    return cleaned


@audited
def do_update_draft_warranties(*, actor: User, version: ProductVersion, rows: Any) -> ProductVersion:
    """The draft's warranties (特别约定) become ``rows``, numbered in their order."""
    version = _draft(actor, version)
    cleaned = clean_warranty_rows(rows)
    before = [(w.kind, w.params) for w in version.warranties.all()]
    version.warranties.all().delete()
    for row in cleaned:
        WarrantyTemplate.objects.create(version=version, **row)
    record_change(
        actor=actor,
        obj=version,
        action="product_version.edit_warranties",
        before={"warranties": before},
        after={"warranties": [(row["kind"], row["params"]) for row in cleaned]},
    )
    return version


@audited
def do_update_draft_questionnaire(*, actor: User, version: ProductVersion, questions: Any) -> ProductVersion:
    """The draft's questionnaire becomes ``questions``; its rating tables must still key on offered
    answers (a removed option would leave a dead modifier), so both are checked together."""
    version = _draft(actor, version)
    cleaned = check_questionnaire(questions)
    check_rating(version.rating, cleaned)
    before = [q["key"] for q in version.questionnaire]
    version.questionnaire = cleaned
    version.save(update_fields=["questionnaire"])
    record_change(
        actor=actor,
        obj=version,
        action="product_version.edit_questionnaire",
        before={"questions": before},
        after={"questions": [q["key"] for q in cleaned]},
    )
    return version


@audited
def do_update_draft_rating(*, actor: User, version: ProductVersion, rating: Any) -> ProductVersion:
    """The draft's rating tables become ``rating`` (modifiers, bounds, scale, loadings, authority, VAT)."""
    version = _draft(actor, version)
    cleaned = check_rating(rating, version.questionnaire)
    before = version.rating
    version.rating = cleaned
    version.save(update_fields=["rating"])
    record_change(
        actor=actor, obj=version, action="product_version.edit_rating", before=before, after=cleaned
    )
    return version
