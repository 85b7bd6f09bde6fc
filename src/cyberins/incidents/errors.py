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
