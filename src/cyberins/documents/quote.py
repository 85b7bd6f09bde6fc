"""The quotation (报价单): plan options side by side and the premium breakdown of the chosen plan."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from reportlab.lib import colors
from reportlab.platypus import Flowable

from .formatting import CENT, format_date_bilingual, format_date_zh, format_money, format_rate
from .layout import (
    PageDecoration,
    bilingual,
    build_pdf,
    data_table,
    key_value_block,
    money_cell,
    section_heading,
    spacer,
    text,
)
from .parties import Insurer
from .styles import HEADER_FILL

CHOSEN_FILL = colors.HexColor("#fff4d6")


@dataclass(frozen=True)
class PlanOption:
    """One plan offered: its sum insured, premium and rate (premium / sum insured)."""

    plan: str
    name_zh: str
    name_en: str
    sum_insured: Decimal
    premium: Decimal
    rate: Decimal | None = None


@dataclass(frozen=True)
class PremiumBreakdown:
    """How the chosen plan's premium is built; VAT is shown on its own line.

    insurance price = pure premium + risk load + expenses + profit;
    premium before VAT = insurance price + service price; total = premium before VAT + VAT.
    """

    pure_premium: Decimal
    risk_load: Decimal
    expenses: Decimal
    profit: Decimal
    service_price: Decimal
    vat: Decimal
    total: Decimal
    vat_rate: Decimal = Decimal("0.06")

    @property
    def insurance_price(self) -> Decimal:
        return self.pure_premium + self.risk_load + self.expenses + self.profit

    @property
    def before_vat(self) -> Decimal:
        return self.insurance_price + self.service_price

    def __post_init__(self) -> None:
        if abs(self.before_vat * self.vat_rate - self.vat) > CENT:
            raise ValueError(f"VAT {self.vat} is not {self.vat_rate} of {self.before_vat}")
        if self.before_vat + self.vat != self.total:
            raise ValueError(
                f"premium breakdown does not add up: {self.before_vat} + VAT {self.vat} != total {self.total}"
            )


@dataclass(frozen=True)
class QuoteService:
    """A service the premium pays for (服务价格体系), named in both languages."""

    name_zh: str
    name_en: str
    amount: Decimal


@dataclass(frozen=True)
class QuoteDocument:
    """Everything printed on a quotation; amounts are Decimal, fixed to the cent by the caller."""

    insurer: Insurer
    quote_number: str
    applicant_name: str
    product_name_zh: str
    product_name_en: str
    product_version: str
    plans: tuple[PlanOption, ...]
    #: the plan the insured accepted; ``None`` before a choice (nothing is marked as chosen then)
    chosen_plan: str | None
    #: the breakdown of the chosen plan, or of ``breakdown_plan`` (default: the first) before a choice
    breakdown: PremiumBreakdown
    quote_date: date
    valid_until: date
    assumption_set_name: str
    assumption_set_version: str
    applicant_address: str = ""
    currency: str = "CNY"
    notes_zh: str = ""
    notes_en: str = ""
    breakdown_plan: str = ""
    #: pure premium, risk, expense and profit loads are the insurer's: the insured's copy shows only
    #: the insurance price, the service price and VAT
    internal: bool = True
    services: tuple[QuoteService, ...] = ()

    @property
    def shown_plan(self) -> str:
        return self.chosen_plan or self.breakdown_plan or self.plans[0].plan

    def __post_init__(self) -> None:
        offered = {option.plan for option in self.plans}
        if self.chosen_plan is not None and self.chosen_plan not in offered:
            raise ValueError(f"chosen plan {self.chosen_plan!r} is not among the plans offered")
        if self.valid_until < self.quote_date:
            raise ValueError("the quote expires before it is dated")


def _plans_side_by_side(doc: QuoteDocument) -> Flowable:
    """One column per plan, one row per figure; the chosen plan's column is shaded."""
    header = ["", *(f"方案 Plan {option.plan}" for option in doc.plans)]
    rows = [
        ["名称 Name", *(f"{option.name_zh} {option.name_en}" for option in doc.plans)],
        ["保险金额 Sum Insured", *(money_cell(option.sum_insured, doc.currency) for option in doc.plans)],
        ["保险费 Premium", *(money_cell(option.premium, doc.currency) for option in doc.plans)],
        ["费率 Rate", *(format_rate(option.rate) for option in doc.plans)],
    ]
    styles = [("BACKGROUND", (0, 1), (0, -1), HEADER_FILL)]
    if doc.chosen_plan is not None:
        chosen_column = 1 + [option.plan for option in doc.plans].index(doc.chosen_plan)
        styles.append(("BACKGROUND", (chosen_column, 1), (chosen_column, -1), CHOSEN_FILL))
    return data_table(header, rows, [1.3, *([1.0] * len(doc.plans))], extra_styles=styles)


