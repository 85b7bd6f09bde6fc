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

__all__ = [
    "LIMITS",
    "OVERLAP",
    "REGULATORY_REPORTS",
    "RESPONSE_SERVICE",
    "add_entry",
    "clock_facts",
    "coverage_facts",
    "do_add_timeline_entry",
    "do_move_stage",
    "do_record_outage",
    "do_record_regulatory_report",
    "do_register_call",
    "do_report_incident",
    "do_update_impact",
    "follow_engagement",
    "incident_clocks",
    "offered_provider",
    "open_for_clocks",
    "tick",
]
