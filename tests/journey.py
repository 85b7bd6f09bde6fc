"""Shared helpers for the 投保 → 保单 journey tests: demo products and valid questionnaire answers."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from cyberins.products.demo import load_products
from cyberins.products.models import ProductVersion

ANSWERS: dict[str, Any] = {
    "unit_name": "远海航运数字科技有限公司",
    "office_address": "上海市虹口区东大名路1171号",
    "unit_nature": "state_owned",
    "industry": "G",
    "operating_revenue": "800000000",
    "building_area": "12000",
    "security_staff": 0,
    "employees": 420,
    "system_build": "self_built",
    "cloud_provider": "domestic_public",
    "insured_systems": [{"name": "自保公司核心业务系统", "type": "业务系统", "users": 40, "devices": 2}],
    "sensitive_data": ["personal"],
}


def answers(**changes: Any) -> dict[str, Any]:
    """Valid answers; with ``security_staff=0`` and personal data the rules refer to an underwriter."""
    return copy.deepcopy(ANSWERS) | changes


@pytest.fixture
def products(demo: Any) -> dict[str, ProductVersion]:
    return {v.product.code: v for v in load_products()}
