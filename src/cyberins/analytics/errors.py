"""The error codes of the analytics app (listed in docs/errors.md)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from cyberins.accounts.errors import ErrorCode


class AnalyticsError(ErrorCode):
    NO_IN_FORCE_POLICIES = (
        "analytics.no_in_force_policies",
        _("No policy is in force on the valuation date."),
    )
    UNKNOWN_SCENARIO = "analytics.unknown_scenario", _("There is no scenario of this name.")
    INVALID_YEARS = (
        "analytics.invalid_years",
        _("The number of years must be a whole number from 1 to %(max)s."),
    )
    INVALID_SYNTHETIC = (
        "analytics.invalid_synthetic",
        _("The synthetic book must have from 1 to %(max)s policies."),
    )
    INVALID_SEGMENT = "analytics.invalid_segment", _("Unknown exposure dimension.")
    DASK_UNREACHABLE = "analytics.dask_unreachable", _("The Dask scheduler cannot be reached.")
    UNKNOWN_CVE = (
        "analytics.unknown_cve",
        _("This CVE is not in the known exploited vulnerabilities catalogue of the store."),
    )
    CVE_WITHOUT_RANGES = (
        "analytics.cve_without_ranges",
        _("The store has no affected versions for this CVE: load its NVD record (cyberins vulndb update)."),
    )
    NO_VULNERABILITY_STORE = (
        "analytics.no_vulnerability_store",
        _("The vulnerability store holds no KEV catalogue: load one with cyberins vulndb update --kev."),
    )
    INVALID_MONTH = (
        "analytics.invalid_month",
        _("Give the months as YYYY-MM, the first not after the last, at most 120 months."),
    )
