"""The risk information questionnaire (风险信息问卷) as data, after Ping An's form in the seed.

A product version stores its own copy (``ProductVersion.questionnaire``), so a product can add
questions without code. Each question: ``key``, ``type`` (text, integer, amount, choice,
multichoice, systems), ``required`` (the seed's 必填), ``label`` {zh, en}, ``section``, and per type
``choices`` [{value, zh, en}], ``min``/``max``, ``max_length``.
"""

from __future__ import annotations

from typing import Any

from cyberins.terms import is_english

#: GB/T 4754-2017 sections (门类), as the seed's industry list names them, plus the sections it omits.
INDUSTRIES: list[tuple[str, str, str]] = [
    ("A", "农、林、牧、渔业", "Agriculture, forestry, animal husbandry and fishery"),
    ("B", "采矿业", "Mining"),
    ("C", "制造业", "Manufacturing"),
    ("D", "电力、热力、燃气及水生产和供应业", "Electricity, heat, gas and water supply"),
    ("E", "建筑业", "Construction"),
    ("F", "批发和零售业", "Wholesale and retail trade"),
    ("G", "交通运输、仓储和邮政业", "Transport, storage and postal services"),
    ("H", "住宿和餐饮业", "Accommodation and catering"),
    ("I", "信息传输、软件和信息技术服务业", "Information transmission, software and IT services"),
    ("J", "金融业", "Finance"),
    ("K", "房地产业", "Real estate"),
    ("L", "租赁和商务服务业", "Leasing and business services"),
    ("M", "科学研究和技术服务业", "Scientific research and technical services"),
    ("N", "水利、环境和公共设施管理业", "Water, environment and public facilities management"),
    ("O", "居民服务、修理和其他服务业", "Resident, repair and other services"),
    ("P", "教育", "Education"),
    ("Q", "卫生和社会工作", "Health and social work"),
    ("R", "文化、体育和娱乐业", "Culture, sports and entertainment"),
    ("S", "公共管理、社会保障和社会组织", "Public administration, social security and social organisations"),
    ("T", "国际组织", "International organisations"),
]


def question_label(question: dict[str, Any], language: str | None) -> str:
    """A question's label in ``language``, falling back to the Chinese (a version may have questions
    added with their Chinese label only)."""
    text = question.get("label") or {}
    return str((text.get("en") if is_english(language) else None) or text.get("zh") or question["key"])


def choice_label(choice: dict[str, Any], language: str | None) -> str:
    """A choice's label in ``language``, falling back to the Chinese."""
    return str((choice.get("en") if is_english(language) else None) or choice.get("zh") or choice["value"])


def _choices(items: list[tuple[str, str, str]]) -> list[dict[str, str]]:
    return [{"value": value, "zh": zh, "en": en} for value, zh, en in items]


def _q(
    key: str, kind: str, zh: str, en: str, section: str, *, required: bool = True, **extra: Any
) -> dict[str, Any]:
    return {
        "key": key,
        "type": kind,
        "required": required,
        "label": {"zh": zh, "en": en},
        "section": section,
    } | extra


UNIT_NATURES = [
    ("state_owned", "国有企业", "State-owned enterprise"),
    ("private", "民营企业", "Private enterprise"),
    ("foreign", "外资企业", "Foreign-invested enterprise"),
    ("institution", "事业单位", "Public institution"),
    ("government", "政府机关", "Government body"),
    ("other", "其他", "Other"),
]
SYSTEM_BUILDS = [
    ("self_built", "自建机房", "Own data centre"),
    ("colocation", "托管机房", "Colocation"),
    ("cloud", "云上部署", "Cloud"),
    ("hybrid", "混合部署", "Hybrid"),
]
CLOUD_CATEGORIES = [
    ("none", "不使用云服务", "No cloud"),
    ("domestic_public", "国内公有云", "Domestic public cloud"),
    ("foreign_public", "境外公有云", "Foreign public cloud"),
    ("private", "私有云", "Private cloud"),
    ("hybrid", "混合云", "Hybrid cloud"),
]
DATA_TYPES = [
    ("personal", "个人信息", "Personal information"),
    ("financial", "金融/支付信息", "Financial or payment information"),
    ("health", "健康医疗信息", "Health information"),
    ("other_sensitive", "其他敏感信息", "Other sensitive information"),
    ("none", "不存储/处理上述信息", "None of these"),
]

PING_AN_QUESTIONNAIRE: list[dict[str, Any]] = [
    _q("unit_name", "text", "单位名称", "Name of the unit", "unit", max_length=200),
    _q("office_address", "text", "单位办公地址", "Office address", "unit", max_length=300),
    _q("unit_nature", "choice", "单位性质", "Nature of the unit", "unit", choices=_choices(UNIT_NATURES)),
    _q("industry", "choice", "所属行业", "Industry (GB/T 4754)", "unit", choices=_choices(INDUSTRIES)),
    _q(
        "operating_revenue",
        "amount",
        "营业收入（元）",
        "Operating revenue (CNY)",
        "unit",
        min=0,
        max=10000000000000,
    ),
    _q(
        "revenue_confirmed",
        "choice",
        "确认营业收入无误（单位：元）",
        "I confirm the operating revenue (in CNY)",
        "unit",
        required=False,
        choices=[{"value": "yes", "zh": "确认", "en": "Confirmed"}],
    ),
    _q(
        "building_area",
        "amount",
        "地上建筑物面积（平方米）",
        "Above-ground building area (m²)",
        "unit",
        min=0,
    ),
    _q(
        "security_staff",
        "integer",
        "网络安全工作人员（人）",
        "Cyber-security staff",
        "unit",
        min=0,
        max=100000,
    ),
    _q("employees", "integer", "员工人数（人）", "Employees", "unit", min=1, max=10000000),
    _q(
        "system_build",
        "choice",
        "系统建设情况",
        "How the systems are built",
        "systems",
        required=False,
        choices=_choices(SYSTEM_BUILDS),
    ),
    _q(
        "cloud_provider",
        "choice",
        "云服务商类别",
        "Cloud provider category",
        "systems",
        required=False,
        choices=_choices(CLOUD_CATEGORIES),
    ),
    _q("insured_systems", "systems", "投保系统情况", "Systems to insure", "systems", min=1, max=20),
    _q(
        "sensitive_data",
        "multichoice",
        "是否存储/处理以下信息",
        "Information stored or processed",
        "systems",
        choices=_choices(DATA_TYPES),
    ),
]

#: Fields of one insured system, as on the COSCO policy schedule.
SYSTEM_FIELDS: list[dict[str, Any]] = [
    _q("name", "text", "系统名称", "System name", "system", max_length=100),
    _q("type", "text", "系统类型", "System type", "system", required=False, max_length=60),
    _q("users", "integer", "系统使用人数", "Operation number (users)", "system", min=1, max=10000000),
    _q("devices", "integer", "系统设备数", "Equipment number (devices)", "system", min=1, max=1000000),
]
