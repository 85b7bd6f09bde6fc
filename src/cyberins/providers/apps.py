from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProvidersConfig(AppConfig):
    name = "cyberins.providers"
    label = "providers"
    verbose_name = _("Service providers")

    def ready(self) -> None:
        from cyberins.providers import scheduled  # noqa: F401  (registers the periodic jobs)
