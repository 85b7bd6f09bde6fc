"""Demo health checks for the three insured enterprises: declared assets, an authorisation, one
stored assessment each, built in code from scanner findings (nothing is scanned). Host names use
the reserved ``.example`` domain and IP addresses the documentation ranges (RFC 2606, RFC 5737).

Idempotent: an organisation that already has declared assets is left alone.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from cyberins.accounts.audit import record_change
from cyberins.accounts.models import Organisation, User
from cyberins.accounts.roles import Role
from cyberins.healthchecks import permissions, remediation, services
from cyberins.healthchecks.models import Asset, HealthCheck, HealthCheckKind, HealthCheckStatus
from cyberins.healthchecks.results import do_store_assessment
from cyberins.scanner import (
    AssessmentResult,
    Finding,
    ServiceResult,
    TargetResult,
    TargetStatus,
    premium_modifier,
    score_findings,
    underwriting_triggers,
)
from cyberins.scanner.catalogue import make_finding
from cyberins.scanner.findings import Confidence
from cyberins.scanner.software import parse_banner
from cyberins.scanner.vulns import default_knowledge, software_findings

FindingsBuilder = Callable[[datetime], list[Finding]]


@dataclass(frozen=True)
class DemoCheck:
    short_name: str
    kind: str
    days_ago: int
    #: (name, address, ports)
    assets: tuple[tuple[str, str, tuple[int, ...]], ...]
    findings: FindingsBuilder
    authorised_by: str


def _software(banner: str, host: str, port: int, now: datetime) -> list[Finding]:
    found: list[Finding] = []
    for item in parse_banner(banner):
        found += software_findings(item, host=host, port=port, now=now, knowledge=default_knowledge())
    return found


def _shipping(now: datetime) -> list[Finding]:
    portal, gateway = "portal.yuanhai-shipping.example", "203.0.113.10"
    return [
        *_software("Apache/2.4.49 (Unix)", portal, 443, now),
        make_finding(
            "remote.rdp",
            host=gateway,
            port=3389,
            now=now,
            evidence="X.224 Connection Confirm, RDP negotiation: TLS selected",
        ),
        make_finding(
            "http.hsts.missing",
            host=portal,
            port=443,
            now=now,
            evidence="no Strict-Transport-Security header [Observatory -20]",
        ),
    ]


def _manufacturing(now: datetime) -> list[Finding]:
    www, vpn = "www.jinggong-zhizao.example", "198.51.100.20"
    return [
        *_software("SSH-2.0-OpenSSH_7.4", www, 22, now),
        make_finding(
            "tls.protocol.legacy", host=vpn, port=443, now=now, evidence="accepted: TLS 1.0, TLS 1.1"
        ),
        make_finding(
            "http.xcto.missing",
            host=www,
            port=443,
            now=now,
            evidence="no X-Content-Type-Options header [Observatory -5]",
        ),
    ]


def _healthcare(now: datetime) -> list[Finding]:
    site = "hospital.shukang-health.example"
    return [
        make_finding(
            "http.hsts.missing",
            host=site,
            port=443,
            now=now,
            evidence="no Strict-Transport-Security header [Observatory -20]",
        ),
        make_finding(
            "tls.cert.expiring",
            host=site,
            port=443,
            now=now,
            confidence=Confidence.CONFIRMED,
            evidence=f"notAfter {(now + timedelta(days=21)):%Y-%m-%d}",
        ),
    ]


DEMO_CHECKS = (
    DemoCheck(
        "远海航运",
        HealthCheckKind.FIXED_INSPECTION,
        12,
        (
            ("船队门户网站", "https://portal.yuanhai-shipping.example/", ()),
            ("船岸通信网关", "203.0.113.10", (22, 3389)),
        ),
        _shipping,
        "赵磊（信息中心主任）",
    ),
    DemoCheck(
        "精工智造",
        HealthCheckKind.PRE_UNDERWRITING,
        40,
        (("企业官网", "www.jinggong-zhizao.example", ()), ("远程办公 VPN", "198.51.100.20:443", ())),
        _manufacturing,
        "孙丽（IT 经理）",
    ),
    DemoCheck(
        "蜀康医疗",
        HealthCheckKind.PRE_UNDERWRITING,
        10,
        (("互联网医院", "https://hospital.shukang-health.example/", ()),),
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


def _load_one(demo: DemoCheck, organisation: Organisation, applicant: User, admin: User | None) -> None:
    now = timezone.now()
    assessed = now - timedelta(days=demo.days_ago)
    assets = [
        services.do_declare_asset(
            actor=applicant, organisation=organisation, name=name, address=address, ports=ports
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
    do_store_assessment(health_check=check, result=_result(assets, demo.findings(assessed), assessed))
    if admin is not None and demo.kind in permissions.NOTIFIABLE_KINDS:
        remediation.do_notify_findings(actor=admin, health_check=check)


def _first_with_role(users: QuerySet[User], role: str) -> User | None:
    # roles is a JSON list; SQLite has no JSON "contains" lookup, so filter in Python
    return next((user for user in users.order_by("pk") if user.has_role(role)), None)


@transaction.atomic
def load_demo_health_checks() -> list[HealthCheck]:
    """Create the demo assets, authorisations and health checks; returns the checks created now."""
    admin = _first_with_role(User.objects.filter(is_active=True), Role.PLATFORM_ADMIN)
    created = []
    for demo in DEMO_CHECKS:
        organisation = Organisation.objects.filter(short_name=demo.short_name).first()
        if organisation is None or Asset.objects.filter(organisation=organisation).exists():
            continue
        applicant = _first_with_role(User.objects.filter(organisation=organisation), Role.APPLICANT)
        if applicant is None:
            continue
        _load_one(demo, organisation, applicant, admin)
        created.append(HealthCheck.objects.filter(organisation=organisation).latest("pk"))
    return created
