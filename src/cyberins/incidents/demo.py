"""Demo incidents, made through the real services with explicit past times.

The demo policies start tomorrow, so 远海航运 also bought the emergency-response product 90 days ago (in
force now) and 420 days ago (lapsed). On them: a closed ransomware case with its regulatory report, a case
in containment, one just accepted, a suspicious-activity report, an uncovered report on the lapsed policy,
and a report nobody accepted whose 24-hour clock was breached and escalated by the clocks job.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from cyberins.accounts.models import User
from cyberins.accounts.roles import Role
from cyberins.incidents.models import Incident
from cyberins.incidents.services import (
    do_move_stage,
    do_record_outage,
    do_record_regulatory_report,
    do_report_incident,
    do_update_impact,
    tick,
)
from cyberins.policies.demo import PURCHASES
from cyberins.policies.models import Policy
from cyberins.policies.services import do_bind_quote, do_record_payment
from cyberins.products.models import ProductVersion
from cyberins.providers.models import Offer
from cyberins.providers.services import do_accept_offer
from cyberins.terms import local_date
from cyberins.underwriting.models import ApplicationStatus
from cyberins.underwriting.services import do_create_application, do_decide_referral, do_submit_application

PRODUCT = "cyber-emergency-response"
SYSTEM = "自保公司核心业务系统"
FLOW = ["detection", "containment", "eradication", "recovery", "reporting", "follow_up", "closed"]


def _past_policy(applicant: User, version: ProductVersion, *, bought: datetime) -> Policy | None:
    """A policy bought at ``bought`` (starting the next day) and paid; None when the rules gave no quote."""
    _user, _code, plan, underwriter, answers = next(p for p in PURCHASES if p[1] == PRODUCT)
    application = do_create_application(actor=applicant, version=version, answers=answers)
    application = do_submit_application(actor=applicant, application=application)
    if application.status == ApplicationStatus.REFERRED:
        application = do_decide_referral(
            actor=User.objects.get(username=underwriter), application=application, approve=True, note="演示"
        )
    quote = application.quotes.filter(status="active").first()
    if quote is None:
        return None
    first_day = local_date(bought) + timedelta(days=1)
    policy = do_bind_quote(actor=applicant, quote=quote, plan_code=plan, first_day=first_day, now=bought)
    insurer_staff = User.objects.get(username=underwriter)  # the insurer records the premium it received
    for instalment in policy.instalments.all():
        do_record_payment(actor=insurer_staff, instalment=instalment, reference=f"DEMO-{policy.number}")
    return policy


def _report(policy: Policy, applicant: User, at: datetime, summary: str, **facts: object) -> Incident:
    values: dict[str, object] = {
        "affected_system": SYSTEM,
        "occurred_at": at - timedelta(hours=3),
        "discovered_at": at - timedelta(hours=1),
    }
    return do_report_incident(actor=applicant, policy=policy, summary=summary, now=at, **(values | facts))  # type: ignore[arg-type]


def _accept(incident: Incident, at: datetime) -> User | None:
    """The offered provider's manager accepts; returns that manager (None when the provider has no staff)."""
    offer = (
        Offer.objects.filter(engagement__incident=incident, status="pending")
        .select_related("provider")
        .first()
    )
    if offer is None:
        return None
    staff = list(User.objects.filter(organisation_id=offer.provider.organisation_id, is_active=True))
    manager = next((u for u in staff if u.has_role(Role.PROVIDER_MANAGER)), None)
    if manager is None:
        manager = User.objects.filter(username="admin").first()
    if manager is None:
        return None
    do_accept_offer(actor=manager, offer=offer, now=at)
    incident.refresh_from_db()
    return next((u for u in staff if u.has_role(Role.PROVIDER_ENGINEER)), manager)


def _advance(incident: Incident, actor: User, until: str, *, start: datetime, notes: dict[str, str]) -> None:
    for n, stage in enumerate(FLOW):
        incident.refresh_from_db()
        do_move_stage(
            actor=actor,
            incident=incident,
            stage=stage,
            note=notes.get(stage, ""),
            now=start + timedelta(hours=3 * n),
        )
        if stage == until:
            return


