"""Pages of self-registration: the enterprise registers, confirms its email, the platform approves."""

from __future__ import annotations

from typing import cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from cyberins.accounts.errors import DomainError, Forbidden
from cyberins.accounts.models import Registration, User
from cyberins.accounts.registration import do_decide_registration, do_register_enterprise, do_verify_email
from cyberins.accounts.registration_model import RegistrationStatus
from cyberins.accounts.roles import Role
from cyberins.accounts.scoping import get_visible, require_role
from cyberins.notifications.services import notify, platform_operators


class RegistrationForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Enterprise name"), max_length=200)
    credit_code = forms.CharField(
        label=gettext_lazy("Unified social credit code"), max_length=18, min_length=18
    )
    province = forms.CharField(label=gettext_lazy("province"), max_length=30)
    city = forms.CharField(label=gettext_lazy("city"), max_length=60)
    contact_name = forms.CharField(label=gettext_lazy("contact person"), max_length=100)
    contact_phone = forms.CharField(label=gettext_lazy("contact phone"), max_length=40)
    email = forms.EmailField(label=gettext_lazy("Email address"), max_length=254)
    username = forms.CharField(label=gettext_lazy("Username"), max_length=150)
    password = forms.CharField(label=gettext_lazy("Password"), widget=forms.PasswordInput, max_length=128)


def register(request: HttpRequest) -> HttpResponse:
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            do_register_enterprise(**form.cleaned_data, now=timezone.now())
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.render_message())
        else:
            return render(request, "web/register_sent.html", {"email": form.cleaned_data["email"]})
    return render(request, "web/register.html", {"form": form})


def verify_email(request: HttpRequest, token: str) -> HttpResponse:
    now = timezone.now()
    try:
        registration = do_verify_email(token=token, now=now)
    except DomainError as exc:
        return render(request, "web/register_verified.html", {"error": exc.render_message()}, status=400)
    notify(
        recipients=platform_operators(),
        kind="registration_waiting",
        params={"name": registration.organisation.name},
        link="/registrations/",
        now=now,
        dedupe_key=f"registration:{registration.pk}",
    )
    return render(request, "web/register_verified.html", {"registration": registration})


@login_required
def registrations(request: HttpRequest) -> HttpResponse:
    require_role(request.user, Role.PLATFORM_ADMIN)
    rows = Registration.objects.select_related("organisation", "user")
    return render(
        request,
        "web/registrations.html",
        {
            "rows": rows[:200],
            "waiting": RegistrationStatus.VERIFIED,
            "submitted": RegistrationStatus.SUBMITTED,
        },
    )


@login_required
@require_POST
def decide(request: HttpRequest, registration_id: int) -> HttpResponse:
    user = cast(User, request.user)
    require_role(user, Role.PLATFORM_ADMIN)
    registration = get_visible(user, Registration.objects.all(), pk=registration_id)
    approve = request.POST.get("decision") == "approve"
    try:
        do_decide_registration(
            actor=user,
            registration=registration,
            approve=approve,
            reason=request.POST.get("reason", ""),
            now=timezone.now(),
        )
    except Forbidden:
        raise
    except DomainError as exc:
        messages.error(request, exc.render_message())
    else:
        messages.success(request, _("The registration was decided."))
    return redirect("registrations")
