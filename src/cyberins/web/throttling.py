"""Login throttling that also slows password spraying: django-axes counts failures per username and
address (five lock that username from that address) and per address across all usernames (twenty,
``CYBERINS_LOGIN_ADDRESS_FAILURE_LIMIT``, lock the address), both for the cool-off time."""

from __future__ import annotations

from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from django.conf import settings
from django.db.models import QuerySet, Sum
from django.http import HttpRequest


def _failures(attempts: QuerySet[Any]) -> int:
    return int(attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0)


class SprayAwareHandler(AxesDatabaseHandler):
    """Needs ``AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]`` (in this order)."""

    def get_failures(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
        pair, address = (_failures(attempts) for attempts in self.get_user_attempts(request, credentials))
        limit = get_failure_limit(request, credentials)
        # The address count is scaled so that reaching the address limit reaches axes' one limit.
        return max(pair, address * limit // settings.CYBERINS_LOGIN_ADDRESS_FAILURE_LIMIT)
