"""Pages: the product catalogue for everyone, the release workflow for the platform and actuaries."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from cyberins.accounts.errors import DomainError, Forbidden
from cyberins.accounts.requests import actor
from cyberins.accounts.roles import Role
from cyberins.accounts.scoping import require_role
from cyberins.products import queries, services


@login_required
def catalogue(request: HttpRequest) -> HttpResponse:
    versions = queries.published_versions().prefetch_related("plans__coverages", "plans__services__service")
    return render(request, "products/catalogue.html", {"versions": versions})


@login_required
def releases(request: HttpRequest) -> HttpResponse:
    require_role(actor(request), Role.ACTUARY)
    return render(request, "products/releases.html", {"versions": queries.managed_versions(actor(request))})


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
