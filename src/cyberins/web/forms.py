from __future__ import annotations

from django import forms
from django.forms.models import fields_for_model
from django.utils.translation import gettext_lazy as _

from cyberins.accounts.models import Organisation

PROFILE_FORM_FIELDS = ["name", "short_name", "name_en", "province", "city", "address", "phone"]


class OrganisationProfileForm(forms.Form):
    """A plain form (not a ModelForm): the service, not the form, writes the organisation."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields.update(fields_for_model(Organisation, fields=PROFILE_FORM_FIELDS))


class TokenForm(forms.Form):
    name = forms.CharField(label=_("Token name"), max_length=100)
