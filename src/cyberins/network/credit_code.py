"""统一社会信用代码 — the unified social credit code of GB 32100-2015.

Eighteen characters from the 31-character alphabet ``0-9 A-Z`` without I, O, Z, S, V:

====  ===========================================================
1     registration authority (登记管理部门代码), e.g. 9 工商
2     organisation category (机构类别代码), e.g. 1 企业
3-8   administrative division of the registering office (GB/T 2260), digits
9-17  organisation code (主体标识码)
18    check character: C18 = 31 − (Σ Ci·Wi mod 31), 31 → 0, with the weights Wi = 3^(i−1) mod 31
====  ===========================================================
"""

from __future__ import annotations

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_VALUE = {ch: i for i, ch in enumerate(ALPHABET)}


class CreditCodeError(ValueError):
    """Why a code is not a valid unified social credit code; ``code`` is stable, the text English."""

    def __init__(self, code: str, text: str) -> None:
        self.code = code
        super().__init__(text)


def credit_code_check_char(first17: str) -> str:
    """The check character for the first 17 characters of a code."""
    if len(first17) != 17 or any(ch not in _VALUE for ch in first17):
        raise CreditCodeError("credit_code.charset", "17 characters from 0-9 and A-Y (no I, O, S, V, Z)")
    total = sum(_VALUE[ch] * weight for ch, weight in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def validate_credit_code(raw: str) -> str:
    """The normalised code (upper case, no spaces) or :class:`CreditCodeError`."""
    code = "".join(str(raw).split()).upper()
    if len(code) != 18:
        raise CreditCodeError("credit_code.length", "a unified social credit code has 18 characters")
    if any(ch not in _VALUE for ch in code):
        raise CreditCodeError(
            "credit_code.charset", "only digits and capital letters other than I, O, S, V and Z"
        )
    if not code[2:8].isdigit():
        raise CreditCodeError("credit_code.division", "characters 3 to 8 are a GB/T 2260 division code")
    if credit_code_check_char(code[:17]) != code[17]:
        raise CreditCodeError("credit_code.check", "the check character does not match")
    return code
