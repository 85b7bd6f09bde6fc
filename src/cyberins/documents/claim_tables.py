"""Tables shared by the claim documents: the three amounts and the explanation table."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from reportlab.platypus import Flowable

from cyberins.terms import SHANGHAI, ExplanationRow, Text, chinese_uppercase

from .claim_data import ClaimAmounts
from .formatting import format_date_en, format_date_zh, format_money
from .layout import data_table, money_cell, text
from .styles import HEADER_FILL


def is_english(language: str) -> bool:
    """Django-style codes: ``en``, ``en-us`` are English; ``zh-hans`` and anything else Chinese."""
    return language.lower().startswith("en")


def pick(value: Text, language: str) -> str:
    return value.for_language(language)


def label(zh: str, en: str, language: str) -> str:
    return en if is_english(language) else zh


def day(value: date, language: str) -> str:
    return format_date_en(value) if is_english(language) else format_date_zh(value)


def moment(value: datetime, language: str) -> str:
    """An aware time in Beijing time: ``2019年9月1日 10:00`` / ``1 September 2019, 10:00 (UTC+8)``."""
    local = value.astimezone(SHANGHAI)
    clock = local.strftime("%H:%M")
    if is_english(language):
        return f"{format_date_en(local.date())}, {clock} (UTC+8)"
    return f"{format_date_zh(local.date())} {clock}"


def amount_with_uppercase(amount: Decimal, language: str) -> str:
    """``¥58,500.00（大写：人民币伍万捌仟伍佰元整）``; the uppercase is printed in both languages."""
    words = chinese_uppercase(amount)
    if is_english(language):
        return f"{format_money(amount)} (in Chinese: {words})"
    return f"{format_money(amount)}（大写：{words}）"


def unit_note(language: str) -> Flowable:
    """``单位：人民币元`` under a heading: it also lets a long table that follows split across pages
    (a heading is kept with the next flowable only, and a whole table would jump to the next page)."""
    return text(label("单位：人民币元", "Amounts in CNY", language), "small")


def amounts_table(amounts: ClaimAmounts, language: str, *, payable_zh: str, payable_en: str) -> Flowable:
    """索赔金额 / 核损金额 / 建议赔额 with the amount in figures and in Chinese uppercase."""
    rows = [
        [
            label("索赔金额", "Amount claimed", language),
            money_cell(amounts.claimed),
            chinese_uppercase(amounts.claimed),
        ],
        [
            label("核损金额", "Loss assessed", language),
            money_cell(amounts.assessed),
            chinese_uppercase(amounts.assessed),
        ],
        [
            label(payable_zh, payable_en, language),
            money_cell(amounts.payable),
            chinese_uppercase(amounts.payable),
        ],
    ]
    header = [
        label("项目", "Item", language),
        label("金额（元）", "Amount (CNY)", language),
        label("大写金额", "In Chinese uppercase", language),
    ]
    return data_table(
        header, rows, [1.1, 1.1, 2.6], extra_styles=[("BACKGROUND", (0, 3), (-1, 3), HEADER_FILL)]
    )


def effective_steps(rows: tuple[ExplanationRow, ...]) -> tuple[ExplanationRow, ...]:
    """The rows that change something, with each line's assessed and payable rows.

    A limit that cut nothing is not news to the insured; the chain ``before - deducted = after``
    still holds row to row because the omitted rows deducted nothing.
    """
    return tuple(row for row in rows if row.deducted or row.step in ("assessed", "payable"))


def explanation_table(rows: tuple[ExplanationRow, ...], language: str) -> Flowable:
    """One row per step: item, reason, before, deducted, after; each line's payable row shaded."""
    header = [
        label("赔偿项目", "Item", language),
        label("理算步骤及依据", "Step and reason", language),
        label("调整前", "Before", language),
        label("扣减", "Deducted", language),
        label("调整后", "After", language),
    ]
    body = []
    shaded = []
    previous_item: Text | None = None
    for index, row in enumerate(rows, start=1):
        item = pick(row.item, language) if row.item != previous_item else ""
        previous_item = row.item
        deducted = money_cell(row.deducted) if row.deducted else money_cell(None)
        body.append(
            [item, pick(row.reason, language), money_cell(row.before), deducted, money_cell(row.after)]
        )
        if row.is_total:
            shaded.append(("BACKGROUND", (1, index), (-1, index), HEADER_FILL))
    return data_table(header, body, [1.4, 2.3, 0.95, 0.85, 0.95], extra_styles=shaded)
