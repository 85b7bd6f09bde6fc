"""The response case's working records: tasks, evidence with its chain of custody, the provider's
response report and the follow-up service orders (imported by :mod:`cyberins.incidents.models`)."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cyberins.accounts.models import Organisation
from cyberins.accounts.transitions import Move, StateMachine
from cyberins.providers.models import Engagement, ServiceItem


class TaskStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class Task(models.Model):
    """A piece of work on the case with an owner and a due time, optionally tied to a stage."""

    incident = models.ForeignKey("incidents.Incident", on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(_("task"), max_length=200)
    stage = models.CharField(_("stage"), max_length=12, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("owner")
    )
    due_at = models.DateTimeField(_("due"))
    status = models.CharField(_("status"), max_length=10, choices=TaskStatus.choices, default="open")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"))
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)
    overdue_at = models.DateTimeField(_("recorded overdue at"), null=True, blank=True)

    scope_lookups: ClassVar[tuple[str, ...]] = (
        "incident__reporting_org",
        "incident__insurer",
        "incident__provider",
    )
    # Anyone who may write on the case may finish or cancel its tasks (the service checks the case).
    WORKFLOW: ClassVar[StateMachine] = StateMachine(
        field="status",
        states=TaskStatus.values,
        stamps={"done": "done_at"},
        moves=[Move("open", "done", action="finish"), Move("open", "cancelled", action="cancel")],
    )

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering: ClassVar[list[str]] = ["incident", "due_at", "pk"]

    def __str__(self) -> str:
        return self.title


def evidence_path(instance: Evidence, filename: str) -> str:
    # Named by content hash so two uploads never overwrite each other's bytes.
    return f"incidents/{instance.incident_id}/evidence/{instance.sha256}"


class Evidence(models.Model):
    """A file preserved as evidence: kept with its SHA-256 from receipt, never deleted, only retired."""

    incident = models.ForeignKey("incidents.Incident", on_delete=models.PROTECT, related_name="evidence")
    name = models.CharField(_("file name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    file = models.FileField(upload_to=evidence_path, max_length=300)
    received_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    received_from = models.CharField(_("received from"), max_length=200)
    received_at = models.DateTimeField(_("received at"))
    holder = models.CharField(_("held by"), max_length=200)
    retired_at = models.DateTimeField(_("retired at"), null=True, blank=True)
    retired_reason = models.TextField(_("reason for retirement"), blank=True)

    scope_lookups: ClassVar[tuple[str, ...]] = (
        "incident__reporting_org",
        "incident__insurer",
        "incident__provider",
    )

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering: ClassVar[list[str]] = ["incident", "received_at", "pk"]

    def __str__(self) -> str:
        return self.name

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise PermissionError("evidence is never deleted, only retired")


class CustodyAction(models.TextChoices):
    RECEIVED = "received", _("Received")
    TRANSFERRED = "transferred", _("Transferred")
    ACCESSED = "accessed", _("Accessed")
    DOWNLOADED = "downloaded", _("Downloaded")
    RETIRED = "retired", _("Retired")


class CustodyEntry(models.Model):
    """One line of the chain-of-custody log: append-only; ``entry_hash`` covers the fields and the
    previous entry's hash, so editing or removing a line breaks every hash after it."""

    evidence = models.ForeignKey(Evidence, on_delete=models.PROTECT, related_name="custody")
    seq = models.PositiveIntegerField()
    action = models.CharField(_("action"), max_length=12, choices=CustodyAction.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    from_party = models.CharField(_("from"), max_length=200, blank=True)
    to_party = models.CharField(_("to"), max_length=200, blank=True)
    at = models.DateTimeField(_("when"))
    purpose = models.TextField(_("purpose"), blank=True)
    prev_hash = models.CharField(max_length=64)
    entry_hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("custody entry")
        verbose_name_plural = _("custody entries")
        ordering: ClassVar[list[str]] = ["evidence", "seq"]
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["evidence", "seq"], name="custody_seq_unique")
        ]

    def __str__(self) -> str:
        return f"{self.evidence} #{self.seq} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("the custody log is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise PermissionError("the custody log is append-only")


def response_report_path(instance: ResponseReport, filename: str) -> str:
    return f"incidents/{instance.incident_id}/response-report-{instance.pdf_sha256[:16]}.pdf"


class ResponseReport(models.Model):
    """The dispatched provider's response report: the PDF and its structured summary."""

    incident = models.OneToOneField(
        "incidents.Incident", on_delete=models.CASCADE, related_name="response_report"
    )
    provider = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    pdf = models.FileField(upload_to=response_report_path, max_length=300)
    pdf_sha256 = models.CharField(_("SHA-256"), max_length=64)
    cause = models.TextField(_("cause"))
    measures = models.TextField(_("measures taken"))
    harm = models.TextField(_("harm"))
    remediation = models.TextField(_("remediation"))
    lessons = models.TextField(_("lessons learned"))
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(_("submitted at"))

    class Meta:
        verbose_name = _("response report")
        verbose_name_plural = _("response reports")

    def __str__(self) -> str:
        return f"{self.incident} report"


class FollowUpOrder(models.Model):
    """A follow-up service (penetration test, hardening, DDoS protection) the plan includes, ordered
    at the follow-up stage through the provider network as an engagement."""

    incident = models.ForeignKey("incidents.Incident", on_delete=models.CASCADE, related_name="follow_ups")
    service = models.ForeignKey(ServiceItem, on_delete=models.PROTECT, related_name="+")
    engagement = models.OneToOneField(Engagement, on_delete=models.PROTECT, related_name="incident_follow_up")
    ordered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    ordered_at = models.DateTimeField(_("ordered at"))

    class Meta:
        verbose_name = _("follow-up order")
        verbose_name_plural = _("follow-up orders")
        ordering: ClassVar[list[str]] = ["incident", "ordered_at", "pk"]
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["incident", "service"], name="follow_up_once_per_service")
        ]

    def __str__(self) -> str:
        return f"{self.incident} {self.service.code}"
