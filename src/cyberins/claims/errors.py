"""The error codes of the claims app (listed in docs/errors.md; a test keeps both in step)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from cyberins.accounts.errors import ErrorCode


class ClaimsError(ErrorCode):
    ALREADY_CLAIMED = "claims.already_claimed", _("A claim has already been opened for this incident.")
    NOT_CLAIMABLE = "claims.not_claimable", _("Only a reported security incident can become a claim.")
    INVALID_AMOUNT = "claims.invalid_amount", _("Enter an amount of more than zero in yuan and fen.")
    COVERAGE_NOT_INSURED = "claims.coverage_not_insured", _("The policy does not insure this coverage.")
    INVALID_REASON = "claims.invalid_reason", _("Choose reduction reasons from the list.")
    REASON_REQUIRED = "claims.reason_required", _("Give the reason.")
    NO_OUTAGE = "claims.no_outage", _("Record the incident's outages (with their ends) first.")
    NOTHING_MISSING = "claims.nothing_missing", _("No document is missing.")
    DOCUMENTS_MISSING = "claims.documents_missing", _("Documents are still missing.")
    UNKNOWN_DOCUMENT = "claims.unknown_document", _("This document was not requested.")
    NO_LINES = "claims.no_lines", _("Add at least one loss line.")
    NOT_ASSESSED = "claims.line_not_assessed", _("Assess every loss line first.")
    INVALID_FINDING = (
        "claims.invalid_finding",
        _("Choose a finding notified to this insured before the incident."),
    )
    OWN_ASSESSMENT = "claims.own_assessment", _("Nobody approves their own assessment.")
    AUTHORITY_EXCEEDED = "claims.authority_exceeded", _("The amount is above your authority limit.")
    NOT_APPROVED = "claims.not_approved", _("Only an approved claim is paid.")
    ABOVE_PAYABLE = "claims.above_payable", _("The payment is above what is left of the approved payable.")
    DIRECT_NOT_AUTHORISED = (
        "claims.direct_not_authorised",
        _("The insured has not authorised direct payment to the provider."),
    )
    NO_PROVIDER = "claims.no_provider", _("This claim has no response provider to pay.")
    KEY_REUSED = "claims.key_reused", _("This Idempotency-Key was used for a different payment.")
    KEY_REQUIRED = "claims.key_required", _("Send an Idempotency-Key header.")
    NOT_EDITABLE = "claims.not_editable", _("The claim cannot be changed in its present state.")
    NO_LETTER = "claims.no_letter", _("The settlement letter exists once the claim is approved.")
    NO_REPORT = "claims.no_report", _("The loss-adjustment report exists once the claim is assessed.")