def _breakdown(doc: QuoteDocument) -> Flowable:
    b = doc.breakdown
    vat_percent = format_rate(b.vat_rate)
    internal = [
        ("纯风险保费", "Pure premium", b.pure_premium),
        ("风险附加", "Risk load", b.risk_load),
        ("费用附加", "Expenses", b.expenses),
        ("利润附加", "Profit", b.profit),
    ]
    lines = [
        *(internal if doc.internal else []),
        ("保险价格", "Insurance price", b.insurance_price),
        ("服务价格", "Service price", b.service_price),
        ("不含税保费", "Premium before VAT", b.before_vat),
        (f"增值税 {vat_percent}", f"VAT {vat_percent}", b.vat),
        ("含税总保费", "Total premium (VAT included)", b.total),
    ]
    rows = [[zh, en, money_cell(amount, doc.currency)] for zh, en, amount in lines]
    first = 1 + (len(internal) if doc.internal else 0)  # the insurance price (row 0 is the header)
    subtotal_rows = [first, first + 2, first + 4]  # insurance price, before VAT, total
    return data_table(
        ["项目", "Item", "金额\nAmount"],
        rows,
        [1.4, 2.0, 1.4],
        extra_styles=[("BACKGROUND", (0, row), (-1, row), HEADER_FILL) for row in subtotal_rows],
    )


def _services(doc: QuoteDocument) -> list[Flowable]:
    if not doc.services:
        return []
    rows = [[s.name_zh, s.name_en, money_cell(s.amount, doc.currency)] for s in doc.services]
    return [
        section_heading(f"包含的服务（方案{doc.shown_plan}）", f"Included Services (Plan {doc.shown_plan})"),
        data_table(["服务", "Service", "服务价格\nPrice"], rows, [1.6, 2.0, 1.2]),
        spacer(2),
    ]


def render_quote(doc: QuoteDocument) -> bytes:
    """The quotation as PDF bytes (A4, Chinese and English, CJK font embedded)."""
    story: list[Flowable] = [
        text(doc.insurer.name_zh, "subtitle"),
        text("网络安全保险报价单", "title"),
        text("CYBER INSURANCE QUOTATION", "subtitle"),
        key_value_block(
            [
                (bilingual("报价单号", "Quote No."), doc.quote_number),
                (bilingual("投保人", "Applicant"), doc.applicant_name),
                (bilingual("投保人地址", "Address"), doc.applicant_address or "-"),
                (bilingual("保险产品", "Product"), f"{doc.product_name_zh} {doc.product_name_en}"),
                (bilingual("产品版本", "Product Version"), doc.product_version),
                (bilingual("报价日期", "Date of Quote"), format_date_bilingual(doc.quote_date)),
                (bilingual("有效期至", "Valid Until"), format_date_bilingual(doc.valid_until)),
            ]
        ),
        section_heading("保险方案", "Plan Options"),
        _plans_side_by_side(doc),
        spacer(2),
        *([text(f"所选方案 Chosen plan: {doc.chosen_plan}", "small")] if doc.chosen_plan else []),
        section_heading(f"保费构成（方案{doc.shown_plan}）", f"Premium Breakdown (Plan {doc.shown_plan})"),
        _breakdown(doc),
        spacer(2),
        *_services(doc),
        key_value_block(
            [
                (bilingual("含税总保费", "Total Premium"), format_money(doc.breakdown.total, doc.currency)),
                (
                    bilingual("精算假设", "Assumption Set"),
                    f"{doc.assumption_set_name} (版本 version {doc.assumption_set_version})",
                ),
            ]
        ),
    ]
    if doc.notes_zh or doc.notes_en:
        story += [section_heading("说明", "Notes"), text(doc.notes_zh), text(doc.notes_en, "small")]
    story += [
        spacer(4),
        text(
            f"本报价单有效期至{format_date_zh(doc.valid_until)}，最终承保条件以核保结果及正式保险单为准。"
            " This quotation is valid until the date above; the final terms are those of the issued policy.",
            "small",
        ),
    ]
    decoration = PageDecoration(
        issuer=doc.insurer.name_zh,
        title="网络安全保险报价单",
        document_number=f"{bilingual('报价单号', 'Quote No.')}: {doc.quote_number}",
    )
    return build_pdf(story, decoration, subject="Cyber insurance quotation")
