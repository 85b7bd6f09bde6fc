"""The claim use cases (one ``do_*`` per use case, keyword-only, in a transaction, audited)."""

from cyberins.claims.services.assessment import (
    authority_of,
    do_add_line,
    do_approve,
    do_assess,
    do_assess_line,
    do_deny,
    do_reopen,
    do_revise_reserve,
    do_send_denial_notice,
    do_withdraw,
    outage_hours,
)
from cyberins.claims.services.common import reserves, totals
from cyberins.claims.services.opening import (
    do_authorise_direct_payment,
    do_complete_documents,
    do_open_claim,
    do_receive_document,
    do_request_documents,
    missing_documents,
)
from cyberins.claims.services.settlement import (
    claim_clocks,
    do_close,
    do_pay,
    do_record_recovery,
    do_reverse_payment,
    tick,
)

__all__ = [
    "authority_of",
    "claim_clocks",
    "do_add_line",
    "do_approve",
    "do_assess",
    "do_assess_line",
    "do_authorise_direct_payment",
    "do_close",
    "do_complete_documents",
    "do_deny",
    "do_open_claim",
    "do_pay",
    "do_receive_document",
    "do_record_recovery",
    "do_reopen",
    "do_request_documents",
    "do_reverse_payment",
    "do_revise_reserve",
    "do_send_denial_notice",
    "do_withdraw",
    "missing_documents",
    "outage_hours",
    "reserves",
    "tick",
    "totals",
]
