"""Email and DNS security of declared names, against the loopback DNS server (no outside DNS)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from cyberins.healthchecks.lab_dns import LoopbackDns
from cyberins.scanner import ScanOptions, Scope, Severity, TargetPolicy, assess
from cyberins.scanner.email_dns import (
    DnsServer,
    DomainUnavailable,
    check_domain,
    dmarc_policy,
    spf_problem,
)

NOW = datetime.now(UTC)


@pytest.fixture(scope="module")
def dns_server() -> Iterator[LoopbackDns]:
    server = LoopbackDns().start()
    yield server
    server.stop()


def _check(server: LoopbackDns, domain: str) -> dict[str, Severity]:
    found = asyncio.run(check_domain(domain, server=DnsServer.parse(server.address), now=NOW, timeout=1.0))
    assert all(f.host == domain and f.port is None and f.title.zh and f.title.en for f in found)
    return {f.check: f.severity for f in found}


@pytest.mark.parametrize("domain", ["good.test", "parked.test", "www.good.test"])
def test_a_well_configured_domain_has_no_findings(dns_server: LoopbackDns, domain: str) -> None:
    # good.test: MX, SPF -all, DMARC reject, DKIM, CAA, valid DNSSEC; parked.test: null MX;
    # www.good.test: no mail of its own, covered by the parent's enforcing DMARC policy
    assert _check(dns_server, domain) == {}


def test_a_badly_configured_mail_domain_shows_every_weakness(dns_server: LoopbackDns) -> None:
    assert _check(dns_server, "bad.test") == {
        "email.spf.permissive": Severity.HIGH,  # v=spf1 +all
        "email.dmarc.not_enforced": Severity.MEDIUM,  # p=none
        "email.dkim.not_found": Severity.LOW,
        "email.mx.unresolvable": Severity.MEDIUM,  # MX gone.bad.test has no address
        "dns.dnssec.missing": Severity.LOW,
        "dns.caa.missing": Severity.LOW,
    }


def test_expired_dnssec_signatures_are_reported(dns_server: LoopbackDns) -> None:
    assert _check(dns_server, "expired.test") == {"dns.dnssec.invalid": Severity.MEDIUM}


def test_a_name_that_does_not_exist_cannot_be_checked(dns_server: LoopbackDns) -> None:
    with pytest.raises(DomainUnavailable, match="NXDOMAIN"):
        _check(dns_server, "missing.good.test")


@pytest.mark.parametrize(
    ("records", "expected"),
    [
        (["v=spf1 mx -all"], None),
        (["v=spf1 include:_spf.example.com ~all"], None),
        (["v=spf1 redirect=_spf.example.com"], None),
        (["google-site-verification=x"], ("email.spf.missing", None)),
        (["v=spf1 +all"], ("email.spf.permissive", None)),
        (["v=spf1 a mx all"], ("email.spf.permissive", None)),
        (["v=spf1 mx ?all"], ("email.spf.permissive", Severity.MEDIUM)),
        (["v=spf1 mx"], ("email.spf.permissive", Severity.MEDIUM)),
        (["v=spf1 -all", "v=spf1 mx -all"], ("email.spf.invalid", None)),
        (["v=spf1 " + " ".join(f"include:s{i}.example.com" for i in range(11)) + " -all"],
         ("email.spf.invalid", None)),
    ],
)  # fmt: skip
def test_spf_records_are_judged_by_rfc_7208(
    records: list[str], expected: tuple[str, Severity | None] | None
) -> None:
    problem = spf_problem(records)
    assert (problem[:2] if problem else None) == expected


def test_dmarc_policy_at_the_parent_uses_its_subdomain_policy() -> None:
    record = ["v=DMARC1; p=reject; sp=none; rua=mailto:d@example.com"]
    assert dmarc_policy(record)[0] == "reject"
    assert dmarc_policy(record, subdomain=True)[0] == "none"
    assert dmarc_policy(["v=DMARC1; p=reject", "v=DMARC1; p=none"])[0] is None  # two records: none applies
    assert dmarc_policy(["v=DMARC1; rua=mailto:d@example.com"])[0] is None  # no p= tag


@pytest.mark.parametrize(
    ("text", "host", "port"),
    [("system", None, 53), ("127.0.0.1", "127.0.0.1", 53), ("127.0.0.1:5353", "127.0.0.1", 5353),
     ("[::1]:5300", "::1", 5300)],
)  # fmt: skip
def test_the_resolver_address_is_parsed(text: str, host: str | None, port: int) -> None:
    assert DnsServer.parse(text) == DnsServer(host, port)


@pytest.mark.parametrize(
    ("text", "reason"),
    [("ns.example.com", "does not appear to be an IP"), ("127.0.0.1:0", "port out of range"),
     ("127.0.0.1:x", "invalid literal")],
)  # fmt: skip
def test_a_bad_resolver_address_is_refused(text: str, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        DnsServer.parse(text)


def _assess(names: list[str], dns_address: str | None):  # type: ignore[no-untyped-def]
    async def resolver(host: str) -> list[str]:
        return ["127.0.0.1"]

    policy = TargetPolicy.permissive()  # .test and .invalid names are refused by default
    options = ScanOptions(
        timeout=1.0, use_nmap=False, resolver=resolver, dns_server=dns_address, policy=policy
    )
    # an unused loopback port: the TCP side is closed, only the names' email/DNS checks find anything
    targets = [f"{name}:9" for name in names]
    return assess(Scope.from_declared(targets), targets, now=NOW, options=options)


def test_the_assessment_checks_each_declared_name_once(dns_server: LoopbackDns) -> None:
    result = _assess(["bad.test", "good.test"], dns_server.address)
    assert {f.check for f in result.findings if f.host == "bad.test"} >= {"email.spf.permissive"}
    assert not [f for f in result.findings if f.host == "good.test"]
    assert len([f for f in result.findings if f.check == "email.spf.permissive"]) == 1
    assert result.complete
    assert result.score.score == 100 - 20 - 8 - 2 - 8 - 2 - 2  # high, 2×medium, 3×low (docs/healthcheck.md)


def test_a_name_the_resolver_cannot_answer_makes_the_assessment_incomplete(dns_server: LoopbackDns) -> None:
    result = _assess(["nowhere.invalid"], dns_server.address)  # no zone serves it: NXDOMAIN
    assert [f.check for f in result.findings] == ["scan.incomplete"]
    assert not result.complete


def test_without_a_configured_resolver_the_names_are_not_looked_up() -> None:
    result = _assess(["bad.test"], None)
    assert not result.findings
    assert result.complete
