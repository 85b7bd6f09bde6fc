"""What may be scanned: refused when declared (API and page, coded, bilingual) and again at scan time."""

from __future__ import annotations

import pytest

from cyberins.healthchecks.models import Asset, HealthCheck

from .conftest import declare

REFUSED_ASSETS = [
    ("169.254.169.254", "元数据"),
    ("10.0.0.1", "内网地址"),
    ("192.168.1.1:8080", "内网地址"),
    ("http://172.16.0.5/admin", "内网地址"),
    ("100.64.1.1", "共享地址"),
    ("127.0.0.1", "环回地址"),
    ("[::1]:22", "环回地址"),
    ("https://[fd00::1]/", "内网地址"),
    ("[fe80::1]:443", "链路本地地址"),
    ("[::ffff:10.0.0.1]:80", "内网地址"),
    ("224.0.0.1", "组播地址"),
    ("240.0.0.1", "保留"),
    ("203.0.113.10", "文档示例"),
    ("198.18.0.1", "基准测试"),
    ("metadata.google.internal", "元数据"),
    ("http://metadata/computeMetadata/v1/", "元数据"),
    ("localhost:8000", "环回地址"),
    ("portal.yuanhai-shipping.example", "文档示例"),
]


@pytest.fixture
def default_policy(settings) -> None:
    settings.SCAN_ALLOW = ""  # the platform's default: nothing beyond public addresses
    settings.ALLOWED_HOSTS = ["cyberins.example.cn", "testserver"]
    settings.CSRF_TRUSTED_ORIGINS = ["https://portal.cyberins.cn"]


@pytest.mark.parametrize(("address", "label"), REFUSED_ASSETS)
def test_the_api_refuses_to_declare_an_internal_target(
    demo, api_as, default_policy, address: str, label: str
) -> None:
    response = api_as(demo["applicant"]).post(
        "/api/healthchecks/assets", {"name": "内部", "address": address}
    )
    assert response.status_code == 400
    body = response.json()
    assert (body["code"], body["field"]) == ("healthchecks.target_not_allowed", "address")
    assert label in body["message"]
    assert not Asset.objects.exists()


def test_the_refusal_is_in_english_too(demo, api_as, default_policy) -> None:
    api = api_as(demo["applicant"])
    api.headers["Accept-Language"] = "en"
    body = api.post("/api/healthchecks/assets", {"name": "metadata", "address": "169.254.169.254"}).json()
    assert body["message"] == "169.254.169.254 cannot be scanned: it is a cloud metadata service."


@pytest.mark.parametrize(
    "address", ["cyberins.example.cn", "https://portal.cyberins.cn/admin/", "testserver:443"]
)
def test_the_platforms_own_host_names_are_refused(demo, api_as, default_policy, address: str) -> None:
    body = (
        api_as(demo["applicant"]).post("/api/healthchecks/assets", {"name": "x", "address": address}).json()
    )
    assert body["code"] == "healthchecks.target_not_allowed"
    assert "本平台" in body["message"]


def test_public_targets_are_declared(demo, api_as, default_policy) -> None:
    api = api_as(demo["applicant"])
    for address in ("8.8.8.8", "www.yuanhai-shipping.com.cn", "https://[2606:4700::1111]/"):
        response = api.post("/api/healthchecks/assets", {"name": address, "address": address})
        assert response.status_code == 201, response.json()


def test_the_page_shows_the_refusal_on_the_address_field(demo, page_as, default_policy) -> None:
    page = page_as(demo["applicant"])
    response = page.post("/healthchecks/assets/", {"name": "网关", "address": "10.1.2.3", "ports": ""})
    assert response.status_code == 200
    html = response.content.decode()
    assert "10.1.2.3 不允许扫描" in html
    assert not Asset.objects.exists()


def test_scan_allow_admits_a_range_and_only_that_range(demo, api_as, settings) -> None:
    settings.SCAN_ALLOW = "10.20.0.0/16, 127.0.0.1:8443"
    api = api_as(demo["applicant"])
    assert api.post("/api/healthchecks/assets", {"name": "a", "address": "10.20.1.1"}).status_code == 201
    assert api.post("/api/healthchecks/assets", {"name": "b", "address": "127.0.0.1:8443"}).status_code == 201
    assert api.post("/api/healthchecks/assets", {"name": "c", "address": "10.21.1.1"}).status_code == 400
    assert api.post("/api/healthchecks/assets", {"name": "d", "address": "127.0.0.1"}).status_code == 400


def test_a_target_refused_at_scan_time_is_recorded_and_gets_no_packet(
    demo, api_as, page_as, services, run_tasks, settings
) -> None:
    api = api_as(demo["applicant"])
    declare(api, services.apache.address)  # admitted when declared (127.0.0.0/8 allowed) ...
    settings.SCAN_ALLOW = ""  # ... and no longer when the scan runs
    before = services.apache.connections

    with run_tasks():
        check_id = api.post("/api/healthchecks", {"kind": "pre_underwriting"}).json()["id"]

    assert services.apache.connections == before
    check = HealthCheck.objects.get(pk=check_id)
    assert check.status == "incomplete"
    (target,) = check.target_results
    assert target["status"] == "refused"
    assert "target_not_allowed" in target["reason"]
    assert "loopback" in target["reason"]
    assert not check.findings.exists()
    html = page_as(demo["applicant"]).get(f"/healthchecks/{check_id}/").content.decode()
    assert 'data-target-status="refused"' in html
    assert "127.0.0.1 不允许扫描：它是环回地址。" in html


def test_a_name_resolving_to_an_internal_address_is_refused_when_the_scan_runs(
    demo, api_as, services, run_tasks, settings
) -> None:
    async def resolver(host: str) -> list[str]:
        return ["10.0.0.8"] if host == "intranet.yuanhai.com.cn" else ["127.0.0.1"]

    settings.HEALTHCHECK_SCAN_OPTIONS = {**settings.HEALTHCHECK_SCAN_OPTIONS, "resolver": resolver}
    api = api_as(demo["applicant"])
    declare(api, f"intranet.yuanhai.com.cn:{services.apache.port}")  # a public-looking name
    declare(api, f"www.yuanhai.com.cn:{services.apache.port}")  # resolves to the admitted 127.0.0.1
    before = services.apache.connections

    with run_tasks():
        check_id = api.post("/api/healthchecks", {"kind": "pre_underwriting"}).json()["id"]

    results = {t["target"]: t for t in HealthCheck.objects.get(pk=check_id).target_results}
    refused = results[f"intranet.yuanhai.com.cn:{services.apache.port}"]
    assert refused["status"] == "refused"
    assert "10.0.0.8" in refused["reason"]
    assert results[f"www.yuanhai.com.cn:{services.apache.port}"]["status"] == "complete"
    assert services.apache.connections > before  # only the admitted name was scanned
