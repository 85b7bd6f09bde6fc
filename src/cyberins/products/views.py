"""Pages: the product catalogue for everyone, the release workflow for the platform and actuaries."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cyberins.accounts.errors import DomainError, Forbidden
from cyberins.accounts.requests import actor
from cyberins.accounts.roles import Role
from cyberins.accounts.scoping import require_role
from cyberins.products import content, queries, services


@login_required
def catalogue(request: HttpRequest) -> HttpResponse:
    versions = queries.published_versions().prefetch_related("plans__coverages", "plans__services__service")
    return render(request, "products/catalogue.html", {"versions": versions})


@login_required
def releases(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    require_role(user, Role.ACTUARY)
    versions = list(queries.managed_versions(user))
    for version in versions:
        # only the moves this user's roles may make are offered as buttons
        version.allowed_actions = services.allowed_actions(user, version)  # type: ignore[attr-defined]
    return render(request, "products/releases.html", {"versions": versions})


@login_required
@require_POST
def transition(request: HttpRequest, version_id: int) -> HttpResponse:
    version = queries.managed_version(actor(request), version_id)
    try:
        if request.POST.get("action") == "next":
            services.do_create_next_version(actor=actor(request), version=version)
        else:
            services.do_transition_version(
                actor=actor(request), version=version, action=request.POST.get("action", "")
            )
    except Forbidden:
        raise  # a refused action is the 403 page with its reason, not a redirect
    except DomainError as exc:
        messages.error(request, exc.render_message())
    return redirect("products:releases")


@login_required
def version(request: HttpRequest, version_id: int) -> HttpResponse:
    """A version's content; a draft's figures are edited here by the actuary; the diff against the
    version on sale."""
    user = actor(request)
    require_role(user, Role.ACTUARY)
    shown = queries.managed_version(user, version_id)
    editable = shown.is_editable and user.has_role(Role.ACTUARY)
    error = None
    if request.method == "POST":
        if not editable:
            raise Forbidden("forbidden", _("Only an actuary may edit a draft version."))
        try:
            content.do_update_draft_figures(actor=user, version=shown, figures=request.POST.dict())
        except Forbidden:
            raise  # a refused action is the 403 page with its reason, not a redirect
        except DomainError as exc:
            error = exc
        else:
            messages.success(request, _("The draft was saved."))
            return redirect("products:version", version_id=shown.pk)
    base = content.published_counterpart(shown)
    context = {
        "version": shown,
        "plans": shown.plans.prefetch_related("coverages", "services__service"),
        "editable": editable,
        "error": error,
        "posted": request.POST if error else {},
        "base": base,
        "diff": content.diff(base, shown),
        "allowed_actions": services.allowed_actions(user, shown),
    }
    return render(request, "products/version.html", context)
