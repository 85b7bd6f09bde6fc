"""The platform's health check runs the email and DNS check of a declared name (loopback DNS only)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from cyberins.healthchecks.lab_dns import BAD, LoopbackDns
from cyberins.healthchecks.models import HealthCheck

from .conftest import declare


@pytest.fixture
def weak_mail_domain() -> Iterator[LoopbackDns]:
    server = LoopbackDns({"yuanhai.com.cn": (BAD, None)}).start()  # SPF +all, DMARC p=none, ...
    yield server
    server.stop()


def test_the_weak_mail_setup_of_a_declared_domain_is_reported_on_the_check(
    demo, api_as, page_as, services, run_tasks, settings, weak_mail_domain
) -> None:
    async def resolver(host: str) -> list[str]:
        return ["127.0.0.1"]

    settings.SCAN_DNS_SERVER = weak_mail_domain.address
    settings.HEALTHCHECK_SCAN_OPTIONS = {**settings.HEALTHCHECK_SCAN_OPTIONS, "resolver": resolver}
    api = api_as(demo["applicant"])
    asset_id = declare(api, f"yuanhai.com.cn:{services.apache.port}", "官网")

    with run_tasks():
        check_id = api.post("/api/healthchecks", {"kind": "pre_underwriting"}).json()["id"]

    check = HealthCheck.objects.get(pk=check_id)
    assert check.status == "done", list(check.findings.values_list("check_id", "evidence"))
    spf = check.findings.get(check_id="email.spf.permissive")
    assert (spf.target, spf.port, spf.asset_id, spf.severity) == ("yuanhai.com.cn", None, asset_id, "high")
    assert spf.evidence == "v=spf1 +all"
    assert {"email.dmarc.not_enforced", "dns.caa.missing"} <= set(
        check.findings.values_list("check_id", flat=True)
    )
    html = page_as(demo["applicant"]).get(f"/healthchecks/{check_id}/").content.decode()
    assert "SPF 记录允许任何服务器代发邮件" in html
    # no store loaded here: the shipped snapshots' dates are shown, and the 2025 KEV snapshot is stale
    assert "漏洞数据截至" in html
    assert "kev 2025-08-25" in html
    assert "已过期" in html
    data = api.get(f"/api/healthchecks/{check_id}").json()["vulnerability_data"]
    assert data["as_of"]["kev"] == "2025-08-25"
    assert "kev" in data["stale"]


def test_without_a_configured_resolver_no_name_is_looked_up(
    demo, api_as, services, run_tasks, settings
) -> None:
    async def resolver(host: str) -> list[str]:
        return ["127.0.0.1"]

    settings.SCAN_DNS_SERVER = ""
    settings.HEALTHCHECK_SCAN_OPTIONS = {**settings.HEALTHCHECK_SCAN_OPTIONS, "resolver": resolver}
    api = api_as(demo["applicant"])
    declare(api, f"yuanhai.com.cn:{services.apache.port}", "官网")
    with run_tasks():
        check_id = api.post("/api/healthchecks", {"kind": "pre_underwriting"}).json()["id"]
    assert not HealthCheck.objects.get(pk=check_id).findings.filter(check_id__startswith="email.").exists()
