"""The designated service-provider network (定点服务单位): the service catalogue and its versioned price
book (服务价格体系), provider profiles with regions, services, certifications and engineers, and the
engagements dispatched to providers through offers with acceptance deadlines."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cyberins.accounts.models import Organisation
from cyberins.accounts.roles import Role
from cyberins.accounts.transitions import Move, StateMachine
from cyberins.network import CITIES, PROVINCES
from cyberins.terms import local_date

PROVINCE_CHOICES = [(p.code, p.name) for p in PROVINCES.values()]
CITY_CHOICES = [(c.code, c.name) for c in CITIES.values()]


class PriceUnit(models.TextChoices):
    ENGAGEMENT = "engagement", _("per engagement")
    DAY = "day", _("per engineer-day")
    ASSET = "asset", _("per asset")


class ServiceItem(models.Model):  # type: ignore[django-manager-missing]  # modeltranslation
    """A service of the catalogue (one line of the price book); its prices are versioned below.

    Moved here from ``products`` (the price book belongs to the provider network); plans and service
    orders reference it.
    """

    code = models.SlugField(_("code"), max_length=40, unique=True)
    # ``name``/``description`` are kept in both languages (providers/translation.py: name_zh_hans, name_en)
    name = models.CharField(_("name"), max_length=100)
    # added by django-modeltranslation (providers/translation.py); declared for the type checker
    name_zh_hans: str | None
    name_en: str | None
    unit = models.CharField(_("unit"), max_length=20, choices=PriceUnit.choices, default=PriceUnit.ENGAGEMENT)
    description = models.TextField(_("description"), blank=True)
    remote_allowed = models.BooleanField(_("may be delivered remotely"), default=False)
    accept_within_minutes = models.PositiveIntegerField(_("offer open (minutes)"), default=0)
    accept_within_working_days = models.PositiveSmallIntegerField(_("offer open (working days)"), default=2)

    scope_lookups: ClassVar[tuple[str, ...]] = ()

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering: ClassVar[list[str]] = ["code"]

    def __str__(self) -> str:
        return self.name

    def price_on(self, day: date, *, provider: ProviderProfile | None = None) -> PriceBookEntry | None:
        """The standard (or ``provider``'s) price-book entry valid on ``day`` (uses prefetched prices)."""
        provider_id = provider.pk if provider else None
        found = [
            e
            for e in self.prices.all()
            if e.provider_id == provider_id
            and e.valid_from <= day
            and (e.valid_until is None or day <= e.valid_until)
        ]
        return max(found, key=lambda e: e.valid_from) if found else None

    @property
    def unit_price(self) -> Decimal:
        """Today's standard price (0 when the book has none)."""
        entry = self.price_on(local_date(timezone.now()))
        return entry.unit_price if entry else Decimal(0)


class ProviderProfile(models.Model):
    organisation = models.OneToOneField(
        Organisation,
        on_delete=models.PROTECT,
        related_name="provider_profile",
        verbose_name=_("organisation"),
        limit_choices_to={"kind": "provider"},
    )
    legal_name = models.CharField(_("legal name"), max_length=200)
    credit_code = models.CharField(_("unified social credit code"), max_length=18, unique=True)
    hotline = models.CharField(_("24/7 technical-support hotline"), max_length=40)
    capacity = models.PositiveSmallIntegerField(_("on-call capacity (concurrent engagements)"), default=2)
    remote = models.BooleanField(_("nationwide remote service"), default=False)
    services = models.ManyToManyField(ServiceItem, related_name="providers", verbose_name=_("services"))
    created_at = models.DateTimeField(auto_now_add=True)

    # Everyone who dispatches needs to see the network; the scoping rule still applies to the work.
    scope_lookups: ClassVar[tuple[str, ...]] = ("organisation",)

    class Meta:
        verbose_name = _("provider profile")
        verbose_name_plural = _("provider profiles")
        ordering: ClassVar[list[str]] = ["legal_name"]

    def __str__(self) -> str:
        return self.legal_name


class PriceBookEntry(models.Model):
    """A price valid from a date: the platform's standard price (no provider) or a provider's own rate.

    A new price closes the previous entry; policies keep the price of their bind date.
    """

    item = models.ForeignKey(ServiceItem, on_delete=models.CASCADE, related_name="prices")
    provider = models.ForeignKey(
        ProviderProfile, on_delete=models.CASCADE, null=True, blank=True, related_name="prices"
    )
    unit_price = models.DecimalField(_("unit price (CNY)"), max_digits=12, decimal_places=2)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    scope_lookups: ClassVar[tuple[str, ...]] = ("provider__organisation",)

    class Meta:
        verbose_name = _("price-book entry")
        verbose_name_plural = _("service price book")
        ordering: ClassVar[list[str]] = ["item__code", "provider", "-valid_from"]
        constraints: ClassVar[list[Any]] = [
            models.CheckConstraint(condition=Q(unit_price__gt=0), name="price_positive"),
            models.UniqueConstraint(fields=["item", "provider", "valid_from"], name="unique_price_from"),
        ]

    def __str__(self) -> str:
        return f"{self.item.code} ¥{self.unit_price} {self.valid_from}"


class ServedRegion(models.Model):
    provider = models.ForeignKey(ProviderProfile, on_delete=models.CASCADE, related_name="regions")
    province = models.CharField(_("province"), max_length=6, choices=PROVINCE_CHOICES)
    city = models.CharField(_("city"), max_length=6, choices=CITY_CHOICES, blank=True)

    class Meta:
        verbose_name = _("region served")
        verbose_name_plural = _("regions served")
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["provider", "province", "city"], name="unique_region_served")
        ]

    def __str__(self) -> str:
        return self.get_city_display() if self.city else self.get_province_display()


