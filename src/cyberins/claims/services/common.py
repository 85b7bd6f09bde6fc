"""Helpers shared by the claim services: locking, amounts, reserves, totals."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db.models import Sum

from cyberins.accounts.errors import DomainError, InvalidState, NotFound
from cyberins.accounts.scoping import visible
from cyberins.claims.errors import ClaimsError as E
from cyberins.claims.models import Claim, LossLine, Recovery, ReserveMovement
from cyberins.terms import local_date, round_money

ZERO = Decimal("0.00")
MAX_AMOUNT = Decimal("999999999999.99")


def error(code: E, field: str | None = None, cls: type[DomainError] = DomainError) -> DomainError:
    return cls(code, code.meaning, field=field)


def locked(actor: Any, claim: Claim) -> Claim:
    """The claim re-read under a row lock, if the actor may see it (else 404)."""
    found = visible(actor, Claim.objects.all()).filter(pk=claim.pk).values_list("pk", flat=True).first()
    if found is None:
        raise NotFound()
    return Claim.objects.select_for_update(of=("self",)).select_related("incident", "policy").get(pk=found)


def amount(value: Any, field: str, *, allow_zero: bool = False) -> Decimal:
    """A money amount in yuan and fen: positive (or zero when allowed), finite, at most two decimals."""
    if isinstance(value, bool | float):
        value = str(value)
    try:
        parsed = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise error(E.INVALID_AMOUNT, field) from None
    low_ok = parsed >= 0 if allow_zero else parsed > 0
    if not parsed.is_finite() or not low_ok or parsed > MAX_AMOUNT or parsed != round_money(parsed):
        raise error(E.INVALID_AMOUNT, field)
    return round_money(parsed)


def require_state(claim: Claim, *states: str) -> None:
    if claim.status not in states:
        raise error(E.NOT_EDITABLE, "status", InvalidState)


def claim_number(now: datetime) -> str:
    prefix = f"LP{local_date(now):%Y%m%d}"
    count = Claim.objects.filter(number__startswith=prefix).count()
    return f"{prefix}{count + 1:04d}"


def reserves(claim: Claim) -> dict[str, Decimal]:
    """The reserve per coverage (sum of its movements), in the order of the lines."""
    out: dict[str, Decimal] = {}
    for row in claim.reserve_movements.values("coverage").annotate(total=Sum("change")).order_by("coverage"):
        out[row["coverage"]] = row["total"]
    return out


def set_reserve(
    claim: Claim, coverage: str, target: Decimal, *, reason: str, actor: Any, now: datetime, note: str = ""
) -> ReserveMovement | None:
    current = reserves(claim).get(coverage, ZERO)
    if target == current:
        return None
    return ReserveMovement.objects.create(
        claim=claim,
        coverage=coverage,
        change=target - current,
        reserve_after=target,
        reason=reason,
        note=note,
        at=now,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
    )


def paid_total(claim: Claim, **filters: Any) -> Decimal:
    return claim.payments.filter(status="paid", **filters).aggregate(t=Sum("amount"))["t"] or ZERO


def recovered_total(claim: Claim) -> Decimal:
    return Recovery.objects.filter(claim=claim).aggregate(t=Sum("amount"))["t"] or ZERO


def line_payables(claim: Claim) -> dict[str, Decimal]:
    out: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for line in claim.lines.all():
        out[line.coverage] += line.payable or ZERO
    return dict(out)


def totals(claim: Claim) -> dict[str, Decimal]:
    """Claimed, assessed, payable, reserve, paid, outstanding (reserve − paid), recovered, net incurred."""
    lines = list(LossLine.objects.filter(claim=claim))
    reserve = sum(reserves(claim).values(), ZERO)
    paid = paid_total(claim)
    recovered = recovered_total(claim)
    outstanding = max(reserve - paid, ZERO)
    return {
        "claimed": sum((line.claimed for line in lines), ZERO),
        "assessed": sum((line.assessed or ZERO for line in lines), ZERO),
        "payable": claim.payable,
        "reserve": reserve,
        "paid": paid,
        "outstanding": outstanding,
        "recovered": recovered,
        "net_incurred": paid + outstanding - recovered,
    }


def direct_paid(claim: Claim) -> Decimal:
    return paid_total(claim, payee="provider")
