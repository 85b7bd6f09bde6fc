from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IncidentsConfig(AppConfig):
    name = "cyberins.incidents"
    label = "incidents"
    verbose_name = _("Incidents")

    def ready(self) -> None:
        from cyberins.incidents import scheduled, services  # noqa: F401  (periodic job, engagement listener)
