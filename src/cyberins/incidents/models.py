"""出险 and 应急响应: the incident (report, coverage result, class and grade, the response stages), the
hotline calls, outage records per affected system and the timeline."""

from __future__ import annotations

from itertools import pairwise
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cyberins.accounts.models import Organisation
from cyberins.accounts.roles import Role
from cyberins.accounts.transitions import Move, StateMachine
from cyberins.healthchecks.models import Finding
from cyberins.policies.models import Policy
from cyberins.providers.models import Engagement
from cyberins.terms.incidents import CLASS_NAMES, GRADE_NAMES, LOCATIONS, OperatorKind


class Channel(models.TextChoices):
    PORTAL = "portal", _("Portal")
    API = "api", _("API")
    HOTLINE = "hotline", _("Hotline")


class Stage(models.TextChoices):
    """The seed's claim flow as the case's stages."""

    REPORTED = "reported", _("Reported (保险报案)")
    RESPONDING = "responding", _("Emergency response (应急响应)")
    DETECTION = "detection", _("Detection (检测)")
    CONTAINMENT = "containment", _("Containment (抑制)")
    ERADICATION = "eradication", _("Eradication (根除)")
    RECOVERY = "recovery", _("Recovery (恢复)")
    REPORTING = "reporting", _("Report and analysis (报告分析)")
    FOLLOW_UP = "follow_up", _("Follow-up services (后续服务)")
    CLOSED = "closed", _("Closed")


CLASS_CHOICES = [(c.value, f"{zh} {c.value}") for c, (zh, _en) in CLASS_NAMES.items()]
GRADE_CHOICES = [(g.value, zh) for g, (zh, _en) in GRADE_NAMES.items()]
LOCATION_CHOICES = [(code, code) for code in LOCATIONS]
OPERATOR_CHOICES = [
    (OperatorKind.CII.value, _("Critical information infrastructure operator")),
    (OperatorKind.STATE_ORGAN.value, _("Central or state organ")),
    (OperatorKind.OTHER.value, _("Other network operator")),
]

RESPONDERS = {Role.PROVIDER_MANAGER, Role.PROVIDER_ENGINEER}
_FLOW = ["responding", "detection", "containment", "eradication", "recovery", "reporting", "follow_up"]


#: The stages a case may move to next (for the case page's buttons; the WORKFLOW is the last word).
WORKFLOW_NEXT: dict[str, list[str]] = {
    "reported": ["responding"],
    **{a: [b] for a, b in pairwise(_FLOW)},
    "detection": ["containment", "closed"],
    "reporting": ["follow_up", "closed"],
    "follow_up": ["closed"],
}


class Incident(models.Model):
    number = models.CharField(_("incident number"), max_length=24, unique=True)
    policy = models.ForeignKey(
        Policy, on_delete=models.PROTECT, related_name="incidents", verbose_name=_("policy")
    )
    reporting_org = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("insured")
    )
    insurer = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("insurer")
    )
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    reported_at = models.DateTimeField(_("reported at"))
    discovered_at = models.DateTimeField(_("discovered at"))
    occurred_at = models.DateTimeField(_("event time"))
    summary = models.TextField(_("what happened"))
    affected_system = models.CharField(_("affected insured system"), max_length=200)
    location = models.CharField(_("where"), max_length=12, choices=LOCATION_CHOICES, default="mainland")
    suspicious_only = models.BooleanField(_("suspicious activity only"), default=False)
    operator_kind = models.CharField(_("operator"), max_length=12, choices=OPERATOR_CHOICES, default="other")
    covered = models.BooleanField(_("covered"))
    coverage_reasons = models.JSONField(_("coverage reasons"), default=list, blank=True)
    incident_class = models.CharField(_("class"), max_length=4, choices=CLASS_CHOICES, default="OTH")
    sub_class = models.CharField(_("sub-class"), max_length=32, blank=True)
    grade = models.CharField(_("grade"), max_length=20, choices=GRADE_CHOICES, default="general")
    personal_information_people = models.PositiveBigIntegerField(
        _("people whose personal information"), default=0
    )
    direct_loss = models.DecimalField(
        _("direct economic loss (CNY)"), max_digits=14, decimal_places=2, default=0
    )
    critical_outage_hours = models.DecimalField(
        _("critical system outage (hours)"), max_digits=8, decimal_places=2, default=0
    )
    stage = models.CharField(_("stage"), max_length=12, choices=Stage.choices, default="reported")
    stage_changed_at = models.DateTimeField(_("stage changed at"), null=True, blank=True)
    not_security_incident = models.BooleanField(_("not a security incident"), default=False)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    related_to = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="related",
        verbose_name=_("linked to the earlier report"),
    )
    engagement = models.OneToOneField(
        Engagement, on_delete=models.SET_NULL, null=True, blank=True, related_name="incident"
    )
    provider = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("response provider"),
    )
    team_hours = models.PositiveSmallIntegerField(_("certified team within (hours)"), default=24)
    callback_minutes = models.PositiveSmallIntegerField(_("first contact within (minutes)"), default=60)
    team_arranged_at = models.DateTimeField(_("team arranged at"), null=True, blank=True)
    first_contact_at = models.DateTimeField(_("first contact at"), null=True, blank=True)
    authority_reported_at = models.DateTimeField(_("reported to the authority at"), null=True, blank=True)
    summary_reported_at = models.DateTimeField(_("summary report filed at"), null=True, blank=True)
    #: clock names whose breach has been recorded (once each)
    breaches = models.JSONField(_("breaches recorded"), default=list, blank=True)
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True)
    # Eradication (根除): what caused it, how, through which vulnerability.
    affected_records = models.PositiveBigIntegerField(_("affected records"), null=True, blank=True)
    root_cause = models.TextField(_("root cause"), blank=True)
    attack_technique = models.CharField(_("ATT&CK technique"), max_length=9, blank=True)
    attack_technique_name = models.CharField(_("technique name"), max_length=200, blank=True)
    exploited_cve = models.CharField(_("exploited vulnerability (CVE)"), max_length=24, blank=True)
    #: the insured's health-check finding of the exploited vulnerability; the claims penalty reads it
    related_finding = models.ForeignKey(
        Finding,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="incidents",
        verbose_name=_("health-check finding exploited"),
    )

    scope_lookups: ClassVar[tuple[str, ...]] = ("reporting_org", "insurer", "provider")

    WORKFLOW: ClassVar[StateMachine] = StateMachine(
        field="stage",
        states=Stage.values,
        stamps={"closed": "closed_at"},
        moves=[
            # the hotline transfers the case, or the system when a provider accepts the response
            Move(
                "reported",
                "responding",
                roles={Role.HOTLINE_AGENT, *RESPONDERS},
                system=True,
                action="respond",
            ),
            *[Move(a, b, roles=RESPONDERS, action=b) for a, b in pairwise(_FLOW)],
            Move("detection", "closed", roles=RESPONDERS, action="close_not_incident"),
            Move(["reporting", "follow_up"], "closed", roles=RESPONDERS, action="close"),
            # an uncovered or suspicious-only report is closed by the insurer's hotline after answering
            Move(
                "reported", "closed", roles={Role.HOTLINE_AGENT, Role.CLAIMS_HANDLER}, action="close_unserved"
            ),
        ],
    )

    class Meta:
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        ordering: ClassVar[list[str]] = ["-reported_at", "-pk"]

    def __str__(self) -> str:
        return self.number


