"""The in-force book as an Open Exposure Data (OED v4) cyber account file, for Oasis tools.

Columns and coverage codes follow the OED v4.0.0 cyber account example and CoverageValues
(OasisLMF/ODS_OpenExposureData): NPBI business interruption (non-property), DIAS digital
assets, EXT extortion, INRE incident response, LIA liability, REG regulatory. Where several
Cyberins coverages map to one OED coverage the largest sub-limit is given (they are
sub-limits of one sum insured, not additive). ``PolPerilsCovered`` is ``CC1`` as in the
OED example; money in CNY; ``BIWaitingPeriod`` in hours.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

from cyberins.analytics.services import BI, UNKNOWN, in_force_policies, policy_rows

OED_VERSION = "4.0.0"
#: Cyberins coverage code → OED cyber coverage code
COVERAGE_TO_OED = {
    "business_interruption": "NPBI",
    "restoration": "DIAS",
    "extortion": "EXT",
    "crisis_management": "INRE",
    "response_service": "INRE",
    "data_breach": "LIA",
    "legal": "LIA",
    "intellectual_property": "LIA",
    "regulatory": "REG",
}
OED_COVERAGES = ("NPBI", "DIAS", "EXT", "INRE", "LIA", "REG")
COLUMNS = [
    "PortNumber",
    "AccNumber",
    "AccName",
    "AccCurrency",
    "PolNumber",
    "PolInceptionDate",
    "PolExpiryDate",
    "LOB",
    "PolPerilsCovered",
    "PolGrossPremium",
    "LayerLimit",
    "LayerAttachment",
    "OEDVersion",
    "CountryCode",
    "AreaName",
    "IndustryScheme1",
    "IndustryCode1",
    "AnnualRevenue",
    "AnnualRevenueCurrency",
    "PolDed",
    *[f"Pol{kind}{code}" for code in OED_COVERAGES for kind in ("Limit", "Ded")],
    "LimitCurrency",
    "DedCurrency",
    "PolCoverage",
    "OSVendor",
    "CloudVendor",
    "BIWaitingPeriod",
    "InsuredName",
]


def account_rows(valuation_date: date, insurer_id: int | None = None) -> list[dict[str, str]]:
    """One OED account row per in-force policy (raises the no-in-force error when there is none)."""
    rows = policy_rows(valuation_date, insurer_id)
    policies = {p.number: p for p in in_force_policies(valuation_date, insurer_id)}
    out = []
    for r in rows:
        p = policies[r.number]
        limits: dict[str, Decimal] = {}
        deds: dict[str, Decimal] = {}
        for cov in p.coverages.all():
            code = COVERAGE_TO_OED.get(cov.coverage)
            if code is None:
                continue
            limits[code] = max(limits.get(code, Decimal(0)), cov.sub_limit)
            deds[code] = max(deds.get(code, Decimal(0)), cov.deductible)
        row = {
            "PortNumber": "CYBERINS",
            "AccNumber": str(p.insured_id),
            "AccName": r.insured,
            "AccCurrency": "CNY",
            "PolNumber": r.number,
            "PolInceptionDate": p.first_day.isoformat(),
            "PolExpiryDate": p.last_day.isoformat(),
            "LOB": "Cyber",
            "PolPerilsCovered": "CC1",
            "PolGrossPremium": str(p.premium),
            "LayerLimit": str(r.sum_insured),
            "LayerAttachment": "0",
            "OEDVersion": OED_VERSION,
            "CountryCode": "CN",
            "AreaName": "" if r.segments["region"] == UNKNOWN else r.segments["region"],
            "IndustryScheme1": "GB/T 4754-2017",
            "IndustryCode1": "" if r.segments["industry"] == UNKNOWN else r.segments["industry"],
            "AnnualRevenue": f"{r.revenue:.2f}" if r.revenue else "",
            "AnnualRevenueCurrency": "CNY",
            "PolDed": str(r.deductible),
            "LimitCurrency": "CNY",
            "DedCurrency": "CNY",
            "PolCoverage": ";".join(c for c in OED_COVERAGES if c in limits),
            "OSVendor": "" if r.segments["software"] == UNKNOWN else r.segments["software"],
            "CloudVendor": "" if r.segments["cloud"] == UNKNOWN else r.segments["cloud"],
            "BIWaitingPeriod": str(r.waiting_hours) if BI in r.coverages else "",
            "InsuredName": r.insured,
        }
        for code in OED_COVERAGES:
            row[f"PolLimit{code}"] = str(limits[code]) if code in limits else ""
            row[f"PolDed{code}"] = str(deds[code]) if code in deds else ""
        out.append(row)
    return out


def account_csv(valuation_date: date, insurer_id: int | None = None) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(account_rows(valuation_date, insurer_id))
    return buffer.getvalue()
