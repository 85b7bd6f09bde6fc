"""Grades that rank risk: the rule set (docs/healthcheck.md, "Rules"), monotonicity, and the lab table."""

from __future__ import annotations

import itertools
import random
import socket
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from cyberins.scanner import (
    Action,
    AssessmentResult,
    ScanOptions,
    Scope,
    Severity,
    Target,
    assess,
    premium_modifier,
    score_findings,
    underwriting_triggers,
)
from cyberins.scanner.catalogue import CHECKS, make_finding
from cyberins.scanner.findings import Confidence, Finding
from cyberins.scanner.kev import KevCatalogue, KevEntry
from cyberins.scanner.software import parse_banner
from cyberins.scanner.vulndb import VulnDB
from cyberins.scanner.vulns import Knowledge, default_knowledge, software_findings
from tests.loopback import Server

from . import responders as r
from .conftest import HARDENED_HEADERS, NOW, Pki, Services, http_handler, server_context

FIXED_NOW = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
GRADES = "ABCDF"
ACTIONS = {None: 0, Action.REFER: 1, Action.DECLINE: 2}


def banner_findings(
    banner: str, *, now: datetime = FIXED_NOW, knowledge: Knowledge | None = None
) -> list[Finding]:
    knowledge = knowledge or default_knowledge()
    return [
        f
        for software in parse_banner(banner)
        for f in software_findings(software, host="203.0.113.7", port=21, now=now, knowledge=knowledge)
    ]


def finding(check: str, **kwargs: object) -> Finding:
    return make_finding(check, host="203.0.113.7", port=443, evidence="test", now=FIXED_NOW, **kwargs)  # type: ignore[arg-type]


def worst_action(findings: list[Finding]) -> Action | None:
    actions = [t.action for t in underwriting_triggers(findings)]
    return max(actions, key=ACTIONS.__getitem__) if actions else None


def codes(findings: list[Finding]) -> dict[str, Action]:
    return {t.code: t.action for t in underwriting_triggers(findings)}


# --- the rules ----------------------------------------------------------------------------------


def test_a_known_backdoor_declines_and_fails_although_it_is_not_in_kev() -> None:
    findings = banner_findings("220 (vsFTPd 2.3.4)")
    (vulnerable,) = findings
    assert vulnerable.cves == ("CVE-2011-2523",)
    assert not vulnerable.kev
    assert "backdoor" in vulnerable.evidence
    assert codes(findings) == {"backdoor": Action.DECLINE}
    assert score_findings(findings).grade == "F"
    assert premium_modifier(findings).factor == Decimal("1.153")  # critical vulnerability loading


def test_a_critical_kev_vulnerability_refers_or_declines() -> None:
    apache = banner_findings("Apache/2.4.49 (Unix)")
    assert codes(apache)["kev_ransomware"] is Action.DECLINE
    assert score_findings(apache).grade == "F"
    kev = finding(
        "software.vulnerable",
        severity=Severity.CRITICAL,
        kev=True,
        extra_tags=("kev", "critical_vuln"),
        score_cap=39,
        params={"product": "x"},
    )
    assert codes([kev]) == {"kev": Action.REFER}
    assert score_findings([kev]).grade == "F"


@pytest.mark.parametrize("check", ["datastore.unauthenticated", "remote.vnc.unauthenticated"])
def test_an_unauthenticated_datastore_declines(check: str) -> None:
    assert worst_action([finding(check)]) is Action.DECLINE
    assert score_findings([finding(check)]).grade == "F"


@pytest.mark.parametrize("check", ["remote.rdp", "remote.smb", "remote.vnc", "cleartext.telnet"])
def test_exposed_remote_access_refers_and_grades_at_best_d(check: str) -> None:
    assert codes([finding(check)]) == {"remote_access": Action.REFER}
    assert score_findings([finding(check)]).grade == "D"
    assert premium_modifier([finding(check)]).factor == Decimal("1.581")


def test_internet_facing_end_of_life_software_refers_and_grades_at_best_d() -> None:
    findings = banner_findings("nginx/1.18.0")  # 1.18 ended 2021-04-20
    assert {f.check for f in findings} == {"software.eol", "software.vulnerable"}
    assert codes(findings) == {"eol_software": Action.REFER}
    assert score_findings(findings).grade == "D"
    # a distribution build of the same: reported, but the distribution may still support it
    backport = banner_findings("nginx/1.18.0 (Ubuntu)")
    eol = next(f for f in backport if f.check == "software.eol")
    assert eol.confidence is Confidence.BACKPORT
    assert codes(backport) == {}


