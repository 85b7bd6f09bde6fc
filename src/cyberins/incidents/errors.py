"""The error codes of the incidents app (listed in docs/errors.md; a test keeps both in step)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from cyberins.accounts.errors import ErrorCode


class IncidentsError(ErrorCode):
    NOT_YOUR_POLICY = (
        "incidents.not_your_policy",
        _("You can report only on your own organisation's policies."),
    )
    SUMMARY_REQUIRED = "incidents.summary_required", _("Describe what happened.")
    SYSTEM_REQUIRED = "incidents.system_required", _("Name the affected system.")
    INVALID_TIME = "incidents.invalid_time", _("This time cannot be after the report.")
    INVALID_CHOICE = "incidents.invalid_choice", _("Choose one of the listed values.")
    INVALID_PERIOD = "incidents.invalid_period", _("The end must not be before the start.")
    CALLBACK_REQUIRED = "incidents.callback_required", _("Give the caller's name and callback number.")
    INCIDENT_CLOSED = "incidents.closed", _("This incident is closed.")
    TEXT_REQUIRED = "incidents.text_required", _("Write the entry.")
    INVALID_TECHNIQUE = (
        "incidents.invalid_technique",
        _("Give an ATT&CK technique id such as T1486 or T1566.001."),
    )
    INVALID_CVE = "incidents.invalid_cve", _("Give a CVE id such as CVE-2024-3400.")
    FINDING_NOT_FOUND = "incidents.finding_not_found", _("No such health-check finding of the insured.")
    EVIDENCE_TOO_LARGE = "incidents.evidence_too_large", _("The file is larger than the limit.")
    EVIDENCE_TYPE = "incidents.evidence_type", _("This type of file is not accepted as evidence.")
    EVIDENCE_RETIRED = "incidents.evidence_retired", _("This evidence is retired.")
    REASON_REQUIRED = "incidents.reason_required", _("Give the reason.")
    INVALID_REPORT = (
        "incidents.invalid_report",
        _("Upload the report as a PDF and fill in every part of the summary."),
    )
    WRONG_STAGE = "incidents.wrong_stage", _("This cannot be done at the case's present stage.")
    NOT_IN_PLAN = "incidents.not_in_plan", _("The plan does not include this follow-up service.")
    ALREADY_ORDERED = (
        "incidents.already_ordered",
        _("This follow-up service is already ordered for the case."),
    )
    OWNER_INVALID = "incidents.owner_invalid", _("The owner must be a person working on the case.")
