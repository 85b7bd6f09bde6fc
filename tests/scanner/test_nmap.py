from __future__ import annotations

import asyncio

import pytest

from cyberins.scanner import nmap

from .conftest import Services

NMAP_XML = """<?xml version="1.0"?>
<nmaprun scanner="nmap" args="nmap -sV -Pn -n -p 22,80,81 -oX - 127.0.0.1">
 <host><address addr="127.0.0.1" addrtype="ipv4"/><ports>
  <port protocol="tcp" portid="22"><state state="open"/>
   <service name="ssh" product="OpenSSH" version="9.2p1 Debian 2+deb12u10" extrainfo="protocol 2.0">
    <cpe>cpe:/a:openbsd:openssh:9.2p1</cpe><cpe>cpe:/o:linux:linux_kernel</cpe></service></port>
  <port protocol="tcp" portid="80"><state state="open"/>
   <service name="http" product="nginx" version="1.18.0">
    <cpe>cpe:/a:igor_sysoev:nginx:1.18.0</cpe></service></port>
  <port protocol="tcp" portid="81"><state state="closed"/><service name="hosts2-ns"/></port>
 </ports></host></nmaprun>"""


def test_parse_nmap_xml_aliases_cpes_and_spots_backports() -> None:
    services = nmap.parse_xml(NMAP_XML)
    assert sorted(services) == [22, 80]
    (ssh,) = services[22].software
    assert (ssh.cpe, ssh.version, ssh.backport) == ("openbsd:openssh", "9.2p1", True)
    (web,) = services[80].software
    assert (web.cpe, web.version, web.backport) == ("f5:nginx", "1.18.0", False)


@pytest.mark.skipif(not nmap.available(), reason="nmap is not installed; the built-in probes are used")
def test_nmap_fingerprints_a_loopback_banner(services: Services) -> None:
    found = asyncio.run(nmap.fingerprint("127.0.0.1", [services.ssh.port], 60))
    assert found[services.ssh.port].name == "ssh"
