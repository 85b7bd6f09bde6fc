"""The demo lab: real services on 127.0.0.1 that the demo's health checks scan for real."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator

import pytest

from cyberins.healthchecks.demo import load_demo_health_checks
from cyberins.healthchecks.lab import DEFAULT_PORTS, Lab
from cyberins.healthchecks.models import Asset, HealthCheck

# a root in sslyze's bundled Mozilla store has a non-positive serial; harmless here
pytestmark = pytest.mark.filterwarnings("ignore:Parsed a serial number which wasn't positive")


@pytest.fixture
def lab(tmp_path, settings) -> Iterator[Lab]:
    with Lab(dict.fromkeys(DEFAULT_PORTS, 0), folder=tmp_path / "lab") as running:
        # what `cyberins demo` does: admit exactly the lab's services, trust the lab's CA
        settings.SCAN_ALLOW = running.allow_list()
        settings.SCAN_CA_FILE = str(running.ca_file)
        settings.HEALTHCHECK_SCAN_OPTIONS = {"timeout": 1.0, "service_deadline": 60.0, "use_nmap": False}
        yield running


def _scan(api, run_tasks) -> HealthCheck:
    with run_tasks():
        response = api.post("/api/healthchecks", {"kind": "pre_underwriting"})
    assert response.status_code == 202, response.json()
    return HealthCheck.objects.get(pk=response.json()["id"])


def test_a_demo_health_check_scans_the_lab_and_finds_what_it_plants(demo, lab, api_as, run_tasks) -> None:
    load_demo_health_checks(lab.ports)
    assert {a.host for a in Asset.objects.all()} == {"127.0.0.1"}  # nothing off this machine
    assert {a.ports[0] for a in Asset.objects.all()} == set(lab.ports.values())

    shipping = _scan(api_as(demo["applicant"]), run_tasks)
    manufacturing = _scan(api_as(demo["applicant2"]), run_tasks)
    healthcare = _scan(api_as(demo["applicant3"]), run_tasks)

    assert [c.status for c in (shipping, manufacturing, healthcare)] == ["done"] * 3
    found = {(f.check_id, f.port) for f in shipping.findings.all()}
    assert ("software.vulnerable", lab.ports["outdated_web"]) in found  # Apache/2.4.49
    assert ("datastore.unauthenticated", lab.ports["redis"]) in found
    assert "CVE-2021-41773" in {cve for f in shipping.findings.all() for cve in f.cves}
    assert shipping.grade == "F"
    assert ("tls.cert.expired", lab.ports["expired_tls"]) in {
        (f.check_id, f.port) for f in manufacturing.findings.all()
    }
    assert not healthcare.findings.filter(check_id__startswith="tls.").exists()
    assert healthcare.grade == "A"
    assert healthcare.score > manufacturing.score > shipping.score
    # the stored demo assessments say what a real scan of the lab says
    for check in (shipping, manufacturing, healthcare):
        stored = HealthCheck.objects.filter(organisation=check.organisation).exclude(pk=check.pk).get()
        assert {f.check_id for f in stored.findings.all()} == {f.check_id for f in check.findings.all()}
        assert stored.grade == check.grade


def test_the_lab_is_the_only_loopback_target_the_demo_admits(demo, lab, api_as) -> None:
    api = api_as(demo["applicant"])
    assert len(lab.allow_list().split(",")) == 4
    other = next(p for p in range(lab.ports["redis"] + 1, 65535) if p not in lab.ports.values())
    refused = api.post("/api/healthchecks/assets", {"name": "平台自身", "address": f"127.0.0.1:{other}"})
    assert refused.json()["code"] == "healthchecks.target_not_allowed"
    admitted = api.post("/api/healthchecks/assets", {"name": "靶场", "address": lab.address("redis")})
    assert admitted.status_code == 201


def test_the_lab_listens_on_loopback_only_and_stops(tmp_path) -> None:
    lab = Lab(dict.fromkeys(DEFAULT_PORTS, 0), folder=tmp_path).start()
    port = lab.ports["redis"]
    with socket.create_connection(("127.0.0.1", port), 2) as conn:
        conn.sendall(b"INFO server\r\n")
        assert b"redis_version:" in conn.recv(4096)
    lab.stop()
    with pytest.raises(ConnectionRefusedError), socket.create_connection(("127.0.0.1", port), 1):
        pass


def test_cyberins_demo_admits_exactly_the_lab_and_keeps_its_ports(tmp_path, settings, monkeypatch) -> None:
    from cyberins.conf.commands.demo import start_lab

    monkeypatch.setenv("CYBERINS_SCAN_ALLOW", "0.0.0.0/0")  # whatever was set before is replaced
    monkeypatch.setenv("CYBERINS_SCAN_CA_FILE", "")
    (tmp_path / "lab").mkdir()
    (tmp_path / "lab" / "ports.json").write_text(
        '{"redis": 0, "outdated_web": 0, "expired_tls": 0, "hardened_site": 0}'
    )
    first = start_lab(tmp_path)
    try:
        allowed = sorted(f"127.0.0.1:{port}" for port in first.ports.values())
        assert sorted(settings.SCAN_ALLOW.split(",")) == allowed
        assert os.environ["CYBERINS_SCAN_ALLOW"] == settings.SCAN_ALLOW  # for the task worker
        assert os.environ["CYBERINS_SCAN_CA_FILE"] == str(tmp_path / "lab" / "ca.pem")
        ports = dict(first.ports)
    finally:
        first.stop()
    second = start_lab(tmp_path)  # the next start reuses them: the demo's assets name these ports
    try:
        assert second.ports == ports
    finally:
        second.stop()
