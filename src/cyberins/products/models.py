"""Product catalogue (产品发布): products, versions with a release workflow, plans, coverages,
services from the provider network's price book (服务价格体系, in ``providers``), warranty templates,
questionnaire, rating."""

from __future__ import annotations

from typing import Any, ClassVar

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from cyberins.accounts.models import Organisation
from cyberins.accounts.roles import Role
from cyberins.accounts.transitions import Move, StateMachine
from cyberins.providers.models import ServiceItem
from cyberins.terms import CoverageCode, is_english

#: the longest claim decision term a product may agree: past it the 60-day minimum-payment clock
#: (保险法 Art. 25) would run out before the decision is due
CLAIM_DECISION_DAYS_MAX = 60

COVERAGE_CHOICES = [(code.value, code.value) for code in CoverageCode]


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    FILED = "filed", _("Filed")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class ScheduleRule(models.TextChoices):
    WITHIN_MONTHS = "within_months", _("Within N months of inception")
    AFTER_MONTHS = "after_months", _("N months after inception")
    ON_INCIDENT = "on_incident", _("On each incident (24-hour response)")
    ON_REQUEST = "on_request", _("Optional, on request")


class WarrantyKind(models.TextChoices):
    REMEDIATION = "remediation", _("Remediation warranty")
    SERVICE_SCHEDULE = "service_schedule", _("Service schedule warranty")
    CUSTOM = "custom", _("Other warranty")


class Product(models.Model):  # type: ignore[django-manager-missing]  # modeltranslation
    insurer = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="products", verbose_name=_("insurer")
    )
    code = models.SlugField(_("code"), max_length=40, unique=True)
    # ``name``/``description`` are kept in both languages (products/translation.py: name_zh_hans, name_en)
    name = models.CharField(_("name"), max_length=150)
    description = models.TextField(_("description"), blank=True)
    # added by django-modeltranslation (products/translation.py); declared for the type checker
    name_zh_hans: str | None
    name_en: str | None

    scope_lookups: ClassVar[tuple[str, ...]] = ("insurer",)

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering: ClassVar[list[str]] = ["code"]

    def __str__(self) -> str:
        return self.name

    @property
    def official_name(self) -> str:
        """The Chinese title the product was filed under, shown beside the English name."""
        return self.name_zh_hans or self.name


class ProductVersion(models.Model):  # type: ignore[django-manager-missing]  # modeltranslation
    """What is sold. Immutable once filed; a policy keeps the version it was sold under."""

    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(_("status"), max_length=12, choices=VersionStatus.choices, default="draft")
    questionnaire = models.JSONField(_("questionnaire"), default=list)
    rating = models.JSONField(_("rating"), default=dict)
    quote_validity_days = models.PositiveIntegerField(_("quote validity (days)"), default=30)
    # The grace rule for unpaid instalments (宽限期): cover continues this many days after a due date;
    # past it the policy lapses if the version says so (policies.payments).
    grace_days = models.PositiveIntegerField(_("grace period (days)"), default=30)
    lapse_after_grace = models.BooleanField(_("lapses after the grace period"), default=True)
    # 保险法 Art. 23: decide a claim within 30 days of complete documents "unless the contract agrees
    # otherwise" - the product's term, read by the claims decision clock (claims.rules.clocks).
    claim_decision_days = models.PositiveIntegerField(
        _("claim decision term (days)"),
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(CLAIM_DECISION_DAYS_MAX)],
    )
    filed_at = models.DateTimeField(_("filed at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    scope_lookups: ClassVar[tuple[str, ...]] = ("product__insurer",)

    # The release workflow (产品发布). Filing also needs a complete version (products.services).
    WORKFLOW: ClassVar[StateMachine] = StateMachine(
        field="status",
        states=VersionStatus.values,
        stamps={"filed": "filed_at", "published": "published_at", "withdrawn": "withdrawn_at"},
        moves=[
            Move("draft", "filed", roles={Role.ACTUARY, Role.PLATFORM_ADMIN}, action="file"),
            Move("filed", "published", roles={Role.PLATFORM_ADMIN}, action="publish"),
            Move("filed", "draft", roles={Role.PLATFORM_ADMIN}, action="reject"),
            Move("published", "withdrawn", roles={Role.PLATFORM_ADMIN}, action="withdraw"),
        ],
    )

    class Meta:
        verbose_name = _("product version")
        verbose_name_plural = _("product versions")
        ordering: ClassVar[list[str]] = ["product__code", "-number"]
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["product", "number"], name="unique_product_version")
        ]

    def __str__(self) -> str:
        return f"{self.product.name} v{self.number}"

    @property
    def is_editable(self) -> bool:
        return self.status == VersionStatus.DRAFT


