"""``cyberins providers list``: one row per provider, filtered by region and service, as JSON or a table."""

from __future__ import annotations

import json

import pytest

from cyberins.cli import main
from cyberins.providers.demo import load_providers


@pytest.mark.django_db
def test_list_filters_by_region_and_service(capsys) -> None:
    load_providers()
    assert main(["providers", "list", "--json"]) == 0
    everyone = json.loads(capsys.readouterr().out)
    assert len(everyone) >= 20
    assert main(["providers", "list", "--region", "深圳", "--service", "penetration_test", "--json"]) == 0
    shenzhen = json.loads(capsys.readouterr().out)
    names = {r["name"] for r in shenzhen}
    assert "鹏城网络安全有限公司" in names  # in 深圳
    assert "珠江安全运营有限公司" in names  # remote-capable
    assert "天府网安科技有限公司" not in names
    assert all("penetration_test" in r["services"] for r in shenzhen)
    expired = next(r for r in everyone if r["name"] == "锡城网络安全有限公司")
    assert any(c["expired"] for c in expired["certifications"])
    assert main(["providers", "list", "--region", "上海"]) == 0
    table = capsys.readouterr().out
    assert "沪安信息安全服务有限公司" in table
    assert table.strip().endswith("providers")
    with pytest.raises(SystemExit):
        main(["providers", "list", "--region", "火星"])
