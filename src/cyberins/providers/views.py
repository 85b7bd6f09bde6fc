"""Pages of the provider network: the provider manager's and engineer's workbenches, the insured's and
insurer's orders, the platform operator's network view; one engagement page with each role's actions."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cyberins.accounts.errors import DomainError
from cyberins.accounts.models import User
from cyberins.accounts.requests import actor
from cyberins.accounts.roles import Role
from cyberins.accounts.scoping import require_role, sees_everything
from cyberins.network import CITIES, PROVINCES
from cyberins.providers import queries, services
from cyberins.providers.errors import ProviderErrorCode as E
from cyberins.providers.matching import gaps, network, ranking
from cyberins.providers.models import (
    DONE_STATUSES,
    EngagementStatus,
    OfferStatus,
    ServiceItem,
)
from cyberins.providers.performance import performance
from cyberins.terms import local_date

MAX_UPLOAD = services.MAX_REPORT_BYTES + 1


def _day(value: str, field: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise DomainError(E.INVALID_DATE, _("Enter a date as YYYY-MM-DD."), field=field) from exc


def _engineers(organisation_id: int | None) -> list[User]:
    if organisation_id is None:
        return []
    staff = User.objects.filter(organisation_id=organisation_id)
    return [u for u in staff if u.has_role(Role.PROVIDER_ENGINEER)]


def _attempt(request: HttpRequest, done: str, action: Any) -> None:
    """Run one service call; a refusal becomes the page's error message and changes nothing."""
    try:
        action()
    except DomainError as exc:
        if exc.status == 404:
            raise
        messages.error(request, exc.render_message())
    else:
        messages.success(request, done)


