from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PoliciesConfig(AppConfig):
    name = "cyberins.policies"
    label = "policies"
    verbose_name = _("Policies")

    def ready(self) -> None:
        from cyberins.policies import dispatch  # noqa: F401  (orders follow engagements; dispatch job)
