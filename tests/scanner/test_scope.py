from __future__ import annotations

import json
from typing import Any

import pytest

from cyberins.cli import main
from cyberins.scanner import (
    REFUSAL_CLASSES,
    AssessmentResult,
    ScanOptions,
    Scope,
    Target,
    TargetError,
    TargetPolicy,
    TargetStatus,
    assess,
    parse_target,
)
from cyberins.scanner.scope import parse_allow_list
from tests.loopback import LOOPBACK

from .conftest import Services


def test_parse_target_forms() -> None:
    assert parse_target("Example.COM.") == Target("example.com")
    assert parse_target("127.0.0.1:8443") == Target("127.0.0.1", 8443)
    assert parse_target("[::1]:22") == Target("::1", 22)
    assert parse_target("https://shop.example.com/login") == Target(
        "shop.example.com", 443, "https", "/login"
    )
    assert parse_target("http://127.0.0.1:8080") == Target("127.0.0.1", 8080, "http", "/")
    assert str(parse_target("[::1]:22")) == "[::1]:22"


@pytest.mark.parametrize("bad", ["", "host:0", "host:70000", "host:abc", "ftp://x", "bad host", "a..b"])
def test_invalid_targets_are_rejected(bad: str) -> None:
    with pytest.raises(TargetError):
        parse_target(bad)


def test_bare_host_authorises_every_port_but_host_port_only_that_port() -> None:
    scope = Scope.from_declared(["127.0.0.1", "shop.example.com:443"])
    assert scope.permits("127.0.0.1", 3389)
    assert scope.host_fully_authorised("127.0.0.1")
    assert scope.permits("shop.example.com", 443)
    assert not scope.permits("shop.example.com", 22)
    assert not scope.host_fully_authorised("shop.example.com")
    assert scope.declared_ports("shop.example.com") == {443}
    assert not scope.permits("other.example.com", 443)
    assert not scope.permits("127.0.0.2", 80)


def test_network_asset_and_url_asset() -> None:
    scope = Scope.from_declared(["10.0.0.0/30", "https://portal.example.com/app"], authorisation="AUTH-1")
    assert scope.permits("10.0.0.2", 445)
    assert not scope.permits("10.0.0.4", 445)
    assert scope.permits("portal.example.com", 443)
    assert not scope.permits("portal.example.com", 80)
    assert scope.authorisation == "AUTH-1"


def test_names_are_compared_normalised() -> None:
    scope = Scope.from_declared(["WWW.Example.com."])
    assert scope.permits("www.example.com", 80)
    assert not scope.permits("example.com", 80)


# --- the target policy: what may be scanned at all ---------------------------------------------

REFUSED = [
    ("127.0.0.1", "loopback"),
    ("127.255.0.9", "loopback"),
    ("10.0.0.1", "private"),
    ("172.16.5.4", "private"),
    ("172.31.255.255", "private"),
    ("192.168.1.1", "private"),
    ("100.64.0.1", "shared"),
    ("100.127.255.254", "shared"),
    ("169.254.169.254", "metadata"),
    ("169.254.170.2", "metadata"),
    ("100.100.100.200", "metadata"),
    ("169.254.1.1", "link_local"),
    ("224.0.0.1", "multicast"),
    ("239.255.255.250", "multicast"),
    ("0.0.0.0", "reserved"),
    ("0.1.2.3", "reserved"),
    ("192.0.0.8", "reserved"),
    ("240.0.0.1", "reserved"),
    ("255.255.255.255", "reserved"),
    ("192.0.2.1", "documentation"),
    ("198.51.100.20", "documentation"),
    ("203.0.113.10", "documentation"),
    ("198.18.0.1", "benchmarking"),
    ("198.19.255.1", "benchmarking"),
    # IPv6
    ("::1", "loopback"),
    ("::", "reserved"),
    ("fc00::1", "private"),
    ("fd12:3456::1", "private"),
    ("fe80::1", "link_local"),
    ("fe80::1%2", "link_local"),
    ("fd00:ec2::254", "metadata"),
    ("ff02::1", "multicast"),
    ("2001:db8::1", "documentation"),
    ("2001:2::1", "benchmarking"),
    ("100::1", "reserved"),
    ("::7f00:1", "reserved"),  # IPv4-compatible (deprecated)
    # IPv4 embedded in IPv6: judged by the IPv4 address inside
    ("::ffff:127.0.0.1", "loopback"),
    ("::ffff:10.0.0.1", "private"),
    ("::ffff:169.254.169.254", "metadata"),
    ("64:ff9b::a9fe:a9fe", "metadata"),  # NAT64 of 169.254.169.254
    ("64:ff9b::c0a8:101", "private"),  # NAT64 of 192.168.1.1
    ("2002:7f00:1::1", "loopback"),  # 6to4 of 127.0.0.1
    ("2002:a00:1::1", "private"),  # 6to4 of 10.0.0.1
]
ALLOWED = ["8.8.8.8", "1.1.1.1", "114.114.114.114", "223.5.5.5", "2606:4700:4700::1111",
           "2400:3200::1", "::ffff:8.8.8.8", "64:ff9b::808:808", "100.63.255.255", "172.32.0.1"]  # fmt: skip