def test_a_superseded_mainline_branch_is_not_end_of_life() -> None:
    # nginx 1.29 (mainline) was superseded by 1.31 on 2026-05-13; nginx itself is maintained
    findings = banner_findings("nginx/1.29.8")
    (outdated,) = findings
    assert outdated.check == "software.outdated"
    assert outdated.severity is Severity.LOW
    assert "eol_software" not in outdated.tags
    assert (score_findings(findings).score, codes(findings)) == (98, {})
    # a branch superseded long ago is end of life, and it ranks worse than a current one
    old = banner_findings("nginx/1.18.0")
    assert score_findings(old).score < score_findings(findings).score
    # once the grace period has passed, the same branch is end of life
    later = banner_findings("nginx/1.29.8", now=datetime(2027, 6, 1, tzinfo=UTC))
    assert "software.eol" in {f.check for f in later}


def test_iis_7_5_is_end_of_life_and_ranks_below_a_current_nginx() -> None:
    iis = banner_findings("Microsoft-IIS/7.5")
    (eol,) = iis
    assert eol.check == "software.eol"
    assert "Windows Server 2008 R2" in eol.evidence
    assert "2020-01-14" in eol.evidence
    assert codes(iis) == {"eol_software": Action.REFER}
    assert banner_findings("nginx/1.31.4") == []
    assert score_findings(iis).score < score_findings(banner_findings("nginx/1.31.4")).score
    assert banner_findings("Microsoft-IIS/10.0") == []  # 2016-2025: not judged


def test_a_client_side_cve_is_not_a_remote_critical() -> None:
    knowledge = default_knowledge()
    only_agent = Knowledge(VulnDB([knowledge.vulndb.records["CVE-2023-38408"]]), knowledge.kev, knowledge.eol)
    (agent,) = banner_findings("SSH-2.0-OpenSSH_9.3p1", knowledge=only_agent)
    assert agent.cves == ("CVE-2023-38408",)
    assert agent.severity is Severity.INFO
    assert "critical_vuln" not in agent.tags
    assert score_findings([agent]).score == 100
    assert premium_modifier([agent]).factor == Decimal("1.000")
    # even were it in KEV, a client-side CVE would not make the server KEV-exposed
    in_kev = Knowledge(
        only_agent.vulndb,
        KevCatalogue({"CVE-2023-38408": KevEntry("CVE-2023-38408", "2023-07-20", True)}),
        knowledge.eol,
    )
    (listed,) = banner_findings("SSH-2.0-OpenSSH_9.3p1", knowledge=in_kev)
    assert (listed.kev, listed.score_cap, underwriting_triggers([listed])) == (False, None, ())
    # with the whole data set, OpenSSH 9.3p1 is high (CVE-2024-6387, 8.1), not critical
    (full,) = banner_findings("SSH-2.0-OpenSSH_9.3p1")
    assert full.severity is Severity.HIGH
    assert "critical_vuln" not in full.tags


# --- monotonicity -------------------------------------------------------------------------------


def _pool() -> list[Finding]:
    pool: list[Finding] = []
    for check_id in CHECKS:
        for confidence in Confidence:
            pool.append(finding(check_id, confidence=confidence, params={"product": "x"}))
    for severity in Severity:
        pool.append(finding("software.vulnerable", severity=severity, params={"product": "y"}))
    for banner in ("Apache/2.4.49 (Unix)", "220 (vsFTPd 2.3.4)", "nginx/1.18.0", "nginx/1.29.8",
                   "SSH-2.0-OpenSSH_7.4", "Apache/2.4.6 (CentOS)", "nginx/1.18.0 (Ubuntu)"):  # fmt: skip
        pool.extend(banner_findings(banner))
    return pool


def _assert_no_better(before: list[Finding], after: list[Finding]) -> None:
    s0, s1 = score_findings(before), score_findings(after)
    assert s1.score <= s0.score
    assert GRADES.index(s1.grade) >= GRADES.index(s0.grade)
    assert premium_modifier(after).factor >= premium_modifier(before).factor
    assert set(codes(before)) <= set(codes(after))
    assert ACTIONS[worst_action(after)] >= ACTIONS[worst_action(before)]


