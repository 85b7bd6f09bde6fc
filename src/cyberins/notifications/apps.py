from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "cyberins.notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from cyberins.notifications import scheduled  # noqa: F401  (registers the periodic job)
