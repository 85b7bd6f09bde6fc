"""Pages: parse, authorise through the scoping helper, call one service, render."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cyberins.accounts.errors import DomainError, Forbidden
from cyberins.accounts.models import Organisation, User
from cyberins.accounts.roles import OrganisationKind
from cyberins.accounts.scoping import require_role, sees_everything
from cyberins.healthchecks import permissions, queries, remediation, services, trends, verification
from cyberins.healthchecks.forms import AssetForm, AuthorisationForm, FixedForm, StartForm
from cyberins.healthchecks.models import HealthCheckStatus
from cyberins.healthchecks.report import report_language, report_pdf
from cyberins.healthchecks.targets import target_reason


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _own_organisation(request: HttpRequest) -> Organisation:
    organisation = _user(request).organisation
    if organisation is None:
        raise Http404
    return organisation


def _can(user: User, roles: tuple[str, ...]) -> bool:
    return sees_everything(user) or user.has_role(*roles)


@login_required
def health_check_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    checks = queries.health_checks(user)
    organisation = user.organisation
    context = {
        "checks": checks[:200],
        "start_form": StartForm() if _can(user, permissions.INSURED_ROLES) else None,
        # the insured's own trends (an insurer sees an applicant's on the underwriting pages)
        "trends": trends.page_context(checks.filter(organisation=organisation), english=_english(request))
        if organisation is not None and organisation.kind == OrganisationKind.INSURED
        else None,
    }
    return render(request, "healthchecks/list.html", context)


def _english(request: HttpRequest) -> bool:
    return (request.LANGUAGE_CODE or "").startswith("en")


@login_required
@require_POST
def start(request: HttpRequest) -> HttpResponse:
    require_role(request.user, *permissions.INSURED_ROLES)
    form = StartForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the kind of health check."))
        return redirect("healthchecks:list")
    try:
        check = services.do_start_health_check(
            actor=_user(request),
            organisation=_own_organisation(request),
            kind=form.cleaned_data["kind"],
            service_order_ref=form.cleaned_data["service_order_ref"],
        )
    except Forbidden:
        raise  # a refused action is the 403 page with its reason, not a redirect
    except DomainError as exc:
        messages.error(request, exc.render_message())
        return redirect("healthchecks:list")
    messages.success(request, _("The health check is queued; this page shows its progress."))
    return redirect("healthchecks:detail", check_id=check.pk)


def _assets_page(
    request: HttpRequest, asset_form: AssetForm | None = None, auth_form: AuthorisationForm | None = None
) -> HttpResponse:
    user = _user(request)
    active = queries.assets(user)
    authorised = set()
    if user.organisation_id is not None:
        authorised = set(
            queries.authorised_assets(user.organisation_id, timezone.now()).values_list("pk", flat=True)
        )
    context = {
        "assets": active,
        "authorised": authorised,
        "authorisations": queries.authorisations(user)[:100],
        "can_declare": _can(user, permissions.INSURED_ROLES),
        "asset_form": asset_form or AssetForm(),
        "auth_form": auth_form or AuthorisationForm(assets=active),
    }
    return render(request, "healthchecks/assets.html", context)


@login_required
def assets(request: HttpRequest) -> HttpResponse:
    form = AssetForm(request.POST or None)
    if request.method == "POST":
        require_role(request.user, *permissions.INSURED_ROLES)
    if request.method == "POST" and form.is_valid():
        try:
            services.do_declare_asset(
                actor=_user(request), organisation=_own_organisation(request), **form.cleaned_data
            )
        except Forbidden:
            raise  # a refused action is the 403 page with its reason, not a redirect
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.render_message())
        else:
            messages.success(
                request, _("The asset was declared. Record an authorisation before scanning it.")
            )
            return redirect("healthchecks:assets")
    return _assets_page(request, asset_form=form)


@login_required
@require_POST
def authorise(request: HttpRequest) -> HttpResponse:
    require_role(request.user, *permissions.INSURED_ROLES)
    form = AuthorisationForm(request.POST, assets=queries.assets(_user(request)))
    if form.is_valid():
        try:
            authorisation = services.do_record_authorisation(
                actor=_user(request),
                organisation=_own_organisation(request),
                assets=list(form.cleaned_data["assets"]),
                authorised_by=form.cleaned_data["authorised_by"],
                authorised_at=form.cleaned_data["authorised_at"],
                valid_until=form.cleaned_data["valid_until"],
                statement=form.cleaned_data["statement"],
            )
        except Forbidden:
            raise  # a refused action is the 403 page with its reason, not a redirect
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.render_message())
        else:
            messages.success(request, _("Authorisation %(ref)s recorded.") % {"ref": authorisation.reference})
            return redirect("healthchecks:assets")
    return _assets_page(request, auth_form=form)


@login_required
@require_POST
def asset_retire(request: HttpRequest, asset_id: int) -> HttpResponse:
    asset = queries.asset(request.user, asset_id)
    require_role(request.user, *permissions.INSURED_ROLES)
    try:
        services.do_retire_asset(actor=_user(request), asset=asset)
    except Forbidden:
        raise  # a refused action is the 403 page with its reason, not a redirect
    except DomainError as exc:
        messages.error(request, exc.render_message())
    return redirect("healthchecks:assets")


@login_required
@require_POST
def authorisation_revoke(request: HttpRequest, authorisation_id: int) -> HttpResponse:
    authorisation = queries.authorisation(request.user, authorisation_id)
    require_role(request.user, *permissions.INSURED_ROLES)
    try:
        services.do_revoke_authorisation(actor=_user(request), authorisation=authorisation)
    except Forbidden:
        raise  # a refused action is the 403 page with its reason, not a redirect
    except DomainError as exc:
        messages.error(request, exc.render_message())
    return redirect("healthchecks:assets")


@login_required
def detail(request: HttpRequest, check_id: int) -> HttpResponse:
    return render(request, "healthchecks/detail.html", _detail_context(request, check_id))


@login_required
def live(request: HttpRequest, check_id: int) -> HttpResponse:
    """The page's live part alone, fetched every few seconds while the check runs (static/web/poll.js)."""
    return render(request, "healthchecks/_live.html", _detail_context(request, check_id))


