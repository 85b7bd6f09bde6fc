"""GB 32100-2015 unified social credit codes: the check character and the refusals."""

from __future__ import annotations

import pytest

from cyberins.network import CreditCodeError, credit_code_check_char, validate_credit_code


# The commonly cited example code and codes whose check characters were computed by hand from the weights
# 1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28 (mod 31).
def test_worked_example_check_character() -> None:
    assert credit_code_check_char("91350100M000100Y4") == "3"


def test_hand_computed_codes() -> None:
    # 91310000MA1FL0000: Σ = 9+3+27+27+420+290+25+195+160 = 1156; 1156 mod 31 = 9; 31-9 = 22 → N
    assert credit_code_check_char("91310000MA1FL0000") == "N"
    # 91110108000000000: Σ = 9+3+9+27+0+26+0+136 = 210; 210 mod 31 = 24; 31-24 = 7
    assert credit_code_check_char("91110108000000000") == "7"


@pytest.mark.parametrize(
    "code", ["91350100M000100Y43", "91310000MA1FL0000N", "911101080000000007", " 91350100m000100y43 "]
)
def test_valid_codes_normalise(code: str) -> None:
    assert validate_credit_code(code) == code.strip().upper()


@pytest.mark.parametrize(
    ("code", "error"),
    [
        ("91350100M000100Y44", "credit_code.check"),
        ("91350100M000100Y4", "credit_code.length"),
        ("91350100M000100YI3", "credit_code.charset"),
        ("91350100S000100Y43", "credit_code.charset"),
        ("913501A0M000100Y43", "credit_code.division"),
    ],
)
def test_invalid_codes(code: str, error: str) -> None:
    with pytest.raises(CreditCodeError) as exc:
        validate_credit_code(code)
    assert exc.value.code == error
