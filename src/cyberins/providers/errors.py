"""Error codes of the provider network (one enumeration per app, rendered as ``{code, message, field}``;
listed in docs/errors.md, a test keeps both in step)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from cyberins.accounts.errors import ErrorCode


class ProviderErrorCode(ErrorCode):
    INVALID_CREDIT_CODE = (
        "providers.invalid_credit_code",
        _("Enter a valid unified social credit code (18 characters, GB 32100-2015)."),
    )
    CREDIT_CODE_TAKEN = (
        "providers.credit_code_taken",
        _("A provider with this credit code is already registered."),
    )
    NOT_A_PROVIDER = "providers.not_a_provider", _("The organisation is not a service provider.")
    INVALID_PRICE = "providers.invalid_price", _("Enter a price above zero in yuan and fen.")
    INVALID_DATE = "providers.invalid_date", _("The date is outside the allowed range.")
    INVALID_REGION = "providers.invalid_region", _("Unknown province or city.")
    UNKNOWN_SERVICE = "providers.unknown_service", _("Unknown service.")
    OFFER_NOT_PENDING = "providers.offer_not_pending", _("This offer has already been answered.")
    OFFER_EXPIRED = "providers.offer_expired", _("The deadline to accept this offer has passed.")
    OVER_CAPACITY = (
        "providers.over_capacity",
        _("All %(capacity)s on-call slots are taken; finish or hand back an engagement first."),
    )
    REASON_REQUIRED = "providers.reason_required", _("A reason is required.")
    WRONG_STATUS = "providers.wrong_status", _("The engagement is not in a state that allows this.")
    NOT_AN_ENGINEER = "providers.not_an_engineer", _("Choose an engineer of your company.")
    INVALID_HOURS = "providers.invalid_hours", _("Enter the hours worked that day (0.5 to 24).")
    INVALID_REPORT = "providers.invalid_report", _("Upload the report as a PDF of at most 20 MB.")
    REPORT_REQUIRED = "providers.report_required", _("Upload the report before completing.")
    INVALID_RATING = "providers.invalid_rating", _("Rate from 1 to 5.")
    INVALID_CAPACITY = "providers.invalid_capacity", _("Enter a capacity from 1 to 1000.")
