"""Email and DNS security of a declared domain: MX, SPF, DMARC, DKIM, DNSSEC and CAA.

Every question goes to one configured resolver (``host:port``, or ``system`` for the machine's own
resolver configuration), never to the domain's hosts: this check sends no packet to the insured.
A domain with a non-null MX is a *mail domain*: a missing SPF or DMARC record there is medium; on a
domain that receives no mail it is low (it can still be spoofed, and ``v=spf1 -all`` plus
``p=reject`` cost nothing). DMARC and CAA are looked up at the name and then at its parent (a
simplification of RFC 7489's organisational domain and RFC 8659's tree climbing, without the
public suffix list: the climb stops at two labels).
"""

from __future__ import annotations

import asyncio
import ipaddress
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import dns.asyncresolver
import dns.dnssec
import dns.exception
import dns.flags
import dns.name
import dns.rdatatype
import dns.resolver
import dns.rrset

from cyberins.scanner.catalogue import make_finding
from cyberins.scanner.findings import Confidence, Finding, Severity

#: DKIM selectors of common mail services (Microsoft 365, Google Workspace, Mailchimp, Amazon SES
#: defaults, generic names); DKIM keys cannot be listed, only guessed
DKIM_SELECTORS: tuple[str, ...] = (
    "default",
    "selector1",
    "selector2",
    "google",
    "k1",
    "s1",
    "s2",
    "dkim",
    "mail",
    "smtp",
)
#: RFC 7208 section 4.6.4: at most 10 mechanisms and modifiers that cause DNS queries
SPF_LOOKUP_LIMIT = 10
_SPF_LOOKUP_TERMS = ("include:", "a", "mx", "ptr", "exists:", "redirect=")


class DomainUnavailable(Exception):
    """The resolver did not answer, or the domain does not exist: the check is incomplete."""


@dataclass(frozen=True)
class DnsServer:
    """Where DNS questions go: ``None`` host means the system's resolver configuration."""

    host: str | None
    port: int = 53

    @classmethod
    def parse(cls, value: str) -> DnsServer:
        """``system``, ``ADDRESS``, ``ADDRESS:PORT`` or ``[IPv6]:PORT``; raises ``ValueError``."""
        value = value.strip()
        if value.lower() == "system":
            return cls(None)
        host, port = value, 53
        if value.startswith("["):
            host, _, rest = value[1:].partition("]")
            if rest:
                port = int(rest.removeprefix(":"))
        elif value.count(":") == 1:
            host, port_text = value.split(":")
            port = int(port_text)
        ipaddress.ip_address(host)  # a resolver is named by its address
        if not 0 < port < 65536:
            raise ValueError(f"port out of range: {port}")
        return cls(host, port)


class _Lookup:
    """A dnspython resolver asking for DNSSEC records (the DO bit), with answers as plain lists."""

    def __init__(self, server: DnsServer, timeout: float) -> None:
        if server.host is None:
            self.resolver = dns.asyncresolver.Resolver()
        else:
            self.resolver = dns.asyncresolver.Resolver(configure=False)
            self.resolver.nameservers = [server.host]
            self.resolver.port = server.port
        self.resolver.timeout = timeout
        self.resolver.lifetime = timeout * 2
        self.resolver.use_edns(0, dns.flags.DO, 1232)

    async def answer(self, name: str, rdtype: str) -> dns.resolver.Answer | None:
        """The answer, or ``None`` for no such name/record; raises ``DomainUnavailable`` when the
        resolver itself fails (a failed lookup is unknown, not absent)."""
        try:
            return await self.resolver.resolve(name, rdtype, raise_on_no_answer=False, search=False)
        except dns.resolver.NXDOMAIN:
            return None
        except (dns.exception.Timeout, dns.resolver.NoNameservers) as exc:
            raise DomainUnavailable(f"{name} {rdtype}: {exc}") from exc

    async def records(self, name: str, rdtype: str) -> list[str]:
        answer = await self.answer(name, rdtype)
        if answer is None or answer.rrset is None:
            return []
        if rdtype == "TXT":
            return [b"".join(r.strings).decode("utf-8", "replace") for r in answer.rrset]
        return [r.to_text() for r in answer.rrset]


