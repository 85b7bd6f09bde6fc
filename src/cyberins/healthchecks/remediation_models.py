"""The remediation loop's records: notified items and the history of their status changes."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cyberins.accounts.models import Organisation
from cyberins.accounts.roles import Role
from cyberins.accounts.transitions import Move, StateMachine
from cyberins.healthchecks.check_models import Finding, HealthCheck


class ItemStatus(models.TextChoices):
    NOTIFIED = "notified", _("Notified")
    FIXED = "fixed", _("Marked fixed")
    CLOSED = "closed", _("Closed")


#: statuses in which an item is still open (a claimed fix is open until a rescan confirms it)
OPEN_STATUSES = (ItemStatus.NOTIFIED, ItemStatus.FIXED)


class RemediationItem(models.Model):
    """A formally notified finding the insured must fix by ``due_at`` (the remediation warranty)."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="remediation_items",
        verbose_name=_("organisation"),
    )
    finding = models.OneToOneField(
        Finding, on_delete=models.PROTECT, related_name="remediation_item", verbose_name=_("finding")
    )
    fingerprint = models.CharField(_("fingerprint"), max_length=400, db_index=True)
    status = models.CharField(_("status"), max_length=10, choices=ItemStatus.choices)
    notified_at = models.DateTimeField(_("notified at"))
    notified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("notified by")
    )
    due_at = models.DateTimeField(_("due at"))
    fixed_at = models.DateTimeField(_("marked fixed at"), null=True, blank=True)
    last_seen_at = models.DateTimeField(_("last seen at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by_check = models.ForeignKey(
        HealthCheck,
        on_delete=models.PROTECT,
        related_name="closed_items",
        null=True,
        blank=True,
        verbose_name=_("confirmed by"),
    )
    #: when the weakness was gone: the insured's fix time if a rescan confirmed it, else the rescan's
    remediated_at = models.DateTimeField(_("remediated at"), null=True, blank=True)

    # The insured, and the insurers holding its policies (the remediation warranty is theirs to enforce).
    scope_lookups: ClassVar[tuple[str, ...]] = ("organisation", "organisation__policies__insurer")

    # The insured claims a fix; only a later complete rescan closes the item, or finds it again.
    WORKFLOW: ClassVar[StateMachine] = StateMachine(
        field="status",
        states=ItemStatus.values,
        moves=[
            Move("notified", "fixed", roles={Role.APPLICANT}, action="mark_fixed"),
            Move("fixed", "notified", roles=set(), system=True, action="still_present"),
            Move(["notified", "fixed"], "closed", roles=set(), system=True, action="confirm_closed"),
        ],
    )

    class Meta:
        verbose_name = _("remediation item")
        verbose_name_plural = _("remediation items")
        ordering: ClassVar[list[str]] = ["due_at", "pk"]

    def __str__(self) -> str:
        return f"RI-{self.pk} {self.finding}"

    def is_overdue(self, moment: datetime) -> bool:
        return self.status != ItemStatus.CLOSED and self.due_at < moment


class RemediationEvent(models.Model):
    """The history of an item: every status change with its time, so any past moment can be replayed."""

    item = models.ForeignKey(
        RemediationItem, on_delete=models.CASCADE, related_name="events", verbose_name=_("item")
    )
    at = models.DateTimeField(_("at"))
    action = models.CharField(_("action"), max_length=20)
    from_status = models.CharField(_("from"), max_length=10, blank=True)
    to_status = models.CharField(_("to"), max_length=10, choices=ItemStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    health_check = models.ForeignKey(
        HealthCheck, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    scope_lookups: ClassVar[tuple[str, ...]] = ("item__organisation",)

    class Meta:
        verbose_name = _("remediation event")
        verbose_name_plural = _("remediation events")
        ordering: ClassVar[list[str]] = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.action} {self.at:%Y-%m-%d %H:%M}"
