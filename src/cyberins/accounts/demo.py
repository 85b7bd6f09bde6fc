"""Demo organisations and users. Loading twice changes nothing (natural keys: name, username)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from cyberins.accounts.models import Organisation, User
from cyberins.accounts.roles import OrganisationKind as Kind
from cyberins.accounts.roles import Role

DEMO_PASSWORD = "Cyberins-Demo-2026"  # noqa: S105 - printed by `cyberins demo` on purpose

# (kind, name, short name, province, city, industry section of GB/T 4754, address)
ORGANISATIONS = [
    (
        Kind.PLATFORM,
        "信安在线网络安全保险服务平台",
        "信安在线",
        "上海市",
        "上海市",
        "I",
        "上海市徐汇区漕溪北路88号",
    ),
    (
        Kind.INSURER,
        "华安网络财产保险股份有限公司",
        "华安财险",
        "广东省",
        "深圳市",
        "J",
        "深圳市福田区益田路5033号",
    ),
    (
        Kind.INSURER,
        "远海财产保险自保有限公司",
        "远海自保",
        "上海市",
        "上海市",
        "J",
        "上海市浦东新区滨江大道5299号7楼",
    ),
    (
        Kind.INSURED,
        "远海航运数字科技有限公司",
        "远海航运",
        "上海市",
        "上海市",
        "G",
        "上海市虹口区东大名路1171号",
    ),
    (
        Kind.INSURED,
        "浙江精工智能制造股份有限公司",
        "精工智造",
        "浙江省",
        "杭州市",
        "C",
        "杭州市滨江区江南大道3850号",
    ),
    (
        Kind.INSURED,
        "蜀康医疗健康集团有限公司",
        "蜀康医疗",
        "四川省",
        "成都市",
        "Q",
        "成都市武侯区人民南路四段11号",
    ),
    (
        Kind.PROVIDER,
        "京盾网络安全技术有限公司",
        "京盾安全",
        "北京市",
        "北京市",
        "I",
        "北京市海淀区中关村大街27号",
    ),
    (
        Kind.PROVIDER,
        "沪安信息安全服务有限公司",
        "沪安信息",
        "上海市",
        "上海市",
        "I",
        "上海市杨浦区国定路335号",
    ),
    (
        Kind.PROVIDER,
        "粤信应急响应中心有限公司",
        "粤信应急",
        "广东省",
        "广州市",
        "I",
        "广州市天河区珠江新城华夏路10号",
    ),
    (
        Kind.PROVIDER,
        "天府网安科技有限公司",
        "天府网安",
        "四川省",
        "成都市",
        "I",
        "成都市高新区天府大道中段1366号",
    ),
    (Kind.PROVIDER, "秦川数据安全有限公司", "秦川数安", "陕西省", "西安市", "I", "西安市雁塔区科技路48号"),
]

# (username, display name, organisation short name, role)
USERS = [
    ("admin", "平台管理员 王敏", "信安在线", Role.PLATFORM_ADMIN),
    ("underwriter", "核保员 李强", "华安财险", Role.UNDERWRITER),
    ("claims", "理赔员 张伟", "华安财险", Role.CLAIMS_HANDLER),
    ("actuary", "精算师 陈静", "华安财险", Role.ACTUARY),
    ("hotline", "客服专员 刘洋", "华安财险", Role.HOTLINE_AGENT),
    ("underwriter2", "核保员 周杰", "远海自保", Role.UNDERWRITER),
    ("claims2", "理赔员 马骁", "远海自保", Role.CLAIMS_HANDLER),
    ("claims3", "理赔主管 邓宁", "远海自保", Role.CLAIMS_HANDLER),
    ("applicant", "远海航运 赵磊", "远海航运", Role.APPLICANT),
    ("applicant2", "精工智造 孙丽", "精工智造", Role.APPLICANT),
    ("applicant3", "蜀康医疗 吴昊", "蜀康医疗", Role.APPLICANT),
    ("engineer", "应急工程师 郑凯", "京盾安全", Role.PROVIDER_ENGINEER),
    ("provider", "服务经理 黄蕾", "京盾安全", Role.PROVIDER_MANAGER),
    ("provider2", "服务经理 何平", "沪安信息", Role.PROVIDER_MANAGER),
]


@dataclass(frozen=True)
class DemoLogin:
    username: str
    display_name: str
    organisation: str
    role: str


#: the English names printed on English documents
ENGLISH_NAMES = {
    "信安在线网络安全保险服务平台": "Xin'an Online Cyber Insurance Service Platform",
    "华安网络财产保险股份有限公司": "Hua'an Cyber Property Insurance Co., Ltd.",
    "远海财产保险自保有限公司": "Yuanhai Captive Property Insurance Co., Ltd.",
    "远海航运数字科技有限公司": "Yuanhai Shipping Digital Technology Co., Ltd.",
    "浙江精工智能制造股份有限公司": "Zhejiang Jinggong Intelligent Manufacturing Co., Ltd.",
    "蜀康医疗健康集团有限公司": "Shukang Healthcare Group Co., Ltd.",
}


@transaction.atomic
def load_accounts() -> list[DemoLogin]:
    orgs: dict[str, Organisation] = {}
    for kind, name, short, province, city, industry, address in ORGANISATIONS:
        org, _created = Organisation.objects.update_or_create(
            name=name,
            defaults={
                "kind": kind,
                "short_name": short,
                "name_en": ENGLISH_NAMES.get(name, ""),
                "province": province,
                "city": city,
                "industry": industry,
                "address": address,
            },
        )
        orgs[short] = org
    logins = []
    for username, display, short, role in USERS:
        user, created = User.objects.update_or_create(
            username=username,
            defaults={
                "display_name": display,
                "organisation": orgs[short],
                "roles": [role],
                "is_staff": role == Role.PLATFORM_ADMIN,
                "is_superuser": role == Role.PLATFORM_ADMIN,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        logins.append(DemoLogin(username, display, orgs[short].name, str(Role(role).label)))
    return logins
