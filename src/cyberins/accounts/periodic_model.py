"""The record of periodic-job runs; its unique (job, slot) pair makes each slot run once across workers."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _


class PeriodicRun(models.Model):
    class Status(models.TextChoices):
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    job = models.CharField(_("job"), max_length=100)
    #: floor(start of slot / period); null for an operator's run outside the slots
    slot = models.BigIntegerField(_("slot"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    started_at = models.DateTimeField(_("started at"))
    lease_expires_at = models.DateTimeField(_("lease expires at"))
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=1)
    handled = models.IntegerField(_("items handled"), default=0)
    runner = models.CharField(_("runner"), max_length=200, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("periodic job run")
        verbose_name_plural = _("periodic job runs")
        ordering: ClassVar[list[str]] = ["-started_at"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["job", "slot"], name="periodic_run_once_per_slot")
        ]
        indexes: ClassVar[list[models.Index]] = [models.Index(fields=["job", "-started_at"])]

    def __str__(self) -> str:
        return f"{self.job} #{self.slot} {self.status}"