@pytest.mark.parametrize(("address", "category"), REFUSED)
def test_every_non_public_address_class_is_refused_by_default(address: str, category: str) -> None:
    refusal = TargetPolicy().check_address(address)
    assert refusal is not None
    assert refusal.category == category
    assert category in REFUSAL_CLASSES
    assert str(refusal).startswith("target_not_allowed: ")
    assert TargetPolicy().check_host(address, 443) == refusal


@pytest.mark.parametrize("address", ALLOWED)
def test_public_addresses_are_allowed(address: str) -> None:
    assert TargetPolicy().check_address(address) is None
    assert TargetPolicy().check_host(address, 443) is None


@pytest.mark.parametrize(
    ("name", "category"),
    [
        ("metadata.google.internal", "metadata"),
        ("METADATA.google.internal.", "metadata"),
        ("metadata", "metadata"),
        ("instance-data", "metadata"),
        ("metadata.tencentyun.com", "metadata"),
        ("localhost", "loopback"),
        ("admin.localhost", "loopback"),
        ("intranet", "internal_name"),
        ("db.corp.internal", "internal_name"),
        ("printer.local", "internal_name"),
        ("nas.home.arpa", "internal_name"),
        ("portal.yuanhai-shipping.example", "documentation"),
        ("x.invalid", "documentation"),
    ],
)
def test_metadata_and_internal_names_are_refused_before_any_lookup(name: str, category: str) -> None:
    refusal = TargetPolicy().check_host(name)
    assert refusal is not None
    assert refusal.category == category


def test_public_names_pass_the_name_check_and_are_checked_again_after_resolution() -> None:
    assert TargetPolicy().check_host("www.example.com") is None
    assert TargetPolicy().check_host("shop.jinggong.com.cn", 443) is None


def test_the_platforms_own_hosts_are_refused() -> None:
    policy = TargetPolicy.from_settings("", ["cyberins.example.cn", ".platform.cn", "203.0.114.7", "*"])
    assert policy.check_host("cyberins.example.cn").category == "platform"  # type: ignore[union-attr]
    assert policy.check_host("admin.platform.cn").category == "platform"  # type: ignore[union-attr]
    assert policy.check_host("platform.cn").category == "platform"  # type: ignore[union-attr]
    assert policy.check_host("203.0.114.7", 443).category == "platform"  # type: ignore[union-attr]
    assert policy.check_host("other.cn") is None


def test_the_allow_list_admits_networks_and_single_services() -> None:
    policy = TargetPolicy.from_settings("10.20.0.0/16, 127.0.0.1:8443 ,[::1]:6379")
    assert policy.check_address("10.20.3.4", 22) is None
    assert policy.check_address("10.20.3.4") is None
    assert policy.check_address("10.21.0.1").category == "private"  # type: ignore[union-attr]
    assert policy.check_address("::ffff:10.20.0.9", 80) is None
    assert policy.check_address("127.0.0.1", 8443) is None
    assert policy.check_address("127.0.0.1", 8000).category == "loopback"  # type: ignore[union-attr]
    assert policy.check_address("127.0.0.1").category == "loopback"  # type: ignore[union-attr]
    assert policy.check_address("::1", 6379) is None
    assert policy.check_host("10.20.0.0/24") is None
    assert policy.check_host("10.0.0.0/8").category == "private"  # type: ignore[union-attr]
    assert TargetPolicy().check_host("8.0.0.0/6").category == "private"  # type: ignore[union-attr]
    assert TargetPolicy().check_host("8.8.8.0/24") is None


@pytest.mark.parametrize("bad", ["10.0.0.0/33", "example.com", "127.0.0.1:0", "not an address"])
def test_an_invalid_allow_list_entry_is_an_error(bad: str) -> None:
    with pytest.raises(TargetError):
        parse_allow_list(bad)


def test_allow_private_turns_the_classes_off_but_not_the_platforms_own_hosts() -> None:
    assert TargetPolicy.permissive().check_address("10.0.0.1") is None
    assert TargetPolicy.permissive().check_host("metadata.google.internal") is None
    own = TargetPolicy(own_hosts=frozenset({"cyberins.example.cn"}), refuse_special=False)
    assert own.check_host("cyberins.example.cn") is not None


# --- enforced at scan time, before any packet -----------------------------------------------------


