"""GB/T 2260 administrative divisions of the network's regions (the seed's 北京、上海、广东、浙江、江苏、
四川、重庆、陕西、天津) and their main cities. A municipality's city is its 市辖区 (xx0100)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Province:
    code: str
    name: str
    name_en: str


@dataclass(frozen=True)
class City:
    code: str
    name: str
    name_en: str

    @property
    def province_code(self) -> str:
        return self.code[:2] + "0000"


PROVINCES: dict[str, Province] = {
    p.code: p
    for p in (
        Province("110000", "北京市", "Beijing"),
        Province("120000", "天津市", "Tianjin"),
        Province("310000", "上海市", "Shanghai"),
        Province("320000", "江苏省", "Jiangsu"),
        Province("330000", "浙江省", "Zhejiang"),
        Province("440000", "广东省", "Guangdong"),
        Province("500000", "重庆市", "Chongqing"),
        Province("510000", "四川省", "Sichuan"),
        Province("610000", "陕西省", "Shaanxi"),
    )
}

CITIES: dict[str, City] = {
    c.code: c
    for c in (
        City("110100", "北京市", "Beijing"),
        City("120100", "天津市", "Tianjin"),
        City("310100", "上海市", "Shanghai"),
        City("320100", "南京市", "Nanjing"),
        City("320200", "无锡市", "Wuxi"),
        City("320500", "苏州市", "Suzhou"),
        City("330100", "杭州市", "Hangzhou"),
        City("330200", "宁波市", "Ningbo"),
        City("330300", "温州市", "Wenzhou"),
        City("440100", "广州市", "Guangzhou"),
        City("440300", "深圳市", "Shenzhen"),
        City("440600", "佛山市", "Foshan"),
        City("441900", "东莞市", "Dongguan"),
        City("500100", "重庆市", "Chongqing"),
        City("510100", "成都市", "Chengdu"),
        City("510700", "绵阳市", "Mianyang"),
        City("610100", "西安市", "Xi'an"),
        City("610400", "咸阳市", "Xianyang"),
    )
}


def province(code: str) -> Province | None:
    return PROVINCES.get(code)


def city(code: str) -> City | None:
    return CITIES.get(code)


def _bare(name: str) -> str:
    name = name.strip()
    for suffix in ("省", "市"):
        if name.endswith(suffix) and len(name) > 2:
            return name[: -len(suffix)]
    return name


def find_region(province_name: str, city_name: str = "") -> tuple[str, str]:
    """(province code, city code) for names as an organisation's address gives them ("上海", "上海市",
    "Shanghai", "杭州"); unknown names give empty codes."""
    wanted = _bare(province_name).lower()
    province_code = next(
        (p.code for p in PROVINCES.values() if wanted in (_bare(p.name).lower(), p.name_en.lower())), ""
    )
    wanted_city = _bare(city_name).lower()
    city_code = ""
    for c in CITIES.values():
        if wanted_city and wanted_city in (_bare(c.name).lower(), c.name_en.lower()):
            city_code = c.code
            break
    if (
        not city_code
        and province_code
        and province_code[2:4] == "00"
        and province_code[:2]
        in {
            "11",
            "12",
            "31",
            "50",
        }
    ):
        city_code = province_code[:2] + "0100"  # a municipality is its own city
    if city_code and not province_code:
        province_code = city_code[:2] + "0000"
    return province_code, city_code
