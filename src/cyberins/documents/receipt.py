"""The premium receipt (保险费收据): one confirmed payment of one instalment, bilingual, one page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from reportlab.platypus import Flowable

from .layout import PageDecoration, bilingual, build_pdf, key_value_block, money_cell, spacer, text


@dataclass(frozen=True)
class PremiumReceipt:
    receipt_number: str
    insurer: str
    policy_number: str
    insured: str
    instalment: int
    instalments: int
    amount: Decimal
    amount_in_words: str  # 人民币…元整, from terms.chinese_uppercase
    paid_on: date
    reference: str
    confirmed_by: str
    confirmed_at: datetime  # shown as given (local time)


def render_premium_receipt(receipt: PremiumReceipt) -> bytes:
    rows = [
        (bilingual("收据号", "Receipt No."), receipt.receipt_number),
        (bilingual("保险单号", "Policy No."), receipt.policy_number),
        (bilingual("被保险人", "The Insured"), receipt.insured),
        (bilingual("保险人", "The Insurer"), receipt.insurer),
        (bilingual("期次", "Instalment"), f"{receipt.instalment} / {receipt.instalments}"),
        (bilingual("金额", "Amount"), money_cell(receipt.amount)),
        (bilingual("大写", "In words"), receipt.amount_in_words),
        (bilingual("付款日期", "Paid on"), receipt.paid_on.isoformat()),
        (bilingual("付款流水号", "Payment reference"), receipt.reference),
        (
            bilingual("确认", "Confirmed by"),
            f"{receipt.confirmed_by} · {receipt.confirmed_at:%Y-%m-%d %H:%M}",
        ),
    ]
    story: list[Flowable] = [
        text("保险费收据  Premium receipt", "title"),
        spacer(4),
        key_value_block(rows),
        spacer(6),
        text("本收据确认保险人已收到上述保险费。"),
        text("This receipt confirms that the insurer received the premium above.", "small"),
    ]
    decoration = PageDecoration(
        issuer=receipt.insurer, title="保险费收据 Premium receipt", document_number=receipt.receipt_number
    )
    return build_pdf(story, decoration)
