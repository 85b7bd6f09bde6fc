from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UnderwritingConfig(AppConfig):
    name = "cyberins.underwriting"
    label = "underwriting"
    verbose_name = _("Underwriting")
