"""The claim (理赔案件), opened from one incident, and the documents requested from the insured."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cyberins.accounts.models import Organisation
from cyberins.accounts.roles import Role
from cyberins.accounts.transitions import Move, StateMachine
from cyberins.incidents.models import Incident
from cyberins.policies.models import Policy, money_field


class ClaimStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("claim status", "Open")
    DOCUMENTS_REQUESTED = "documents_requested", _("Documents requested")
    UNDER_ASSESSMENT = "under_assessment", _("Under assessment")
    ASSESSED = "assessed", _("Assessed, awaiting approval")
    APPROVED = "approved", _("Approved")
    PAID = "paid", pgettext_lazy("claim status", "Paid")
    CLOSED = "closed", _("Closed (paid)")
    DENIED = "denied", _("Denied")
    WITHDRAWN = "withdrawn", _("Withdrawn")


HANDLER = {Role.CLAIMS_HANDLER}
INSURED = {Role.APPLICANT}
#: states in which the claim is still being worked on (a clock can run, it can be withdrawn or denied)
ACTIVE = ["open", "documents_requested", "under_assessment", "assessed"]
FINAL = ["closed", "denied", "withdrawn"]


class Claim(models.Model):
    number = models.CharField(_("claim number"), max_length=24, unique=True)
    # One incident, at most one claim (also under concurrent requests).
    incident = models.OneToOneField(
        Incident, on_delete=models.PROTECT, related_name="claim", verbose_name=_("incident")
    )
    policy = models.ForeignKey(
        Policy, on_delete=models.PROTECT, related_name="claims", verbose_name=_("policy")
    )
    insured = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("insured")
    )
    insurer = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("insurer")
    )
    provider = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("response provider"),
    )
    status = models.CharField(_("status"), max_length=20, choices=ClaimStatus.choices, default="open")
    description = models.TextField(_("description"), blank=True)
    opened_at = models.DateTimeField(_("opened at"))
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    documents_complete_at = models.DateTimeField(_("documents complete at"), null=True, blank=True)
    assessed_at = models.DateTimeField(_("assessed at"), null=True, blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    denied_at = models.DateTimeField(_("denied at"), null=True, blank=True)
    denial_reasons = models.TextField(_("reasons for the denial"), blank=True)
    denial_notice_at = models.DateTimeField(_("denial notice sent at"), null=True, blank=True)
    paid_at = models.DateTimeField(_("paid in full at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    #: the insured's authorisation to pay the provider's service fees directly (直赔)
    direct_payment_authorised = models.BooleanField(
        _("direct payment to the provider authorised"), default=False
    )
    #: health-check remediation items the adjuster proved directly related to the incident
    related_findings = models.JSONField(_("related findings"), default=list, blank=True)
    penalty_applied = models.BooleanField(_("warranty penalty applied"), default=False)
    payable = money_field(_("payable"))
    #: the explanation table of the last assessment (lines with their steps), shown to the insured
    assessment = models.JSONField(_("assessment"), default=dict, blank=True)
    #: clock names whose breach has been recorded (once each)
    breaches = models.JSONField(_("breaches recorded"), default=list, blank=True)

    scope_lookups: ClassVar[tuple[str, ...]] = ("insured", "insurer", "provider")

    WORKFLOW: ClassVar[StateMachine] = StateMachine(
        field="status",
        states=ClaimStatus.values,
        stamps={
            "under_assessment": "documents_complete_at",
            "assessed": "assessed_at",
            "approved": "approved_at",
            "denied": "denied_at",
            "paid": "paid_at",
            "closed": "closed_at",
        },
        moves=[
            # one notice listing every missing document (保险法 Art. 22); the insured answers it
            Move(
                ["open", "under_assessment"], "documents_requested", roles=HANDLER, action="request_documents"
            ),
            Move(
                ["open", "documents_requested"],
                "under_assessment",
                roles=HANDLER,
                action="documents_complete",
            ),
            Move("under_assessment", "assessed", roles=HANDLER, action="assess"),
            Move("assessed", "under_assessment", roles=HANDLER, action="revise"),
            # four eyes and authority: checked by the service before the move
            Move("assessed", "approved", roles=HANDLER, action="approve"),
            Move("approved", "paid", roles=HANDLER, action="paid_in_full"),
            Move("paid", "approved", roles=HANDLER, action="payment_reversed"),
            Move("paid", "closed", roles=HANDLER, action="close"),
            Move(ACTIVE, "denied", roles=HANDLER, action="deny"),
            Move(ACTIVE, "withdrawn", roles={*HANDLER, *INSURED}, action="withdraw"),
            Move(FINAL, "under_assessment", roles=HANDLER, action="reopen"),
        ],
    )

    class Meta:
        verbose_name = _("claim")
        verbose_name_plural = _("claims")
        ordering: ClassVar[list[str]] = ["-opened_at", "-pk"]

    def __str__(self) -> str:
        return self.number

    @property
    def breach_labels(self) -> list[object]:
        """The breached 保险法 clocks in the page's language."""
        from cyberins.claims.rules import CLOCK_LABELS

        return [CLOCK_LABELS.get(name, name) for name in self.breaches]


class DocumentNotice(models.Model):
    """One notice to the insured listing every document still missing (保险法 Art. 22)."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="notices")
    sequence = models.PositiveSmallIntegerField(_("notice"))
    sent_at = models.DateTimeField(_("sent at"))
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    #: True when the claim was returned from assessment for these documents (the loop)
    returned = models.BooleanField(_("returned from assessment"), default=False)
    note = models.TextField(_("note"), blank=True)
    #: every document missing when the notice was sent (one notice lists them all)
    codes = models.JSONField(_("documents listed"), default=list)

    class Meta:
        ordering: ClassVar[list[str]] = ["claim", "sequence"]
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["claim", "sequence"], name="unique_claim_notice")
        ]

    def __str__(self) -> str:
        return f"{self.claim} N{self.sequence}"


class DocumentStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    RECEIVED = "received", pgettext_lazy("claim document", "Received")


def document_path(instance: ClaimDocument, filename: str) -> str:
    return f"claims/{instance.claim_id}/{instance.code}-{filename}"


class ClaimDocument(models.Model):
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="documents")
    code = models.CharField(_("document"), max_length=40)
    coverage = models.CharField(_("coverage"), max_length=32, blank=True)
    notice = models.ForeignKey(DocumentNotice, on_delete=models.PROTECT, related_name="documents")
    status = models.CharField(_("status"), max_length=10, choices=DocumentStatus.choices, default="requested")
    file = models.FileField(_("file"), upload_to=document_path, blank=True)
    received_at = models.DateTimeField(_("received at"), null=True, blank=True)

    WORKFLOW: ClassVar[StateMachine] = StateMachine(
        field="status",
        states=DocumentStatus.values,
        stamps={"received": "received_at"},
        # the insured uploads it, or the handler records a copy received otherwise
        moves=[Move("requested", "received", roles={*INSURED, *HANDLER}, action="receive")],
    )

    class Meta:
        ordering: ClassVar[list[str]] = ["claim", "pk"]
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["claim", "code"], name="unique_claim_document")
        ]

    def __str__(self) -> str:
        return f"{self.claim} {self.code}"
