"""Pages for servicing a policy: endorsements with a pro-rata preview, cancellation with a refund preview,
renewal. The underwriter of the insurer endorses and cancels; the insured renews."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cyberins.accounts.errors import DomainError, Forbidden
from cyberins.accounts.requests import actor
from cyberins.accounts.roles import Role
from cyberins.accounts.scoping import sees_everything
from cyberins.policies import queries, servicing
from cyberins.policies.errors import PoliciesError as E
from cyberins.policies.models import Policy, PolicyStatus
from cyberins.terms import local_date, unexpired_days

SYSTEM_ROWS_EXTRA = 2
MAX_SYSTEM_ROWS = 40


def may_endorse(user: Any, policy: Policy) -> bool:
    """Endorsements and cancellation are the insurer's underwriter's (the insured asks for them)."""
    return (
        (user.organisation_id == policy.insurer_id and user.has_role(Role.UNDERWRITER))
        or sees_everything(user)
    ) and policy.status == PolicyStatus.ISSUED


def may_renew(user: Any, policy: Policy) -> bool:
    return (
        user.organisation_id == policy.insured_id
        and user.has_role(Role.APPLICANT)
        and policy.status in (PolicyStatus.ISSUED, PolicyStatus.EXPIRED)
    )


def _require_endorser(user: Any, policy: Policy) -> None:
    if policy.status != PolicyStatus.ISSUED:
        raise Forbidden(message=_("The policy is %(status)s.") % {"status": policy.get_status_display()})
    if not may_endorse(user, policy):
        raise Forbidden(
            message=_("Only the insurer's underwriter changes or cancels a policy; ask your insurer.")
        )


def _day(value: str, field: str = "effective_on") -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise DomainError(E.INVALID_DATE, E.INVALID_DATE.meaning, field=field) from exc


def _systems_from(post: Any) -> list[dict[str, Any]]:
    """Rows of the systems table; a row without a name is left out (the spare rows)."""
    rows = str(post.get("rows", ""))
    systems = []
    for index in range(min(int(rows), MAX_SYSTEM_ROWS) if rows.isdigit() else 0):
        name = post.get(f"name_{index}", "").strip()
        if not name:
            continue
        systems.append(
            {
                "name": name,
                "type": post.get(f"type_{index}", "").strip(),
                "users": post.get(f"users_{index}", "").strip(),
                "devices": post.get(f"devices_{index}", "").strip(),
            }
        )
    return systems


@login_required
def endorse(request: HttpRequest, policy_id: int) -> HttpResponse:
    """GET: the forms (with a preview when asked); POST ``kind=sum_insured|systems``: the endorsement."""
    user = actor(request)
    policy = queries.policy(user, policy_id)
    _require_endorser(user, policy)
    today = local_date(timezone.now())
    data = request.POST if request.method == "POST" else request.GET
    default_day = max(today, policy.first_day)
    context: dict[str, Any] = {
        "policy": policy,
        "sum_insured": data.get("sum_insured", ""),
        "effective_on": data.get("effective_on", default_day.isoformat()),
        "systems": list(policy.systems) + [{}] * SYSTEM_ROWS_EXTRA,
    }
    kind = data.get("kind", "")
    if kind == "sum_insured" and "sum_insured" in data:
        try:
            effective_on = _day(data.get("effective_on", ""))
            if request.method == "POST":
                made = servicing.do_endorse_sum_insured(
                    actor=user, policy=policy, sum_insured=data["sum_insured"], effective_on=effective_on
                )
                messages.success(
                    request,
                    _("Endorsement E%(sequence)s: premium change ¥%(change)s.")
                    % {"sequence": made.sequence, "change": f"{made.premium_change:,}"},
                )
                return redirect("policies:detail", policy_id=policy.pk)
            new_sum, change = servicing.preview_sum_insured(policy, data["sum_insured"], effective_on)
            context["preview"] = {
                "sum_insured": new_sum,
                "change": change,
                "days_left": unexpired_days(policy.period, effective_on),
                "period_days": policy.period.days,
            }
        except Forbidden:
            raise
        except DomainError as exc:
            context["error"] = exc
    elif kind == "systems" and request.method == "POST":
        systems = _systems_from(request.POST)
        try:
            effective_on = _day(data.get("effective_on", ""))
            made = servicing.do_endorse_systems(
                actor=user, policy=policy, systems=systems, effective_on=effective_on
            )
        except Forbidden:
            raise
        except DomainError as exc:
            context["systems_error"] = exc
            context["systems"] = systems + [{}] * SYSTEM_ROWS_EXTRA
        else:
            messages.success(
                request,
                _("Endorsement E%(sequence)s: insured systems changed.") % {"sequence": made.sequence},
            )
            return redirect("policies:detail", policy_id=policy.pk)
    return render(request, "policies/endorse.html", context)


@login_required
def cancel(request: HttpRequest, policy_id: int) -> HttpResponse:
    """GET: the refund preview for a date; POST: the cancellation with its reason."""
    user = actor(request)
    policy = queries.policy(user, policy_id)
    _require_endorser(user, policy)
    data = request.POST if request.method == "POST" else request.GET
    today = local_date(timezone.now())
    context: dict[str, Any] = {
        "policy": policy,
        "effective_on": data.get("effective_on", max(today, policy.first_day).isoformat()),
        "reason": data.get("reason", ""),
    }
    try:
        effective_on = _day(context["effective_on"])
        if request.method == "POST":
            made = servicing.do_cancel_policy(
                actor=user, policy=policy, effective_on=effective_on, reason=data.get("reason", "")
            )
            messages.success(
                request,
                _("Policy %(number)s is cancelled; refund ¥%(refund)s.")
                % {"number": policy.number, "refund": f"{-made.premium_change:,}"},
            )
            return redirect("policies:detail", policy_id=policy.pk)
        context["preview"] = servicing.preview_cancellation(policy, effective_on)
    except Forbidden:
        raise
    except DomainError as exc:
        context["error"] = exc
    return render(request, "policies/cancel.html", context)


@login_required
@require_POST
def renew(request: HttpRequest, policy_id: int) -> HttpResponse:
    """A draft application pre-filled from the policy, opened for the insured to review and submit."""
    user = actor(request)
    policy = queries.policy(user, policy_id)
    if not may_renew(user, policy):
        raise Forbidden(message=_("Only the insured renews its policy."))
    try:
        application = servicing.do_renew_policy(actor=user, policy=policy)
    except Forbidden:
        raise
    except DomainError as exc:
        messages.error(request, exc.render_message())
        return redirect("policies:detail", policy_id=policy.pk)
    messages.success(
        request,
        _("A renewal application was pre-filled from policy %(number)s; check and submit it.")
        % {"number": policy.number},
    )
    return redirect("underwriting:edit", application_id=application.pk)