def _resolver(*answers: str, calls: list[str] | None = None):  # type: ignore[no-untyped-def]
    async def resolve(host: str) -> list[str]:
        if calls is not None:
            calls.append(host)
        return list(answers)

    return resolve


def _scan(targets: list[str], **options: Any) -> AssessmentResult:
    scan_options = ScanOptions(timeout=0.5, service_deadline=3, use_nmap=False, **options)
    return assess(Scope.from_declared(targets), targets, options=scan_options)


def test_a_refused_loopback_target_gets_no_connection(services: Services, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("CYBERINS_SCAN_ALLOW")
    before = services.outsider.connections
    result = _scan([services.outsider.target])
    assert services.outsider.connections == before
    (target,) = result.targets
    assert target.status is TargetStatus.REFUSED
    assert "loopback" in target.reason
    assert not result.complete


def test_a_name_resolving_to_a_private_address_is_refused_at_scan_time(services: Services) -> None:
    calls: list[str] = []
    result = _scan(["portal.yuanhai.com.cn:8080"], resolver=_resolver("10.0.0.7", calls=calls))
    (target,) = result.targets
    assert (target.status, calls) == (TargetStatus.REFUSED, ["portal.yuanhai.com.cn"])
    assert "10.0.0.7" in target.reason
    assert "private" in target.reason
    # one refused address among public ones refuses the name
    mixed = _scan(["shop.yuanhai.com.cn:443"], resolver=_resolver("8.8.8.8", "169.254.169.254"))
    assert mixed.targets[0].status is TargetStatus.REFUSED
    assert "metadata" in mixed.targets[0].reason


def test_a_metadata_name_is_refused_without_a_lookup() -> None:
    calls: list[str] = []
    result = _scan(["metadata.google.internal"], resolver=_resolver("8.8.8.8", calls=calls))
    assert result.targets[0].status is TargetStatus.REFUSED
    assert calls == []


def test_the_scan_connects_to_the_address_that_was_checked(services: Services) -> None:
    calls: list[str] = []
    name = f"lab.cyberins.cn:{services.outsider.port}"
    before = services.outsider.connections
    result = _scan([name], resolver=_resolver(LOOPBACK, "10.9.9.9", calls=calls), policy=TargetPolicy())
    assert result.targets[0].status is TargetStatus.REFUSED  # 10.9.9.9 is refused, so is the name
    assert services.outsider.connections == before

    admitted = TargetPolicy.from_settings(f"{LOOPBACK}/32")
    result = _scan([name], resolver=_resolver(LOOPBACK, calls=calls), policy=admitted)
    (target,) = result.targets
    assert (target.status, target.address) == (TargetStatus.COMPLETE, LOOPBACK)
    assert services.outsider.connections > before
    assert calls == ["lab.cyberins.cn", "lab.cyberins.cn"]  # one lookup per scan, never a second


def test_the_allow_list_admits_only_the_listed_ports_of_a_swept_host(services: Services) -> None:
    policy = TargetPolicy.from_settings(f"{LOOPBACK}:{services.outsider.port}")
    options = ScanOptions(
        timeout=0.5, use_nmap=False, policy=policy, sweep_ports=(services.outsider.port, services.ssh.port)
    )
    ssh_before = services.ssh.connections
    result = assess(Scope.from_declared([LOOPBACK]), [LOOPBACK], options=options)
    (target,) = result.targets
    states = {s.port: s.state for s in target.services}
    assert states == {services.outsider.port: "open", services.ssh.port: "refused"}
    assert services.ssh.connections == ssh_before


def test_cyberins_scan_refuses_loopback_unless_allow_private(
    services: Services, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("CYBERINS_SCAN_ALLOW")
    before = services.outsider.connections
    assert main(["scan", services.outsider.target, "--json", "--no-nmap", "--timeout", "0.5"]) == 1
    refused = json.loads(capsys.readouterr().out)["targets"][0]
    assert refused["status"] == "refused"
    assert "loopback" in refused["reason"]
    assert services.outsider.connections == before

    code = main(
        ["scan", services.outsider.target, "--json", "--no-nmap", "--timeout", "0.5", "--allow-private"]
    )
    assert code == 0
    assert json.loads(capsys.readouterr().out)["targets"][0]["status"] == "complete"
    assert services.outsider.connections > before


def test_cyberins_scan_reads_the_allow_list_and_rejects_a_bad_one(
    services: Services, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CYBERINS_SCAN_ALLOW", f"{LOOPBACK}:{services.outsider.port}")
    assert main(["scan", services.outsider.target, "--json", "--no-nmap", "--timeout", "0.5"]) == 0
    capsys.readouterr()
    monkeypatch.setenv("CYBERINS_SCAN_ALLOW", "localhost")
    assert main(["scan", services.outsider.target, "--json"]) == 2
    assert "allow-list" in capsys.readouterr().err
