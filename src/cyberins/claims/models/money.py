"""Payments (to the insured, or directly to the provider — 直赔) and recoveries."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cyberins.accounts.models import Organisation
from cyberins.accounts.roles import Role
from cyberins.accounts.transitions import Move, StateMachine
from cyberins.claims.models.claim import Claim
from cyberins.policies.models import money_field


class Payee(models.TextChoices):
    INSURED = "insured", _("The insured")
    PROVIDER = "provider", _("The provider directly (直赔)")


class PaymentStatus(models.TextChoices):
    PAID = "paid", pgettext_lazy("payment status", "Paid")
    REVERSED = "reversed", _("Reversed")


class Payment(models.Model):
    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="payments")
    payee = models.CharField(_("payee"), max_length=10, choices=Payee.choices)
    payee_org = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("paid to")
    )
    amount = money_field(_("amount"))
    #: the client's key: the same key never makes a second payment
    idempotency_key = models.CharField(_("idempotency key"), max_length=100, unique=True)
    status = models.CharField(_("status"), max_length=10, choices=PaymentStatus.choices, default="paid")
    paid_at = models.DateTimeField(_("paid at"))
    paid_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reference = models.CharField(_("reference"), max_length=60, blank=True)
    reversed_at = models.DateTimeField(_("reversed at"), null=True, blank=True)
    reversal_reason = models.TextField(_("reason for the reversal"), blank=True)

    scope_lookups: ClassVar[tuple[str, ...]] = ("claim__insured", "claim__insurer", "payee_org")

    WORKFLOW: ClassVar[StateMachine] = StateMachine(
        field="status",
        states=PaymentStatus.values,
        stamps={"reversed": "reversed_at"},
        moves=[Move("paid", "reversed", roles={Role.CLAIMS_HANDLER}, action="reverse")],
    )

    class Meta:
        ordering: ClassVar[list[str]] = ["claim", "pk"]
        constraints: ClassVar[list[Any]] = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="claim_payment_positive")
        ]

    def __str__(self) -> str:
        return f"{self.claim} ¥{self.amount} → {self.payee}"


class RecoveryKind(models.TextChoices):
    SUBROGATION = "subrogation", _("Subrogation (against a vendor or cloud provider)")
    DEDUCTIBLE_RETURNED = "deductible", _("Deductible returned")
    OTHER = "other", _("Other recovery")


class Recovery(models.Model):
    """Money back to the insurer; reduces the claim's net incurred."""

    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="recoveries")
    kind = models.CharField(_("kind"), max_length=12, choices=RecoveryKind.choices)
    amount = money_field(_("amount"))
    source = models.CharField(_("recovered from"), max_length=200, blank=True)
    received_at = models.DateTimeField(_("received at"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering: ClassVar[list[str]] = ["claim", "pk"]
        constraints: ClassVar[list[Any]] = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="claim_recovery_positive")
        ]

    def __str__(self) -> str:
        return f"{self.claim} {self.kind} ¥{self.amount}"
