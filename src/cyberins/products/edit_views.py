"""Pages: the actuary edits a draft's services, warranties, questionnaire and rating tables.

Thin: parse the rows (``edit_forms``), call the section's ``do_*`` (``draft_edits``), show the coded
error on the row it names with the posted values kept, or go back to the version page.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from cyberins.accounts.errors import DomainError, Forbidden
from cyberins.accounts.requests import actor
from cyberins.accounts.roles import Role
from cyberins.accounts.scoping import require_role
from cyberins.products import draft_edits, edit_forms, queries
from cyberins.products.draft_checks import QUESTION_TYPES, SEGMENTS
from cyberins.products.labels import question_type_label
from cyberins.products.models import ProductVersion, ScheduleRule, WarrantyKind
from cyberins.providers.models import ServiceItem

Parse = Callable[[Any, ProductVersion], tuple[Any, list[int]]]


def _rating(post: Any, version: ProductVersion) -> tuple[Any, list[int]]:
    return edit_forms.parse_rating(post, version), []


#: section → (parse the post, save, the keyword the save takes, rows shown from the version)
SECTIONS: dict[str, tuple[Parse, Callable[..., ProductVersion], str, Callable[[ProductVersion], Any]]] = {
    "services": (
        lambda post, v: edit_forms.parse_services(post),
        draft_edits.do_update_draft_services,
        "rows",
        edit_forms.service_rows,
    ),
    "warranties": (
        lambda post, v: edit_forms.parse_warranties(post),
        draft_edits.do_update_draft_warranties,
        "rows",
        edit_forms.warranty_rows,
    ),
    "questionnaire": (
        lambda post, v: edit_forms.parse_questionnaire(post),
        draft_edits.do_update_draft_questionnaire,
        "questions",
        lambda v: edit_forms.question_rows(v.questionnaire),
    ),
    "rating": (_rating, draft_edits.do_update_draft_rating, "rating", lambda v: v.rating),
}


def _error_row(error: DomainError | None, positions: list[int]) -> int | None:
    """The page row an error's field (``services.2.months``) points at."""
    parts = (error.field or "").split(".") if error else []
    if len(parts) > 1 and parts[1].isdigit() and int(parts[1]) < len(positions):
        return positions[int(parts[1])]
    return None


def _posted_rows(section: str, post: Any) -> list[dict[str, Any]]:
    """The rows as typed, to show them again beside the error (nothing was saved)."""
    prefix, key = {"services": ("s", "service"), "warranties": ("w", "kind"), "questionnaire": ("q", "key")}[
        section
    ]
    rows = []
    for index in range(edit_forms.row_count(post, prefix)):
        head = f"{prefix}-{index}-"
        row = {name[len(head) :]: value for name, value in post.items() if name.startswith(head)}
        if str(row.get(key, "")).strip():  # blank rows come last: the page adds fresh ones
            rows.append(row)
    return rows


@login_required
def edit(request: HttpRequest, version_id: int, section: str) -> HttpResponse:
    if section not in SECTIONS:
        raise Http404
    user = actor(request)
    require_role(user, Role.ACTUARY)
    version = queries.managed_version(user, version_id)
    if not version.is_editable:
        raise Forbidden("products.not_a_draft", _("Only a draft version can be edited."))
    parse, save, keyword, shown = SECTIONS[section]
    error: DomainError | None = None
    positions: list[int] = []
    rows = shown(version)
    if request.method == "POST":
        data, positions = parse(request.POST, version)
        try:
            save(actor=user, version=version, **{keyword: data})
        except Forbidden:
            raise  # a refused action is the 403 page with its reason, not a redirect
        except DomainError as exc:
            error = exc
            rows = data if section == "rating" else _posted_rows(section, request.POST)
            positions = list(range(len(rows))) if section == "rating" else positions
        else:
            messages.success(request, _("The draft was saved."))
            return redirect("products:version", version_id=version.pk)
    context = {
        "version": version,
        "section": section,
        "rows": rows,
        "error": error,
        "error_row": _error_row(error, positions) if section != "rating" else None,
        **_options(section, version, rows),
    }
    return render(request, f"products/edit_{section}.html", context)


def _options(section: str, version: ProductVersion, rows: Any) -> dict[str, Any]:
    if section == "services":
        return {
            "plans": [p.code for p in version.plans.all()],
            "items": ServiceItem.objects.order_by("code"),
            "rules": ScheduleRule.choices,
            "blank": range(len(rows), len(rows) + edit_forms.BLANK_ROWS),
        }
    if section == "warranties":
        return {"kinds": WarrantyKind.choices, "blank": range(len(rows), len(rows) + 1)}
    if section == "questionnaire":
        types = [(t, question_type_label(t)) for t in QUESTION_TYPES]
        return {"types": types, "blank": range(len(rows), len(rows) + 1)}
    rating = rows if isinstance(rows, dict) else version.rating
    return {
        "segments": SEGMENTS,
        "methods": ("none", "std", "variance", "cost_of_capital"),
        "tables": edit_forms.rating_tables(version, rating),
        "staff": edit_forms.staff_text(rating.get("modifiers", {}).get("security_staff", [])),
        "rating": rating,
    }
