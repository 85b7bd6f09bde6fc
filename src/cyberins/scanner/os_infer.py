"""The operating system behind a service, inferred from the distribution build in its banner.

Distributions stamp their package versions into banners: ``OpenSSH_8.2p1 Ubuntu-4ubuntu0.5``,
``OpenSSH_9.2p1 Debian-2+deb12u3``, ``Apache/2.4.41 (Ubuntu)``, ``Apache/2.4.6 (CentOS)``. A
release token (``deb12u3``, ``el7``) names the release: confidence *high*. Otherwise the upstream
version a release shipped names it: confidence *medium* (a backport or a self-built package can
carry the same version). The release's end of life comes from endoflife.date (``ubuntu``,
``debian``, ``centos``, ``rhel``); only a *high*-confidence end of life caps and refers like
end-of-life software — a *medium* one is reported for the underwriter to verify.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from cyberins.scanner.catalogue import make_finding
from cyberins.scanner.check_types import CAP_REMOTE_ACCESS
from cyberins.scanner.eol import EolCatalogue
from cyberins.scanner.findings import Confidence, Finding, Severity
from cyberins.scanner.software import Software

NAMES = {"ubuntu": "Ubuntu", "debian": "Debian", "centos": "CentOS", "rhel": "Red Hat Enterprise Linux"}
#: (cpe, upstream version prefix, distribution in the banner) → release shipping it
SHIPPED: dict[tuple[str, str, str], str] = {
    ("openbsd:openssh", "6.6.1p1", "ubuntu"): "14.04",
    ("openbsd:openssh", "7.2p2", "ubuntu"): "16.04",
    ("openbsd:openssh", "7.6p1", "ubuntu"): "18.04",
    ("openbsd:openssh", "8.2p1", "ubuntu"): "20.04",
    ("openbsd:openssh", "8.9p1", "ubuntu"): "22.04",
    ("openbsd:openssh", "9.6p1", "ubuntu"): "24.04",
    ("openbsd:openssh", "6.7p1", "debian"): "8",
    ("openbsd:openssh", "7.4p1", "debian"): "9",
    ("openbsd:openssh", "7.9p1", "debian"): "10",
    ("openbsd:openssh", "8.4p1", "debian"): "11",
    ("openbsd:openssh", "9.2p1", "debian"): "12",
    ("apache:http_server", "2.4.7", "ubuntu"): "14.04",
    ("apache:http_server", "2.4.18", "ubuntu"): "16.04",
    ("apache:http_server", "2.4.29", "ubuntu"): "18.04",
    ("apache:http_server", "2.4.41", "ubuntu"): "20.04",
    ("apache:http_server", "2.4.52", "ubuntu"): "22.04",
    ("apache:http_server", "2.4.58", "ubuntu"): "24.04",
    ("apache:http_server", "2.4.25", "debian"): "9",
    ("apache:http_server", "2.4.38", "debian"): "10",
    ("apache:http_server", "2.2.15", "centos"): "6",
    ("apache:http_server", "2.4.6", "centos"): "7",
    ("apache:http_server", "2.4.6", "rhel"): "7",
    ("f5:nginx", "1.14.0", "ubuntu"): "18.04",
    ("f5:nginx", "1.24.0", "ubuntu"): "24.04",
}
_TOKENS = (
    (re.compile(r"deb(\d+)u\d+"), "debian"),
    (re.compile(r"\.el(\d+)\b"), "rhel"),
)
_DISTROS = (
    ("ubuntu", "ubuntu"),
    ("debian", "debian"),
    ("centos", "centos"),
    ("red hat", "rhel"),
    ("rhel", "rhel"),
)


@dataclass(frozen=True)
class OsGuess:
    product: str  # endoflife.date id
    cycle: str
    confidence: str  # high | medium
    evidence: str

    @property
    def name(self) -> str:
        return f"{NAMES[self.product]} {self.cycle}"


def infer_os(software: Software) -> OsGuess | None:
    source = software.source.lower()
    for pattern, product in _TOKENS:
        if found := pattern.search(source):
            return OsGuess(product, found.group(1), "high", f"release token in '{software.source}'")
    distro = next((p for word, p in _DISTROS if word in source), None)
    if distro is None:
        return None
    release = SHIPPED.get((software.cpe, software.version, distro))
    if release is None:
        return None
    evidence = f"{software} is the version {NAMES[distro]} {release} ships ('{software.source}')"
    return OsGuess(distro, release, "medium", evidence)


def os_findings(
    software: list[Software], *, host: str, port: int, now: datetime, eol: EolCatalogue
) -> list[Finding]:
    """At most one finding per service: the first end-of-life release inferred, the surest first."""
    guesses = sorted(filter(None, map(infer_os, software)), key=lambda g: g.confidence != "high")
    for guess in guesses:
        status = eol.status(guess.product, guess.cycle, now.date())
        if status is None or not status.is_eol:
            continue
        when = status.eol_date.isoformat() if status.eol_date else "date not published"
        evidence = (
            f"{guess.name} (confidence {guess.confidence}: {guess.evidence}); end of life {when}; "
            "paid extended support (Ubuntu Pro, Debian LTS, RHEL ELS) may still cover it"
        )
        sure = guess.confidence == "high"
        return [
            make_finding(
                "os.eol",
                host=host,
                port=port,
                evidence=evidence,
                now=now,
                confidence=Confidence.BANNER,
                severity=None if sure else Severity.MEDIUM,
                params={"product": guess.name},
                extra_tags=("eol_software",) if sure else (),
                score_cap=CAP_REMOTE_ACCESS if sure else None,
            )
        ]
    return []
