"""Health-check triggers become underwriting reasons: what must be declined, what an underwriter must see."""

from __future__ import annotations

import pytest
from django.utils import translation

from cyberins.underwriting.rules import evaluate, outcome

ANSWERS = {"security_staff": 2, "sensitive_data": ["personal"], "operating_revenue": "1000000"}


@pytest.mark.parametrize(
    ("trigger", "code", "expected"),
    [
        ("backdoor", "known_backdoor", "decline"),
        ("unauth_datastore", "open_datastore", "decline"),
        ("kev_ransomware", "ransomware_vulnerability", "decline"),
        ("remote_access", "remote_access_exposed", "refer"),
        ("eol_software", "end_of_life_software", "refer"),
        ("anonymous_access", "anonymous_access", "refer"),
        ("kev", "known_exploited_vulnerability", "refer"),
    ],
)
def test_each_scanner_trigger_refers_or_declines(trigger: str, code: str, expected: str) -> None:
    reasons = evaluate(ANSWERS, grade="B", triggers=(trigger,))
    assert [r.code for r in reasons] == [code]
    assert outcome(reasons) == expected


def test_a_clean_check_is_accepted_and_reasons_read_in_chinese() -> None:
    assert outcome(evaluate(ANSWERS, grade="A", triggers=())) == "accept"
    with translation.override("zh-hans"):
        (reason,) = evaluate(ANSWERS, grade="B", triggers=("remote_access",))
        assert "远程访问" in str(reason.message)
