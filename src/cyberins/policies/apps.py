from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PoliciesConfig(AppConfig):
    name = "cyberins.policies"
    label = "policies"
    verbose_name = _("Policies")

    def ready(self) -> None:
        from cyberins.policies import scheduled  # noqa: F401  (registers the periodic jobs)
        from cyberins.policies.history import register_sources

        register_sources()
