from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from cyberins.accounts.roles import Role
from cyberins.accounts.scoping import get_visible, sees_everything, visible
from cyberins.underwriting.models import Application, ApplicationStatus, Quote

_RELATED = ("applicant", "insurer", "product_version", "product_version__product")


def applications(user: Any) -> QuerySet[Application]:
    return visible(user, Application.objects.select_related(*_RELATED))


def application(user: Any, pk: int) -> Application:
    return get_visible(user, applications(user), pk=pk)


def referrals(user: Any) -> QuerySet[Application]:
    return applications(user).filter(status=ApplicationStatus.REFERRED).order_by("submitted_at")


def quotes(user: Any) -> QuerySet[Quote]:
    return visible(
        user, Quote.objects.select_related("application", *(f"application__{r}" for r in _RELATED))
    )


def quote(user: Any, pk: int) -> Quote:
    return get_visible(user, quotes(user), pk=pk)


INSURER_ROLES = (Role.UNDERWRITER, Role.CLAIMS_HANDLER, Role.ACTUARY, Role.HOTLINE_AGENT)
#: the parts of a quote option's premium that are the insurer's own business (pricing basis and loads)
INTERNAL_BREAKDOWN = (
    "pure_premium",
    "risk_load",
    "fixed_expense",
    "expense_load",
    "commission",
    "profit_load",
    "underwriter_adjustment",
    "minimum_adjustment",
)


def sees_internal_loads(user: Any) -> bool:
    """The premium's internal parts (pure premium, risk, expense and profit loads) are the insurer's."""
    return sees_everything(user) or user.has_role(*INSURER_ROLES)


def option_for(user: Any, option: dict[str, Any]) -> dict[str, Any]:
    """A quote option as ``user`` may see it: for the insured the breakdown is insurance price, service
    price and VAT (still adding up to the premium), without the expected loss."""
    if sees_internal_loads(user):
        return option
    breakdown = option["breakdown"]
    return {k: v for k, v in option.items() if k != "expected_loss"} | {
        "breakdown": {
            "insurance_price": option["insurance_price"],
            "service_price": breakdown["service_price"],
            "vat": breakdown["vat"],
        }
    }
