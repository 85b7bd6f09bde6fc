"""The error codes of the healthchecks app (listed in docs/errors.md; a test keeps both in step)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from cyberins.accounts.errors import ErrorCode


class HealthchecksError(ErrorCode):
    ALREADY_REVOKED = "healthchecks.already_revoked", _("This authorisation is already revoked.")
    ALREADY_VERIFIED = "healthchecks.already_verified", _("A rescan already found this finding fixed.")
    ASSET_EXISTS = "healthchecks.asset_exists", _("This address is already declared.")
    ASSET_NOT_AUTHORISED = (
        "healthchecks.asset_not_authorised",
        _("%(asset)s is not declared and authorised for scanning."),
    )
    ASSET_NOT_DECLARED = (
        "healthchecks.asset_not_declared",
        _("Only the organisation's own active assets can be authorised."),
    )
    ASSET_RETIRED = "healthchecks.asset_retired", _("This asset is already retired.")
    AUTHORISED_IN_FUTURE = (
        "healthchecks.authorised_in_future",
        _("The authorisation cannot be dated in the future."),
    )
    AUTHORISER_REQUIRED = "healthchecks.authoriser_required", _("Name who gave the authorisation.")
    FIXED_IN_FUTURE = "healthchecks.fixed_in_future", _("The fix cannot be dated in the future.")
    INVALID_NOTICE_TIME = (
        "healthchecks.invalid_notice_time",
        _("The notice time must be timezone-aware, after the check ended and not in the future."),
    )
    INVALID_ADDRESS = (
        "healthchecks.invalid_address",
        _("Enter a host name, an IP address, host:port or an http(s) URL."),
    )
    INVALID_KIND = "healthchecks.invalid_kind", _("Unknown kind of health check.")
    INVALID_PORT = "healthchecks.invalid_port", _("A port is between 1 and 65535.")
    INVALID_VALIDITY = "healthchecks.invalid_validity", _("The authorisation must end after it starts.")
    ITEM_NOT_OPEN = "healthchecks.item_not_open", _("Only a notified, open item can be marked fixed.")
    NAME_REQUIRED = "healthchecks.name_required", _("Give the asset a name.")
    NO_ASSETS = "healthchecks.no_assets", _("Choose at least one asset.")
    NO_REPORT = "healthchecks.no_report", _("The report is available once the check has finished.")
    NOT_FINISHED = "healthchecks.not_finished", _("The health check has not finished yet.")
    NOT_INSURED = "healthchecks.not_insured", _("Health checks are for insured enterprises only.")
    NOT_NOTIFIABLE = (
        "healthchecks.not_notifiable",
        _("Only findings of a fixed inspection or a basic vulnerability scan are notified."),
    )
    NOT_NOTIFIABLE_FINDING = (
        "healthchecks.not_notifiable_finding",
        _("Only findings of this health check with a remediation deadline can be notified."),
    )
    NOTHING_AUTHORISED = (
        "healthchecks.nothing_authorised",
        _("Declare assets and record an authorisation to scan them first."),
    )
    NOT_VERIFIABLE = (
        "healthchecks.not_verifiable",
        _("The finding's asset is not declared and authorised for scanning now."),
    )
    NOTHING_TO_NOTIFY = "healthchecks.nothing_to_notify", _("There is nothing new to notify.")
    PORTS_WITH_URL = "healthchecks.ports_with_url", _("A URL names its port itself.")
    TARGET_NOT_ALLOWED = (
        "healthchecks.target_not_allowed",
        _("%(address)s cannot be scanned: it is %(reason)s."),
    )
    VERIFICATION_PENDING = (
        "healthchecks.verification_pending",
        _("A verification of this finding is already under way."),
    )