def _detail_context(request: HttpRequest, check_id: int) -> dict[str, object]:
    check = queries.health_check(request.user, check_id)
    findings = queries.findings(check)
    verified = queries.latest_verifications(findings)
    return {
        "check": check,
        "polling": not check.is_finished and check.status != HealthCheckStatus.FAILED,
        "findings": findings,
        "rows": [(f, verified.get(f.pk)) for f in findings],
        "can_verify": check.is_finished
        and check.organisation_id == _user(request).organisation_id
        and _can(_user(request), permissions.INSURED_ROLES),
        "can_notify": check.is_finished
        and check.kind in permissions.NOTIFIABLE_KINDS
        and _can(_user(request), permissions.NOTIFIER_ROLES),
        "english": (request.LANGUAGE_CODE or "").startswith("en"),
        "targets": [{**t, "reason": target_reason(t)} for t in check.target_results],
    }


@login_required
def report(request: HttpRequest, check_id: int) -> HttpResponse:
    check = queries.health_check(request.user, check_id)
    language = report_language(request.GET.get("lang") or request.LANGUAGE_CODE)
    try:
        pdf = report_pdf(check, language)
    except Forbidden:
        raise  # a refused action is the 403 page with its reason, not a redirect
    except DomainError as exc:
        messages.error(request, exc.render_message())
        return redirect("healthchecks:detail", check_id=check.pk)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{check.number}-{language}.pdf"'
    return response


@login_required
@require_POST
def notify(request: HttpRequest, check_id: int) -> HttpResponse:
    check = queries.health_check(request.user, check_id)
    require_role(request.user, *permissions.NOTIFIER_ROLES)
    try:
        items = remediation.do_notify_findings(actor=_user(request), health_check=check)
    except Forbidden:
        raise  # a refused action is the 403 page with its reason, not a redirect
    except DomainError as exc:
        messages.error(request, exc.render_message())
    else:
        messages.success(request, _("%(count)d findings were formally notified.") % {"count": len(items)})
    return redirect("healthchecks:detail", check_id=check.pk)


@login_required
@require_POST
def verify_fix(request: HttpRequest, finding_id: int) -> HttpResponse:
    """Rescan one finding's service only; the new (small) check's page shows the outcome."""
    finding = queries.finding(request.user, finding_id)
    require_role(request.user, *permissions.INSURED_ROLES)
    try:
        check = verification.do_verify_fix(actor=_user(request), finding=finding)
    except Forbidden:
        raise  # a refused action is the 403 page with its reason, not a redirect
    except DomainError as exc:
        messages.error(request, exc.render_message())
        return redirect("healthchecks:detail", check_id=finding.health_check_id)
    messages.success(
        request, _("Only this finding's service is being rescanned; this page shows the outcome.")
    )
    return redirect("healthchecks:detail", check_id=check.pk)


@login_required
def items(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    context = {
        "items": queries.remediation_items(user)[:500],
        "now": timezone.now(),
        "can_fix": _can(user, permissions.INSURED_ROLES),
        "english": (request.LANGUAGE_CODE or "").startswith("en"),
    }
    return render(request, "healthchecks/items.html", context)


@login_required
@require_POST
def item_fixed(request: HttpRequest, item_id: int) -> HttpResponse:
    item = queries.remediation_item(request.user, item_id)
    require_role(request.user, *permissions.INSURED_ROLES)
    form = FixedForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        remediation.do_mark_item_fixed(actor=_user(request), item=item, note=note)
    except Forbidden:
        raise  # a refused action is the 403 page with its reason, not a redirect
    except DomainError as exc:
        messages.error(request, exc.render_message())
    else:
        messages.success(request, _("Marked fixed. The next health check of the asset will confirm it."))
    return redirect("healthchecks:items")
