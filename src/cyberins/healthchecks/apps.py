from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HealthChecksConfig(AppConfig):
    name = "cyberins.healthchecks"
    label = "healthchecks"
    verbose_name = _("Health checks")

    def ready(self) -> None:
        from cyberins.healthchecks import scheduled  # noqa: F401  (registers the periodic jobs)
