"""``cyberins adjust``: the seed's worked example with the 10 % warranty penalty, and bad input."""

from __future__ import annotations

import copy
import io
import json
import subprocess
import sys
from typing import Any

import pytest

from cyberins.cli import main
from cyberins.terms.codes import TermsErrorCode

REQUEST: dict[str, Any] = {
    "policy": {
        "first_day": "2019-06-10",
        "last_day": "2020-06-09",
        "aggregate_limit": "190000",
        "remediation_warranty": {"extra_deductible_ratio": "0.10"},
        "coverages": [
            {"coverage": "response_service", "sub_limit": 50000},
            {"coverage": "business_interruption", "sub_limit": 60000, "waiting_period_hours": 12},
            {"coverage": "restoration", "sub_limit": 80000, "deductible": 2000},
        ],
    },
    "incident_at": "2019-09-01T10:00:00+08:00",
    "lines": [
        {"coverage": "response_service", "claimed": 30000, "assessed": 28000},
        {
            "coverage": "business_interruption",
            "claimed": 40000,
            "outage_hours": 36,
            "hourly_income_loss": 1000,
        },
        {"coverage": "restoration", "claimed": "15000", "assessed": "15000"},
    ],
    "findings": [
        {
            "reference": "RDP-3389",
            "notified_at": "2019-07-05T10:00:00+08:00",
            "due_at": "2019-07-20T10:00:00+08:00",
            "remediated_at": None,
            "directly_related": True,
        }
    ],
    "mitigation": [{"claimed": "5000", "assessed": "4000", "description": "isolation"}],
}


def _run(
    request: object, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str, str]:
    text = request if isinstance(request, str) else json.dumps(request)
    monkeypatch.setattr(sys, "stdin", io.StringIO(text))
    code = main(["adjust", "-", "--indent", "0"])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_worked_example_with_the_ten_percent_penalty(monkeypatch, capsys):
    code, out, err = _run(REQUEST, monkeypatch, capsys)
    assert code == 0, err
    answer = json.loads(out)
    assert answer["warranty_breached"] is True
    # 28,000 - 10 % = 25,200 (service payout); BI 36 h x 1,000 less 12 h = 24,000, - 10 % = 21,600;
    # restoration 15,000 - 2,000 deductible = 13,000, - 10 % = 11,700 (loss payouts)
    assert [line["payable"] for line in answer["lines"]] == ["25200.00", "21600.00", "11700.00"]
    assert [line["warranty_deductible"] for line in answer["lines"]] == ["2800.00", "2400.00", "1300.00"]
    assert answer["lines"][1]["waiting_period_deduction"] == "12000.00"
    assert answer["mitigation"][0]["payable"] == "4000.00"
    assert answer["totals"]["loss_payable"] == "58500.00"
    assert answer["totals"]["payable"] == "62500.00"
    assert answer["aggregate_remaining"] == "131500.00"
    penalty = [row for row in answer["explanation"] if row["step"] == "warranty_deductible"]
    assert [row["before"] for row in penalty] == ["28000.00", "24000.00", "13000.00"]
    assert penalty[0]["reason"]["en"] == "Additional 10% deductible (remediation warranty)"
    assert penalty[0]["item"]["en"] == "Emergency response service"
    assert penalty[0]["after"] == "25200.00"


def test_no_penalty_when_the_finding_was_remediated_in_time(monkeypatch, capsys):
    request = copy.deepcopy(REQUEST)
    request["findings"][0]["remediated_at"] = "2019-07-18T10:00:00+08:00"
    code, out, _ = _run(request, monkeypatch, capsys)
    assert code == 0
    answer = json.loads(out)
    assert answer["warranty_breached"] is False
    assert answer["totals"]["loss_payable"] == "65000.00"


def _with(path: str, value: object) -> dict[str, Any]:
    request = copy.deepcopy(REQUEST)
    *parents, last = path.split(".")
    node: Any = request
    for part in parents:
        node = node[int(part)] if part.isdigit() else node[part]
    if value is KeyError:
        del node[int(last) if last.isdigit() else last]
    else:
        node[int(last) if last.isdigit() else last] = value
    return request


@pytest.mark.parametrize(
    ("request_", "field", "code"),
    [
        (_with("lines.0.claimed", -5), "lines[0].claimed", "terms.negative_amount"),
        (_with("lines.2.assessed", "lots"), "lines[2].assessed", "terms.invalid_amount"),
        (_with("lines.2.assessed", "10.001"), "lines[2].assessed", "terms.amount_not_cents"),
        (_with("lines.2.coverage", "legal"), "lines[2].coverage", "terms.coverage_not_insured"),
        (_with("lines.2.coverage", "cyber"), "lines[2].coverage", "terms.unknown_coverage"),
        (_with("lines.0.assessed", KeyError), "lines[0].assessed", "terms.missing_field"),
        (_with("lines.1.outage_hours", KeyError), "lines[1].outage_hours", "terms.outage_hours_required"),
        (_with("lines.0.amount", 1), "lines[0].amount", "terms.unknown_field"),
        (
            _with("policy.coverages.2.deductible", 90000),
            "policy.coverages[2].deductible",
            "terms.deductible_exceeds_limit",
        ),
        (
            _with("policy.coverages.0.sub_limit", 500000),
            "policy.coverages.response_service.sub_limit",
            "terms.sub_limit_exceeds_aggregate",
        ),
        (
            _with("policy.remediation_warranty.extra_deductible_ratio", 2),
            "policy.remediation_warranty.extra_deductible_ratio",
            "terms.invalid_ratio",
        ),
        (_with("policy.first_day", "10 June"), "policy.first_day", "terms.invalid_date"),
        (_with("incident_at", "2019-09-01T10:00:00"), "incident_at", "terms.naive_datetime"),
        (_with("incident_at", "2021-09-01T10:00:00+08:00"), "incident_at", "terms.incident_outside_period"),
        (
            _with("findings.0.directly_related", "yes"),
            "findings[0].directly_related",
            "terms.invalid_request",
        ),
        (_with("lines", []), "lines", "terms.missing_field"),
        (_with("mitigation.0.claimed", True), "mitigation[0].claimed", "terms.invalid_amount"),
        ([1, 2], "(request)", "terms.invalid_request"),
        ('{"policy": NaN}', "(request)", "terms.invalid_request"),
    ],
)
def test_bad_input_names_the_field_and_prints_nothing(request_, field, code, monkeypatch, capsys):
    status, out, err = _run(request_, monkeypatch, capsys)
    assert status == 2
    assert out == ""
    assert err.startswith(f"error: {field}: ")
    assert err.rstrip().endswith(f"[{code}]")
    assert code in set(TermsErrorCode)


def test_the_command_never_loads_django(tmp_path):
    path = tmp_path / "claim.json"
    path.write_text(json.dumps(REQUEST), encoding="utf-8")
    script = (
        "import sys; from cyberins.cli import main; code = main(['adjust', sys.argv[1]]);"
        "assert 'django' not in sys.modules; sys.exit(code)"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(path)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["totals"]["payable"] == "62500.00"
