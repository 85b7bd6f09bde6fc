"""Loss lines (定损), reserves with every movement, handlers' authority limits and approvals."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cyberins.claims.models.claim import Claim
from cyberins.policies.models import money_field
from cyberins.terms.coverages import CoverageCode


class LossLine(models.Model):
    """One loss under one coverage: what the insured claims, what the adjuster assesses and why less."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="lines")
    coverage = models.CharField(
        _("coverage"), max_length=32, choices=[(c.value, c.value) for c in CoverageCode]
    )
    description = models.TextField(_("description"), blank=True)
    claimed = money_field(_("amount claimed"))
    assessed = models.DecimalField(
        _("amount assessed"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    #: coded reduction reasons (see ``cyberins.claims.rules.REDUCTION_REASONS``)
    reductions = models.JSONField(_("reduction reasons"), default=list, blank=True)
    #: document codes supporting the line
    documents = models.JSONField(_("supporting documents"), default=list, blank=True)
    #: business interruption: merged outage hours of the incident, and the income lost per hour
    outage_hours = models.DecimalField(
        _("outage hours"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    hourly_income = models.DecimalField(
        _("income lost per hour"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    #: where the amount came from: entered by hand, the incident's outages, the engagement's price
    source = models.CharField(_("source"), max_length=12, default="entered")
    payable = models.DecimalField(_("payable"), max_digits=14, decimal_places=2, null=True, blank=True)
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        ordering: ClassVar[list[str]] = ["claim", "pk"]

    def __str__(self) -> str:
        return f"{self.claim} {self.coverage}"

    @property
    def reduction_labels(self) -> list[object]:
        """The coded reduction reasons in the page's language."""
        from cyberins.claims.rules import REDUCTION_REASONS

        return [REDUCTION_REASONS.get(code, code) for code in self.reductions]


class ReserveReason(models.TextChoices):
    INITIAL = "initial", _("Initial reserve")
    REVISED = "revised", _("Revised")
    PAYMENT = "payment", _("On payment")
    CLOSE = "close", _("On close")
    REOPEN = "reopen", _("On reopening")


#: notes the services write on their own movements, shown in the reader's language
SYSTEM_NOTES = {"claimed": _("set to the amount claimed"), "assessed": _("set to the assessed payable")}


class ReserveMovement(models.Model):
    """A change of a coverage's reserve (the estimate of the claim's incurred amount under it)."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="reserve_movements")
    coverage = models.CharField(_("coverage"), max_length=32)
    change = money_field(_("change"))
    reserve_after = money_field(_("reserve after"))
    reason = models.CharField(_("reason"), max_length=10, choices=ReserveReason.choices)
    note = models.TextField(_("note"), blank=True)
    at = models.DateTimeField(_("time"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering: ClassVar[list[str]] = ["claim", "pk"]

    def __str__(self) -> str:
        return f"{self.claim} {self.coverage} {self.change:+}"

    @property
    def note_label(self) -> str:
        return str(SYSTEM_NOTES.get(self.note, self.note))


class HandlerAuthority(models.Model):
    """The most a claims handler may approve (reserves and payments); set by the insurer in the admin."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="claims_authority",
        verbose_name=_("handler"),
    )
    limit = money_field(_("authority limit (CNY)"))

    class Meta:
        verbose_name = _("claims authority")
        verbose_name_plural = _("claims authorities")

    def __str__(self) -> str:
        return f"{self.user} ¥{self.limit}"


class Approval(models.Model):
    """An approval of an assessment by a handler other than the assessor, within their authority."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="approvals")
    approver = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    amount = money_field(_("amount approved"))
    authority_limit = money_field(_("approver's authority"))
    at = models.DateTimeField(_("approved at"))
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["claim", "pk"]
        constraints: ClassVar[list[Any]] = [
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="approval_not_negative")
        ]

    def __str__(self) -> str:
        return f"{self.claim} {self.approver}"
