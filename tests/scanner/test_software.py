from __future__ import annotations

import pytest

from cyberins.scanner.software import Software, Version, canonical_cpe, from_cpe, parse_banner


@pytest.mark.parametrize(
    ("lower", "higher"),
    [
        ("7.4", "7.4p1"),
        ("7.4p1", "7.7"),
        ("9.3p1", "9.3p2"),
        ("2.4.5", "2.4.49"),
        ("1.0rc1", "1.0"),
        ("1.9", "1.20.1"),
    ],
)
def test_version_order(lower: str, higher: str) -> None:
    assert Version(lower) < Version(higher)
    assert not Version(higher) < Version(lower)


def test_version_equality_ignores_surrounding_space() -> None:
    assert Version(" 2.4.49") == Version("2.4.49")
    assert Version("2.4.49") != Version("2.4.50")


def test_openssh_banner_with_debian_suffix_is_a_possible_backport() -> None:
    (sw,) = parse_banner("SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u10")
    assert (sw.cpe, sw.version, sw.backport) == ("openbsd:openssh", "9.2p1", True)
    (plain,) = parse_banner("SSH-2.0-OpenSSH_7.4")
    assert (plain.version, plain.backport) == ("7.4", False)


def test_server_headers() -> None:
    (apache,) = parse_banner("Apache/2.4.49 (Unix)")
    assert (apache.cpe, apache.version, apache.backport) == ("apache:http_server", "2.4.49", False)
    (centos,) = parse_banner("Apache/2.4.6 (CentOS)")
    assert centos.backport
    found = {(s.cpe, s.version) for s in parse_banner("nginx/1.18.0 (Ubuntu) PHP/7.4.3 OpenSSL/1.1.1f")}
    assert found == {("f5:nginx", "1.18.0"), ("php:php", "7.4.3"), ("openssl:openssl", "1.1.1f")}
    (vsftpd,) = parse_banner("220 (vsFTPd 2.3.4)")
    assert (vsftpd.cpe, vsftpd.version) == ("vsftpd_project:vsftpd", "2.3.4")


def test_nmap_cpe_is_aliased_to_the_nvd_name() -> None:
    assert canonical_cpe("igor_sysoev:nginx") == "f5:nginx"
    sw = from_cpe("cpe:/a:igor_sysoev:nginx:1.18.0")
    assert sw == Software("f5:nginx", "1.18.0", "cpe:/a:igor_sysoev:nginx:1.18.0")
    assert from_cpe("cpe:2.3:a:openbsd:openssh:7.4p1:*:*:*:*:*:*:*") is not None
    assert from_cpe("cpe:/a:igor_sysoev:nginx") is None  # no version, nothing to match
