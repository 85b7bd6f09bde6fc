"""The ``kev`` scenario: a known exploited vulnerability matched against the software health checks saw.

``cyberins portfolio scenario kev --cve CVE-…`` (and ``?name=kev&cve=…`` on the API and the page):

1. the CVE must be in the KEV catalogue of the vulnerability store (``cyberins vulndb update --kev``,
   in ``VAR_DIR``; the snapshot shipped with the scanner is not used here, so the result follows the
   store the operator loaded) and the store must know the versions it affects (its NVD record, or the
   curated ranges shipped with the scanner);
2. a policy is struck when the latest finished health check of its insured fingerprinted a product
   version inside one of those ranges (``CveRecord.affects``; a distribution build that may carry a
   backported fix cannot be told apart from the stored text, so it counts: prudent);
3. the struck policies' losses follow the library's ``critical_vulnerability`` parameters (share
   exploited, outage hours, restoration) through each policy's terms, as every scenario
   (``actuarial.portfolio.scenarios``).
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
from django.conf import settings

from cyberins.accounts.errors import DomainError
from cyberins.actuarial.portfolio import get_scenario, strike
from cyberins.analytics.errors import AnalyticsError
from cyberins.analytics.services import fingerprinted, in_force_book, in_force_policies
from cyberins.scanner.software import from_display
from cyberins.scanner.vulnstore import load_knowledge

#: the scenario name on the command line, the API and the page
KEV = "kev"
#: the library scenario whose parameters the KEV scenario uses
PARAMETERS = "critical_vulnerability"
CVE_ID = re.compile(r"CVE-\d{4}-\d{4,}")


def _error(code: AnalyticsError, field: str | None = "cve") -> DomainError:
    return DomainError(code, code.meaning, field=field)


def kev_scenario(
    cve: str | None,
    valuation_date: date,
    *,
    insurer_id: int | None = None,
    store_dir: Path | None = None,
) -> dict[str, Any]:
    """The KEV scenario for ``cve`` on the in-force book (layout of ``services.scenario`` plus ``cve``,
    ``kev`` and ``matched``: the policies struck and the software that made them so)."""
    wanted = (cve or "").strip().upper()
    if not CVE_ID.fullmatch(wanted):
        raise _error(AnalyticsError.UNKNOWN_CVE)
    store = store_dir or Path(settings.VAR_DIR)
    if not (store / "kev.json").exists():
        raise _error(AnalyticsError.NO_VULNERABILITY_STORE, field=None)
    knowledge = load_knowledge(store)
    entry = knowledge.kev.get(wanted)
    if entry is None:
        raise _error(AnalyticsError.UNKNOWN_CVE)
    record = knowledge.vulndb.records.get(wanted)
    if record is None or not record.ranges:
        raise _error(AnalyticsError.CVE_WITHOUT_RANGES)
    book = in_force_book(valuation_date, insurer_id)  # coded error when nothing is in force
    policies = in_force_policies(valuation_date, insurer_id).prefetch_related(None)
    insured_of = dict(policies.values_list("number", "insured_id"))
    seen = fingerprinted(set(insured_of.values()))
    struck: list[int] = []
    matched: list[dict[str, Any]] = []
    for i, number in enumerate(book.ids):
        hits = [
            text
            for text in seen.get(insured_of[number], [])
            if (software := from_display(text)) is not None and record.affects(software)
        ]
        if hits:
            struck.append(i)
            matched.append({"number": number, "software": sorted(set(hits))})
    scenario = get_scenario(PARAMETERS)
    result = strike(book, scenario, np.array(struck, dtype=np.int64), value=wanted)
    out = result.to_dict()
    out |= {
        "scenario": KEV,
        "title_en": f"Known exploited vulnerability ({scenario.title_en.lower()})",
        "title_zh": f"已知被利用漏洞（{scenario.title_zh}）",
        "parameters": PARAMETERS,
        "cve": wanted,
        "kev": {"name": entry.name, "date_added": entry.date_added, "ransomware": entry.ransomware},
        "valuation_date": valuation_date.isoformat(),
        "matched": matched,
        "policies": [
            {"number": book.ids[i], "insured_loss": float(loss)}
            for i, loss in zip(result.policy_index, result.policy_insured, strict=True)
        ],
    }
    return out
