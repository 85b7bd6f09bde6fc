"""Demo claims on a past-dated COSCO-like plan A policy of 远海航运 (insurer 远海自保), made through the
services with explicit times: a settled ransomware claim where the 10% remediation-warranty penalty
applies to the response-service payout and to the restoration line, the provider paid directly (直赔);
a claim waiting for documents; a claim denied as not covered, with its denial notice.

The demo's own policies start tomorrow, so this loader binds its own policy 120 days back. The
inspection finding behind the penalty is written with past times directly (the notice service stamps
the present), as the health-check demo does for its lab results.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from cyberins.accounts.models import Organisation, User
from cyberins.accounts.roles import Role
from cyberins.claims import services
from cyberins.claims.models import Claim, HandlerAuthority
from cyberins.healthchecks.check_models import Finding, HealthCheck, HealthCheckKind, HealthCheckStatus
from cyberins.healthchecks.remediation import do_notify_findings
from cyberins.healthchecks.remediation_models import RemediationItem
from cyberins.incidents.models import Incident
from cyberins.incidents.services import do_record_outage, do_report_incident
from cyberins.policies.demo import PURCHASES
from cyberins.policies.models import Policy
from cyberins.policies.services import do_bind_quote, do_record_payment
from cyberins.products.models import ProductVersion
from cyberins.providers.models import Offer, ProviderProfile
from cyberins.providers.services import do_accept_offer, do_assign_manually
from cyberins.terms import SHANGHAI, local_date
from cyberins.underwriting.models import ApplicationStatus
from cyberins.underwriting.services import do_create_application, do_decide_referral, do_submit_application

#: the demo logins of 远海自保 (accounts.demo) and their authority limits: four eyes on the settled claim
HANDLERS = [("claims2", "50000"), ("claims3", "500000")]
SYSTEM = "自保公司核心业务系统"


def _handlers(insurer: Organisation) -> tuple[User, User]:
    made = []
    for username, limit in HANDLERS:
        user = User.objects.get(username=username, organisation=insurer)
        HandlerAuthority.objects.update_or_create(user=user, defaults={"limit": Decimal(limit)})
        made.append(user)
    HandlerAuthority.objects.get_or_create(
        user=User.objects.get(username="claims"), defaults={"limit": 200000}
    )
    return made[0], made[1]


def _policy(applicant: User, first_day: datetime) -> Policy:
    version = ProductVersion.objects.get(product__code="cyber-emergency-response", number=1)
    answers = next(
        a for user, code, _plan, _uw, a in PURCHASES if user == "applicant" and code == version.product.code
    )
    application = do_create_application(actor=applicant, version=version, answers=answers)
    application = do_submit_application(actor=applicant, application=application)
    if application.status == ApplicationStatus.REFERRED:
        application = do_decide_referral(
            actor=User.objects.get(username="underwriter2"),
            application=application,
            approve=True,
            note="理赔演示",
        )
    quote = application.quotes.get(status="active")
    day = local_date(first_day)
    policy = do_bind_quote(
        actor=applicant, quote=quote, plan_code="A", first_day=day, now=first_day - timedelta(days=1)
    )
    insurer_staff = User.objects.get(username="underwriter2")  # the insurer records the premium it received
    for instalment in policy.instalments.all():
        do_record_payment(actor=insurer_staff, instalment=instalment, reference=f"DEMO-{policy.number}")
    return policy


def _finding(
    organisation: Organisation, notified_at: datetime, due_at: datetime, notifier: User
) -> RemediationItem:
    """An RDP weakness found by a fixed inspection, formally notified at ``notified_at`` (through the
    service, dated then), due at ``due_at``."""
    check = HealthCheck.objects.create(
        organisation=organisation,
        kind=HealthCheckKind.FIXED_INSPECTION,
        status=HealthCheckStatus.DONE,
        started_at=notified_at - timedelta(hours=3),
        finished_at=notified_at - timedelta(hours=1),
        grade="C",
        score=62,
        premium_modifier=Decimal("1.000"),
    )
    assert check.started_at is not None
    Finding.objects.create(
        health_check=check,
        target="core.yuanhai.example:3389",
        host="core.yuanhai.example",
        port=3389,
        check_id="rdp-exposed",
        title_zh="远程桌面（RDP）暴露于互联网",
        title_en="Remote Desktop (RDP) exposed to the internet",
        advice_zh="关闭公网 RDP，改用 VPN 并启用多因素认证。",
        advice_en="Close public RDP; use a VPN with multi-factor authentication.",
        severity="high",
        confidence="confirmed",
        ransomware=True,
        # the remediation window runs from the notice: the deadline less the assessment time
        due_at=check.started_at + (due_at - notified_at),
    )
    (item,) = do_notify_findings(actor=notifier, health_check=check, now=notified_at)
    return item


def _incident(
    applicant: User, policy: Policy, at: datetime, *, system: str, summary: str, sub: tuple[str, str]
) -> Incident:
    return do_report_incident(
        actor=applicant,
        policy=policy,
        summary=summary,
        affected_system=system,
        occurred_at=at,
        discovered_at=at + timedelta(minutes=30),
        incident_class=sub[0],
        sub_class=sub[1],
        now=at + timedelta(hours=1),
    )


def _manager(provider: ProviderProfile) -> User | None:
    staff = User.objects.filter(organisation=provider.organisation).order_by("pk")
    return next((u for u in staff if u.has_role(Role.PROVIDER_MANAGER)), None)


def _respond(incident: Incident, at: datetime) -> User | None:
    """The provider takes the case: the offer accepted when its provider has a demo manager, else the
    platform operator assigns it to 沪安信息 (whose manager is the demo user provider2)."""
    if incident.engagement is None:
        return None
    offer = Offer.objects.filter(engagement__incident=incident, status="pending").order_by("pk").first()
    manager = _manager(offer.provider) if offer is not None else None
    if offer is not None and manager is not None:
        do_accept_offer(actor=manager, offer=offer, now=at)
    else:
        provider = ProviderProfile.objects.get(organisation__short_name="沪安信息")
        manager = _manager(provider)
        admin = User.objects.get(username="admin")
        do_assign_manually(
            actor=admin,
            engagement=incident.engagement,
            provider=provider,
            reason="理赔演示：指派服务商",
            now=at,
        )
    incident.refresh_from_db()
    return manager


@transaction.atomic
def load_claims() -> list[Claim]:
    applicant = User.objects.get(username="applicant")
    if Claim.objects.filter(insured=applicant.organisation).exists():
        return list(Claim.objects.filter(insured=applicant.organisation))
    insurer = Organisation.objects.get(short_name="远海自保")
    adjuster, approver = _handlers(insurer)
    today = local_date(timezone.now())
    first_day = datetime.combine(today - timedelta(days=120), time(0), tzinfo=SHANGHAI)
    policy = _policy(applicant, first_day)

    # 1. ransomware through the RDP weakness notified on day 3, due on day 18, still open on day 20
    t1 = first_day + timedelta(days=20, hours=2)
    underwriter = User.objects.get(username="underwriter2", organisation=insurer)
    item = _finding(
        policy.insured, first_day + timedelta(days=3), first_day + timedelta(days=18), underwriter
    )
    ransomware = _incident(
        applicant,
        policy,
        t1,
        system=SYSTEM,
        summary="勒索软件经暴露的 RDP 入侵并加密核心业务系统",
        sub=("MP", "ransomware"),
    )
    manager = _respond(ransomware, t1 + timedelta(hours=1))
    if manager is not None:
        do_record_outage(
            actor=manager,
            incident=ransomware,
            system=SYSTEM,
            started_at=t1,
            ended_at=t1 + timedelta(hours=30),
            now=t1 + timedelta(days=2),
        )
    day = t1 + timedelta(days=3)
    claim = services.do_open_claim(
        actor=applicant, incident=ransomware, description="核心业务系统被勒索加密", now=day
    )
    service = services.do_add_line(
        actor=applicant,
        claim=claim,
        coverage="response_service",
        claimed="48000",
        description="应急响应服务费（价格体系）",
        now=day,
    )
    restoration = services.do_add_line(
        actor=applicant,
        claim=claim,
        coverage="restoration",
        claimed="36000",
        description="系统重建与数据恢复",
        now=day,
    )
    services.do_request_documents(actor=adjuster, claim=claim, note="请一次性提交以下材料", now=day)
    for document in claim.documents.all():
        services.do_receive_document(
            actor=applicant, claim=claim, code=document.code, now=day + timedelta(days=2)
        )
    services.do_complete_documents(actor=adjuster, claim=claim, now=day + timedelta(days=2))
    services.do_assess_line(actor=adjuster, line=service, assessed="48000", now=day + timedelta(days=5))
    services.do_assess_line(
        actor=adjuster,
        line=restoration,
        assessed="32000",
        reductions=["betterment"],
        now=day + timedelta(days=5),
    )
    services.do_assess(actor=adjuster, claim=claim, related_findings=[item.pk], now=day + timedelta(days=6))
    services.do_approve(actor=approver, claim=claim, note="特别约定第1条适用", now=day + timedelta(days=7))
    claim.refresh_from_db()
    services.do_authorise_direct_payment(
        actor=applicant, claim=claim, authorised=True, now=day + timedelta(days=7)
    )
    claim.refresh_from_db()
    payables = {line.coverage: line.payable or Decimal(0) for line in claim.lines.all()}
    pay_at = day + timedelta(days=9)
    if claim.provider is not None:
        services.do_pay(
            actor=approver,
            claim=claim,
            amount_paid=payables["response_service"],
            payee="provider",
            idempotency_key=f"demo-{claim.number}-provider",
            reference="直赔",
            now=pay_at,
        )
        rest = claim.payable - payables["response_service"]
    else:
        rest = claim.payable
    services.do_pay(
        actor=approver,
        claim=claim,
        amount_paid=rest,
        idempotency_key=f"demo-{claim.number}-insured",
        now=pay_at,
    )
    services.do_close(actor=approver, claim=claim, note="赔付完毕", now=pay_at + timedelta(days=1))

    # 2. a DDoS claim waiting for the insured's documents
    t2 = first_day + timedelta(days=60, hours=9)
    ddos = _incident(
        applicant, policy, t2, system=SYSTEM, summary="DDoS 攻击致核心业务系统中断", sub=("NA", "ddos")
    )
    waiting = services.do_open_claim(actor=applicant, incident=ddos, now=t2 + timedelta(days=1))
    services.do_add_line(
        actor=applicant, claim=waiting, coverage="restoration", claimed="12000", now=t2 + timedelta(days=1)
    )
    services.do_request_documents(actor=adjuster, claim=waiting, now=t2 + timedelta(days=2))

    # 3. the company website is not an insured system: not covered, denied with the notice
    t3 = first_day + timedelta(days=80, hours=14)
    website = _incident(applicant, policy, t3, system="公司官网", summary="官网首页被篡改", sub=("IC", ""))
    denied = services.do_open_claim(actor=applicant, incident=website, now=t3 + timedelta(days=1))
    services.do_deny(
        actor=adjuster,
        claim=denied,
        reasons="出险系统“公司官网”不在保单载明的被保险系统范围内，不属于保险责任。",
        now=t3 + timedelta(days=2),
    )
    return [claim, waiting, denied]
