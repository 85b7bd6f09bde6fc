"""保单: the policy, its payment plan, warranties, service orders and endorsements."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any, ClassVar

from django.db import models
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from cyberins.accounts.models import Organisation
from cyberins.accounts.roles import Role
from cyberins.accounts.transitions import Move, StateMachine
from cyberins.products.models import COVERAGE_CHOICES, Plan, ProductVersion
from cyberins.providers.models import Engagement, ServiceItem
from cyberins.terms import PolicyPeriod, is_english
from cyberins.underwriting.models import Application, Quote


def money_field(verbose_name: Any = None) -> models.DecimalField[Decimal, Decimal]:
    return models.DecimalField(verbose_name, max_digits=14, decimal_places=2)


class PolicyStatus(models.TextChoices):
    ISSUED = "issued", _("Issued")
    CANCELLED = "cancelled", _("Cancelled")
    EXPIRED = "expired", _("Expired")
    LAPSED = "lapsed", _("Lapsed")


class PolicyNumbering(models.Model):
    """Per-insurer policy number format and its counter (one row per insurer and year)."""

    insurer = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveIntegerField()
    pattern = models.CharField(max_length=60, default="{prefix}{year}{seq:06d}")
    prefix = models.CharField(max_length=20, default="CYB")
    next_seq = models.PositiveIntegerField(default=1)

    class Meta:
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["insurer", "year"], name="unique_numbering_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.insurer} {self.year}"


class Policy(models.Model):
    number = models.CharField(_("policy number"), max_length=40, unique=True)
    insurer = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("insurer")
    )
    insured = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="policies", verbose_name=_("insured")
    )
    # The insured as it was at issue: renaming or moving the organisation does not rewrite a policy.
    insured_name = models.CharField(_("name of the insured at issue"), max_length=200)
    insured_address = models.CharField(_("address of the insured at issue"), max_length=300, blank=True)
    product_version = models.ForeignKey(ProductVersion, on_delete=models.PROTECT, related_name="+")
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="+")
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="policies")
    # One quote binds at most one policy, even under concurrent requests.
    quote = models.OneToOneField(Quote, on_delete=models.PROTECT, related_name="policy")
    status = models.CharField(_("status"), max_length=12, choices=PolicyStatus.choices, default="issued")
    first_day = models.DateField(_("first day"))
    last_day = models.DateField(_("last day"))
    sum_insured = money_field(_("sum insured"))
    premium = money_field(_("premium"))
    premium_breakdown = models.JSONField(_("premium breakdown"))
    systems = models.JSONField(_("insured systems"), default=list)
    issued_at = models.DateTimeField(_("issued at"), auto_now_add=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancellation_reason = models.TextField(_("cancellation reason"), blank=True)

    scope_lookups: ClassVar[tuple[str, ...]] = ("insured", "insurer", "service_orders__provider")

    # A policy is created issued (binding); it ends cancelled by the insurer or expired by the clock.
    WORKFLOW: ClassVar[StateMachine] = StateMachine(
        field="status",
        states=PolicyStatus.values,
        stamps={"cancelled": "cancelled_at"},
        moves=[
            Move("issued", "cancelled", roles={Role.UNDERWRITER}, action="cancel"),
            Move("issued", "expired", roles=set(), system=True, action="expire"),
            # an instalment unpaid past the product's grace period (policies.payments.do_lapse_policies)
            Move("issued", "lapsed", roles=set(), system=True, action="lapse"),
        ],
    )

    class Meta:
        verbose_name = _("policy")
        verbose_name_plural = _("policies")
        ordering: ClassVar[list[str]] = ["-issued_at"]

    def __str__(self) -> str:
        return self.number

    @property
    def period(self) -> PolicyPeriod:
        return PolicyPeriod(self.first_day, self.last_day)

    @property
    def rate(self) -> Decimal:
        return (self.premium / self.sum_insured).quantize(Decimal("0.000001"))

    @property
    def paid(self) -> bool:
        return not self.instalments.filter(paid_at__isnull=True).exists()

    def in_force_at(self, moment: datetime) -> bool:
        return self.status == PolicyStatus.ISSUED and self.paid and self.period.contains(moment)


class InstalmentStatus(models.TextChoices):
    DUE = "due", pgettext_lazy("instalment status", "Due")
    PAID = "paid", pgettext_lazy("instalment status", "Paid")


class Instalment(models.Model):
    policy = models.ForeignKey(Policy, on_delete=models.CASCADE, related_name="instalments")
    sequence = models.PositiveSmallIntegerField(_("instalment"))
    amount = money_field(_("amount"))
    due_on = models.DateField(_("due on"))
    status = models.CharField(_("status"), max_length=8, choices=InstalmentStatus.choices, default="due")
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    payment_reference = models.CharField(_("payment reference"), max_length=60, blank=True)

    WORKFLOW: ClassVar[StateMachine] = StateMachine(
        field="status",
        states=InstalmentStatus.values,
        stamps={"paid": "paid_at"},
        # paid once the insurer confirms the insured's payment (or records one it received)
        moves=[Move("due", "paid", roles={Role.UNDERWRITER, Role.CLAIMS_HANDLER}, action="pay")],
    )

    class Meta:
        ordering: ClassVar[list[str]] = ["policy", "sequence"]
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["policy", "sequence"], name="unique_instalment")
        ]

    def __str__(self) -> str:
        return f"{self.policy} #{self.sequence}"


class PaymentStatus(models.TextChoices):
    DECLARED = "declared", pgettext_lazy("payment status", "Awaiting confirmation")
    CONFIRMED = "confirmed", pgettext_lazy("payment status", "Confirmed")
    REJECTED = "rejected", pgettext_lazy("payment status", "Rejected")


class Payment(models.Model):
    """A premium payment the insured declares for one instalment; the instalment is paid only once the
    insurer confirms it (a rejected declaration leaves the instalment due, with the reason)."""

    instalment = models.ForeignKey(
        Instalment, on_delete=models.CASCADE, related_name="payments", verbose_name=_("instalment")
    )
    amount = money_field(_("amount"))
    reference = models.CharField(_("payment reference"), max_length=60)
    paid_on = models.DateField(_("paid on"))
    declared_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("declared by")
    )
    declared_at = models.DateTimeField(_("declared at"))
    status = models.CharField(
        _("status"), max_length=12, choices=PaymentStatus.choices, default=PaymentStatus.DECLARED
    )
    decided_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)

    scope_lookups: ClassVar[tuple[str, ...]] = ("instalment__policy__insured", "instalment__policy__insurer")

    WORKFLOW: ClassVar[StateMachine] = StateMachine(
        field="status",
        states=PaymentStatus.values,
        stamps={"confirmed": "decided_at", "rejected": "decided_at"},
        moves=[
            Move("declared", "confirmed", roles={Role.UNDERWRITER, Role.CLAIMS_HANDLER}, action="confirm"),
            Move("declared", "rejected", roles={Role.UNDERWRITER, Role.CLAIMS_HANDLER}, action="reject"),
        ],
    )

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering: ClassVar[list[str]] = ["instalment", "declared_at", "pk"]
        constraints: ClassVar[list[Any]] = [
            # one declaration waits per instalment: a second click cannot declare it twice
            models.UniqueConstraint(
                fields=["instalment"],
                condition=models.Q(status="declared"),
                name="one_open_payment_per_instalment",
            )
        ]

    def __str__(self) -> str:
        return f"{self.instalment} {self.reference}"

    @property
    def receipt_number(self) -> str:
        return f"{self.instalment.policy.number}-P{self.instalment.sequence}-{self.pk}"


class PolicyCoverage(models.Model):
    """The coverage terms as sold, copied from the plan so the policy never changes with the catalogue."""

    policy = models.ForeignKey(Policy, on_delete=models.CASCADE, related_name="coverages")
    coverage = models.CharField(max_length=32, choices=COVERAGE_CHOICES)
    sub_limit = money_field()
    deductible = money_field()
    waiting_period_hours = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return self.coverage


class PolicyWarranty(models.Model):
    policy = models.ForeignKey(Policy, on_delete=models.CASCADE, related_name="warranties")
    kind = models.CharField(max_length=20)
    params = models.JSONField(default=dict)
    text_zh = models.TextField()
    text_en = models.TextField()
    position = models.PositiveSmallIntegerField(default=1)

    class Meta:
        ordering: ClassVar[list[str]] = ["policy", "position"]

    def __str__(self) -> str:
        return self.text_zh[:30]

    @property
    def text(self) -> str:
        """The wording in the reader's language (the English one when written)."""
        return self.text_en if is_english(get_language()) and self.text_en else self.text_zh


class ServiceOrderStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    ASSIGNED = "assigned", _("Assigned")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class ServiceOrder(models.Model):
    policy = models.ForeignKey(Policy, on_delete=models.CASCADE, related_name="service_orders")
    service = models.ForeignKey(ServiceItem, on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField(_("due on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=ServiceOrderStatus.choices, default="scheduled"
    )
    provider = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    price = money_field(_("price"))
    # The provider network's engagement that delivers this order (dispatched before ``due_on``).
    engagement = models.OneToOneField(
        Engagement, on_delete=models.SET_NULL, null=True, blank=True, related_name="service_order"
    )
    #: the health check that performs this order (fixed inspection, vulnerability scan)
    health_check = models.ForeignKey(
        "healthchecks.HealthCheck",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="service_orders",
        verbose_name=_("health check"),
    )

    # Scheduled on bind; the platform starts an inspection order as a health check, which completes it.
    WORKFLOW: ClassVar[StateMachine] = StateMachine(
        field="status",
        states=ServiceOrderStatus.values,
        moves=[
            # the platform starts it, or the system when a provider accepts its engagement
            Move("scheduled", "assigned", roles={Role.PLATFORM_ADMIN}, system=True, action="start"),
            Move("assigned", "done", roles=set(), system=True, action="done"),
            # with the policy: the underwriter cancels it, or the system on the policy's behalf
            Move("scheduled", "cancelled", roles={Role.UNDERWRITER}, system=True, action="cancel"),
        ],
    )

    class Meta:
        ordering: ClassVar[list[str]] = ["policy", "due_on"]

    def __str__(self) -> str:
        return f"{self.policy} {self.service.code}"


class EndorsementKind(models.TextChoices):
    SUM_INSURED = "sum_insured", _("Change of sum insured")
    SYSTEMS = "systems", _("Change of insured systems")
    CANCELLATION = "cancellation", _("Cancellation")


class Endorsement(models.Model):
    """批单: a change to the policy with its pro-rata premium (positive: additional, negative: return)."""

    policy = models.ForeignKey(Policy, on_delete=models.CASCADE, related_name="endorsements")
    sequence = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=16, choices=EndorsementKind.choices)
    effective_on = models.DateField(_("effective on"))
    premium_change = money_field(_("premium change"))
    before = models.JSONField(default=dict)
    after = models.JSONField(default=dict)
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["policy", "sequence"]
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["policy", "sequence"], name="unique_endorsement")
        ]

    def __str__(self) -> str:
        return f"{self.policy} E{self.sequence}"


class VendorProposalStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class VendorProposal(models.Model):
    """The insured names its own vendor for a service order (where the plan allows it); the order is paid
    to that vendor only once the insurer approves the proposal."""

    service_order = models.ForeignKey(
        ServiceOrder,
        on_delete=models.CASCADE,
        related_name="vendor_proposals",
        verbose_name=_("service order"),
    )
    vendor_name = models.CharField(_("vendor name"), max_length=200)
    credit_code = models.CharField(_("unified social credit code"), max_length=18)
    proposed_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("proposed by")
    )
    proposed_at = models.DateTimeField(_("proposed at"))
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=VendorProposalStatus.choices,
        default=VendorProposalStatus.PROPOSED,
    )
    decided_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)

    scope_lookups: ClassVar[tuple[str, ...]] = (
        "service_order__policy__insured",
        "service_order__policy__insurer",
    )

    # The insurer's underwriter or claims handler approves or rejects the insured's own vendor.
    WORKFLOW: ClassVar[StateMachine] = StateMachine(
        field="status",
        states=VendorProposalStatus.values,
        moves=[
            Move("proposed", "approved", roles={Role.UNDERWRITER, Role.CLAIMS_HANDLER}, action="approve"),
            Move("proposed", "rejected", roles={Role.UNDERWRITER, Role.CLAIMS_HANDLER}, action="reject"),
        ],
        stamps={"approved": "decided_at", "rejected": "decided_at"},
    )

    class Meta:
        verbose_name = _("vendor proposal")
        verbose_name_plural = _("vendor proposals")
        ordering: ClassVar[list[str]] = ["service_order", "-proposed_at", "-pk"]
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(
                fields=["service_order"],
                condition=models.Q(status="proposed"),
                name="one_open_vendor_proposal_per_order",
            )
        ]

    def __str__(self) -> str:
        return f"{self.service_order} {self.vendor_name}"

    @property
    def payable(self) -> bool:
        """Whether the order may be paid to this vendor: only once the insurer approved it."""
        return self.status == VendorProposalStatus.APPROVED