def _parents(domain: str) -> list[str]:
    """The name and its ancestors down to two labels (``a.b.example.com`` → 3 names)."""
    labels = domain.rstrip(".").split(".")
    return [".".join(labels[i:]) for i in range(max(1, len(labels) - 1))]


def spf_problem(records: Sequence[str]) -> tuple[str, Severity | None, str] | None:
    """``(check, severity override, evidence)`` for the SPF TXT records of a domain, or None if sound."""
    spf = [r for r in records if r.lower() == "v=spf1" or r.lower().startswith("v=spf1 ")]
    if not spf:
        return ("email.spf.missing", None, "no TXT record starting with v=spf1")
    if len(spf) > 1:
        return ("email.spf.invalid", None, f"{len(spf)} SPF records: " + " | ".join(spf))
    record = spf[0]
    terms = [t.lower() for t in record.split()[1:]]
    lookups = sum(1 for t in terms if t.lstrip("+-~?").startswith(_SPF_LOOKUP_TERMS))
    if lookups > SPF_LOOKUP_LIMIT:
        return ("email.spf.invalid", None, f"{lookups} DNS-querying terms: {record}")
    final = next((t for t in terms if t.lstrip("+-~?") == "all"), None)
    if final in {"all", "+all"}:
        return ("email.spf.permissive", None, record)
    if final == "?all" or (final is None and not any(t.startswith("redirect=") for t in terms)):
        return ("email.spf.permissive", Severity.MEDIUM, record)
    return None


def dmarc_policy(records: Sequence[str], *, subdomain: bool = False) -> tuple[str | None, str]:
    """``(policy, evidence)`` from the TXT records at a ``_dmarc`` name; policy None when invalid.

    ``subdomain``: the record was found at the parent, so its ``sp`` tag (default ``p``) applies."""
    dmarc = [r for r in records if r.replace(" ", "").lower().startswith("v=dmarc1")]
    if len(dmarc) != 1:
        return None, f"{len(dmarc)} DMARC records"
    tags = {
        k.strip().lower(): v.strip().lower()
        for k, _, v in (part.partition("=") for part in dmarc[0].split(";"))
        if k.strip()
    }
    policy = tags.get("sp", tags.get("p")) if subdomain else tags.get("p")
    return (policy if policy in {"none", "quarantine", "reject"} else None), dmarc[0]


async def _dnssec(lookup: _Lookup, domain: str, now: datetime) -> tuple[str, str] | None:
    """``(check, evidence)`` unless the closest signed zone's DNSKEY set validates at ``now``."""
    for zone in _parents(domain):
        answer = await lookup.answer(zone, "DNSKEY")
        if answer is None or answer.rrset is None:
            continue
        name = dns.name.from_text(zone)
        sigs = next(
            (
                r
                for r in answer.response.answer
                if r.rdtype == dns.rdatatype.RRSIG and r.covers == dns.rdatatype.DNSKEY
            ),
            None,
        )
        if not sigs:
            return "dns.dnssec.invalid", f"{zone}: DNSKEY without RRSIG"
        try:
            dns.dnssec.validate(answer.rrset, sigs, {name: answer.rrset}, now=now.timestamp())
        except dns.dnssec.ValidationFailure as exc:
            return "dns.dnssec.invalid", f"{zone}: {exc}"
        return None
    return "dns.dnssec.missing", f"no DNSKEY at {' or '.join(_parents(domain))}"


async def _first_found(lookup: _Lookup, names: Sequence[str], rdtype: str) -> tuple[str, list[str]]:
    for name in names:
        if found := await lookup.records(name, rdtype):
            return name, found
    return "", []


async def _unresolvable(lookup: _Lookup, host: str) -> bool:
    return not (await lookup.records(host, "A") or await lookup.records(host, "AAAA"))


