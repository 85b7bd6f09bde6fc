from __future__ import annotations

import json

import pytest

from cyberins.cli import main

from .conftest import Services


def test_scan_json_contract(services: Services, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["scan", services.apache.target, "--json", "--no-nmap", "--timeout", "1", "--lang", "en"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0
    assert out["grade"] == "F"
    assert isinstance(out["score"], int)
    assert out["score"] <= 39
    vulnerable = next(f for f in out["findings"] if f["check"] == "software.vulnerable")
    assert "CVE-2021-41773" in vulnerable["cves"]
    assert vulnerable["kev"] is True
    assert vulnerable["target"] == services.apache.target
    assert vulnerable["severity"] == "critical"
    assert vulnerable["confidence"] == "banner-based"
    assert vulnerable["title"] == "Apache HTTP Server 2.4.49 has known vulnerabilities"


def test_scan_table_with_progress(services: Services, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["scan", services.rdp.target, services.hardened.target, "--no-nmap", "--timeout", "1"])
    captured = capsys.readouterr()
    assert code == 0
    assert "remote.rdp" in captured.out
    assert "远程桌面 (RDP) 暴露在网络上" in captured.out
    assert "Grade D" in captured.out
    assert "capped at 59" in captured.out
    assert "2/2" in captured.err  # the progress bar


def test_scan_incomplete_exits_1_and_bad_target_exits_2(
    services: Services, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["scan", services.hang.target, "--json", "--no-nmap", "--timeout", "0.3"]) == 1
    out = json.loads(capsys.readouterr().out)
    assert out["complete"] is False
    assert out["targets"][0]["status"] == "incomplete"
    assert main(["scan", "bad host", "--json"]) == 2
