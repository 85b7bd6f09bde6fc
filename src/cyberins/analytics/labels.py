"""Names for the raw segment keys of the portfolio (``aliyun``, ``"44"``, ``"C"``) as people read them.

Exposure is grouped by stored keys: the questionnaire's cloud category or, in the synthetic
book, a cloud provider code; a GB/T 2260 province code (2 or 6 digits) or the province name
the insured typed; a GB/T 4754 section letter. The page shows the names, in the page's language,
and keeps the key in a ``data-value`` attribute.
"""

from __future__ import annotations

from cyberins.network.regions import province
from cyberins.products.questionnaire import CLOUD_CATEGORIES, INDUSTRIES
from cyberins.terms import Text

UNKNOWN = Text("未知", "Unknown")

DIMENSION_TITLES = {
    "cloud": Text("云服务商", "Cloud provider"),
    "region": Text("地区（省级）", "Region (province)"),
    "industry": Text("行业（GB/T 4754 门类）", "Industry (GB/T 4754 section)"),
    "software": Text("软件（体检识别）", "Software (seen by health checks)"),
}

#: the cloud providers of the synthetic book (actuarial.portfolio.book.SYNTHETIC_CLOUD)
CLOUD_PROVIDERS = {
    "aliyun": Text("阿里云", "Alibaba Cloud"),
    "huawei_cloud": Text("华为云", "Huawei Cloud"),
    "tencent_cloud": Text("腾讯云", "Tencent Cloud"),
    "aws_china": Text("亚马逊云科技（中国区）", "AWS China"),
    "azure_china": Text("微软 Azure（中国区）", "Microsoft Azure China"),
    "on_premise": Text("本地部署", "On premises"),
} | {value: Text(zh, en) for value, zh, en in CLOUD_CATEGORIES}

#: GB/T 2260 provinces of the synthetic book that the provider network does not cover yet
OTHER_PROVINCES = {
    "210000": Text("辽宁省", "Liaoning"),
    "340000": Text("安徽省", "Anhui"),
    "350000": Text("福建省", "Fujian"),
    "370000": Text("山东省", "Shandong"),
    "420000": Text("湖北省", "Hubei"),
    "430000": Text("湖南省", "Hunan"),
}

INDUSTRY_SECTIONS = {value: Text(zh, en) for value, zh, en in INDUSTRIES}


def _region(value: str) -> Text | None:
    if not value.isdigit() or len(value) not in (2, 6):
        return None  # a province name as the insured typed it: shown as is
    code = value[:2] + "0000"
    known = province(code)
    if known is not None:
        return Text(known.name, known.name_en)
    return OTHER_PROVINCES.get(code)


def segment_label(dimension: str, value: str, language: str) -> str:
    """The name of a segment key in ``language`` (Django code); unknown keys are shown as they are."""
    if value in ("", "unknown"):
        return UNKNOWN.for_language(language)
    name: Text | None = None
    if dimension == "cloud":
        name = CLOUD_PROVIDERS.get(value)
    elif dimension == "region":
        name = _region(value)
    elif dimension == "industry":
        section = INDUSTRY_SECTIONS.get(value)
        name = Text(f"{value} {section.zh}", f"{value} {section.en}") if section else None
    return name.for_language(language) if name is not None else value


def dimension_title(dimension: str, language: str) -> str:
    title = DIMENSION_TITLES.get(dimension)
    return title.for_language(language) if title is not None else dimension
