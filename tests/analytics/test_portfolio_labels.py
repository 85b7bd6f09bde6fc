"""The portfolio page names what it groups by: 阿里云, 广东省, 制造业 and ¥ amounts, never raw keys alone."""

from __future__ import annotations

import re

import pytest

from cyberins.accounts.roles import Role
from cyberins.analytics.labels import segment_label
from tests import factories
from tests.analytics.test_portfolio_page import insured_book  # noqa: F401 - the fixture


@pytest.mark.parametrize(
    ("dimension", "value", "language", "expected"),
    [
        ("cloud", "aliyun", "zh-hans", "阿里云"),
        ("cloud", "aliyun", "en", "Alibaba Cloud"),
        ("cloud", "domestic_public", "zh-hans", "国内公有云"),
        ("region", "44", "zh-hans", "广东省"),
        ("region", "440000", "en", "Guangdong"),
        ("region", "37", "zh-hans", "山东省"),
        ("region", "上海市", "en", "上海市"),  # a name as typed is shown as it is
        ("industry", "C", "zh-hans", "C 制造业"),
        ("industry", "J", "en", "J Finance"),
        ("software", "linux", "en", "linux"),
        ("cloud", "unknown", "zh-hans", "未知"),
        ("cloud", "not_a_provider", "en", "not_a_provider"),
    ],
)
def test_segment_labels(dimension, value, language, expected):
    assert segment_label(dimension, value, language) == expected


def test_the_synthetic_book_shows_names_and_yuan(client, db) -> None:
    client.force_login(factories.user(Role.ACTUARY))
    page = client.get("/analytics/?book=synthetic&years=200", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert page.status_code == 200
    html = page.content.decode()
    for name in ("阿里云", "华为云", "广东省", "上海市", "C 制造业", "云服务商"):
        assert name in html, name
    assert 'data-value="aliyun"' in html
    # The raw keys no longer stand alone in a cell.
    assert ">aliyun<" not in html
    assert ">44<" not in html
    # Money as ¥1,234.56 in the tables and the summary line.
    assert re.search(r"VaR 99.5% ¥[\d,]+\.\d\d", html)
    assert re.search(r'<td class="num">¥[\d,]+\.\d\d</td>', html)


def test_the_in_force_book_shows_coverage_names_and_cloud_categories(client, insured_book) -> None:  # noqa: F811
    insurer = insured_book[0].insurer
    client.force_login(factories.user(Role.ACTUARY, organisation=insurer))
    html = client.get("/analytics/?date=2026-07-01").content.decode()
    assert "国内公有云" in html
    assert ">domestic_public<" not in html
    assert "¥" in html
