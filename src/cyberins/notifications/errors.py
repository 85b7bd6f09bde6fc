"""Error codes of the notifications app."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from cyberins.accounts.errors import ErrorCode


class NotificationsError(ErrorCode):
    UNKNOWN_KIND = "notifications.unknown_kind", _("There is no notification kind “%(kind)s”.")
    UNKNOWN_LANGUAGE = "notifications.unknown_language", _("Choose one of the platform's languages.")
