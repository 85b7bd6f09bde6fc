"""Pages: parse, authorise through the scoping helper, call one service, render."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms.models import model_to_dict
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cyberins.accounts import queries, services
from cyberins.accounts.errors import DomainError, Forbidden
from cyberins.accounts.models import User
from cyberins.accounts.roles import Role
from cyberins.accounts.scoping import require_role
from cyberins.web.dashboards import dashboard_for
from cyberins.web.forms import PROFILE_FORM_FIELDS, OrganisationProfileForm, TokenForm
from cyberins.web.navigation import entries_for
from cyberins.web.todo import todos_for


def _user(request: HttpRequest) -> User:
    """The signed-in user (every view here is behind login_required)."""
    return cast(User, request.user)


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    role = _user(request).primary_role
    if role is None:
        return render(request, "web/no_role.html")
    return redirect("role_dashboard", role=role)


@login_required
def role_dashboard(request: HttpRequest, role: str) -> HttpResponse:
    board = dashboard_for(request.user, role)
    if board is None:
        raise Http404
    labels = {entry["name"]: entry for entry in entries_for(request.user)}
    links = [labels[name] for name in board.links if name in labels]
    todos = todos_for(request.user, role)
    # The user's other roles by name (not their codes), each a link to its dashboard.
    others = [(other, Role(other).label) for other in _user(request).roles if other != role and other in Role]
    return render(
        request, "web/dashboard.html", {"board": board, "links": links, "todos": todos, "others": others}
    )


@login_required
def my_organisation(request: HttpRequest) -> HttpResponse:
    org_id = _user(request).organisation_id
    if org_id is None:
        raise Http404
    return redirect("organisation", org_id=org_id)


@login_required
def organisation(request: HttpRequest, org_id: int) -> HttpResponse:
    org = queries.organisation(request.user, org_id)
    return render(
        request, "web/organisation.html", {"org": org, "members": queries.members(request.user, org)}
    )


@login_required
def organisation_edit(request: HttpRequest, org_id: int) -> HttpResponse:
    org = queries.organisation(request.user, org_id)
    require_role(request.user, *services.PROFILE_EDITORS)
    form = OrganisationProfileForm(request.POST or None, initial=model_to_dict(org, PROFILE_FORM_FIELDS))
    if request.method == "POST" and form.is_valid():
        try:
            services.do_update_organisation_profile(
                actor=_user(request),
                organisation=org,
                changes={name: form.cleaned_data[name] for name in form.changed_data},
            )
        except Forbidden:
            raise  # a refused action is the 403 page with its reason, not a redirect
        except DomainError as exc:
            form.add_error(exc.field, exc.render_message())
        else:
            messages.success(request, _("The organisation profile was saved."))
            return redirect("organisation", org_id=org.pk)
    return render(request, "web/organisation_edit.html", {"org": org, "form": form})


@login_required
def tokens(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    new_secret = None
    if request.method == "POST" and form.is_valid():
        try:
            _token, new_secret = services.do_create_api_token(
                actor=_user(request),
                name=form.cleaned_data["name"],
            )
        except Forbidden:
            raise  # a refused action is the 403 page with its reason, not a redirect
        except DomainError as exc:
            form.add_error(exc.field, exc.render_message())
        else:
            form = TokenForm()
    return render(
        request,
        "web/tokens.html",
        {"form": form, "tokens": queries.own_tokens(request.user), "new_secret": new_secret},
    )


@login_required
@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    token = queries.own_token(request.user, token_id)
    try:
        services.do_revoke_api_token(actor=_user(request), token=token)
    except Forbidden:
        raise  # a refused action is the 403 page with its reason, not a redirect
    except DomainError as exc:
        messages.error(request, exc.render_message())
    else:
        messages.success(request, _("The token was revoked."))
    return redirect("tokens")


@login_required
def audit(request: HttpRequest) -> HttpResponse:
    require_role(request.user, Role.PLATFORM_ADMIN)
    return render(request, "web/audit.html", {"records": queries.audit_trail(request.user)[:200]})
