"""投保 and 核保: applications with the risk questionnaire, underwriting decisions, quotes (报价)."""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from cyberins.accounts.models import Organisation, User
from cyberins.accounts.roles import Role
from cyberins.accounts.transitions import Move, StateMachine
from cyberins.products.models import ProductVersion
from cyberins.underwriting.rules import message_for


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REFERRED = "referred", _("Referred to an underwriter")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    BOUND = "bound", _("Bound")


class Application(models.Model):
    applicant = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="applications", verbose_name=_("applicant")
    )
    insurer = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("insurer")
    )
    product_version = models.ForeignKey(ProductVersion, on_delete=models.PROTECT, related_name="applications")
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("status"), max_length=12, choices=ApplicationStatus.choices, default="draft")
    answers = models.JSONField(_("answers"), default=dict)
    health_grade = models.CharField(_("health-check grade"), max_length=1, blank=True)
    health_modifier = models.DecimalField(
        _("health-check premium modifier"), max_digits=5, decimal_places=3, default=1
    )
    reasons = models.JSONField(_("underwriting reasons"), default=list, blank=True)
    adjustment = models.DecimalField(
        _("underwriter adjustment factor"), max_digits=5, decimal_places=3, default=1
    )
    underwriter_note = models.TextField(_("underwriter note"), blank=True)
    previous_policy_number = models.CharField(_("renewal of policy"), max_length=40, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    scope_lookups: ClassVar[tuple[str, ...]] = ("applicant", "insurer")

    # 投保 → 核保: the rules decide a submission; an underwriter decides a referral; binding ends it.
    WORKFLOW: ClassVar[StateMachine] = StateMachine(
        field="status",
        states=ApplicationStatus.values,
        moves=[
            Move("draft", "accepted", roles={Role.APPLICANT}, action="submit"),
            Move("draft", "referred", roles={Role.APPLICANT}, action="submit"),
            Move("draft", "declined", roles={Role.APPLICANT}, action="submit"),
            Move("referred", "accepted", roles={Role.UNDERWRITER}, action="approve"),
            Move("referred", "declined", roles={Role.UNDERWRITER}, action="decline"),
            Move("accepted", "bound", roles={Role.APPLICANT}, action="bind"),
        ],
    )

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering: ClassVar[list[str]] = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.applicant} — {self.product_version}"

    @property
    def shown_reasons(self) -> list[dict[str, Any]]:
        """The underwriting reasons with their messages in the reader's language (by code)."""
        return [r | {"message": message_for(r)} for r in self.reasons]


class QuoteStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    ACCEPTED = "accepted", _("Accepted")
    SUPERSEDED = "superseded", _("Superseded")


class Quote(models.Model):
    """The price offered for every plan of the version, side by side, valid until a date."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="quotes")
    status = models.CharField(_("status"), max_length=12, choices=QuoteStatus.choices, default="active")
    options = models.JSONField(_("plan options"))
    assumption_set = models.JSONField(_("assumption set"))
    valid_until = models.DateField(_("valid until"))
    accepted_plan = models.CharField(_("accepted plan"), max_length=8, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    scope_lookups: ClassVar[tuple[str, ...]] = ("application__applicant", "application__insurer")

    WORKFLOW: ClassVar[StateMachine] = StateMachine(
        field="status",
        states=QuoteStatus.values,
        moves=[
            Move("active", "accepted", roles={Role.APPLICANT}, action="accept"),
            # a requote (applicant or underwriter) replaces the quotes still open
            Move("active", "superseded", roles={Role.APPLICANT, Role.UNDERWRITER}, action="supersede"),
        ],
    )

    class Meta:
        verbose_name = _("quote")
        verbose_name_plural = _("quotes")
        ordering: ClassVar[list[str]] = ["-created_at"]

    def __str__(self) -> str:
        return f"Q{self.pk} {self.application}"

    def option(self, plan_code: str) -> dict[str, Any] | None:
        return next((o for o in self.options if o["plan"] == plan_code), None)
