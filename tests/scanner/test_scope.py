from __future__ import annotations

import pytest

from cyberins.scanner import Scope, Target, TargetError, parse_target


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
