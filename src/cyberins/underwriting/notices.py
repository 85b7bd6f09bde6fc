"""What the applicant is told: a referral decided, a quote ready (cyberins.notifications)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from django.urls import reverse

from cyberins.accounts.roles import Role
from cyberins.notifications.services import notify, to
from cyberins.underwriting.models import Application, ApplicationStatus, Quote


def referral_decided(application: Application, *, now: datetime) -> None:
    approved = application.status == ApplicationStatus.ACCEPTED
    notify(
        recipients=[to(application.applicant_id, Role.APPLICANT)],
        kind="referral_approved" if approved else "referral_declined",
        params={"number": application.pk, "note": application.underwriter_note},
        link=reverse("underwriting:detail", args=[application.pk]),
        now=now,
        dedupe_key=f"referral:{application.pk}",
    )


def quote_issued(quote: Quote, *, now: datetime) -> None:
    premiums = [Decimal(str(option["premium"])) for option in quote.options]
    notify(
        recipients=[to(quote.application.applicant_id, Role.APPLICANT)],
        kind="quote_issued",
        params={"number": quote.application_id, "premium": min(premiums), "valid_until": quote.valid_until},
        link=reverse("underwriting:detail", args=[quote.application_id]),
        now=now,
        dedupe_key=f"quote:{quote.pk}",
    )