async def _dkim(lookup: _Lookup, domain: str) -> list[str]:
    found = await asyncio.gather(*(lookup.records(f"{s}._domainkey.{domain}", "TXT") for s in DKIM_SELECTORS))
    return [
        selector
        for selector, records in zip(DKIM_SELECTORS, found, strict=True)
        if any("p=" in r.replace(" ", "") and "p=;" not in r.replace(" ", "") + ";" for r in records)
    ]


async def check_domain(
    domain: str, *, server: DnsServer, now: datetime, timeout: float = 3.0
) -> list[Finding]:
    """The email and DNS findings for ``domain``; raises ``DomainUnavailable`` if it cannot be checked."""
    domain = domain.rstrip(".").lower()
    lookup = _Lookup(server, timeout)
    if await lookup.answer(domain, "SOA") is None:
        raise DomainUnavailable(f"{domain}: no such domain (NXDOMAIN)")
    problems: list[tuple[str, Severity | None, str, Confidence]] = []
    mx = [r.split()[1] for r in await lookup.records(domain, "MX")]
    mail_domain = bool(mx) and mx != ["."]  # RFC 7505 null MX: the domain receives no mail
    unprotected = None if mail_domain else Severity.LOW
    if mail_domain:
        for host in mx:
            if await _unresolvable(lookup, host):
                problems.append(("email.mx.unresolvable", None, f"MX {host}", Confidence.CONFIRMED))
        if not await _dkim(lookup, domain):
            evidence = "no DKIM key at " + ", ".join(f"{s}._domainkey" for s in DKIM_SELECTORS)
            problems.append(("email.dkim.not_found", None, evidence, Confidence.BANNER))
    names = _parents(domain)[:2]
    where, dmarc_records = await _first_found(lookup, [f"_dmarc.{n}" for n in names], "TXT")
    policy, evidence = dmarc_policy(dmarc_records, subdomain=where not in {"", f"_dmarc.{domain}"})
    if policy is None:
        problems.append(("email.dmarc.missing", unprotected, evidence, Confidence.CONFIRMED))
    elif policy == "none":
        evidence = f"{where}: {evidence}"
        problems.append(("email.dmarc.not_enforced", unprotected, evidence, Confidence.CONFIRMED))
    spf = spf_problem(await lookup.records(domain, "TXT"))
    # a name that receives no mail under an enforcing DMARC policy needs no SPF of its own:
    # mail forged in its name fails DMARC and is quarantined or rejected
    if spf and (mail_domain or policy not in {"quarantine", "reject"} or spf[0] != "email.spf.missing"):
        check, severity, evidence = spf
        problems.append((check, severity if mail_domain else Severity.LOW, evidence, Confidence.CONFIRMED))
    if dnssec := await _dnssec(lookup, domain, now):
        problems.append((*dnssec[:1], None, dnssec[1], Confidence.CONFIRMED))
    if not (await _first_found(lookup, _parents(domain), "CAA"))[1]:
        problems.append(
            ("dns.caa.missing", None, f"no CAA at {' or '.join(_parents(domain))}", Confidence.CONFIRMED)
        )
    return [
        make_finding(
            check,
            host=domain,
            port=None,
            evidence=evidence,
            now=now,
            confidence=confidence,
            severity=severity,
        )
        for check, severity, evidence, confidence in problems
    ]


async def check_domains(
    domains: Sequence[str], server: str | None, *, now: datetime, timeout: float = 3.0
) -> list[Finding]:
    """:func:`check_domain` for each domain (none when no resolver is configured); a domain that
    cannot be checked gets a ``scan.incomplete`` finding, never a silent pass."""
    if not server or not domains:
        return []
    where = DnsServer.parse(server)

    async def one(domain: str) -> list[Finding]:
        try:
            return await check_domain(domain, server=where, now=now, timeout=timeout)
        except DomainUnavailable as exc:
            evidence = f"email/DNS check: {exc}"
            return [make_finding("scan.incomplete", host=domain, port=None, evidence=evidence, now=now)]

    return [f for found in await asyncio.gather(*(one(d) for d in domains)) for f in found]
