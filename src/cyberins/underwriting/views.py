"""Pages for 投保 and 核保: the questionnaire, the application with its quote, the underwriter's workbench."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from cyberins.accounts.errors import DomainError, Forbidden
from cyberins.accounts.requests import actor
from cyberins.accounts.roles import Role
from cyberins.accounts.scoping import require_role
from cyberins.healthchecks import queries as hc_queries
from cyberins.healthchecks import trends as hc_trends
from cyberins.healthchecks.queries import latest_complete_check
from cyberins.products import queries as products
from cyberins.underwriting import queries, services
from cyberins.underwriting import review as review_logic
from cyberins.underwriting.documents import quote_pdf_response
from cyberins.underwriting.forms import DecisionForm, QuestionnaireForm
from cyberins.underwriting.history import insured_history
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
        # only a draft is edited: a submitted application's form would open and then refuse
        raise Forbidden(
            "forbidden",
            _("This application is %(status)s; only a draft can be edited."),
            status=application.get_status_display(),
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
    user = actor(request)
    application = queries.application(user, application_id)
    context = {
        "application": application,
        "quote": application.quotes.order_by("-created_at").first(),
        "health_check": latest_complete_check(application.applicant),
        "internal": queries.sees_internal_loads(user),
        "can_decide": application.status == ApplicationStatus.REFERRED and user.has_role(Role.UNDERWRITER),
        "can_requote": user.has_role(Role.APPLICANT, Role.UNDERWRITER),
        "can_edit": application.status == ApplicationStatus.DRAFT and user.has_role(Role.APPLICANT),
    }
    return render(request, "underwriting/detail.html", context)


@login_required
def review(request: HttpRequest, application_id: int) -> HttpResponse:
    """The referral with everything the decision needs, the adjustment preview (GET) and the decision."""
    user = actor(request)
    require_role(user, Role.UNDERWRITER)
    application = queries.application(user, application_id)
    if application.status != ApplicationStatus.REFERRED:
        return redirect("underwriting:detail", application_id=application.pk)
    decision = DecisionForm(request.POST or None, initial={"adjustment": request.GET.get("adjustment") or 1})
    if request.method == "POST" and decision.is_valid():
        try:
            services.do_decide_referral(actor=user, application=application, **decision.cleaned_data)
        except Forbidden:
            raise  # a refused action is the 403 page with its reason, not a redirect
        except DomainError as exc:
            decision.add_error(exc.field if exc.field in decision.fields else None, exc.render_message())
        else:
            messages.success(request, _("Your decision was recorded."))
            return redirect("underwriting:detail", application_id=application.pk)
    preview_error, factor = None, application.adjustment
    try:
        factor = review_logic.parse_factor(application, request.GET.get("adjustment"))
    except DomainError as exc:
        preview_error = exc.render_message()
    check = latest_complete_check(application.applicant)
    plans = review_logic.preview(application, factor)
    context = {
        "application": application,
        "answers": review_logic.answer_rows(application.product_version.questionnaire, application.answers),
        "health_check": check,
        "findings": hc_queries.findings(check)[:20] if check else [],
        # the applicant's score history and patch cadence, from the checks this underwriter may see
        "trends": hc_trends.page_context(
            hc_queries.health_checks(user).filter(organisation=application.applicant),
            english=(get_language() or "").startswith("en"),
        ),
        "english": (get_language() or "").startswith("en"),
        "factor": factor,
        "authority": review_logic.authority(application),
        "preview_error": preview_error,
        "plans": plans,
        "lines": review_logic.breakdown_table(plans),
        "history": insured_history(user, application.applicant),
        "decision": decision,
        "age": review_logic.age(application, timezone.now()),
    }
    return render(request, "underwriting/review.html", context)


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
    user = actor(request)
    require_role(user, Role.UNDERWRITER)
    now = timezone.now()
    every = queries.referrals(user)
    filters = {k: request.GET.get(k, "") for k in ("product", "reason", "older_than")}
    referrals = review_logic.filter_queue(every, now=now, **filters)
    rows = [(a, review_logic.age(a, now)) for a in referrals]
    reasons = sorted({r["code"]: r["message"] for a in every for r in a.shown_reasons}.items())
    products_seen = sorted({(a.product_version.product.code, a.product_version.product.name) for a in every})
    context = {
        "rows": rows,
        "filters": filters,
        "reason_choices": reasons,
        "product_choices": products_seen,
        "total": len(every),
    }
    return render(request, "underwriting/workbench.html", context)


@login_required
def sample_pricing(request: HttpRequest, version_id: int) -> HttpResponse:
    """The actuary's pricing preview of any version of its products (a draft too) on sample risks."""
    user = actor(request)
    require_role(user, Role.ACTUARY, Role.UNDERWRITER)
    version = products.managed_version(user, version_id)
    context = {"version": version, "samples": review_logic.sample_pricing(version)}
    return render(request, "underwriting/sample_pricing.html", context)


@login_required
def quote_pdf(request: HttpRequest, quote_id: int) -> HttpResponse:
    user = actor(request)
    return quote_pdf_response(queries.quote(user, quote_id), internal=queries.sees_internal_loads(user))
