"""The provider network's use cases, by subject: ``registry`` (providers, certifications, price book),
``offers`` (dispatch through offers), ``work`` (engineer, work log, report, completion, rating) and
``lifecycle`` (state changes, the listeners and completion guards registered by the apps above).

Every ``do_*`` function is keyword-only, runs in one transaction (``@audited``) and writes its audit
record; a refused request raises a coded :class:`DomainError` and changes nothing.

The names are re-exported here so that callers import ``cyberins.providers.services``; a test that
replaces one must patch the module that looks it up (e.g. ``services.offers.offer_next``), not this one.
"""

from cyberins.providers.services.lifecycle import (
    before_completion,
    lock_own_engagement,
    move_engagement,
    move_offer,
    on_engagement,
    run_completion_guards,
)
from cyberins.providers.services.offers import (
    do_accept_offer,
    do_assign_manually,
    do_decline_offer,
    do_open_engagement,
    expire_offers,
    offer_deadline,
    offer_next,
)
from cyberins.providers.services.registry import (
    MAX_PRICE,
    check_credit_code,
    check_regions,
    do_add_certification,
    do_register_provider,
    do_set_price,
    do_update_profile,
    parse_price,
)
from cyberins.providers.services.work import (
    MAX_REPORT_BYTES,
    do_assign_engineer,
    do_complete,
    do_log_work,
    do_rate,
    do_upload_report,
    engineer_profile,
)

__all__ = [
    "MAX_PRICE",
    "MAX_REPORT_BYTES",
    "before_completion",
    "check_credit_code",
    "check_regions",
    "do_accept_offer",
    "do_add_certification",
    "do_assign_engineer",
    "do_assign_manually",
    "do_complete",
    "do_decline_offer",
    "do_log_work",
    "do_open_engagement",
    "do_rate",
    "do_register_provider",
    "do_set_price",
    "do_update_profile",
    "do_upload_report",
    "engineer_profile",
    "expire_offers",
    "lock_own_engagement",
    "move_engagement",
    "move_offer",
    "offer_deadline",
    "offer_next",
    "on_engagement",
    "parse_price",
    "run_completion_guards",
]
