"""Loss triangles (赔款进展三角形) of an insurer's own claims, for its actuaries.

Each claim's history becomes :class:`cyberins.actuarial.triangles.ClaimTransaction` rows, dated in
Shanghai, with the accident date the incident's ``occurred_at``:

* a payment adds to paid on its day; a reversal takes it back on the day it was reversed;
* a reserve movement changes incurred by its change (the reserve is the claim's estimate of what it
  will cost, paid included: outstanding = reserve − paid);
* a recovery reduces both paid and incurred on the day it was received.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal

from django.utils import timezone
from django.utils.translation import gettext as _

from cyberins.accounts.errors import CommonError, DomainError
from cyberins.accounts.roles import Role
from cyberins.accounts.scoping import require_role, sees_everything
from cyberins.actuarial.triangles import ClaimTransaction, Grain, LossTriangles, build_triangles
from cyberins.claims.models import Claim, Payment, Recovery, ReserveMovement
from cyberins.terms import local_date, round_money

Basis = Literal["paid", "incurred"]
#: the insurer's people who may read its book
INSURER_ROLES = (Role.ACTUARY, Role.CLAIMS_HANDLER, Role.UNDERWRITER)


def book(user: Any) -> Any:
    """The claims of the user's insurer (all of them for the platform); 403 for anyone else."""
    require_role(user, *INSURER_ROLES)
    claims = Claim.objects.all()
    return claims if sees_everything(user) else claims.filter(insurer_id=user.organisation_id)


def valuation_date(raw: str) -> date:
    """``YYYY-MM-DD``, or today in Shanghai when empty."""
    if not raw:
        return timezone.localdate()
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise DomainError(CommonError.INVALID_INPUT, _("Enter a date as YYYY-MM-DD."), field="date") from None


def _choice(value: str, allowed: tuple[str, ...], field: str) -> str:
    if value not in allowed:
        detail = f"{field} = {' | '.join(allowed)}"
        raise DomainError(
            CommonError.INVALID_INPUT,
            _("The value is not valid: %(detail)s") % {"detail": detail},
            field=field,
        )
    return value


def transactions(claims: Any) -> Iterator[ClaimTransaction]:
    accident = {pk: local_date(at) for pk, at in claims.values_list("pk", "incident__occurred_at")}

    def tx(
        claim_id: int, at: datetime, *, paid: Decimal = Decimal(0), incurred: Decimal = Decimal(0)
    ) -> ClaimTransaction:
        day = accident[claim_id]
        # a movement can never precede the accident; recorded clocks could only disagree by a skew
        return ClaimTransaction(day, max(day, local_date(at)), paid, incurred, str(claim_id))

    ids = list(accident)
    for claim_id, change, at in ReserveMovement.objects.filter(claim_id__in=ids).values_list(
        "claim_id", "change", "at"
    ):
        yield tx(claim_id, at, incurred=change)
    for payment in Payment.objects.filter(claim_id__in=ids):
        yield tx(payment.claim_id, payment.paid_at, paid=payment.amount)
        if payment.status == "reversed" and payment.reversed_at is not None:
            yield tx(payment.claim_id, payment.reversed_at, paid=-payment.amount)
    for claim_id, value, at in Recovery.objects.filter(claim_id__in=ids).values_list(
        "claim_id", "amount", "received_at"
    ):
        yield tx(claim_id, at, paid=-value, incurred=-value)


def triangles(claims: Any, *, valuation_date: date, grain: Grain) -> LossTriangles | None:
    """The cumulative triangles as of the valuation date; ``None`` when there is nothing to show yet."""
    found = list(transactions(claims))
    if not any(item.on <= valuation_date for item in found):
        return None
    return build_triangles(found, valuation_date=valuation_date, grain=grain)


def triangle_csv(user: Any, *, basis: str, period: str, valuation_date: date) -> str:
    """``origin,development,<basis>``: one row per known cumulative cell, as ``chainladder`` reads it."""
    measure = _choice(basis, ("paid", "incurred"), "basis")
    grain: Grain = "quarter" if _choice(period, ("year", "quarter"), "period") == "quarter" else "year"
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["origin", "development", measure])
    found = triangles(book(user), valuation_date=valuation_date, grain=grain)
    if found is None:
        return buffer.getvalue()
    cells = found.paid if measure == "paid" else found.incurred
    for row, origin in enumerate(found.origins):
        for column, value in enumerate(cells[row]):
            if value is not None:
                end = found.development_end(row, column)
                writer.writerow([origin.isoformat(), end.isoformat(), f"{round_money(value):f}"])
    return buffer.getvalue()
