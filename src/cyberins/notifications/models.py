"""Inbox rows, per-user settings, webhook endpoints and their deliveries."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cyberins.accounts.models import Organisation, User
from cyberins.accounts.transitions import Move, StateMachine


class EmailStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("email status", "Pending")
    SENT = "sent", pgettext_lazy("email status", "Sent")
    FAILED = "failed", pgettext_lazy("email status", "Failed")
    SKIPPED = "skipped", pgettext_lazy("email status", "Not sent")


class Notification(models.Model):
    """One message to one user: always in the inbox, by email unless the user turned that kind off."""

    recipient = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("recipient")
    )
    kind = models.CharField(_("kind"), max_length=40)
    # Rendered on display in the reader's language (kinds.KINDS has the texts); see rendering.py.
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    link = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"))
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    # The same event notified twice (a retried request, a periodic job run again) makes one row per user.
    dedupe_key = models.CharField(_("deduplication key"), max_length=200, blank=True)
    email_status = models.CharField(
        _("email"), max_length=8, choices=EmailStatus.choices, default=EmailStatus.PENDING
    )
    email_attempts = models.PositiveSmallIntegerField(_("email attempts"), default=0)
    email_next_at = models.DateTimeField(_("next email attempt"), null=True, blank=True)
    email_sent_at = models.DateTimeField(_("email sent at"), null=True, blank=True)
    email_error = models.CharField(_("last email error"), max_length=500, blank=True)

    scope_lookups: ClassVar[tuple[str, ...]] = ("recipient__organisation",)

    WORKFLOW: ClassVar[StateMachine] = StateMachine(
        field="email_status",
        states=EmailStatus.values,
        stamps={"sent": "email_sent_at"},
        moves=[
            Move("pending", "sent", roles=set(), system=True, action="email_sent"),
            Move("pending", "failed", roles=set(), system=True, action="email_failed"),
        ],
    )

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering: ClassVar[list[str]] = ["-created_at", "-pk"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["recipient", "dedupe_key"], condition=~Q(dedupe_key=""), name="notification_once"
            )
        ]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["recipient", "read_at"]),
            models.Index(fields=["email_status", "email_next_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class RecipientSettings(models.Model):
    """A user's language for email and the kinds they do not want by email (the inbox gets every kind)."""

    user = models.OneToOneField(
        User, on_delete=models.CASCADE, related_name="notification_settings", verbose_name=_("user")
    )
    # Blank: the platform's language (settings.LANGUAGE_CODE, zh-Hans unless configured otherwise).
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES, blank=True)
    email_muted = models.JSONField(_("kinds not sent by email"), default=list, blank=True)

    scope_lookups: ClassVar[tuple[str, ...]] = ("user__organisation",)

    class Meta:
        verbose_name = _("notification settings")
        verbose_name_plural = _("notification settings")

    def __str__(self) -> str:
        return str(self.user)


class WebhookEndpoint(models.Model):
    """An organisation's receiver: every event for that organisation is POSTed here, signed."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="webhooks", verbose_name=_("organisation")
    )
    url = models.URLField(_("URL"), max_length=300)
    # Shared with the receiver, who verifies the HMAC-SHA256 signature with it (signing.py).
    secret = models.CharField(_("secret"), max_length=100)
    kinds = models.JSONField(_("kinds (empty: all)"), default=list, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    scope_lookups: ClassVar[tuple[str, ...]] = ("organisation",)

    class Meta:
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")

    def __str__(self) -> str:
        return f"{self.organisation} → {self.url}"

    def wants(self, kind: str) -> bool:
        return self.is_active and (not self.kinds or kind in self.kinds)


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("delivery status", "Pending")
    DELIVERED = "delivered", pgettext_lazy("delivery status", "Delivered")
    FAILED = "failed", pgettext_lazy("delivery status", "Failed")


class WebhookDelivery(models.Model):
    """One event for one endpoint, with its attempts (bounded, with back-off)."""

    endpoint = models.ForeignKey(
        WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("endpoint")
    )
    event_id = models.CharField(_("event id"), max_length=200)
    kind = models.CharField(_("kind"), max_length=40)
    body = models.TextField(_("body"))
    status = models.CharField(
        _("status"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    created_at = models.DateTimeField(_("created at"))
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    # One entry per attempt: time, HTTP status (or none) and the error, for the delivery log.
    log = models.JSONField(_("attempts log"), default=list, blank=True)

    scope_lookups: ClassVar[tuple[str, ...]] = ("endpoint__organisation",)

    WORKFLOW: ClassVar[StateMachine] = StateMachine(
        field="status",
        states=DeliveryStatus.values,
        stamps={"delivered": "delivered_at"},
        moves=[
            Move("pending", "delivered", roles=set(), system=True, action="webhook_delivered"),
            Move("pending", "failed", roles=set(), system=True, action="webhook_failed"),
        ],
    )

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering: ClassVar[list[str]] = ["-created_at", "-pk"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["endpoint", "event_id"], name="webhook_event_once")
        ]
        indexes: ClassVar[list[models.Index]] = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.event_id} → {self.endpoint_id}"
