"""Demo policies: one issued, paid policy of each demo product, bought through the real services."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from cyberins.accounts.models import Organisation, User
from cyberins.policies.models import Policy, PolicyNumbering
from cyberins.policies.payments import do_decide_payment, do_declare_payment
from cyberins.policies.services import do_bind_quote
from cyberins.products.models import ProductVersion
from cyberins.terms import local_date
from cyberins.underwriting.models import ApplicationStatus
from cyberins.underwriting.services import do_create_application, do_decide_referral, do_submit_application

COMMON = {"unit_nature": "private", "system_build": "hybrid", "cloud_provider": "domestic_public"}

# applicant username, product code, plan, underwriter username, answers
PURCHASES: list[tuple[str, str, str, str, dict[str, Any]]] = [
    (
        "applicant",
        "cyber-emergency-response",
        "A",
        "underwriter2",
        COMMON
        | {
            "unit_name": "远海航运数字科技有限公司",
            "office_address": "上海市浦东新区滨江大道5299号7楼",
            "unit_nature": "state_owned",
            "industry": "G",
            "operating_revenue": "300000000",
            "building_area": "2400",
            "security_staff": 2,
            "employees": 260,
            "sensitive_data": ["personal"],
            "insured_systems": [
                {"name": "自保公司核心业务系统", "type": "业务系统", "users": 40, "devices": 2}
            ],
        },
    ),
    (
        "applicant2",
        "wanganbao",
        "B",
        "underwriter",
        COMMON
        | {
            "unit_name": "浙江精工智能制造股份有限公司",
            "office_address": "杭州市滨江区江南大道3850号",
            "industry": "C",
            "operating_revenue": "2600000000",
            "building_area": "86000",
            "security_staff": 6,
            "employees": 3200,
            "sensitive_data": ["personal", "other_sensitive"],
            "insured_systems": [
                {"name": "MES 制造执行系统", "type": "工业控制", "users": 900, "devices": 140},
                {"name": "ERP 系统", "type": "业务系统", "users": 600, "devices": 12},
            ],
        },
    ),
    (
        "applicant3",
        "data-security",
        "A",
        "underwriter",
        COMMON
        | {
            "unit_name": "蜀康医疗健康集团有限公司",
            "office_address": "成都市武侯区人民南路四段11号",
            "industry": "Q",
            "operating_revenue": "450000000",
            "building_area": "52000",
            "security_staff": 0,
            "employees": 1800,
            "sensitive_data": ["personal", "health"],
            "insured_systems": [
                {"name": "HIS 医院信息系统", "type": "业务系统", "users": 1500, "devices": 60}
            ],
        },
    ),
]


@transaction.atomic
def load_policies(versions: list[ProductVersion]) -> list[Policy]:
    by_code = {v.product.code: v for v in versions}
    # The captive numbers its policies like the seed's COSCO sample: 20129000000 + year + 000001.
    captive = Organisation.objects.get(short_name="远海自保")
    PolicyNumbering.objects.get_or_create(
        insurer=captive, year=local_date(timezone.now()).year, defaults={"prefix": "20129000000"}
    )
    policies = []
    for username, product_code, plan, underwriter_name, answers in PURCHASES:
        applicant, version = User.objects.get(username=username), by_code[product_code]
        existing = Policy.objects.filter(insured=applicant.organisation, product_version=version).first()
        if existing:
            policies.append(existing)
            continue
        application = do_create_application(actor=applicant, version=version, answers=answers)
        application = do_submit_application(actor=applicant, application=application)
        if application.status == ApplicationStatus.REFERRED:
            application = do_decide_referral(
                actor=User.objects.get(username=underwriter_name),
                application=application,
                approve=True,
                note="已核实安全管理制度",
            )
        quote = application.quotes.get(status="active")
        first_day = local_date(timezone.now()) + timedelta(days=1)
        policy = do_bind_quote(actor=applicant, quote=quote, plan_code=plan, first_day=first_day)
        # The insured declares its transfer, the insurer's underwriter confirms it.
        underwriter = User.objects.get(username=underwriter_name)
        for instalment in policy.instalments.all():
            declared = do_declare_payment(
                actor=applicant,
                instalment=instalment,
                amount=instalment.amount,
                reference=f"DEMO-{policy.number}-{instalment.sequence}",
                paid_on=local_date(timezone.now()),
            )
            do_decide_payment(actor=underwriter, payment=declared, confirm=True)
        policies.append(policy)
    return policies
