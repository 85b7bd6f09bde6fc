"""API of the provider network: registry, price book, matching and gaps, offers, engagements."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja import File, Form, Router, Status
from ninja.files import UploadedFile

from cyberins.accounts.errors import DomainError, NotFound
from cyberins.accounts.models import Organisation, User
from cyberins.accounts.requests import actor
from cyberins.accounts.roles import Role
from cyberins.accounts.schemas import ErrorOut
from cyberins.accounts.scoping import require_role
from cyberins.network import Assessment
from cyberins.providers import queries, services
from cyberins.providers.errors import ProviderErrorCode as E
from cyberins.providers.matching import gaps, ranking
from cyberins.providers.models import (
    Certification,
    Engagement,
    Offer,
    PriceBookEntry,
    ProviderProfile,
    ServiceItem,
)
from cyberins.providers.performance import Performance, performance
from cyberins.providers.schemas import (
    AssessmentOut,
    AssignIn,
    CertificationIn,
    CertificationOut,
    DeclineIn,
    EngagementOut,
    EngineerIn,
    GapOut,
    OfferOut,
    PerformanceOut,
    PriceIn,
    PriceOut,
    ProviderIn,
    ProviderOut,
    RateIn,
    WorkIn,
    WorkOut,
)
from cyberins.terms import local_date

router = Router(tags=["providers"])
ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}


def _service(code: str) -> ServiceItem:
    found = ServiceItem.objects.filter(code=code).first()
    if found is None:
        raise DomainError(E.UNKNOWN_SERVICE, _("Unknown service."), field="service")
    return found


@router.get("/providers", response=list[ProviderOut])
def list_providers(request: HttpRequest) -> list[ProviderProfile]:
    return list(queries.providers(actor(request)))


@router.post("/providers", response={201: ProviderOut, **ERRORS})
def register_provider(request: HttpRequest, payload: ProviderIn) -> Status[ProviderProfile]:
    require_role(actor(request), Role.PLATFORM_ADMIN)
    org = Organisation.objects.filter(pk=payload.organisation).first()
    if org is None:
        raise NotFound()
    profile = services.do_register_provider(
        actor=actor(request),
        organisation=org,
        legal_name=payload.legal_name,
        credit_code=payload.credit_code,
        hotline=payload.hotline,
        capacity=payload.capacity,
        remote=payload.remote,
        services=payload.services,
        regions=[(r.province, r.city) for r in payload.regions],
    )
    return Status(201, queries.provider(actor(request), profile.pk))


@router.get("/providers/{provider_id}", response={200: ProviderOut, **ERRORS})
def get_provider(request: HttpRequest, provider_id: int) -> ProviderProfile:
    return queries.provider(actor(request), provider_id)


@router.get("/providers/{provider_id}/performance", response={200: PerformanceOut, **ERRORS})
def provider_performance(request: HttpRequest, provider_id: int) -> Performance:
    return performance(queries.provider(actor(request), provider_id), now=timezone.now())


@router.post("/providers/{provider_id}/certifications", response={201: CertificationOut, **ERRORS})
def add_certification(
    request: HttpRequest, provider_id: int, payload: CertificationIn
) -> Status[Certification]:
    profile = queries.provider(actor(request), provider_id)
    return Status(201, services.do_add_certification(actor=actor(request), profile=profile, **payload.dict()))


@router.get("/price-book", response=list[PriceOut])
def price_book(request: HttpRequest) -> list[PriceBookEntry]:
    return list(queries.price_book(actor(request)))


@router.post("/price-book", response={201: PriceOut, **ERRORS})
def set_price(request: HttpRequest, payload: PriceIn) -> Status[PriceBookEntry]:
    user = actor(request)
    provider = queries.own_profile(user) if payload.own else None
    entry = services.do_set_price(
        actor=user, item=_service(payload.service), unit_price=payload.unit_price,
        valid_from=payload.valid_from, provider=provider, now=timezone.now(),
    )  # fmt: skip
    return Status(201, entry)


def _assessment(a: Assessment) -> dict[str, object]:
    return {
        "provider": a.candidate.id, "name": a.candidate.name, "eligible": a.eligible, "rank": a.rank,
        "proximity": a.proximity.name.lower(), "sla": round(a.sla, 3), "load_share": round(a.load_share, 3),
        "price": a.price, "reasons": [{"code": r.code, "ok": r.ok, "detail": r.detail} for r in a.reasons],
    }  # fmt: skip


@router.get("/network/match", response={200: list[AssessmentOut], **ERRORS})
def match_need(
    request: HttpRequest, service: str, province: str, city: str = "", needed_by: date | None = None
) -> list[dict[str, object]]:
    """Every provider for a need, with the reasons it is eligible or not; the eligible ranked first."""
    require_role(actor(request), Role.PLATFORM_ADMIN)
    day = needed_by or local_date(timezone.now())
    return [_assessment(a) for a in ranking(_service(service), province, city, day)]


@router.get("/network/gaps", response={200: list[GapOut], **ERRORS})
def network_gaps(request: HttpRequest, on: date | None = None) -> list[object]:
    require_role(actor(request), Role.PLATFORM_ADMIN)
    return list(gaps(on or local_date(timezone.now())))


@router.get("/offers", response=list[OfferOut])
def list_offers(request: HttpRequest, status: str = "") -> list[Offer]:
    found = queries.offers(actor(request))
    return list(found.filter(status=status) if status else found)


@router.post("/offers/{offer_id}/accept", response={200: OfferOut, **ERRORS})
def accept_offer(request: HttpRequest, offer_id: int) -> Offer:
    offer = queries.offer(actor(request), offer_id)
    return services.do_accept_offer(actor=actor(request), offer=offer, now=timezone.now())


@router.post("/offers/{offer_id}/decline", response={200: OfferOut, **ERRORS})
def decline_offer(request: HttpRequest, offer_id: int, payload: DeclineIn) -> Offer:
    offer = queries.offer(actor(request), offer_id)
    return services.do_decline_offer(
        actor=actor(request), offer=offer, reason=payload.reason, now=timezone.now()
    )


@router.get("/engagements", response=list[EngagementOut])
def list_engagements(request: HttpRequest) -> list[Engagement]:
    return list(queries.engagements(actor(request)))


@router.get("/engagements/{engagement_id}", response={200: EngagementOut, **ERRORS})
def get_engagement(request: HttpRequest, engagement_id: int) -> Engagement:
    return queries.engagement(actor(request), engagement_id)


@router.get("/engagements/{engagement_id}/offers", response={200: list[OfferOut], **ERRORS})
def engagement_offers(request: HttpRequest, engagement_id: int) -> list[Offer]:
    engagement = queries.engagement(actor(request), engagement_id)
    return list(queries.offers(actor(request)).filter(engagement=engagement))


@router.post("/engagements/{engagement_id}/assign", response={200: OfferOut, **ERRORS})
def assign_manually(request: HttpRequest, engagement_id: int, payload: AssignIn) -> Offer:
    engagement = queries.engagement(actor(request), engagement_id)
    provider = queries.provider(actor(request), payload.provider)
    return services.do_assign_manually(
        actor=actor(request),
        engagement=engagement,
        provider=provider,
        reason=payload.reason,
        now=timezone.now(),
    )


@router.post("/engagements/{engagement_id}/engineer", response={200: EngagementOut, **ERRORS})
def assign_engineer(request: HttpRequest, engagement_id: int, payload: EngineerIn) -> Engagement:
    engagement = queries.engagement(actor(request), engagement_id)
    engineer = User.objects.filter(pk=payload.engineer).first()
    if engineer is None:
        raise DomainError(E.NOT_AN_ENGINEER, _("Choose an engineer of your company."), field="engineer")
    return services.do_assign_engineer(
        actor=actor(request), engagement=engagement, engineer=engineer, now=timezone.now()
    )


@router.post("/engagements/{engagement_id}/work", response={201: WorkOut, **ERRORS})
def log_work(request: HttpRequest, engagement_id: int, payload: WorkIn) -> Status[object]:
    engagement = queries.engagement(actor(request), engagement_id)
    log = services.do_log_work(
        actor=actor(request), engagement=engagement, day=payload.day, hours=payload.hours, note=payload.note,
        now=timezone.now(),
    )  # fmt: skip
    return Status(201, log)


@router.post("/engagements/{engagement_id}/report", response={200: EngagementOut, **ERRORS})
def upload_report(
    request: HttpRequest, engagement_id: int, report: File[UploadedFile], summary: Form[str] = ""
) -> Engagement:
    engagement = queries.engagement(actor(request), engagement_id)
    content = report.read(services.MAX_REPORT_BYTES + 1)
    return services.do_upload_report(
        actor=actor(request), engagement=engagement, content=content, summary=summary, now=timezone.now()
    )


@router.post("/engagements/{engagement_id}/complete", response={200: EngagementOut, **ERRORS})
def complete(request: HttpRequest, engagement_id: int) -> Engagement:
    engagement = queries.engagement(actor(request), engagement_id)
    return services.do_complete(actor=actor(request), engagement=engagement, now=timezone.now())


@router.post("/engagements/{engagement_id}/rate", response={200: EngagementOut, **ERRORS})
def rate(request: HttpRequest, engagement_id: int, payload: RateIn) -> Engagement:
    engagement = queries.engagement(actor(request), engagement_id)
    return services.do_rate(
        actor=actor(request), engagement=engagement, rating=payload.rating, comment=payload.comment,
        now=timezone.now(),
    )  # fmt: skip