@login_required
def manager(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    require_role(user, Role.PROVIDER_MANAGER)
    if sees_everything(user) and not hasattr(user.organisation, "provider_profile"):
        return redirect("providers:network")  # the operator has no provider desk of its own
    profile = queries.own_profile(user)
    now = timezone.now()
    offers = list(queries.offers(user).filter(provider=profile, status=OfferStatus.PENDING))
    for offer in offers:
        left = max(0, int((offer.deadline - now).total_seconds() // 60))
        offer.minutes_left = left  # type: ignore[attr-defined]
    engagements = queries.engagements(user).filter(provider=profile).exclude(status__in=DONE_STATUSES)
    context = {
        "profile": profile,
        "offers": offers,
        "engagements": engagements,
        "done": queries.engagements(user).filter(provider=profile, status__in=DONE_STATUSES)[:20],
        "engineers": User.objects.filter(
            organisation=profile.organisation, roles__icontains=Role.PROVIDER_ENGINEER
        ),
        "prices": queries.price_book(user),
        "items": ServiceItem.objects.all(),
        "performance": performance(profile, now=now),
        "today": local_date(now),
        "now": now,
    }
    return render(request, "providers/manager.html", context)


@login_required
def engineer(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    require_role(user, Role.PROVIDER_ENGINEER)
    mine = queries.engagements(user).filter(engineer=user).prefetch_related("work")
    return render(
        request, "providers/engineer.html", {"engagements": mine, "today": local_date(timezone.now())}
    )


@login_required
def orders(request: HttpRequest) -> HttpResponse:
    """The insured's orders and their provider; an insurer sees the orders on its policies, overdue first."""
    user = actor(request)
    now = timezone.now()
    found = list(queries.engagements(user).order_by("needed_by"))
    overdue = [e for e in found if e.is_overdue(now)]
    return render(request, "providers/orders.html", {"engagements": found, "overdue": overdue, "now": now})


@login_required
def network_view(request: HttpRequest) -> HttpResponse:
    """The operator's view: providers per region × service, the gaps, engagements awaiting a provider."""
    user = actor(request)
    require_role(user, Role.PLATFORM_ADMIN)
    today = local_date(timezone.now())
    items = list(ServiceItem.objects.all())
    profiles = list(network())
    matrix = []
    for code, province in PROVINCES.items():
        row = []
        for item in items:
            count = sum(
                1
                for p in profiles
                if any(s.code == item.code for s in p.services.all())
                and (any(r.province == code for r in p.regions.all()) or (p.remote and item.remote_allowed))
            )
            row.append(count)
        matrix.append((province, row))
    waiting = queries.engagements(user).filter(
        status__in=[EngagementStatus.OFFERED, EngagementStatus.UNFILLED]
    )
    context = {
        "items": items,
        "matrix": matrix,
        "gaps": gaps(today),
        "cities": CITIES,
        "services_by_code": {i.code: i for i in items},
        "waiting": waiting,
        "profiles": profiles,
        "overdue": [e for e in queries.engagements(user) if e.is_overdue(timezone.now())],
    }
    return render(request, "providers/network.html", context)


@login_required
def engagement_detail(request: HttpRequest, engagement_id: int) -> HttpResponse:
    user = actor(request)
    engagement = queries.engagement(user, engagement_id)
    now = timezone.now()
    context: dict[str, Any] = {
        "e": engagement,
        "offers": queries.offers(user).filter(engagement=engagement),
        "work": engagement.work.select_related("engineer"),
        "overdue": engagement.is_overdue(now),
        "today": local_date(now),
        "is_client": engagement.client_id == user.organisation_id and user.has_role(Role.APPLICANT),
        "is_engineer": user.has_role(Role.PROVIDER_ENGINEER) and engagement.engineer_id == user.pk,
        "is_manager": user.has_role(Role.PROVIDER_MANAGER)
        and engagement.provider is not None
        and engagement.provider.organisation_id == user.organisation_id,
        "is_operator": sees_everything(user),
    }
    if context["is_manager"]:
        context["engineers"] = _engineers(user.organisation_id)
    if context["is_operator"] and engagement.status in (EngagementStatus.OFFERED, EngagementStatus.UNFILLED):
        context["ranking"] = ranking(
            engagement.service, engagement.province, engagement.city, local_date(now)
        )
    return render(request, "providers/engagement.html", context)


@login_required
def report(request: HttpRequest, engagement_id: int) -> FileResponse:
    engagement = queries.engagement(actor(request), engagement_id)
    if not engagement.report:
        raise Http404()
    response = FileResponse(engagement.report.open("rb"), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="report-{engagement.pk}.pdf"'
    response["X-Content-SHA256"] = engagement.report_sha256
    return response


@login_required
@require_POST
def answer_offer(request: HttpRequest, offer_id: int) -> HttpResponse:
    user = actor(request)
    offer = queries.offer(user, offer_id)
    now = timezone.now()
    if request.POST.get("action") == "accept":
        _attempt(
            request, _("Offer accepted."), lambda: services.do_accept_offer(actor=user, offer=offer, now=now)
        )
    else:
        reason = request.POST.get("reason", "")
        _attempt(
            request,
            _("Offer declined; the next provider is offered the work."),
            lambda: services.do_decline_offer(actor=user, offer=offer, reason=reason, now=now),
        )
    return redirect("providers:manager")


@login_required
@require_POST
def engagement_action(request: HttpRequest, engagement_id: int) -> HttpResponse:
    user = actor(request)
    engagement = queries.engagement(user, engagement_id)
    now, post, action = timezone.now(), request.POST, request.POST.get("action", "")
    if action == "engineer":
        chosen = User.objects.filter(pk=post.get("engineer") or 0).first() or User()
        _attempt(
            request,
            _("Engineer assigned."),
            lambda: services.do_assign_engineer(actor=user, engagement=engagement, engineer=chosen, now=now),
        )
    elif action == "work":
        _attempt(
            request,
            _("Work logged."),
            lambda: services.do_log_work(
                actor=user,
                engagement=engagement,
                day=_day(post.get("day", ""), "day"),
                hours=post.get("hours", ""),
                note=post.get("note", ""),
                now=now,
            ),
        )
    elif action == "report":
        upload = request.FILES.get("report")
        content = upload.read(MAX_UPLOAD) if upload else b""
        _attempt(
            request,
            _("Report uploaded."),
            lambda: services.do_upload_report(
                actor=user, engagement=engagement, content=content, summary=post.get("summary", ""), now=now
            ),
        )
    elif action == "complete":
        _attempt(
            request,
            _("Engagement completed."),
            lambda: services.do_complete(actor=user, engagement=engagement, now=now),
        )
    elif action == "rate":
        _attempt(
            request,
            _("Thank you for your rating."),
            lambda: services.do_rate(
                actor=user,
                engagement=engagement,
                rating=post.get("rating"),
                comment=post.get("comment", ""),
                now=now,
            ),
        )
    elif action == "assign":
        provider = queries.provider(user, int(post.get("provider") or 0))
        _attempt(
            request,
            _("Assigned by hand."),
            lambda: services.do_assign_manually(
                actor=user, engagement=engagement, provider=provider, reason=post.get("reason", ""), now=now
            ),
        )
    return redirect("providers:engagement", engagement_id=engagement.pk)


@login_required
@require_POST
def set_price(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    own = request.POST.get("own") == "1"
    item = ServiceItem.objects.filter(code=request.POST.get("service", "")).first()
    if item is None:
        raise Http404()
    provider = queries.own_profile(user) if own else None
    _attempt(
        request,
        _("Price saved."),
        lambda: services.do_set_price(
            actor=user,
            item=item,
            unit_price=request.POST.get("unit_price", ""),
            valid_from=_day(request.POST.get("valid_from", ""), "valid_from"),
            provider=provider,
            now=timezone.now(),
        ),
    )
    return redirect("providers:manager" if own else "providers:network")


@login_required
@require_POST
def update_profile(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    profile = queries.own_profile(user)
    _attempt(
        request,
        _("Profile saved."),
        lambda: services.do_update_profile(
            actor=user,
            profile=profile,
            hotline=request.POST.get("hotline", ""),
            capacity=request.POST.get("capacity", ""),
            remote=request.POST.get("remote") == "1",
        ),
    )
    return redirect("providers:manager")


@login_required
@require_POST
def add_certification(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    profile = queries.own_profile(user)
    post = request.POST
    until = post.get("valid_until", "")
    _attempt(
        request,
        _("Certificate added."),
        lambda: services.do_add_certification(
            actor=user,
            profile=profile,
            issuer=post.get("issuer", ""),
            name=post.get("name", ""),
            level=post.get("level", ""),
            scope=post.get("scope", ""),
            number=post.get("number", ""),
            covers=post.getlist("covers"),
            valid_from=_day(post.get("valid_from", ""), "valid_from"),
            valid_until=_day(until, "valid_until") if until else None,
        ),
    )
    return redirect("providers:manager")
