"""Demo products modelled on the seed.

网络安全应急响应保险 (the COSCO policy's plan A), 网安保 and 数据安全险.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from cyberins.accounts.models import Organisation
from cyberins.products.models import (
    Plan,
    PlanCoverage,
    PlanService,
    Product,
    ProductVersion,
    ScheduleRule,
    VersionStatus,
    WarrantyKind,
    WarrantyTemplate,
)
from cyberins.products.questionnaire import PING_AN_QUESTIONNAIRE
from cyberins.products.rating import DEFAULT_RATING
from cyberins.providers.demo import load_price_book
from cyberins.terms import RemediationWarranty, ServiceScheduleWarranty

SEED_SCHEDULE = [
    ("emergency_response", ScheduleRule.ON_INCIDENT, 0),
    ("fixed_inspection", ScheduleRule.WITHIN_MONTHS, 1),
    ("vulnerability_scan", ScheduleRule.AFTER_MONTHS, 6),
]
ALL_COVERAGES = [
    "business_interruption",
    "restoration",
    "regulatory",
    "extortion",
    "intellectual_property",
    "data_breach",
    "crisis_management",
    "legal",
    "response_service",
]

DATA_COVERAGES = ["data_breach", "regulatory", "crisis_management", "legal", "restoration"]

# code, insurer short name, name, English name, plans: (code, name, sum insured, minimum premium, coverages)
PRODUCTS: list[dict[str, Any]] = [
    {
        "code": "cyber-emergency-response",
        "insurer": "远海自保",
        "name": "网络安全应急响应保险",
        "name_en": "Cyber Risks Emergency Response Insurance",
        "plans": [
            (
                "A",
                "方案A",
                "190000",
                "26000",
                {
                    "response_service": ("100000", "0", 0),
                    "restoration": ("50000", "2000", 0),
                    "business_interruption": ("40000", "2000", 12),
                },
            )
        ],
        "services": SEED_SCHEDULE,
        # It insures named systems (the COSCO policy: one system, 40 users, 2 devices), not the enterprise.
        "rating": {"frequency_scale": "0.15"},
    },
    {
        "code": "wanganbao",
        "insurer": "华安财险",
        "name": "网安保企业网络安全财产保险",
        "name_en": "Enterprise Cyber Security Property Insurance (Wang'anbao)",
        "plans": [
            (
                code,
                f"方案{code}",
                si,
                minimum,
                {
                    c: (str(int(Decimal(si) * share)), ded, 12 if c == "business_interruption" else 0)
                    for c in ALL_COVERAGES
                },
            )
            for code, si, minimum, share, ded in [
                ("A", "1000000", "8000", Decimal("0.5"), "10000"),
                ("B", "3000000", "20000", Decimal("0.5"), "20000"),
                ("C", "6000000", "36000", Decimal("0.5"), "50000"),
            ]
        ],
        "services": [*SEED_SCHEDULE, ("penetration_test", ScheduleRule.ON_REQUEST, 0)],
    },
    {
        "code": "data-security",
        "insurer": "华安财险",
        "name": "数据安全险",
        "name_en": "Data Security Insurance",
        "plans": [
            (
                code,
                f"方案{code}",
                si,
                minimum,
                dict.fromkeys(DATA_COVERAGES, (si, ded, 0)),
            )
            for code, si, minimum, ded in [("A", "300000", "3000", "5000"), ("B", "1000000", "8000", "10000")]
        ],
        "services": [("vulnerability_scan", ScheduleRule.AFTER_MONTHS, 6)],
    },
]


def _warranties(version: ProductVersion) -> None:
    remediation, schedule = RemediationWarranty(), ServiceScheduleWarranty()
    for position, (kind, params, text) in enumerate(
        [
            (WarrantyKind.REMEDIATION, {"extra_deductible_ratio": "0.10"}, remediation.text()),
            (
                WarrantyKind.SERVICE_SCHEDULE,
                {"first_inspection_within_months": 1, "vulnerability_scan_after_months": 6},
                schedule.text(),
            ),
        ],
        start=1,
    ):
        WarrantyTemplate.objects.create(
            version=version, kind=kind, params=params, text_zh=text.zh, text_en=text.en, position=position
        )


@transaction.atomic
def load_products() -> list[ProductVersion]:
    items = load_price_book()
    versions = []
    for spec in PRODUCTS:
        insurer = Organisation.objects.get(short_name=spec["insurer"])
        product, _ = Product.objects.update_or_create(
            code=spec["code"],
            defaults={"insurer": insurer, "name_zh_hans": spec["name"], "name_en": spec["name_en"]},
        )
        version = product.versions.filter(number=1).first()
        if version is None:
            version = ProductVersion.objects.create(
                product=product,
                number=1,
                questionnaire=PING_AN_QUESTIONNAIRE,
                rating=DEFAULT_RATING | spec.get("rating", {}),
                status=VersionStatus.PUBLISHED,
                filed_at=timezone.now(),
                published_at=timezone.now(),
            )
            for plan_code, plan_name, si, minimum, coverages in spec["plans"]:
                plan = Plan.objects.create(
                    version=version,
                    code=plan_code,
                    name_zh_hans=plan_name,
                    name_en=f"Plan {plan_code}",  # the seed policy's "Insurance Plan A"
                    sum_insured=Decimal(si),
                    minimum_premium=Decimal(minimum),
                )
                for coverage, (sub_limit, deductible, waiting) in coverages.items():
                    PlanCoverage.objects.create(
                        plan=plan,
                        coverage=coverage,
                        sub_limit=Decimal(sub_limit),
                        deductible=Decimal(deductible),
                        waiting_period_hours=waiting,
                    )
                for service_code, rule, months in spec["services"]:
                    PlanService.objects.create(
                        plan=plan,
                        service=items[service_code],
                        rule=rule,
                        months=months,
                        included=rule != ScheduleRule.ON_REQUEST,
                        own_vendor_allowed=service_code == "penetration_test",
                    )
            _warranties(version)
        versions.append(version)
    return versions
