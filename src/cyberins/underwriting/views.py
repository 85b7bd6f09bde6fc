"""Pages for 投保 and 核保: the questionnaire, the application with its quote, the underwriter's workbench."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from cyberins.accounts.errors import DomainError, Forbidden
from cyberins.accounts.requests import actor
from cyberins.accounts.roles import Role
from cyberins.accounts.scoping import require_role
from cyberins.healthchecks.queries import latest_complete_check
from cyberins.products import queries as products
from cyberins.underwriting import queries, services
from cyberins.underwriting.documents import quote_pdf_response
from cyberins.underwriting.forms import DecisionForm, QuestionnaireForm
from cyberins.underwriting.models import Application, ApplicationStatus


def _save(
    request: HttpRequest, form: QuestionnaireForm, application: Application | None, version_id: int
) -> Application:
    """Create or update the draft, or submit it when the applicant pressed "submit" (a rejected
    submission saves nothing, so pressing it again never leaves a second draft)."""
    user, answers, submit = actor(request), form.answers(), "submit" in request.POST
    if application is None:
        version = products.published_version(version_id)
        return services.do_create_application(actor=user, version=version, answers=answers, submit=submit)
    if submit:
        return services.do_submit_application(actor=user, application=application, answers=answers)
    return services.do_save_draft(actor=user, application=application, answers=answers)


@login_required
def apply(request: HttpRequest, version_id: int, application_id: int | None = None) -> HttpResponse:
    require_role(actor(request), Role.APPLICANT)
    application = queries.application(actor(request), application_id) if application_id else None
    if application is not None and application.status != ApplicationStatus.DRAFT:
        # a submitted or bound application's form is not offered: it would only refuse on submit
        raise Forbidden(
            message=_("This application is %(status)s and can no longer be changed.")
            % {"status": application.get_status_display()}
        )
    version = application.product_version if application else products.published_version(version_id)
    initial = QuestionnaireForm.initial_from(application.answers if application else {})
    form = QuestionnaireForm(version.questionnaire, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            application = _save(request, form, application, version.pk)
        except Forbidden:
            raise  # a refused action is the 403 page with its reason, not a redirect
        except DomainError as exc:
            form.add_domain_errors(exc.details or [exc])
        else:
            messages.success(request, _("Your application was saved."))
            return redirect("underwriting:detail", application_id=application.pk)
    return render(
        request, "underwriting/apply.html", {"form": form, "version": version, "application": application}
    )


@login_required
def application_list(request: HttpRequest) -> HttpResponse:
    return render(request, "underwriting/list.html", {"applications": queries.applications(actor(request))})


@login_required
def detail(request: HttpRequest, application_id: int) -> HttpResponse:
    application = queries.application(actor(request), application_id)
    decision = (
        DecisionForm(request.POST or None) if application.status == ApplicationStatus.REFERRED else None
    )
    if decision is not None and request.method == "POST" and decision.is_valid():
        try:
            services.do_decide_referral(
                actor=actor(request), application=application, **decision.cleaned_data
            )
        except Forbidden:
            raise  # a refused action is the 403 page with its reason, not a redirect
        except DomainError as exc:
            decision.add_error(exc.field if exc.field in decision.fields else None, exc.render_message())
        else:
            return redirect("underwriting:detail", application_id=application.pk)
    context = {
        "application": application,
        "quote": application.quotes.order_by("-created_at").first(),
        "decision": decision,
        "health_check": latest_complete_check(application.applicant),
    }
    return render(request, "underwriting/detail.html", context)


@login_required
def requote(request: HttpRequest, application_id: int) -> HttpResponse:
    application = queries.application(actor(request), application_id)
    if request.method == "POST":
        try:
            services.do_requote(actor=actor(request), application=application)
        except Forbidden:
            raise  # a refused action is the 403 page with its reason, not a redirect
        except DomainError as exc:
            messages.error(request, exc.render_message())
    return redirect("underwriting:detail", application_id=application.pk)


@login_required
def workbench(request: HttpRequest) -> HttpResponse:
    require_role(actor(request), Role.UNDERWRITER)
    return render(request, "underwriting/workbench.html", {"referrals": queries.referrals(actor(request))})


@login_required
def quote_pdf(request: HttpRequest, quote_id: int) -> HttpResponse:
    return quote_pdf_response(queries.quote(actor(request), quote_id))