class HotlineCall(models.Model):
    """A phone report registered by the insurer's hotline agent, and its transfer to the provider's line."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="calls")
    agent = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    caller = models.CharField(_("caller"), max_length=100)
    callback_number = models.CharField(_("callback number"), max_length=40)
    called_at = models.DateTimeField(_("time of the call"))
    summary = models.TextField(_("summary"), blank=True)
    transferred_to = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("transferred to"),
    )
    transfer_number = models.CharField(_("transferred to the number"), max_length=40, blank=True)
    transferred_at = models.DateTimeField(_("transferred at"), null=True, blank=True)

    scope_lookups: ClassVar[tuple[str, ...]] = (
        "incident__reporting_org",
        "incident__insurer",
        "incident__provider",
    )

    class Meta:
        ordering: ClassVar[list[str]] = ["incident", "called_at"]

    def __str__(self) -> str:
        return f"{self.incident} {self.caller}"


class Outage(models.Model):
    """An outage of one affected system (business-interruption loss is computed from these)."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="outages")
    system = models.CharField(_("system"), max_length=200)
    started_at = models.DateTimeField(_("outage start"))
    ended_at = models.DateTimeField(_("outage end"), null=True, blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["incident", "started_at"]
        constraints: ClassVar[list[Any]] = [
            models.CheckConstraint(
                condition=models.Q(ended_at__isnull=True) | models.Q(ended_at__gte=models.F("started_at")),
                name="outage_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.incident} {self.system}"


class EntryKind(models.TextChoices):
    REPORT = "report", _("Report")
    COVERAGE = "coverage", _("Coverage check")
    STAGE = "stage", _("Stage")
    CALL = "call", _("Hotline call")
    DISPATCH = "dispatch", _("Dispatch")
    OUTAGE = "outage", _("Outage")
    GRADE = "grade", _("Grade")
    CLOCK = "clock", _("Clock")
    NOTE = "note", _("Note")
    TASK = "task", _("Task")
    EVIDENCE = "evidence", _("Evidence")
    ERADICATE = "eradicate", _("Eradication")
    RESPONSE = "response", _("Response report")
    FOLLOW_UP = "follow_up", _("Follow-up service")
    MESSAGE = "message", _("Message")


class TimelineEntry(models.Model):
    """The case's timeline: written automatically by every service, plus manual notes."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="timeline")
    at = models.DateTimeField(_("time"))
    kind = models.CharField(_("kind"), max_length=10, choices=EntryKind.choices)
    text = models.TextField(_("entry"))
    details = models.JSONField(default=dict, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        ordering: ClassVar[list[str]] = ["incident", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.incident} {self.kind} {self.at:%Y-%m-%d %H:%M}"


# The case's working records live in their own module; importing them here registers them with the app.
from cyberins.incidents.case_models import (  # noqa: E402, F401
    CustodyAction,
    CustodyEntry,
    Evidence,
    FollowUpOrder,
    ResponseReport,
    Task,
    TaskStatus,
)
