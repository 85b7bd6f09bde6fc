from decimal import Decimal

import pytest

from cyberins.terms import TermsError, chinese_uppercase, format_cny, parse_amount, round_money


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2.345", "2.35"),
        ("2.344", "2.34"),
        ("-2.345", "-2.35"),  # half away from zero (四舍五入), not banker's rounding
        (Decimal("0.005"), "0.01"),
        (Decimal("0.015"), "0.02"),
        (Decimal("0.025"), "0.03"),  # ROUND_HALF_EVEN would give 0.02
        (1, "1.00"),
        (" 190000 ", "190000.00"),
    ],
)
def test_round_money_half_up(value, expected):
    result = round_money(value)
    assert result == Decimal(expected)
    assert result.as_tuple().exponent == -2


@pytest.mark.parametrize("value", [0.1, 1.0, True, "NaN", Decimal("Infinity"), "-inf", "abc", None])
def test_round_money_rejects_floats_and_non_finite(value):
    with pytest.raises(ValueError, match=r"terms\.invalid_amount") as caught:
        round_money(value)
    assert isinstance(caught.value, TermsError)
    assert caught.value.code == "terms.invalid_amount"


def test_parse_amount_keeps_cents_and_refuses_fractions_of_a_cent():
    assert parse_amount("100") == Decimal("100.00")
    assert str(parse_amount("100")) == "100.00"
    with pytest.raises(TermsError) as caught:
        parse_amount("1.001", "premium")
    assert (caught.value.code, caught.value.field) == ("terms.amount_not_cents", "premium")
    with pytest.raises(TermsError, match=r"terms\.negative_amount"):
        parse_amount("-1")
    assert parse_amount("-1.50", allow_negative=True) == Decimal("-1.50")


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        # The brief / seed (COSCO policy: ¥190,000.00 人民币壹拾玖万元整).
        ("190000", "人民币壹拾玖万元整"),
        ("0.50", "人民币伍角"),
        ("10.05", "人民币壹拾元零伍分"),
        ("6000000", "人民币陆佰万元整"),
        ("100010000.00", "人民币壹亿零壹万元整"),
        ("0", "人民币零元整"),
        ("1.23", "人民币壹元贰角叁分"),
        ("1001", "人民币壹仟零壹元整"),
        ("100000", "人民币壹拾万元整"),
        ("10", "人民币壹拾元整"),
        ("26000.00", "人民币贰万陆仟元整"),
        # The examples of the PBoC rules, 四(一)-(四) (first form where two are allowed).
        ("1409.50", "人民币壹仟肆佰零玖元伍角"),
        ("6007.14", "人民币陆仟零柒元壹角肆分"),
        ("1680.32", "人民币壹仟陆佰捌拾元零叁角贰分"),
        ("107000.53", "人民币壹拾万柒仟元零伍角叁分"),
        ("16409.02", "人民币壹万陆仟肆佰零玖元零贰分"),
        ("325.04", "人民币叁佰贰拾伍元零肆分"),
        # Examples of the claims brief (zeros inside the number, 四(一) and 四(三)).
        ("1005.00", "人民币壹仟零伍元整"),
        ("100000.10", "人民币壹拾万元零壹角"),
        ("12345.67", "人民币壹万贰仟叁佰肆拾伍元陆角柒分"),
        # Further cases worked by hand.
        ("0.05", "人民币伍分"),
        ("0.55", "人民币伍角伍分"),
        ("10.10", "人民币壹拾元零壹角"),
        ("20", "人民币贰拾元整"),
        ("110", "人民币壹佰壹拾元整"),
        ("100010", "人民币壹拾万零壹拾元整"),
        ("100001000", "人民币壹亿零壹仟元整"),
        ("10100", "人民币壹万零壹佰元整"),
        ("60708", "人民币陆万零柒佰零捌元整"),
        ("1007000000", "人民币壹拾亿零柒佰万元整"),
        ("100000001", "人民币壹亿零壹元整"),
        ("1000000000000", "人民币壹万亿元整"),
        ("1000100000000", "人民币壹万零壹亿元整"),
        ("1000000010000", "人民币壹万亿零壹万元整"),
        ("1000000.05", "人民币壹佰万元零伍分"),
        ("12345678.90", "人民币壹仟贰佰叁拾肆万伍仟陆佰柒拾捌元玖角"),
        (
            "9999999999999999.99",
            "人民币玖仟玖佰玖拾玖万玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分",
        ),
        (190000, "人民币壹拾玖万元整"),
    ],
)
def test_chinese_uppercase(amount, expected):
    assert chinese_uppercase(Decimal(amount) if isinstance(amount, str) else amount) == expected


@pytest.mark.parametrize(
    ("amount", "code"),
    [
        (Decimal("-1"), "terms.negative_amount"),
        (Decimal("10000000000000000"), "terms.amount_too_large"),
        (Decimal("1.005"), "terms.amount_not_cents"),
        (1.5, "terms.invalid_amount"),
    ],
)
def test_chinese_uppercase_rejects(amount, code):
    with pytest.raises(TermsError) as caught:
        chinese_uppercase(amount)
    assert caught.value.code == code


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (Decimal("190000"), "¥190,000.00"),
        (Decimal("26000.00"), "¥26,000.00"),
        (Decimal("0"), "¥0.00"),
        (Decimal("0.5"), "¥0.50"),
        (Decimal("1234567.89"), "¥1,234,567.89"),
        (Decimal("-1234.5"), "-¥1,234.50"),
    ],
)
def test_format_cny(amount, expected):
    assert format_cny(amount) == expected


def test_format_cny_does_not_round_silently():
    with pytest.raises(TermsError, match=r"terms\.amount_not_cents"):
        format_cny(Decimal("1.234"))
