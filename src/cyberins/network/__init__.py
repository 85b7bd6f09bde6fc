"""Pure logic of the designated service-provider network (定点服务单位): the unified social credit code
check (GB 32100-2015), the GB/T 2260 regions served, working-day deadlines and provider matching.

No Django here: the ``providers`` app feeds plain dataclasses in and stores what comes out.
"""

from cyberins.network.credit_code import CreditCodeError, credit_code_check_char, validate_credit_code
from cyberins.network.matching import (
    Assessment,
    Candidate,
    Certificate,
    Gap,
    Need,
    Proximity,
    Reason,
    RegionServed,
    find_gaps,
    match,
    sla_tier,
)
from cyberins.network.regions import CITIES, PROVINCES, City, Province, city, find_region, province
from cyberins.network.workdays import add_working_days

__all__ = [
    "CITIES",
    "PROVINCES",
    "Assessment",
    "Candidate",
    "Certificate",
    "City",
    "CreditCodeError",
    "Gap",
    "Need",
    "Province",
    "Proximity",
    "Reason",
    "RegionServed",
    "add_working_days",
    "city",
    "credit_code_check_char",
    "find_gaps",
    "find_region",
    "match",
    "province",
    "sla_tier",
    "validate_credit_code",
]
