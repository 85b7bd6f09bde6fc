"""Money: the project's one rounding function, amount parsing and display.

Amounts are plain :class:`~decimal.Decimal` in CNY (the only currency the platform
handles so far). Floats are refused everywhere: ``0.1 + 0.2`` is not ``0.3`` and a
premium must be exact to the cent.

Rounding happens in exactly one place, :func:`round_money`, and only where an amount
is fixed (a premium, a refund, a deduction, a payment). Intermediate values keep full
precision. Amounts that are already fixed (a sum insured, a deductible, an assessed
loss) are read with :func:`parse_amount`, which refuses fractions of a cent instead of
silently rounding them away.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from .errors import TermsError
from .text import Text

CURRENCY = "CNY"
CENT = Decimal("0.01")

AmountInput = Decimal | int | str


def _to_decimal(value: object, field: str) -> Decimal:
    # bool is an int subclass; True as an amount is always a bug.
    if isinstance(value, bool) or not isinstance(value, Decimal | int | str):
        raise TermsError(
            "terms.invalid_amount",
            field,
            Text(
                "金额必须是 Decimal、整数或字符串（不接受浮点数）。",
                "Amount must be a Decimal, int or str (not a float).",
            ),
        )
    try:
        number = Decimal(value.strip() if isinstance(value, str) else value)
    except InvalidOperation:
        raise TermsError(
            "terms.invalid_amount", field, Text(f"无法识别的金额：{value!r}。", f"Not an amount: {value!r}.")
        ) from None
    if not number.is_finite():
        raise TermsError(
            "terms.invalid_amount", field, Text("金额必须是有限数值。", "Amount must be a finite number.")
        )
    return number


def round_money(value: AmountInput) -> Decimal:
    """Round an amount to the cent, half up: the project's ONE rounding function.

    ``round_money(x) = x.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)``;
    ``2.345 -> 2.35``, ``-2.345 -> -2.35`` (half away from zero, as in Chinese
    accounting practice "四舍五入"). Negative values are allowed (a return premium
    is a negative adjustment).

    Raises
    ------
    TermsError
        ``terms.invalid_amount`` for floats, bools, NaN, infinities and unparsable strings
        (``TermsError`` is a ``ValueError``).
    """
    return _to_decimal(value, "amount").quantize(CENT, rounding=ROUND_HALF_UP)


def parse_amount(value: AmountInput, field: str = "amount", *, allow_negative: bool = False) -> Decimal:
    """Read an amount that is already fixed to the cent, without rounding it.

    Returns the value quantized to two places (``"100"`` -> ``Decimal("100.00")``).

    Raises
    ------
    TermsError
        ``terms.invalid_amount`` (see :func:`round_money`), ``terms.amount_not_cents`` when
        the value has a fraction of a cent, ``terms.negative_amount`` when negative and
        ``allow_negative`` is false.
    """
    number = _to_decimal(value, field)
    if number != number.quantize(CENT, rounding=ROUND_HALF_UP):
        raise TermsError(
            "terms.amount_not_cents",
            field,
            Text(
                f"金额 {number} 不是整分；请先用 round_money 取整。",
                f"Amount {number} has a fraction of a cent.",
            ),
        )
    if number < 0 and not allow_negative:
        raise TermsError(
            "terms.negative_amount", field, Text("金额不能为负数。", "Amount must not be negative.")
        )
    return number.quantize(CENT)


_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_SMALL_UNITS = ("仟", "佰", "拾", "")  # positions 10^3 .. 10^0 inside a four-digit group
_UPPERCASE_LIMIT = 10**16


def _four_digits(number: int) -> str:
    """Uppercase for 1..9999; zeros between digits become one 零, trailing zeros vanish.

    A leading 壹 is always written before 拾 ("壹拾", never a bare "拾"), the banking
    convention that keeps "拾" from being altered into "贰拾" and matches the seed's
    "壹拾玖万元整".
    """
    words: list[str] = []
    pending_zero = False
    for digit_char, unit in zip(f"{number:04d}", _SMALL_UNITS, strict=True):
        digit = int(digit_char)
        if digit == 0:
            pending_zero = bool(words)
            continue
        if pending_zero:
            words.append("零")
            pending_zero = False
        words.append(_DIGITS[digit] + unit)
    return "".join(words)


def _integer_words(number: int) -> str:
    """Uppercase for 1 <= number < 10^16, split at 亿 (10^8) and then at 万 (10^4).

    The lower part gets a leading 零 only when its top position is zero
    (壹亿零壹万, 壹万亿零壹仟), never after a group that merely ends in zeros
    (壹拾万柒仟) - the first form of example (三) of the PBoC rules.
    """
    for base, unit in ((10**8, "亿"), (10**4, "万")):
        if number >= base:
            high, low = divmod(number, base)
            text = _integer_words(high) + unit
            if low == 0:
                return text
            return text + ("零" if low < base // 10 else "") + _integer_words(low)
    return _four_digits(number)


def chinese_uppercase(amount: AmountInput) -> str:
    """Write an amount in Chinese financial uppercase (大写金额), e.g. 人民币壹拾玖万元整.

    Follows 《正确填写票据和结算凭证的基本规定》 (annex 1 of the PBoC 《支付结算办法》,
    银发〔1997〕393号):

    * 一: only the characters 零壹贰叁肆伍陆柒捌玖拾佰仟万亿元角分整.
    * 二: "整" after an amount ending in 元; none after 角 (allowed) or 分 (required).
    * 三: "人民币" immediately before the amount.
    * 四(一)/(二): zeros between digits are written as one 零 (1,409.50 -> 壹仟肆佰零玖元伍角;
      6,007.14 -> 陆仟零柒元壹角肆分).
    * 四(三): where the 万 or 元 position is zero but the 千 or 角 position is not, the
      rules allow one 零 or none; we always write the *first* form of the examples:
      no 零 after a 万 group ending in zero (107,000.53 -> 壹拾万柒仟元零伍角叁分) and a
      零 after 元 when the 元 position is zero (1,680.32 -> 壹仟陆佰捌拾元零叁角贰分).
    * 四(四): 角 zero and 分 not zero -> "元零X分" (16,409.02 -> 壹万陆仟肆佰零玖元零贰分).

    Conventions not fixed by the rules: a 拾 at the head of a number is written 壹拾
    (10 -> 人民币壹拾元整), as banks write it; amounts below one yuan have no 元
    (0.50 -> 人民币伍角); zero is 人民币零元整.

    Raises
    ------
    TermsError
        ``terms.invalid_amount``, ``terms.amount_not_cents``, ``terms.negative_amount``
        (see :func:`parse_amount`) or ``terms.amount_too_large`` for amounts >= 10^16.
    """
    value = parse_amount(amount)
    if value >= _UPPERCASE_LIMIT:
        raise TermsError(
            "terms.amount_too_large",
            "amount",
            Text("大写金额仅支持小于一亿亿元的金额。", "Uppercase is supported below 10^16 yuan."),
        )
    cents = int(value * 100)
    yuan, fraction = divmod(cents, 100)
    jiao, fen = divmod(fraction, 10)
    if cents == 0:
        return "人民币零元整"
    words = ""
    if yuan:
        words = _integer_words(yuan) + "元"
        if fraction == 0:
            return f"人民币{words}整"
        # 四(三) first form: 元 position zero -> 元零X角; 四(四): 角 zero -> 元零X分.
        if yuan % 10 == 0 or jiao == 0:
            words += "零"
    if jiao:
        words += _DIGITS[jiao] + "角"
    if fen:
        words += _DIGITS[fen] + "分"
    return "人民币" + words


def format_cny(amount: AmountInput) -> str:
    """Format an amount for display: ``¥190,000.00``, ``-¥1,234.50`` for a negative one.

    The amount must already be fixed to the cent (display never rounds silently).
    """
    value = parse_amount(amount, allow_negative=True)
    sign = "-" if value < 0 else ""
    return f"{sign}¥{abs(value):,.2f}"
