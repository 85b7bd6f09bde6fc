"""The record of periodic-job runs; its unique (job, slot) pair makes each slot run once across workers."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class PeriodicRun(models.Model):
    class Status(models.TextChoices):
        RUNNING = "running", pgettext_lazy("periodic run", "running")
        DONE = "done", pgettext_lazy("periodic run", "done")
        FAILED = "failed", pgettext_lazy("periodic run", "failed")

    job = models.CharField(pgettext_lazy("periodic run", "job"), max_length=100)
    #: floor(start of slot / period); null for an operator's run outside the slots
    slot = models.BigIntegerField(pgettext_lazy("periodic run", "slot"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    started_at = models.DateTimeField(_("started at"))
    lease_expires_at = models.DateTimeField(pgettext_lazy("lease", "lease expires at"))
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(pgettext_lazy("periodic run", "attempts"), default=1)
    handled = models.IntegerField(pgettext_lazy("periodic run", "items handled"), default=0)
    runner = models.CharField(pgettext_lazy("periodic run", "runner"), max_length=200, blank=True)
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
