"""Error codes of the provider network (one enumeration per app, rendered as ``{code, message, field}``)."""

from __future__ import annotations

from enum import StrEnum


class ProviderErrorCode(StrEnum):
    INVALID_CREDIT_CODE = "providers.invalid_credit_code"
    CREDIT_CODE_TAKEN = "providers.credit_code_taken"
    NOT_A_PROVIDER = "providers.not_a_provider"
    INVALID_PRICE = "providers.invalid_price"
    INVALID_DATE = "providers.invalid_date"
    INVALID_REGION = "providers.invalid_region"
    UNKNOWN_SERVICE = "providers.unknown_service"
    OFFER_NOT_PENDING = "providers.offer_not_pending"
    OFFER_EXPIRED = "providers.offer_expired"
    OVER_CAPACITY = "providers.over_capacity"
    REASON_REQUIRED = "providers.reason_required"
    WRONG_STATUS = "providers.wrong_status"
    NOT_AN_ENGINEER = "providers.not_an_engineer"
    INVALID_HOURS = "providers.invalid_hours"
    INVALID_REPORT = "providers.invalid_report"
    REPORT_REQUIRED = "providers.report_required"
    INVALID_RATING = "providers.invalid_rating"
    INVALID_CAPACITY = "providers.invalid_capacity"
    INVALID_TRANSITION = "invalid_transition"
