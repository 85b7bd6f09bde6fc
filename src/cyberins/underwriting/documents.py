"""The quotation PDF (报价单) from a Quote row."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.http import HttpResponse

from cyberins.documents import Insurer, PlanOption, PremiumBreakdown, QuoteDocument
from cyberins.documents.quote import QuoteService, render_quote
from cyberins.providers.models import ServiceItem
from cyberins.terms import local_date
from cyberins.underwriting.models import Quote


def _breakdown(option: dict[str, Any]) -> PremiumBreakdown:
    parts = {key: Decimal(value) for key, value in option["breakdown"].items()}
    expenses = (
        parts["fixed_expense"]
        + parts["expense_load"]
        + parts["commission"]
        + parts["underwriter_adjustment"]
        + parts["minimum_adjustment"]
    )
    return PremiumBreakdown(
        pure_premium=parts["pure_premium"],
        risk_load=parts["risk_load"],
        expenses=expenses,
        profit=parts["profit_load"],
        service_price=parts["service_price"],
        vat=parts["vat"],
        total=Decimal(option["premium"]),
    )


def _services(option: dict[str, Any]) -> tuple[QuoteService, ...]:
    """The option's services in both languages: as the quote kept them, or (quotes priced before it
    kept the English name) from the catalogue."""
    english = dict(
        ServiceItem.objects.filter(code__in=[s["code"] for s in option["services"]]).values_list(
            "code", "name_en"
        )
    )
    return tuple(
        QuoteService(s["name"], s.get("name_en") or english.get(s["code"]) or s["name"], Decimal(s["amount"]))
        for s in option["services"]
    )


def quote_data(quote: Quote, *, internal: bool = False) -> QuoteDocument:
    """The quotation; ``internal`` (insurer roles) adds the pure premium and the loads."""
    application = quote.application
    product = application.product_version.product
    chosen = quote.accepted_plan or None
    shown = quote.option(chosen) if chosen else quote.options[0]
    assert shown is not None
    return QuoteDocument(
        insurer=Insurer(
            name_zh=application.insurer.name,
            name_en=application.insurer.english_name,
            address_zh=application.insurer.address,
        ),
        quote_number=f"Q{quote.pk:08d}",
        applicant_name=application.applicant.name,
        applicant_address=application.answers.get("office_address", ""),
        product_name_zh=product.official_name,
        product_name_en=product.name_en or product.official_name,
        product_version=str(application.product_version.number),
        plans=tuple(
            PlanOption(
                plan=o["plan"],
                name_zh=o["plan_name"],
                name_en=o.get("plan_name_en") or f"Plan {o['plan']}",
                sum_insured=Decimal(o["sum_insured"]),
                premium=Decimal(o["premium"]),
                rate=Decimal(o["rate"]),
            )
            for o in quote.options
        ),
        chosen_plan=chosen,
        breakdown_plan=shown["plan"],
        breakdown=_breakdown(shown),
        internal=internal,
        services=_services(shown),
        quote_date=local_date(quote.created_at),
        valid_until=quote.valid_until,
        assumption_set_name=str(quote.assumption_set.get("name", "")),
        assumption_set_version=str(quote.assumption_set.get("version", "")),
    )


def quote_pdf_response(quote: Quote, *, internal: bool = False) -> HttpResponse:
    response = HttpResponse(
        render_quote(quote_data(quote, internal=internal)), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="quote-Q{quote.pk:08d}.pdf"'
    return response
