"""Default rating of a product version: frequency modifiers over the assumption set's base rates.

Industry and revenue band are already in the assumption set's base frequency, so they are not
repeated here.

The modifiers are relative frequencies by questionnaire answer, multiplied together and capped.
They are uncalibrated starting points (labelled so in the product), to be replaced per product by
the insurer's actuary; the base frequency and severity come from the actuarial assumption set.
"""

from __future__ import annotations

from typing import Any

DEFAULT_RATING: dict[str, Any] = {
    "assumption_set": "default",
    "segment": "sme",
    "calibrated": False,
    "modifiers": {
        "security_staff": [[0, "1.25"], [1, "1.10"], [3, "1.00"], [10, "0.90"]],
        "cloud_provider": {"foreign_public": "1.10", "domestic_public": "0.95", "private": "0.95"},
        "sensitive_data": {"personal": "1.10", "financial": "1.15", "health": "1.15"},
        # Credits for good hygiene only: bad findings are priced by the scanner's premium modifier and
        # D/E/F grades are referred or declined by the underwriting rules.
        "grade": {"A": "0.85", "B": "0.95"},
    },
    "modifier_bounds": ["0.60", "2.50"],
    # Share of the enterprise's loss-causing incidents this product responds to (named systems, covered
    # perils); 1 would price every incident of the enterprise at the full plan limit.
    "frequency_scale": "0.35",
    # Standard-deviation risk load per policy: cost of capital on one policy's own TVaR99.5 charges
    # each policy as if it were the whole portfolio's capital; the portfolio allocation belongs to analytics.
    "loadings": {"risk_load_method": "std", "risk_load_factor": 0.15},
    "authority": ["0.80", "1.20"],
    "vat_rate": "0.06",
}