class Certification(models.Model):
    """E.g. CCRC 信息安全服务资质 (应急处理 一级), a CNCERT emergency-support unit, 公安部第三研究所."""

    provider = models.ForeignKey(ProviderProfile, on_delete=models.CASCADE, related_name="certifications")
    issuer = models.CharField(_("issuer"), max_length=100)
    name = models.CharField(_("certification"), max_length=100)
    level = models.CharField(_("level"), max_length=20, blank=True)
    scope = models.CharField(_("scope"), max_length=100, blank=True)
    number = models.CharField(_("certificate number"), max_length=60, blank=True)
    # Service codes the certificate covers; empty: every service the provider offers.
    covers = models.JSONField(_("services covered"), default=list, blank=True)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)

    scope_lookups: ClassVar[tuple[str, ...]] = ("provider__organisation",)

    class Meta:
        verbose_name = _("certification")
        verbose_name_plural = _("certifications")
        ordering: ClassVar[list[str]] = ["provider", "valid_until"]

    def __str__(self) -> str:
        return f"{self.issuer} {self.name} {self.level}".strip()


class Engineer(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="engineer", verbose_name=_("user")
    )
    provider = models.ForeignKey(ProviderProfile, on_delete=models.CASCADE, related_name="engineers")
    skills = models.JSONField(_("skills (service codes)"), default=list, blank=True)
    certificates = models.CharField(_("personal certificates"), max_length=300, blank=True)

    scope_lookups: ClassVar[tuple[str, ...]] = ("provider__organisation",)

    class Meta:
        verbose_name = _("engineer")
        verbose_name_plural = _("engineers")

    def __str__(self) -> str:
        return str(self.user)


class EngagementStatus(models.TextChoices):
    OFFERED = "offered", _("Offered, awaiting acceptance")
    ACCEPTED = "accepted", _("Accepted by the provider")
    ASSIGNED = "assigned", _("Engineer assigned")
    COMPLETED = "completed", _("Completed")
    CONFIRMED = "confirmed", _("Confirmed by the insured")
    UNFILLED = "unfilled", _("No provider available")
    CANCELLED = "cancelled", _("Cancelled")


ACTIVE_STATUSES = (EngagementStatus.ACCEPTED, EngagementStatus.ASSIGNED)
DONE_STATUSES = (EngagementStatus.COMPLETED, EngagementStatus.CONFIRMED)


class EngagementKind(models.TextChoices):
    SERVICE_ORDER = "service_order", _("Policy service order")
    INCIDENT = "incident", _("Incident response")
    AD_HOC = "ad_hoc", _("Other request")


def report_path(instance: Engagement, filename: str) -> str:
    return f"engagements/{instance.pk}/report.pdf"