def test_adding_a_finding_never_improves_the_grade_nor_lowers_the_modifier() -> None:
    pool = _pool()
    assert len(pool) > 100
    # every pair exhaustively ...
    for first in pool:
        for second in pool:
            _assert_no_better([first], [first, second])
    # ... and seeded random sets of up to 12 findings plus one more
    rng = random.Random(20261127)
    for _ in range(3000):
        base = rng.sample(pool, rng.randint(0, 12))
        _assert_no_better(base, [*base, rng.choice(pool)])


# --- the loopback lab: expected grades ----------------------------------------------------------


@dataclass(frozen=True)
class Row:
    service: str
    grade: str
    action: Action | None
    #: the trigger codes expected
    triggers: frozenset[str] = frozenset()


#: expected grade and underwriting action for each lab service (also the table in docs/healthcheck.md)
LAB_TABLE: tuple[Row, ...] = (
    Row("hardened HTTPS site", "A", None),
    Row("current nginx 1.31 over HTTPS, good headers", "A", None),
    Row("HTTPS without HSTS", "A", None),
    Row("HTTP session cookie without flags", "B", None),
    Row("OpenSSH 7.4 (client-side CVE not scored)", "B", None),
    Row("self-signed certificate", "C", None),
    Row("TLS 1.0 and an expired certificate", "C", None),
    Row("anonymous FTP (ProFTPD)", "C", Action.REFER, frozenset({"anonymous_access"})),
    Row("RDP", "D", Action.REFER, frozenset({"remote_access"})),
    Row("SMB", "D", Action.REFER, frozenset({"remote_access"})),
    Row("VNC with a password", "D", Action.REFER, frozenset({"remote_access"})),
    Row("end-of-life nginx 1.18", "D", Action.REFER, frozenset({"eol_software"})),
    Row("IIS 7.5 (Windows Server 2008 R2)", "D", Action.REFER, frozenset({"eol_software"})),
    Row("Apache 2.4.49 (KEV, ransomware)", "F", Action.DECLINE, frozenset({"kev_ransomware"})),
    Row("vsftpd 2.3.4 (backdoor)", "F", Action.DECLINE, frozenset({"backdoor"})),
    Row("Memcached without authentication", "F", Action.DECLINE, frozenset({"unauth_datastore"})),
    Row(
        "MongoDB without authentication", "F", Action.DECLINE, frozenset({"unauth_datastore", "eol_software"})
    ),
    Row("PostgreSQL with trust authentication", "F", Action.DECLINE, frozenset({"unauth_datastore"})),
    Row(
        "Elasticsearch without authentication",
        "F",
        Action.DECLINE,
        frozenset({"unauth_datastore", "eol_software"}),
    ),
    Row("Docker Engine API", "F", Action.DECLINE, frozenset({"unauth_datastore", "eol_software"})),
    Row("etcd without authentication", "F", Action.DECLINE, frozenset({"unauth_datastore"})),
)


def smb2_handler(conn: socket.socket) -> None:
    request = conn.recv(1024)
    if request[4:8] == b"\xfeSMB":  # SMB2 NEGOTIATE response header (MS-SMB2 2.2.4), body elided
        header = b"\xfeSMB" + bytes([64, 0]) + bytes(58)
        body = bytes([65, 0, 1, 0, 0x10, 0x02]) + bytes(58)
        message = header + body
        conn.sendall(len(message).to_bytes(4, "big") + message)


def vnc_handler(conn: socket.socket) -> None:
    conn.sendall(b"RFB 003.008\n")
    if conn.recv(12).startswith(b"RFB 003.00"):
        conn.sendall(b"\x01\x02")  # one security type: VNC authentication


