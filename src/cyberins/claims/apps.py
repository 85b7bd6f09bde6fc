from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClaimsConfig(AppConfig):
    name = "cyberins.claims"
    label = "claims"
    verbose_name = _("Claims")

    def ready(self) -> None:
        from cyberins.claims import scheduled  # noqa: F401  (periodic job)
        from cyberins.claims.history import register_sources

        register_sources()
