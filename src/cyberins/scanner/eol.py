"""End-of-life status from endoflife.date release data (MIT), shipped in ``data/endoflife/``."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

EOL_PATH = Path(__file__).parent / "data" / "endoflife" / "products.json"


@dataclass(frozen=True)
class EolStatus:
    product: str
    cycle: str
    #: the end-of-life date, if endoflife.date gives one
    eol_date: date | None
    is_eol: bool
    latest: str | None = None


class EolCatalogue:
    def __init__(self, products: dict[str, list[dict[str, Any]]]) -> None:
        self.products = products

    @classmethod
    def from_file(cls, path: Path = EOL_PATH) -> EolCatalogue:
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls({name: p.get("releases", []) for name, p in data.get("products", {}).items()})

    def status(self, product: str, version: str, today: date) -> EolStatus | None:
        """The release cycle ``version`` belongs to (longest dotted prefix) and whether it is EOL."""
        best: dict[str, Any] | None = None
        for release in self.products.get(product, ()):
            cycle = str(release.get("releaseCycle", ""))
            if (version == cycle or version.startswith(cycle + ".")) and (
                best is None or len(cycle) > len(str(best["releaseCycle"]))
            ):
                best = release
        if best is None:
            return None
        eol = best.get("eol")
        eol_date: date | None = None
        if isinstance(eol, str):
            eol_date = date.fromisoformat(eol)
            is_eol = eol_date <= today
        else:
            is_eol = bool(eol)
        return EolStatus(product, str(best["releaseCycle"]), eol_date, is_eol, best.get("latest"))

    def has_supported_release(self, product: str, today: date) -> bool:
        """Whether some release cycle of ``product`` is still supported on ``today``."""
        for release in self.products.get(product, ()):
            eol = release.get("eol")
            if eol is False or (isinstance(eol, str) and date.fromisoformat(eol) > today):
                return True
        return False
