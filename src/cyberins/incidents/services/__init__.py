"""The incident use cases: report (portal, API, hotline), stages, outages, timeline, dispatch, clocks.

Every ``do_*`` function is keyword-only, runs in one transaction (``@audited``) and writes its audit
record; a refused request raises a coded :class:`DomainError` and changes nothing. The rules themselves
(coverage, grading, clocks) are pure, in :mod:`cyberins.terms.incidents`. The functions live in modules
by subject; this package re-exports the public names so callers import them from here.
"""

from __future__ import annotations

from cyberins.incidents.services.clocks import (
    REGULATORY_REPORTS,
    clock_facts,
    do_record_regulatory_report,
    incident_clocks,
    open_for_clocks,
    tick,
)
from cyberins.incidents.services.common import LIMITS, add_entry
from cyberins.incidents.services.evidence import (
    CustodyCheck,
    do_access_evidence,
    do_retire_evidence,
    do_submit_response_report,
    do_transfer_evidence,
    do_upload_evidence,
    verify_custody,
)
from cyberins.incidents.services.intake import (
    OVERLAP,
    RESPONSE_SERVICE,
    coverage_facts,
    do_register_call,
    do_report_incident,
    follow_engagement,
    offered_provider,
)
from cyberins.incidents.services.stages import (
    do_add_timeline_entry,
    do_move_stage,
    do_record_outage,
    do_update_impact,
)
from cyberins.incidents.services.work import (
    FOLLOW_UP_SERVICES,
    case_people,
    do_add_task,
    do_finish_task,
    do_order_follow_up,
    do_post_message,
    do_record_eradication,
    follow_up_offer,
    remind_tasks,
)

__all__ = [
    "FOLLOW_UP_SERVICES",
    "LIMITS",
    "OVERLAP",
    "REGULATORY_REPORTS",
    "RESPONSE_SERVICE",
    "CustodyCheck",
    "add_entry",
    "case_people",
    "clock_facts",
    "coverage_facts",
    "do_access_evidence",
    "do_add_task",
    "do_add_timeline_entry",
    "do_finish_task",
    "do_move_stage",
    "do_order_follow_up",
    "do_post_message",
    "do_record_eradication",
    "do_record_outage",
    "do_record_regulatory_report",
    "do_register_call",
    "do_report_incident",
    "do_retire_evidence",
    "do_submit_response_report",
    "do_transfer_evidence",
    "do_update_impact",
    "do_upload_evidence",
    "follow_engagement",
    "follow_up_offer",
    "incident_clocks",
    "offered_provider",
    "open_for_clocks",
    "remind_tasks",
    "tick",
    "verify_custody",
]
