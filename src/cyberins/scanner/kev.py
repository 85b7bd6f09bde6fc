"""The CISA Known Exploited Vulnerabilities catalogue (CC0), shipped in ``data/kev/``."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).parent / "data"
KEV_PATH = DATA / "kev" / "known_exploited_vulnerabilities.json"


@dataclass(frozen=True)
class KevEntry:
    cve: str
    date_added: str
    #: CISA reports the vulnerability as used in ransomware campaigns ("Known")
    ransomware: bool
    name: str = ""


class KevCatalogue:
    def __init__(self, entries: dict[str, KevEntry], version: str = "") -> None:
        self.entries = entries
        self.version = version

    @classmethod
    def from_file(cls, path: Path = KEV_PATH) -> KevCatalogue:
        data = json.loads(path.read_text(encoding="utf-8"))
        entries = {
            v["cveID"]: KevEntry(
                v["cveID"],
                v.get("dateAdded", ""),
                str(v.get("knownRansomwareCampaignUse", "")).lower() == "known",
                v.get("vulnerabilityName", ""),
            )
            for v in data.get("vulnerabilities", ())
        }
        return cls(entries, data.get("catalogVersion", ""))

    def get(self, cve: str) -> KevEntry | None:
        return self.entries.get(cve.upper())

    def __contains__(self, cve: object) -> bool:
        return isinstance(cve, str) and cve.upper() in self.entries
