"""Demo health checks for the three insured enterprises: declared assets, an authorisation, one
stored assessment each, built in code from scanner findings (nothing is scanned while loading).

Every declared asset is a service of the demo lab (:mod:`cyberins.healthchecks.lab`) on
127.0.0.1, so a health check a demo user starts scans the lab for real and never leaves the
machine; the stored assessments show what such a scan finds.

Idempotent: an organisation that already has declared assets is left alone.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from cyberins.accounts.audit import record_change
from cyberins.accounts.models import Organisation, User
from cyberins.accounts.roles import Role
from cyberins.healthchecks import permissions, remediation, services
from cyberins.healthchecks.lab import DEFAULT_PORTS, LOOPBACK, SECURITY_HEADERS
from cyberins.healthchecks.models import Asset, HealthCheck, HealthCheckKind, HealthCheckStatus
from cyberins.healthchecks.results import do_store_assessment
from cyberins.scanner import (
    AssessmentResult,
    Finding,
    ServiceResult,
    TargetPolicy,
    TargetResult,
    TargetStatus,
    premium_modifier,
    score_findings,
    underwriting_triggers,
)
from cyberins.scanner.catalogue import make_finding
from cyberins.scanner.http import check_http, parse_response
from cyberins.scanner.software import Software, parse_banner
from cyberins.scanner.vulns import default_knowledge, software_findings

#: lab service → port
LabPorts = Mapping[str, int]
FindingsBuilder = Callable[[datetime, LabPorts], list[Finding]]


@dataclass(frozen=True)
class DemoCheck:
    short_name: str
    kind: str
    days_ago: int
    #: (name, address template with ``{lab service}`` placeholders, ports)
    assets: tuple[tuple[str, str, tuple[int, ...]], ...]
    findings: FindingsBuilder
    authorised_by: str


def _software(banner: str, port: int, now: datetime) -> list[Finding]:
    found: list[Finding] = []
    for item in parse_banner(banner):
        found += software_findings(item, host=LOOPBACK, port=port, now=now, knowledge=default_knowledge())
    return found


def _headers(headers: tuple[tuple[str, str], ...], port: int, *, https: bool, now: datetime) -> list[Finding]:
    """What the scanner's HTTP checks say about a response with these headers (as the lab sends)."""
    head = "\r\n".join(["HTTP/1.1 200 OK", *(f"{k}: {v}" for k, v in headers), "Content-Length: 0"])
    response = parse_response((head + "\r\n\r\n").encode())
    assert response is not None
    return check_http(response, host=LOOPBACK, port=port, https=https, now=now)


def _shipping(now: datetime, lab: LabPorts) -> list[Finding]:
    web, redis = lab["outdated_web"], lab["redis"]
    return [
        *_software("Apache/2.4.49 (Unix)", web, now),
        *_headers((("Server", "Apache/2.4.49 (Unix)"),), web, https=False, now=now),
        make_finding(
            "datastore.unauthenticated",
            host=LOOPBACK,
            port=redis,
            now=now,
            evidence=f"redis:redis 6.0.9 answered INFO on TCP {redis} without a password",
        ),
        *software_findings(
            Software("redis:redis", "6.0.9", "INFO redis_version:6.0.9"),
            host=LOOPBACK,
            port=redis,
            now=now,
            knowledge=default_knowledge(),
        ),
    ]


def _manufacturing(now: datetime, lab: LabPorts) -> list[Finding]:
    port = lab["expired_tls"]
    return [
        make_finding(
            "tls.cert.expired",
            host=LOOPBACK,
            port=port,
            now=now,
            evidence=f"notAfter {(now - timedelta(days=30)):%Y-%m-%d} (subject CN=expired.lab.cyberins)",
        ),
        make_finding(
            "tls.cert.self_signed",
            host=LOOPBACK,
            port=port,
            now=now,
            evidence="issuer = subject = CN=expired.lab.cyberins",
        ),
        *_headers(SECURITY_HEADERS, port, https=True, now=now),
    ]


def _healthcare(now: datetime, lab: LabPorts) -> list[Finding]:
    return _headers(SECURITY_HEADERS, lab["hardened_site"], https=True, now=now)


