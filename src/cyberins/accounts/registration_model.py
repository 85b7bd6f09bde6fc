"""An enterprise's self-registration: submitted, email verified, then approved or rejected by the platform."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cyberins.accounts.roles import Role
from cyberins.accounts.transitions import Move, StateMachine


class RegistrationStatus(models.TextChoices):
    SUBMITTED = "submitted", pgettext_lazy("registration status", "Email not verified yet")
    VERIFIED = "verified", pgettext_lazy("registration status", "Waiting for approval")
    APPROVED = "approved", pgettext_lazy("registration status", "Approved")
    REJECTED = "rejected", pgettext_lazy("registration status", "Rejected")


class Registration(models.Model):
    """The organisation and its first user stay inactive until the platform operator approves."""

    organisation = models.OneToOneField(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="registration"
    )
    user = models.OneToOneField("accounts.User", on_delete=models.CASCADE, related_name="registration")
    contact_name = models.CharField(_("contact person"), max_length=100)
    contact_phone = models.CharField(_("contact phone"), max_length=40)
    status = models.CharField(
        _("status"), max_length=10, choices=RegistrationStatus.choices, default=RegistrationStatus.SUBMITTED
    )
    submitted_at = models.DateTimeField(_("submitted at"))
    verified_at = models.DateTimeField(_("email verified at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)

    scope_lookups: ClassVar[tuple[str, ...]] = ("organisation",)

    WORKFLOW: ClassVar[StateMachine] = StateMachine(
        field="status",
        states=RegistrationStatus.values,
        stamps={"verified": "verified_at", "approved": "decided_at", "rejected": "decided_at"},
        moves=[
            # The applicant is not signed in yet: the signed link in the email is the proof.
            Move("submitted", "verified", roles=set(), system=True, action="verify_email"),
            Move("verified", "approved", roles={Role.PLATFORM_ADMIN}, action="approve"),
            Move(["submitted", "verified"], "rejected", roles={Role.PLATFORM_ADMIN}, action="reject"),
        ],
    )

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering: ClassVar[list[str]] = ["-submitted_at"]

    def __str__(self) -> str:
        return str(self.organisation)
