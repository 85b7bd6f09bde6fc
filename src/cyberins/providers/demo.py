# ruff: noqa: E501  (demo data tables read best one row a line)
"""Demo data of the provider network: the price book (always) and fictional providers."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from cyberins.network import PROVINCES
from cyberins.providers.catalogue import CATALOGUE, PRICE_BOOK_FROM
from cyberins.providers.models import (
    Certification,
    Engineer,
    PriceBookEntry,
    ProviderProfile,
    ServedRegion,
    ServiceItem,
)
from cyberins.terms import local_date

PROVINCES_BY_CODE = {code: p.name for code, p in PROVINCES.items()}


@transaction.atomic
def load_price_book() -> dict[str, ServiceItem]:
    items = {}
    for code, name, name_en, unit, price, remote, minutes, days in CATALOGUE:
        items[code], _ = ServiceItem.objects.update_or_create(
            code=code,
            defaults={
                "name_zh_hans": name,
                "name_en": name_en,
                "unit": unit,
                "remote_allowed": remote,
                "accept_within_minutes": minutes,
                "accept_within_working_days": days,
            },
        )
        PriceBookEntry.objects.get_or_create(
            item=items[code],
            provider=None,
            valid_from=PRICE_BOOK_FROM,
            defaults={"unit_price": Decimal(price)},
        )
    return items


# Fictional providers across the seed's nine regions: (name, short name, city code, remote, CCRC level,
# services, capacity). The five providers of the accounts demo come first and keep their names.
PROVIDERS: list[tuple[str, str, str, bool, str, tuple[str, ...], int]] = [
    ("京盾网络安全技术有限公司", "京盾安全", "110100", True, "一级", ("emergency_response", "fixed_inspection", "vulnerability_scan", "penetration_test", "hardening", "forensics"), 4),
    ("沪安信息安全服务有限公司", "沪安信息", "310100", False, "一级", ("emergency_response", "fixed_inspection", "vulnerability_scan", "penetration_test", "hardening", "data_recovery"), 3),
    ("粤信应急响应中心有限公司", "粤信应急", "440100", False, "二级", ("emergency_response", "fixed_inspection", "vulnerability_scan", "ddos_protection"), 3),
    ("天府网安科技有限公司", "天府网安", "510100", False, "二级", ("emergency_response", "fixed_inspection", "vulnerability_scan", "hardening"), 2),
    ("秦川数据安全有限公司", "秦川数安", "610100", False, "三级", ("fixed_inspection", "vulnerability_scan", "data_recovery"), 2),
    ("津门信息安全测评有限公司", "津门测评", "120100", False, "二级", ("fixed_inspection", "vulnerability_scan", "penetration_test"), 2),
    ("浦江应急安全服务有限公司", "浦江应急", "310100", False, "二级", ("emergency_response", "forensics", "data_recovery"), 2),
    ("鹏城网络安全有限公司", "鹏城安全", "440300", False, "一级", ("emergency_response", "fixed_inspection", "vulnerability_scan", "penetration_test", "ddos_protection"), 4),
    ("西湖云安科技有限公司", "西湖云安", "330100", True, "二级", ("emergency_response", "fixed_inspection", "vulnerability_scan", "hardening"), 3),
    ("甬城信息技术服务有限公司", "甬城信息", "330200", False, "三级", ("fixed_inspection", "vulnerability_scan"), 2),
    ("金陵网安技术有限公司", "金陵网安", "320100", False, "二级", ("emergency_response", "fixed_inspection", "vulnerability_scan", "penetration_test"), 3),
    ("姑苏数据恢复中心有限公司", "姑苏恢复", "320500", False, "三级", ("data_recovery", "forensics"), 2),
    ("巴渝应急响应技术有限公司", "巴渝应急", "500100", False, "二级", ("emergency_response", "fixed_inspection", "vulnerability_scan", "hardening"), 2),
    ("锦城电子取证有限公司", "锦城取证", "510100", False, "二级", ("forensics", "data_recovery"), 2),
    ("长安网络安全有限公司", "长安网安", "610100", False, "二级", ("emergency_response", "fixed_inspection", "penetration_test"), 2),
    ("海河信息安全有限公司", "海河信安", "120100", False, "三级", ("emergency_response", "vulnerability_scan"), 1),
    ("中关村抗D防护科技有限公司", "抗D防护", "110100", True, "一级", ("ddos_protection", "vulnerability_scan"), 5),
    ("珠江安全运营有限公司", "珠江安运", "440100", True, "二级", ("vulnerability_scan", "penetration_test", "hardening"), 3),
    ("锡城网络安全有限公司", "锡城网安", "320200", False, "三级", ("fixed_inspection", "vulnerability_scan"), 1),
    ("明远律师事务所", "明远律所", "110100", True, "", ("legal_consulting",), 4),
    ("衡信公共关系顾问有限公司", "衡信公关", "310100", True, "", ("crisis_pr",), 3),
    ("华南数安律师事务所", "数安律所", "440300", True, "", ("legal_consulting",), 2),
]  # fmt: skip

LEVEL_VALIDITY_YEARS = {"一级": 3, "二级": 3, "三级": 3}
#: Providers whose main certificate expires soon (days from today) or has expired (negative).
EXPIRING = {"秦川数安": 20, "海河信安": 45, "锡城网安": -10}


def demo_credit_code(city_code: str, index: int) -> str:
    from cyberins.network import credit_code_check_char

    first17 = f"91{city_code}MA{index:04d}X{index % 10}Y"
    return first17 + credit_code_check_char(first17)


@transaction.atomic
def load_providers(*, today: date | None = None) -> list[ProviderProfile]:
    """≥ 20 fictional providers with regions, services, certifications (some expiring, one expired),
    hotlines, capacity and, for 京盾安全, its engineer."""
    from cyberins.accounts.models import Organisation, User
    from cyberins.accounts.roles import OrganisationKind, Role
    from cyberins.network import CITIES

    today = today or local_date(timezone.now())
    items = load_price_book()
    profiles = []
    for index, (name, short, city_code, remote, level, services, capacity) in enumerate(PROVIDERS, start=1):
        place = CITIES[city_code]
        org, _ = Organisation.objects.get_or_create(
            name=name,
            defaults={
                "kind": OrganisationKind.PROVIDER,
                "short_name": short,
                "province": PROVINCES_BY_CODE[place.province_code],
                "city": place.name,
                "industry": "M" if "律师" in name or "公关" in name else "I",
            },
        )
        profile, created = ProviderProfile.objects.get_or_create(
            organisation=org,
            defaults={
                "legal_name": name,
                "credit_code": demo_credit_code(city_code, index),
                "hotline": f"400-{800 + index:03d}-{1000 + index * 37:04d}",
                "capacity": capacity,
                "remote": remote,
            },
        )
        profiles.append(profile)
        if not created:
            continue
        profile.services.set([items[code] for code in services])
        ServedRegion.objects.create(provider=profile, province=place.province_code, city=city_code)
        if index % 3 == 0:  # some serve their whole province as well
            ServedRegion.objects.create(provider=profile, province=place.province_code, city="")
        until_days = EXPIRING.get(short)
        main_until = (
            today + timedelta(days=until_days) if until_days is not None else date(today.year + 2, 6, 30)
        )
        if level:
            Certification.objects.create(
                provider=profile,
                issuer="中国网络安全审查认证和市场监管大数据中心 (CCRC)",
                name="信息安全服务资质 · 应急处理",
                level=level,
                scope="应急处理",
                number=f"CCRC-2024-ERS-{index:04d}",
                covers=["emergency_response", "forensics", "data_recovery", "ddos_protection"],
                valid_from=main_until.replace(year=main_until.year - 3),
                valid_until=main_until,
            )
            Certification.objects.create(
                provider=profile,
                issuer="中国网络安全审查认证和市场监管大数据中心 (CCRC)",
                name="信息安全服务资质 · 风险评估",
                level=level,
                scope="风险评估",
                number=f"CCRC-2024-RA-{index:04d}",
                covers=["fixed_inspection", "vulnerability_scan", "penetration_test", "hardening"],
                valid_from=main_until.replace(year=main_until.year - 3),
                valid_until=main_until,
            )
            if level == "一级":
                Certification.objects.create(
                    provider=profile,
                    issuer="国家计算机网络应急技术处理协调中心 (CNCERT/CC)",
                    name="网络安全应急服务支撑单位",
                    level="国家级",
                    scope="应急响应",
                    covers=["emergency_response"],
                    valid_from=date(today.year - 1, 1, 1),
                    valid_until=date(today.year + 1, 12, 31),
                )
            if index in (1, 2, 8):
                Certification.objects.create(
                    provider=profile,
                    issuer="公安部第三研究所",
                    name="网络安全应急响应服务能力认证",
                    level="",
                    scope="应急响应",
                    covers=["emergency_response", "forensics"],
                    valid_from=date(today.year - 1, 3, 1),
                    valid_until=date(today.year + 2, 2, 28),
                )
        elif "律师" in name:
            Certification.objects.create(
                provider=profile, issuer="司法局", name="律师事务所执业许可证", scope="法律服务",
                covers=["legal_consulting"], valid_from=date(2015, 1, 1), valid_until=None,
            )  # fmt: skip
        else:
            Certification.objects.create(
                provider=profile, issuer="中国国际公共关系协会", name="会员单位", scope="公共关系",
                covers=["crisis_pr"], valid_from=date(today.year - 1, 1, 1), valid_until=date(today.year + 1, 12, 31),
            )  # fmt: skip
        if index in (7, 11):  # two providers quote below the standard price
            code = services[0]
            standard = items[code].price_on(today)
            if standard is not None:
                PriceBookEntry.objects.create(
                    item=items[code], provider=profile, unit_price=standard.unit_price * Decimal("0.9"),
                    valid_from=PRICE_BOOK_FROM,
                )  # fmt: skip
    for user in User.objects.filter(
        organisation__kind=OrganisationKind.PROVIDER,
    ):
        if Role.PROVIDER_ENGINEER in user.roles and user.organisation is not None:
            employer = ProviderProfile.objects.filter(organisation=user.organisation).first()
            if employer is not None:
                Engineer.objects.get_or_create(
                    user=user,
                    defaults={
                        "provider": employer,
                        "skills": ["emergency_response", "fixed_inspection", "forensics"],
                        "certificates": "CISP-IRE 应急响应工程师; CISSP",
                    },
                )
    return profiles