DEMO_CHECKS = (
    DemoCheck(
        "远海航运",
        HealthCheckKind.FIXED_INSPECTION,
        12,
        (
            ("船队门户网站", "http://127.0.0.1:{outdated_web}/", ()),
            ("船岸数据缓存（Redis）", "127.0.0.1:{redis}", ()),
        ),
        _shipping,
        "赵磊（信息中心主任）",
    ),
    DemoCheck(
        "精工智造",
        HealthCheckKind.PRE_UNDERWRITING,
        40,
        (("远程办公 VPN 门户", "https://127.0.0.1:{expired_tls}/", ()),),
        _manufacturing,
        "孙丽（IT 经理）",
    ),
    DemoCheck(
        "蜀康医疗",
        HealthCheckKind.PRE_UNDERWRITING,
        10,
        (("互联网医院", "https://127.0.0.1:{hardened_site}/", ()),),
        _healthcare,
        "吴昊（信息科科长）",
    ),
)


def _result(assets: list[Asset], findings: list[Finding], now: datetime) -> AssessmentResult:
    targets = tuple(
        TargetResult(
            entry,
            TargetStatus.COMPLETE,
            address=asset.host,
            services=tuple(ServiceResult(asset.host, port, "open") for port in (asset.ports or [443])),
        )
        for asset in assets
        for entry in asset.scope_entries()
    )
    ordered = tuple(sorted(findings, key=lambda f: (-f.severity.rank, f.target, f.check)))
    return AssessmentResult(
        started_at=now,
        finished_at=now + timedelta(minutes=7),
        findings=ordered,
        targets=targets,
        score=score_findings(ordered),
        premium=premium_modifier(ordered),
        triggers=underwriting_triggers(ordered),
    )


def _load_one(
    demo: DemoCheck, organisation: Organisation, applicant: User, admin: User | None, lab: LabPorts
) -> None:
    now = timezone.now()
    assessed = now - timedelta(days=demo.days_ago)
    # The lab's services are admitted here whatever the configured allow list; scanning them later
    # needs them admitted too (``cyberins demo`` sets CYBERINS_SCAN_ALLOW to exactly these).
    policy = TargetPolicy.from_settings(",".join(f"{LOOPBACK}:{port}" for port in lab.values()))
    assets = [
        services.do_declare_asset(
            actor=applicant,
            organisation=organisation,
            name=name,
            address=address.format(**lab),
            ports=ports,
            policy=policy,
        )
        for name, address, ports in demo.assets
    ]
    services.do_record_authorisation(
        actor=applicant,
        organisation=organisation,
        assets=assets,
        authorised_by=demo.authorised_by,
        authorised_at=assessed - timedelta(days=2),
        statement="授权平台对上述资产进行非侵入式安全体检。",
    )
    check = HealthCheck.objects.create(
        organisation=organisation,
        kind=demo.kind,
        status=HealthCheckStatus.RUNNING,
        requested_by=applicant,
        started_at=assessed,
        progress_total=sum(len(a.scope_entries()) for a in assets),
    )
    HealthCheck.objects.filter(pk=check.pk).update(requested_at=assessed)
    check.refresh_from_db()
    check.assets.set(assets)
    record_change(
        actor=applicant, obj=check, action="health_check.start", after={"kind": demo.kind, "demo": True}
    )
    do_store_assessment(health_check=check, result=_result(assets, demo.findings(assessed, lab), assessed))
    if admin is not None and demo.kind in permissions.NOTIFIABLE_KINDS:
        remediation.do_notify_findings(actor=admin, health_check=check)


def _first_with_role(users: QuerySet[User], role: str) -> User | None:
    # roles is a JSON list; SQLite has no JSON "contains" lookup, so filter in Python
    return next((user for user in users.order_by("pk") if user.has_role(role)), None)


@transaction.atomic
def load_demo_health_checks(lab: LabPorts | None = None) -> list[HealthCheck]:
    """Create the demo assets, authorisations and health checks; returns the checks created now.

    ``lab``: the ports of the running demo lab (default: its preferred ports).
    """
    lab = {**DEFAULT_PORTS, **(lab or {})}
    admin = _first_with_role(User.objects.filter(is_active=True), Role.PLATFORM_ADMIN)
    created = []
    for demo in DEMO_CHECKS:
        organisation = Organisation.objects.filter(short_name=demo.short_name).first()
        if organisation is None or Asset.objects.filter(organisation=organisation).exists():
            continue
        applicant = _first_with_role(User.objects.filter(organisation=organisation), Role.APPLICANT)
        if applicant is None:
            continue
        _load_one(demo, organisation, applicant, admin, lab)
        created.append(HealthCheck.objects.filter(organisation=organisation).latest("pk"))
    return created
