"""Software → vulnerabilities: CVE version ranges, CISA KEV membership, end-of-life status."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from cyberins.scanner.catalogue import CAP_CRITICAL_EXPOSURE, make_finding
from cyberins.scanner.eol import EOL_PATH, EolCatalogue
from cyberins.scanner.findings import Confidence, Finding, Severity
from cyberins.scanner.kev import KEV_PATH, KevCatalogue
from cyberins.scanner.software import Software
from cyberins.scanner.tds import release_of
from cyberins.scanner.vulndb import VulnDB

CURATED_RANGES = Path(__file__).parent / "data" / "cve_ranges.json"

#: vulnerabilities that are a deliberate backdoor in a released build (no exploit needed, remote shell)
KNOWN_BACKDOORS: dict[str, str] = {
    "CVE-2011-2523": "vsftpd 2.3.4 backdoor: a ':)' user name opens a root shell on TCP 6200",
    "CVE-2010-2075": "UnrealIRCd 3.2.8.1 backdoor: a command prefixed 'AB;' runs on the server",
    "CVE-2024-3094": "xz/liblzma 5.6.0-5.6.1 backdoor reachable through sshd",
}
#: CVEs in server products that only a client (or a local user) can trigger: listed, never scored as
#: a remote critical (e.g. CVE-2023-38408 is in ssh-agent's PKCS#11 support, CVE-2018-20685 and
#: CVE-2019-6111 in the scp client)
CLIENT_SIDE_CVES: dict[str, str] = {
    "CVE-2023-38408": "ssh-agent (client) PKCS#11 loading through a forwarded agent",
    "CVE-2018-20685": "scp client directory permissions",
    "CVE-2019-6109": "scp client output spoofing",
    "CVE-2019-6110": "scp client stderr spoofing",
    "CVE-2019-6111": "scp client file overwrite",
    "CVE-2016-0777": "ssh client roaming information leak",
    "CVE-2016-0778": "ssh client roaming buffer overflow",
}
#: EPSS probability from which a critical, remotely reachable CVE counts as likely exploited (10 %:
#: about the top 2-3 % of all scored CVEs; FIRST's EPSS model v4 user guide discusses thresholds)
EPSS_THRESHOLD = 0.1
#: products whose release branches replace one another (mainline/stable): a branch superseded less
#: than this many days ago is "outdated" (upgrade within the product line), not end-of-life
SUPERSEDED_GRACE_DAYS: dict[str, int] = {"nginx": 365}
#: IIS is supported as a part of Windows Server: its version names the Windows release it ships with
#: (IIS 10.0 spans Windows Server 2016 to 2025 and is not judged)
IIS_WINDOWS_SERVER: dict[str, tuple[str, str]] = {
    "6.0": ("2003-sp2", "Windows Server 2003"),
    "7.0": ("2008-sp2", "Windows Server 2008"),
    "7.5": ("2008-r2-sp1", "Windows Server 2008 R2"),
    "8.0": ("2012", "Windows Server 2012"),
    "8.5": ("2012-r2", "Windows Server 2012 R2"),
}


@dataclass(frozen=True)
class Knowledge:
    """The reference data a scan matches against."""

    vulndb: VulnDB
    kev: KevCatalogue
    eol: EolCatalogue
    #: FIRST EPSS probability of exploitation in the next 30 days, by CVE id
    epss: Mapping[str, float] = field(default_factory=dict)
    #: source (nvd, kev, epss, endoflife) → the date its data is from
    as_of: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, extra_vulndb: Iterable[Path | str] = ()) -> Knowledge:
        """The shipped data plus operator stores (e.g. written by :func:`import_nvd_feeds`)."""
        return cls(
            VulnDB.from_files([CURATED_RANGES, *extra_vulndb]),
            KevCatalogue.from_file(),
            EolCatalogue.from_file(),
        )


@lru_cache(maxsize=1)
def shipped_as_of() -> dict[str, str]:
    """The dates of the shipped snapshots (KEV release, newest curated CVE, endoflife.date commit)."""
    kev = json.loads(KEV_PATH.read_text(encoding="utf-8"))
    curated_records = VulnDB.from_files([CURATED_RANGES]).records.values()
    curated = max((r.last_modified for r in curated_records), default="")
    source = json.loads(EOL_PATH.read_text(encoding="utf-8")).get("source", "")
    eol_day = source.rsplit("(", 1)[-1].rstrip(")") if "(" in source else ""
    shipped = {
        "kev": kev.get("dateReleased") or kev.get("catalogVersion", ""),
        "nvd": curated,
        "endoflife": eol_day,
    }
    return {k: v.strip()[:10].replace(".", "-") for k, v in shipped.items() if v}


@lru_cache(maxsize=1)
def default_knowledge() -> Knowledge:
    return replace(Knowledge.load(), as_of=shipped_as_of())


def software_findings(
    software: Software, *, host: str, port: int, now: datetime, knowledge: Knowledge
) -> list[Finding]:
    findings: list[Finding] = []
    confidence = Confidence.BACKPORT if software.backport else Confidence.BANNER
    matches = knowledge.vulndb.match(software)
    if matches:
        # a client-side CVE is listed but does not make the service a remote critical (nor KEV-exposed)
        remote = [m for m in matches if m.id not in CLIENT_SIDE_CVES]
        kev_entries = [e for e in (knowledge.kev.get(m.id) for m in remote) if e is not None]
        top = remote[0] if remote else matches[0]
        kev = bool(kev_entries)
        backdoors = [m.id for m in matches if m.id in KNOWN_BACKDOORS]
        parts = []
        for match in matches:
            entry = knowledge.kev.get(match.id)
            flags = (", KEV" if entry else "") + (", ransomware" if entry and entry.ransomware else "")
            flags += ", client-side, not scored" if match.id in CLIENT_SIDE_CVES else ""
            flags += ", backdoor" if match.id in KNOWN_BACKDOORS else ""
            flags += f", EPSS {knowledge.epss[match.id]:.2f}" if match.id in knowledge.epss else ""
            parts.append(f"{match.id} ({match.cvss if match.cvss is not None else '?'}{flags})")
        worst = max((m.cvss or 0.0 for m in remote), default=0.0)
        severity = Severity.from_cvss(worst) if remote else Severity.INFO
        tags = []
        if not software.backport:
            tags += ["kev"] if kev else []
            tags += ["critical_vuln"] if severity is Severity.CRITICAL or kev else []
            tags += ["backdoor"] if backdoors else []
            likely = [
                m
                for m in remote
                if (m.cvss or 0.0) >= 9.0 and knowledge.epss.get(m.id, 0.0) >= EPSS_THRESHOLD
            ]
            tags += ["exploit_likely"] if likely and not kev else []
        elif kev:
            tags.append("kev_possible")
        capped = (kev or bool(backdoors)) and not software.backport
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
                score_cap=CAP_CRITICAL_EXPOSURE if capped else None,
            )
        )
    eol_product, eol_version, via = software.eol_product, software.version, ""
    if software.cpe == "microsoft:internet_information_services" and software.version in IIS_WINDOWS_SERVER:
        eol_version, windows = IIS_WINDOWS_SERVER[software.version]
        eol_product, via = "windows-server", f" (ships with {windows})"
    if software.cpe == "microsoft:sql_server" and (release := release_of(software.version)):
        eol_version, via = release[1], f" ({release[0]})"
    if eol_product:
        status = knowledge.eol.status(eol_product, eol_version, now.date())
        if status is not None and status.is_eol:
            when = status.eol_date.isoformat() if status.eol_date else "date not published"
            evidence = f"{software}{via}: release cycle {status.cycle} end-of-life since {when}" + (
                f"; latest {status.latest}" if status.latest else ""
            )
            grace = SUPERSEDED_GRACE_DAYS.get(eol_product)
            superseded = (
                grace is not None
                and status.eol_date is not None
                and (now.date() - status.eol_date).days < grace
                and knowledge.eol.has_supported_release(eol_product, now.date())
            )
            if superseded:
                findings.append(
                    make_finding(
                        "software.outdated",
                        host=host,
                        port=port,
                        evidence=evidence.replace("end-of-life since", "superseded on")
                        + " (the product line is maintained)",
                        now=now,
                        confidence=confidence,
                        params={"product": str(software)},
                    )
                )
            else:
                finding = make_finding(
                    "software.eol",
                    host=host,
                    port=port,
                    evidence=evidence,
                    now=now,
                    confidence=confidence,
                    params={"product": str(software)},
                )
                if software.backport:  # a distribution may still support it: no pricing tag, no cap
                    finding = replace(finding, tags=finding.tags - {"eol_software"}, score_cap=None)
                findings.append(finding)
    return findings