@pytest.fixture(scope="module")
def lab(services: Services, pki: Pki) -> Iterator[dict[str, tuple[int, str | None]]]:
    current = (*HARDENED_HEADERS, ("Server", "nginx/1.31.4"))
    plain = tuple(h for h in HARDENED_HEADERS if h[0] not in ("Strict-Transport-Security", "Set-Cookie"))
    es_root = {
        "name": "n1",
        "cluster_name": "lab",
        "version": {"number": "7.10.2"},
        "tagline": "You Know, for Search",
    }
    docker_headers = (("Api-Version", "1.43"), ("Server", "Docker/24.0.7 (linux)"))
    started = {
        "current nginx 1.31 over HTTPS, good headers": (
            Server(http_handler(current), server_context(pki.leaf)),
            "https",
        ),
        "anonymous FTP (ProFTPD)": (
            Server(
                r.ftp_handler(
                    b"220 ProFTPD 1.3.8 Server ready.\r\n", b"230 Anonymous access granted.\r\n", []
                )
            ),
            "ftp",
        ),
        "SMB": (Server(smb2_handler), "smb"),
        "VNC with a password": (Server(vnc_handler), "vnc"),
        "end-of-life nginx 1.18": (Server(http_handler((*plain, ("Server", "nginx/1.18.0")))), "http"),
        "IIS 7.5 (Windows Server 2008 R2)": (
            Server(http_handler((*plain, ("Server", "Microsoft-IIS/7.5")))),
            "http",
        ),
        "Memcached without authentication": (Server(r.memcached_handler("1.6.21")), "memcached"),
        "MongoDB without authentication": (Server(r.mongodb_handler("4.4.29", auth=False)), "mongodb"),
        "PostgreSQL with trust authentication": (
            Server(r.postgresql_handler(method="trust", version="17.2")),
            "postgresql",
        ),
        "Elasticsearch without authentication": (
            Server(r.http_router({"/": r.json_route(200, es_root)})),
            "elasticsearch",
        ),
        "Docker Engine API": (
            Server(
                r.http_router(
                    {"/version": r.json_route(200, {"Version": "24.0.7", "ApiVersion": "1.43"})},
                    common=docker_headers,
                )
            ),
            "docker",
        ),
        "etcd without authentication": (
            Server(
                r.http_router(
                    {
                        "/version": r.json_route(200, {"etcdserver": "3.5.9", "etcdcluster": "3.5.0"}),
                        "/v2/keys": r.json_route(200, {"action": "get", "node": {"dir": True}}),
                    }
                )
            ),
            "etcd",
        ),
    }
    fixtures = {
        "hardened HTTPS site": (services.hardened, "https"),
        "HTTPS without HSTS": (services.no_hsts, "https"),
        "HTTP session cookie without flags": (services.cookie, "http"),
        "OpenSSH 7.4 (client-side CVE not scored)": (services.ssh, "ssh"),
        "self-signed certificate": (services.self_signed, "https"),
        "TLS 1.0 and an expired certificate": (services.legacy_expired, "https"),
        "RDP": (services.rdp, "rdp"),
        "Apache 2.4.49 (KEV, ransomware)": (services.apache, "http"),
        "vsftpd 2.3.4 (backdoor)": (services.vsftpd, "ftp"),
    }
    yield {name: (server.port, hint) for name, (server, hint) in {**started, **fixtures}.items()}
    for server, _ in started.values():
        server.close()


def scan_one(pki: Pki, port: int, hint: str | None) -> AssessmentResult:
    options = ScanOptions(timeout=1.0, use_nmap=False, ca_file=str(pki.ca))
    scope = Scope.from_declared([f"127.0.0.1:{port}"])
    return assess(scope, [Target("127.0.0.1", port, service=hint)], now=NOW, options=options)


@pytest.mark.parametrize("row", LAB_TABLE, ids=[row.service for row in LAB_TABLE])
def test_lab_grades(lab: dict[str, tuple[int, str | None]], pki: Pki, row: Row) -> None:
    result = scan_one(pki, *lab[row.service])
    assert result.complete, result.targets[0].reason
    triggers = {t.code for t in result.triggers}
    assert (result.grade, worst_action(list(result.findings)), triggers) == (
        row.grade,
        row.action,
        set(row.triggers),
    ), [(f.check, f.severity.value, sorted(f.tags)) for f in result.findings]


def test_the_lab_ranks_risk_in_grade_order() -> None:
    """Down the table, no service grades better or triggers a milder action than one above it."""
    for upper, lower in itertools.pairwise(LAB_TABLE):
        assert GRADES.index(lower.grade) >= GRADES.index(upper.grade)
        assert ACTIONS[lower.action] >= ACTIONS[upper.action]


def test_redis_without_password_grades_like_every_unauthenticated_datastore(
    pki: Pki, redis_port: int
) -> None:
    result = scan_one(pki, redis_port, "redis")
    assert (result.grade, worst_action(list(result.findings))) == ("F", Action.DECLINE)
    assert "unauth_datastore" in {t.code for t in result.triggers}
