"""Software → vulnerabilities: CVE version ranges, CISA KEV membership, end-of-life status."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from cyberins.scanner.catalogue import CAP_CRITICAL_EXPOSURE, make_finding
from cyberins.scanner.eol import EolCatalogue
from cyberins.scanner.findings import Confidence, Finding, Severity
from cyberins.scanner.kev import KevCatalogue
from cyberins.scanner.software import Software
from cyberins.scanner.vulndb import VulnDB

CURATED_RANGES = Path(__file__).parent / "data" / "cve_ranges.json"


@dataclass(frozen=True)
class Knowledge:
    """The reference data a scan matches against."""

    vulndb: VulnDB
    kev: KevCatalogue
    eol: EolCatalogue

    @classmethod
    def load(cls, extra_vulndb: Iterable[Path | str] = ()) -> Knowledge:
        """The shipped data plus operator stores (e.g. written by :func:`import_nvd_feeds`)."""
        return cls(
            VulnDB.from_files([CURATED_RANGES, *extra_vulndb]),
            KevCatalogue.from_file(),
            EolCatalogue.from_file(),
        )


@lru_cache(maxsize=1)
def default_knowledge() -> Knowledge:
    return Knowledge.load()


def software_findings(
    software: Software, *, host: str, port: int, now: datetime, knowledge: Knowledge
) -> list[Finding]:
    findings: list[Finding] = []
    confidence = Confidence.BACKPORT if software.backport else Confidence.BANNER
    matches = knowledge.vulndb.match(software)
    if matches:
        kev_entries = [e for e in (knowledge.kev.get(m.id) for m in matches) if e is not None]
        top = matches[0]
        kev = bool(kev_entries)
        parts = []
        for match in matches:
            entry = knowledge.kev.get(match.id)
            flags = (", KEV" if entry else "") + (", ransomware" if entry and entry.ransomware else "")
            parts.append(f"{match.id} ({match.cvss if match.cvss is not None else '?'}{flags})")
        severity = Severity.from_cvss(max(m.cvss or 0.0 for m in matches))
        tags = []
        if not software.backport:
            tags += ["kev"] if kev else []
            tags += ["critical_vuln"] if severity is Severity.CRITICAL or kev else []
        elif kev:
            tags.append("kev_possible")
        findings.append(
            make_finding(
                "software.vulnerable",
                host=host,
                port=port,
                evidence=f"{software.source} → {software}: " + "; ".join(parts),
                now=now,
                confidence=confidence,
                severity=severity,
                params={"product": str(software)},
                cwe=top.cwes[0] if top.cwes else None,
                cves=tuple(m.id for m in matches),
                cvss=max(m.cvss or 0.0 for m in matches),
                kev=kev,
                ransomware=any(e.ransomware for e in kev_entries),
                extra_tags=tuple(tags),
                score_cap=CAP_CRITICAL_EXPOSURE if kev and not software.backport else None,
            )
        )
    if software.eol_product:
        status = knowledge.eol.status(software.eol_product, software.version, now.date())
        if status is not None and status.is_eol:
            when = status.eol_date.isoformat() if status.eol_date else "date not published"
            findings.append(
                make_finding(
                    "software.eol",
                    host=host,
                    port=port,
                    evidence=f"{software}: release cycle {status.cycle} end-of-life since {when}"
                    + (f"; latest {status.latest}" if status.latest else ""),
                    now=now,
                    confidence=confidence,
                    params={"product": str(software)},
                    extra_tags=(),
                )
            )
            if software.backport:  # a distribution may still support it: no pricing tag
                findings[-1] = _without_tag(findings[-1], "eol_software")
    return findings


def _without_tag(finding: Finding, tag: str) -> Finding:
    from dataclasses import replace

    return replace(finding, tags=finding.tags - {tag})
