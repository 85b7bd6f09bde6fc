"""``cyberins claims list [--json]`` and ``cyberins claims tick``."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

from cyberins.cli import main
from cyberins.terms import SHANGHAI
from tests import factories as f
from tests.claims.conftest import incident_at
from tests.claims.test_assessment import assessed_claim

T = datetime(2026, 9, 1, 10, 0, tzinfo=SHANGHAI)


def test_list_shows_amounts_and_the_penalty(case, capsys) -> None:
    item = f.remediation_item(
        organisation=case["policy"].insured, notified_at=T - timedelta(days=60), due_at=T - timedelta(days=15)
    )
    claim = assessed_claim(
        case, incident_at(case, T), [("restoration", "110000", "110000", [])], related=[item.pk]
    )
    assert main(["claims", "list", "--json"]) == 0
    (row,) = json.loads(capsys.readouterr().out)
    assert (row["number"], row["policy"], row["status"]) == (claim.number, case["policy"].number, "assessed")
    assert (row["claimed"], row["assessed"], row["reserve"], row["paid"]) == (
        "110000.00",
        "110000.00",
        "90000.00",
        "0.00",
    )
    assert row["penalty_applied"] is True
    assert main(["claims", "list"]) == 0
    table = capsys.readouterr().out
    assert "penalty 10%" in table
    assert table.strip().endswith("1 claims")
    assert (
        main(["claims", "tick", "--now", (claim.documents_complete_at + timedelta(days=31)).isoformat()]) == 0
    )
    assert capsys.readouterr().out.strip() == "1 breaches recorded"


def test_letter_writes_the_settlement_letter_of_an_approved_claim(case, capsys, tmp_path) -> None:
    from cyberins.claims.services import do_approve
    from tests.documents.pdf_checks import extracted_text

    claim = assessed_claim(case, incident_at(case, T), [("restoration", "110000", "110000", [])])
    target = tmp_path / "letter.pdf"
    # assessed, not yet approved: no letter, a clear message, no file
    assert main(["claims", "letter", claim.number, "-o", str(target)]) == 2
    assert capsys.readouterr().err.startswith("error:")
    assert not target.exists()
    do_approve(actor=case["approver"], claim=claim, now=T + timedelta(days=3))
    assert main(["claims", "letter", claim.number, "-o", str(target), "--lang", "en"]) == 0
    text = extracted_text(target.read_bytes())
    assert claim.number in text
    assert "100,000.00" in text  # 110,000 less the ¥10,000 deductible
    assert main(["claims", "letter", "LP-NONE", "-o", str(target)]) == 2