class Plan(models.Model):  # type: ignore[django-manager-missing]  # modeltranslation
    """A plan (保险方案) such as A/B/C: its sum insured, coverages and services."""

    version = models.ForeignKey(ProductVersion, on_delete=models.CASCADE, related_name="plans")
    code = models.CharField(_("plan"), max_length=8)
    name = models.CharField(_("name"), max_length=60)
    # added by django-modeltranslation (products/translation.py); declared for the type checker
    name_zh_hans: str | None
    name_en: str | None
    sum_insured = models.DecimalField(_("sum insured (CNY)"), max_digits=14, decimal_places=2)
    minimum_premium = models.DecimalField(
        _("minimum premium (CNY)"), max_digits=12, decimal_places=2, default=0
    )

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering: ClassVar[list[str]] = ["version", "code"]
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["version", "code"], name="unique_plan_code")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class PlanCoverage(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="coverages")
    coverage = models.CharField(_("coverage"), max_length=32, choices=COVERAGE_CHOICES)
    sub_limit = models.DecimalField(_("sub-limit (CNY)"), max_digits=14, decimal_places=2)
    deductible = models.DecimalField(_("deductible (CNY)"), max_digits=12, decimal_places=2, default=0)
    waiting_period_hours = models.PositiveIntegerField(_("waiting period (hours)"), default=0)

    class Meta:
        verbose_name = _("plan coverage")
        verbose_name_plural = _("plan coverages")
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["plan", "coverage"], name="unique_plan_coverage")
        ]

    def __str__(self) -> str:
        return self.coverage


class PlanService(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="services")
    service = models.ForeignKey(ServiceItem, on_delete=models.PROTECT, related_name="+")
    rule = models.CharField(_("schedule"), max_length=16, choices=ScheduleRule.choices)
    months = models.PositiveSmallIntegerField(_("months"), default=0)
    quantity = models.PositiveSmallIntegerField(_("quantity"), default=1)
    included = models.BooleanField(_("included in the premium"), default=True)
    #: the insured may name its own vendor for this service (paid only once the insurer approves it)
    own_vendor_allowed = models.BooleanField(_("own vendor allowed"), default=False)

    class Meta:
        verbose_name = _("plan service")
        verbose_name_plural = _("plan services")

    def __str__(self) -> str:
        return f"{self.service.code} × {self.quantity}"


class WarrantyTemplate(models.Model):
    version = models.ForeignKey(ProductVersion, on_delete=models.CASCADE, related_name="warranties")
    kind = models.CharField(_("kind"), max_length=20, choices=WarrantyKind.choices)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    text_zh = models.TextField(_("Chinese text"))
    text_en = models.TextField(_("English text"))
    position = models.PositiveSmallIntegerField(_("position"), default=1)

    class Meta:
        verbose_name = _("warranty template")
        verbose_name_plural = _("warranty templates")
        ordering: ClassVar[list[str]] = ["version", "position"]

    def __str__(self) -> str:
        return self.text_zh[:30]

    @property
    def text(self) -> str:
        """The wording in the reader's language (the English one when written)."""
        return self.text_en if is_english(get_language()) and self.text_en else self.text_zh
