"""The error codes of the policies app (listed in docs/errors.md; a test keeps both in step)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from cyberins.accounts.errors import ErrorCode


class PoliciesError(ErrorCode):
    ALREADY_BOUND = "policies.already_bound", _("This quote is already bound.")
    ALREADY_PAID = "policies.already_paid", _("This instalment is already paid.")
    INVALID_DATE = "policies.invalid_date", _("Enter a date as YYYY-MM-DD.")
    INVALID_INSTALMENTS = "policies.invalid_instalments", _("Choose 1 to %(max)s instalments.")
    INVALID_START = (
        "policies.invalid_start",
        _("The policy must start between today and %(days)s days from now."),
    )
    INVALID_SUM_INSURED = "policies.invalid_sum_insured", _("Enter a positive amount in yuan and fen.")
    NOT_AN_INSPECTION = "policies.not_an_inspection", _("This service is not a health check.")
    CHECK_NOT_FINISHED = (
        "policies.check_not_finished",
        _("Run the health check against the insured's authorised assets and wait until it has finished."),
    )
    CHECK_RUNNING = "policies.check_running", _("The health check of this order is still running.")
    NOT_ISSUED = "policies.not_issued", _("The policy is not in force.")
    ORDER_NOT_SCHEDULED = "policies.order_not_scheduled", _("This service order is not waiting to start.")
    OUTSIDE_PERIOD = "policies.outside_period", _("The date is outside the period of insurance.")
    PRODUCT_WITHDRAWN = "policies.product_withdrawn", _("The product is no longer on sale.")
    QUOTE_EXPIRED = "policies.quote_expired", _("This quote expired on %(day)s; ask for a new one.")
    QUOTE_NOT_ACTIVE = "policies.quote_not_active", _("This quote can no longer be accepted.")
    REASON_REQUIRED = "policies.reason_required", _("Give the reason for the cancellation.")
    REFERENCE_REQUIRED = "policies.reference_required", _("Give the payment reference.")
    UNKNOWN_PLAN = "policies.unknown_plan", _("The quote has no such plan.")
    OWN_VENDOR_NOT_ALLOWED = (
        "policies.own_vendor_not_allowed",
        _("The plan does not let the insured name its own vendor for this service."),
    )
    PROPOSAL_OPEN = "policies.proposal_open", _("A vendor proposal for this order is already waiting.")
    INVALID_CREDIT_CODE = (
        "policies.invalid_credit_code",
        _("Enter a valid unified social credit code (18 characters, GB 32100-2015)."),
    )
    VENDOR_NAME_REQUIRED = "policies.vendor_name_required", _("Give the vendor's name.")
    DECISION_REASON_REQUIRED = "policies.decision_reason_required", _("Give the reason for the rejection.")
    OUT_OF_ORDER = "policies.instalment_out_of_order", _("Pay instalment %(sequence)s first.")
    AMOUNT_MISMATCH = "policies.amount_mismatch", _("The amount must be the instalment's ¥%(amount)s.")
    REFERENCE_TOO_LONG = (
        "policies.reference_too_long",
        _("The payment reference may have at most %(max)s characters."),
    )
    DUPLICATE_REFERENCE = (
        "policies.duplicate_reference",
        _("This payment reference is already recorded on this policy."),
    )
    PAYMENT_WAITING = (
        "policies.payment_waiting",
        _("A payment of this instalment is already waiting for the insurer's confirmation."),
    )
    PAID_ON_FUTURE = "policies.paid_on_future", _("The payment date cannot be in the future.")
    PAYMENT_DECIDED = "policies.payment_decided", _("This payment is already confirmed or rejected.")