@transaction.atomic
def load_incidents(now: datetime | None = None) -> list[Incident]:
    now = now or timezone.now()
    applicant = User.objects.get(username="applicant")
    if Incident.objects.filter(reporting_org=applicant.organisation).exists():
        return []
    version = ProductVersion.objects.filter(product__code=PRODUCT).order_by("-pk").first()
    if version is None:
        return []
    in_force = _past_policy(applicant, version, bought=now - timedelta(days=90))
    lapsed = _past_policy(applicant, version, bought=now - timedelta(days=420))
    if in_force is None or lapsed is None:
        return []
    made: list[Incident] = []

    # a closed ransomware case with its report to the authority
    start = now - timedelta(days=30)
    ransomware = _report(
        in_force, applicant, start, "核心业务系统服务器文件被加密，桌面出现勒索信，要求支付比特币。",
        incident_class="MP", sub_class="ransomware", operator_kind="other",
    )  # fmt: skip
    responder = _accept(ransomware, start + timedelta(minutes=12))
    if responder is not None:
        do_record_outage(actor=responder, incident=ransomware, system=SYSTEM,
                         started_at=start - timedelta(hours=3), ended_at=start + timedelta(hours=14),
                         now=start + timedelta(hours=1))  # fmt: skip
        do_update_impact(actor=responder, incident=ransomware, personal_information_people=1_200_000,
                         direct_loss="380000", critical_outage_hours="0",
                         now=start + timedelta(hours=2))  # fmt: skip
        ransomware.refresh_from_db()
        reported = start + timedelta(hours=2, minutes=30)
        do_record_regulatory_report(
            actor=applicant, incident=ransomware, kind="authority", at=reported, now=reported
        )
        notes = {
            "detection": "确认为勒索软件（LockBit 变种），已保全磁盘镜像与日志。",
            "containment": "隔离受感染服务器，重置域管理员口令。",
            "eradication": "根因：VPN 弱口令被暴力破解；清除持久化后门。",
            "recovery": "由离线备份恢复，业务于次日恢复，无数据丢失。",
            "reporting": "应急响应报告已上传。",
            "closed": "客户确认结案。",
        }
        _advance(ransomware, responder, "closed", start=start + timedelta(hours=3), notes=notes)
        filed = now - timedelta(days=20)
        do_record_regulatory_report(actor=applicant, incident=ransomware, kind="summary", at=filed, now=filed)
    made.append(ransomware)

    # a case in containment, and one just accepted
    start = now - timedelta(days=2)
    intrusion = _report(in_force, applicant, start, "办公网出现异常外联，疑似主机被远控。",
                        incident_class="NA", sub_class="intrusion")  # fmt: skip
    responder = _accept(intrusion, start + timedelta(minutes=18))
    if responder is not None:
        _advance(intrusion, responder, "containment", start=start + timedelta(hours=2), notes={})
    made.append(intrusion)
    start = now - timedelta(hours=3)
    phishing = _report(in_force, applicant, start, "多名员工收到仿冒邮件，一人输入了邮箱口令。",
                       incident_class="NA", sub_class="phishing")  # fmt: skip
    _accept(phishing, start + timedelta(minutes=9))
    made.append(phishing)

    # suspicious activity only (not a claim yet), and an uncovered report on the lapsed policy
    made.append(
        _report(
            in_force,
            applicant,
            now - timedelta(days=1),
            "夜间出现多次失败的 VPN 登录尝试。",
            suspicious_only=True,
            incident_class="AB",
        )
    )
    made.append(_report(lapsed, applicant, now - timedelta(hours=6), "旧官网被篡改。", incident_class="NA"))

    # nobody accepted within 24 hours: the clocks job records the breach and escalates
    made.append(
        _report(
            in_force,
            applicant,
            now - timedelta(hours=30),
            "数据库服务器 CPU 异常，疑似挖矿程序。",
            incident_class="MP",
            sub_class="cryptojacking",
        )
    )
    tick(now=now)
    return made
