"""Declared assets, scan authorisations, health checks and their findings."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cyberins.accounts.models import Organisation
from cyberins.accounts.transitions import Move, StateMachine


class AssetKind(models.TextChoices):
    HOSTNAME = "hostname", _("Host name")
    IP_ADDRESS = "ip_address", _("IP address")
    URL = "url", _("URL")


class Asset(models.Model):
    """An asset the insured declares. Its address never changes: a changed address is a new asset,
    so an authorisation always covers exactly what was shown to the person who gave it."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="declared_assets", verbose_name=_("organisation")
    )
    name = models.CharField(_("name"), max_length=100, help_text=_("e.g. Official website"))
    kind = models.CharField(_("kind"), max_length=16, choices=AssetKind.choices)
    address = models.CharField(_("address"), max_length=300, help_text=_("host name, IP address or URL"))
    #: normalised host (name or IP address) the findings are matched on
    host = models.CharField(_("host"), max_length=255)
    #: ports declared with the asset; empty: every port of the host (the risky-port sweep)
    ports = models.JSONField(_("ports"), default=list, blank=True)
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("declared by")
    )
    declared_at = models.DateTimeField(_("declared at"), auto_now_add=True)
    retired_at = models.DateTimeField(_("retired at"), null=True, blank=True)

    scope_lookups: ClassVar[tuple[str, ...]] = ("organisation",)

    class Meta:
        verbose_name = _("declared asset")
        verbose_name_plural = _("declared assets")
        ordering: ClassVar[list[str]] = ["organisation", "name", "pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.address})"

    @property
    def is_active(self) -> bool:
        return self.retired_at is None

    def scope_entries(self) -> list[str]:
        """The strings the scanner's ``Scope`` and target list take for this asset."""
        if self.kind != AssetKind.URL and self.ports:
            host = f"[{self.host}]" if ":" in self.host else self.host
            return [f"{host}:{port}" for port in self.ports]
        return [self.address]


class ScanAuthorisation(models.Model):
    """Who authorised scanning which assets, when, and until when (授权书)."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="scan_authorisations",
        verbose_name=_("organisation"),
    )
    reference = models.CharField(_("reference"), max_length=40, unique=True)
    assets = models.ManyToManyField(Asset, related_name="authorisations", verbose_name=_("assets"))
    authorised_by = models.CharField(_("authorised by"), max_length=100, help_text=_("name and position"))
    authorised_at = models.DateTimeField(_("authorised at"))
    valid_until = models.DateTimeField(_("valid until"), null=True, blank=True)
    statement = models.TextField(_("statement"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    scope_lookups: ClassVar[tuple[str, ...]] = ("organisation",)

    class Meta:
        verbose_name = _("scan authorisation")
        verbose_name_plural = _("scan authorisations")
        ordering: ClassVar[list[str]] = ["-authorised_at", "-pk"]

    def __str__(self) -> str:
        return self.reference

    def in_force(self, moment: datetime) -> bool:
        return (
            self.revoked_at is None
            and self.authorised_at <= moment
            and (self.valid_until is None or moment < self.valid_until)
        )


class HealthCheckKind(models.TextChoices):
    FIXED_INSPECTION = "fixed_inspection", _("Fixed inspection")
    VULNERABILITY_SCAN = "vulnerability_scan", _("Basic vulnerability scan")
    PRE_UNDERWRITING = "pre_underwriting", _("Pre-underwriting health check")
    #: a rescan of one finding's service only (``HealthCheck.verifies``); never a score of the organisation
    FIX_VERIFICATION = "fix_verification", _("Fix verification")


#: the kinds an insured starts itself (a fix verification is started from its finding)
STARTABLE_KINDS = (
    HealthCheckKind.FIXED_INSPECTION,
    HealthCheckKind.VULNERABILITY_SCAN,
    HealthCheckKind.PRE_UNDERWRITING,
)


class VerificationOutcome(models.TextChoices):
    FIXED = "fixed", _("Fixed")
    STILL_PRESENT = "still_present", _("Still present")
    #: the service could not be assessed completely: the rescan proves nothing either way
    INCONCLUSIVE = "inconclusive", _("Inconclusive")


class HealthCheckStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    INCOMPLETE = "incomplete", _("Incomplete")
    FAILED = "failed", _("Failed")


#: statuses with stored results (an incomplete check has results, but never counts as a pass)
FINISHED = (HealthCheckStatus.DONE, HealthCheckStatus.INCOMPLETE)


class HealthCheck(models.Model):
    """One assessment of declared, authorised assets (体检), run in the background by the scanner."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="health_checks", verbose_name=_("organisation")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=HealthCheckKind.choices)
    status = models.CharField(
        _("status"), max_length=12, choices=HealthCheckStatus.choices, default=HealthCheckStatus.QUEUED
    )
    assets = models.ManyToManyField(Asset, related_name="health_checks", verbose_name=_("assets"))
    #: a free-text reference the requester gives (e.g. a contract); an inspection started from a policy's
    #: service order is linked by ``ServiceOrder.health_check`` (policies sit above this app)
    service_order_ref = models.CharField(_("service order"), max_length=60, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    task_id = models.CharField(_("task"), max_length=64, blank=True)
    progress_done = models.PositiveIntegerField(_("targets done"), default=0)
    progress_total = models.PositiveIntegerField(_("targets in total"), default=0)
    score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    grade = models.CharField(_("grade"), max_length=1, blank=True)
    premium_modifier = models.DecimalField(
        _("premium modifier"), max_digits=5, decimal_places=3, null=True, blank=True
    )
    premium_uncalibrated = models.BooleanField(_("uncalibrated premium modifier"), default=True)
    #: [{code, action (refer|decline), reason_zh, reason_en, targets}]
    triggers = models.JSONField(_("underwriting triggers"), default=list, blank=True)
    #: [{target, status (complete|incomplete|refused), reason, services: [{port, state, complete, ...}]}]
    target_results = models.JSONField(_("target results"), default=list, blank=True)
    #: {as_of: {nvd|kev|epss|endoflife: YYYY-MM-DD}, stale: [source...]} of the data the scan matched against
    vulnerability_data = models.JSONField(_("vulnerability data"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)
    #: a known failure (translated when shown, see ``error_message``); empty for a scanner's own error text
    error_code = models.CharField(_("error code"), max_length=40, blank=True)
    #: a fix verification: the finding whose service alone it rescans, and what it found
    verifies = models.ForeignKey(
        "Finding",
        on_delete=models.PROTECT,
        related_name="verifications",
        null=True,
        blank=True,
        verbose_name=_("verifies"),
    )
    verification_outcome = models.CharField(
        _("verification outcome"), max_length=16, choices=VerificationOutcome.choices, blank=True
    )
    #: the worker running the check renews this; once it has passed, the worker is presumed dead
    lease_expires_at = models.DateTimeField(pgettext_lazy("lease", "lease expires at"), null=True, blank=True)
    #: how many times a worker has started this check (bounded, see healthchecks.leases)
    attempts = models.PositiveSmallIntegerField(pgettext_lazy("lease", "attempts"), default=0)

    # The organisation itself, and the insurers it applied to (their underwriters weigh the grade).
    scope_lookups: ClassVar[tuple[str, ...]] = ("organisation", "organisation__applications__insurer")

    # Only the worker moves a check: it runs a queued one and stores the result (or the failure).
    WORKFLOW: ClassVar[StateMachine] = StateMachine(
        field="status",
        states=HealthCheckStatus.values,
        moves=[
            Move("queued", "running", roles=set(), system=True, action="running"),
            Move("running", "done", roles=set(), system=True, action="done"),
            Move("running", "incomplete", roles=set(), system=True, action="incomplete"),
            Move(["queued", "running"], "failed", roles=set(), system=True, action="failed"),
            # a worker that lost its lease hands the check back to the queue
            Move("running", "queued", roles=set(), system=True, action="requeue"),
        ],
    )

    class Meta:
        verbose_name = _("health check")
        verbose_name_plural = _("health checks")
        ordering: ClassVar[list[str]] = ["-requested_at", "-pk"]

    def __str__(self) -> str:
        return self.number

    @property
    def number(self) -> str:
        return f"HC-{self.requested_at:%Y}-{self.pk:06d}" if self.requested_at else f"HC-{self.pk}"

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED

    @property
    def error_message(self) -> str:
        """The failure as the reader should see it, in the active language."""
        if self.error_code == "healthchecks.interrupted":
            return str(
                _(
                    "The scan was interrupted %(attempts)s times (the scanning service stopped) and has "
                    "been stopped. Start a new health check; no result of this one counts."
                )
                % {"attempts": self.attempts}
            )
        return self.error

    @property
    def progress_percent(self) -> int:
        if self.is_finished:
            return 100
        return round(100 * self.progress_done / self.progress_total) if self.progress_total else 0


class Severity(models.TextChoices):
    CRITICAL = "critical", _("Critical")
    HIGH = "high", _("High")
    MEDIUM = "medium", _("Medium")
    LOW = "low", _("Low")
    INFO = "info", _("Informational")


SEVERITY_RANK = {"critical": 4, "high": 3, "medium": 2, "low": 1, "info": 0}


class Confidence(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    BANNER = "banner-based", _("Banner-based")
    BACKPORT = "possible-backport", _("Possible backport")


class Finding(models.Model):
    """One problem the scanner reported on one service; texts in both languages, as the scanner gave them."""

    health_check = models.ForeignKey(
        HealthCheck, on_delete=models.CASCADE, related_name="findings", verbose_name=_("health check")
    )
    asset = models.ForeignKey(
        Asset,
        on_delete=models.PROTECT,
        related_name="findings",
        null=True,
        blank=True,
        verbose_name=_("asset"),
    )
    target = models.CharField(_("target"), max_length=300)
    host = models.CharField(_("host"), max_length=255)
    port = models.PositiveIntegerField(_("port"), null=True, blank=True)
    check_id = models.CharField(_("check"), max_length=60)
    title_zh = models.CharField(_("title (Chinese)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300)
    advice_zh = models.TextField(_("advice (Chinese)"))
    advice_en = models.TextField(_("advice (English)"))
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices)
    confidence = models.CharField(_("confidence"), max_length=20, choices=Confidence.choices)
    cwe = models.CharField(_("CWE"), max_length=20, blank=True)
    evidence = models.TextField(_("evidence"), blank=True)
    cves = models.JSONField(_("CVE ids"), default=list, blank=True)
    cvss = models.DecimalField(_("CVSS"), max_digits=3, decimal_places=1, null=True, blank=True)
    kev = models.BooleanField(_("known exploited (KEV)"), default=False)
    ransomware = models.BooleanField(_("used by ransomware"), default=False)
    due_at = models.DateTimeField(_("remediate by"), null=True, blank=True)
    score_cap = models.PositiveSmallIntegerField(_("score cap"), null=True, blank=True)
    tags = models.JSONField(_("tags"), default=list, blank=True)

    scope_lookups: ClassVar[tuple[str, ...]] = (
        "health_check__organisation",
        "health_check__organisation__applications__insurer",
    )

    class Meta:
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        ordering: ClassVar[list[str]] = ["health_check", "pk"]

    def __str__(self) -> str:
        return f"{self.check_id} @ {self.target}"

    @property
    def fingerprint(self) -> str:
        """The same problem on the same service in another health check (what a rescan looks for)."""
        return f"{self.host}|{self.port or ''}|{self.check_id}"

    def title(self, language: str) -> str:
        return self.title_en if language.lower().startswith("en") else self.title_zh

    def advice(self, language: str) -> str:
        return self.advice_en if language.lower().startswith("en") else self.advice_zh
