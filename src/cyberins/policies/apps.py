from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PoliciesConfig(AppConfig):
    name = "cyberins.policies"
    label = "policies"
    verbose_name = _("Policies")

    def ready(self) -> None:
        # Service orders follow their engagements; the periodic jobs register themselves.
        from cyberins.policies import dispatch, scheduled  # noqa: F401