class Engagement(models.Model):
    """One piece of work for a provider (服务工单): a policy's service order or an emergency response,
    offered to providers in ranked order until one accepts, then performed by its engineers."""

    kind = models.CharField(_("kind"), max_length=16, choices=EngagementKind.choices)
    reference = models.CharField(_("reference"), max_length=60)
    service = models.ForeignKey(
        ServiceItem, on_delete=models.PROTECT, related_name="+", verbose_name=_("service")
    )
    province = models.CharField(_("province"), max_length=6, choices=PROVINCE_CHOICES)
    city = models.CharField(_("city"), max_length=6, choices=CITY_CHOICES, blank=True)
    needed_by = models.DateTimeField(_("needed by"))
    client = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("client"),
    )
    insurer = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("insurer"),
    )
    status = models.CharField(_("status"), max_length=12, choices=EngagementStatus.choices, default="offered")
    provider = models.ForeignKey(
        ProviderProfile, on_delete=models.PROTECT, null=True, blank=True, related_name="engagements",
        verbose_name=_("provider"),
    )  # fmt: skip
    engineer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("engineer"),
    )  # fmt: skip
    unit_price = models.DecimalField(_("unit price (CNY)"), max_digits=12, decimal_places=2, null=True)
    created_at = models.DateTimeField(_("created at"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    report = models.FileField(_("report (PDF)"), upload_to=report_path, blank=True)
    report_sha256 = models.CharField(_("report SHA-256"), max_length=64, blank=True)
    summary = models.TextField(_("result summary"), blank=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    rating = models.PositiveSmallIntegerField(_("satisfaction (1–5)"), null=True, blank=True)
    rating_comment = models.TextField(_("comment"), blank=True)

    scope_lookups: ClassVar[tuple[str, ...]] = ("provider__organisation", "client", "insurer")

    # Offered down the ranking until a provider accepts (or the operator assigns it by hand); the
    # provider's manager assigns an engineer, who completes it; the insured confirms with a rating.
    WORKFLOW: ClassVar[StateMachine] = StateMachine(
        field="status",
        states=EngagementStatus.values,
        moves=[
            Move("offered", "accepted", roles={Role.PROVIDER_MANAGER}, action="accept"),
            Move("unfilled", "accepted", roles={Role.PLATFORM_ADMIN}, action="assign"),
            # consequences of an answer or a time-out: whoever answered, or the system
            Move("offered", "unfilled", roles=None, action="unfilled"),
            Move("unfilled", "offered", roles=None, action="reoffer"),
            Move("accepted", "assigned", roles={Role.PROVIDER_MANAGER}, action="assign_engineer"),
            Move("assigned", "completed", roles={Role.PROVIDER_ENGINEER}, action="complete"),
            Move("completed", "confirmed", roles={Role.APPLICANT}, action="confirm"),
            Move(
                ["offered", "unfilled", "accepted", "assigned"],
                "cancelled",
                roles={Role.PLATFORM_ADMIN},
                system=True,
                action="cancel",
            ),
        ],
    )

    class Meta:
        verbose_name = _("engagement")
        verbose_name_plural = _("engagements")
        ordering: ClassVar[list[str]] = ["needed_by", "pk"]
        constraints: ClassVar[list[Any]] = [
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5), name="rating_1_to_5"
            )
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.service.code}"

    def is_overdue(self, now: datetime) -> bool:
        if self.status in (*DONE_STATUSES, EngagementStatus.CANCELLED):
            return False
        return self.needed_by < now

    @property
    def on_time(self) -> bool | None:
        if self.completed_at is None:
            return None
        return self.completed_at <= self.needed_by

    def logged_hours(self) -> Decimal:
        return sum((w.hours for w in self.work.all()), Decimal(0))

    def cost(self) -> Decimal | None:
        """Price-book rate × logged engineer-days (8 hours a day) or the per-engagement/per-asset price."""
        if self.unit_price is None:
            return None
        if self.service.unit == PriceUnit.DAY:
            return (self.unit_price * self.logged_hours() / 8).quantize(Decimal("0.01"))
        return self.unit_price


class OfferStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting answer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    EXPIRED = "expired", _("Timed out")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Offer(models.Model):
    """An engagement offered to one provider until a deadline; every offer and its answer is kept."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="offers")
    provider = models.ForeignKey(ProviderProfile, on_delete=models.PROTECT, related_name="offers")
    status = models.CharField(_("status"), max_length=12, choices=OfferStatus.choices, default="pending")
    rank = models.PositiveSmallIntegerField(_("rank"), null=True, blank=True)
    reasons = models.JSONField(_("why this provider"), default=list, blank=True)
    manual = models.BooleanField(_("assigned by hand"), default=False)
    offered_at = models.DateTimeField(_("offered at"))
    deadline = models.DateTimeField(_("answer by"))
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reason = models.TextField(_("reason"), blank=True)

    scope_lookups: ClassVar[tuple[str, ...]] = ("provider__organisation", "engagement__insurer")

    WORKFLOW: ClassVar[StateMachine] = StateMachine(
        field="status",
        states=OfferStatus.values,
        moves=[
            Move("pending", "accepted", roles={Role.PROVIDER_MANAGER}, action="accept"),
            Move("pending", "declined", roles={Role.PROVIDER_MANAGER}, action="decline"),
            Move("pending", "expired", roles=set(), system=True, action="expire"),
            Move("pending", "withdrawn", roles={Role.PLATFORM_ADMIN}, system=True, action="withdraw"),
        ],
    )

    class Meta:
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        ordering: ClassVar[list[str]] = ["engagement", "offered_at", "pk"]
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["engagement", "provider"], name="one_offer_per_provider")
        ]

    def __str__(self) -> str:
        return f"{self.engagement} → {self.provider}"


class WorkLog(models.Model):
    """Hours one engineer worked on an engagement on one day (the basis of a per-day cost)."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="work")
    engineer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    day = models.DateField(_("day"))
    hours = models.DecimalField(_("hours"), max_digits=4, decimal_places=1)
    note = models.CharField(_("note"), max_length=300, blank=True)

    scope_lookups: ClassVar[tuple[str, ...]] = ("engagement__provider__organisation", "engagement__client")

    class Meta:
        verbose_name = _("work log")
        verbose_name_plural = _("work logs")
        ordering: ClassVar[list[str]] = ["engagement", "day"]
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(
                fields=["engagement", "engineer", "day"], name="one_log_per_engineer_day"
            ),
            models.CheckConstraint(condition=Q(hours__gt=0, hours__lte=24), name="hours_in_a_day"),
        ]

    def __str__(self) -> str:
        return f"{self.engagement} {self.day} {self.hours}h"
