"""What the network tells: a provider that an offer waits for its answer; the client and the insurer
that a provider accepted (dispatched)."""

from __future__ import annotations

from datetime import datetime

from django.urls import reverse

from cyberins.accounts.roles import Role
from cyberins.notifications.services import notify, to
from cyberins.providers.models import Engagement, Offer


def offer_made(offer: Offer, *, now: datetime) -> None:
    notify(
        recipients=[to(offer.provider.organisation_id, Role.PROVIDER_MANAGER)],
        kind="offer_waiting",
        params={"number": offer.engagement.reference, "deadline": offer.deadline},
        link=reverse("providers:manager"),
        now=now,
        dedupe_key=f"offer:{offer.pk}",
    )


def engagement_accepted(engagement: Engagement, *, now: datetime) -> None:
    assert engagement.provider is not None
    notify(
        recipients=[
            to(engagement.client_id, Role.APPLICANT),
            to(engagement.insurer_id, Role.HOTLINE_AGENT, Role.CLAIMS_HANDLER),
        ],
        kind="provider_dispatched",
        params={"number": engagement.reference, "provider": engagement.provider.legal_name},
        link=reverse("providers:orders"),
        now=now,
        dedupe_key=f"dispatched:{engagement.pk}:{engagement.provider_id}",
    )
