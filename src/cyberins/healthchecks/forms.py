"""Plain forms (not ModelForms): the services, not the forms, write the records."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cyberins.healthchecks.models import STARTABLE_KINDS, Asset, HealthCheckKind

INPUT_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]
LOCAL = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class AssetForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    address = forms.CharField(label=_("Address"), max_length=300, help_text=_("host name, IP address or URL"))
    ports = forms.CharField(
        label=_("Ports"),
        required=False,
        help_text=_("optional, comma separated; empty: the risky-port sweep"),
    )

    def clean_ports(self) -> list[int]:
        text = self.cleaned_data["ports"].replace("，", ",")
        try:
            return sorted({int(part) for part in text.split(",") if part.strip()})
        except ValueError as exc:
            raise forms.ValidationError(_("Ports are numbers separated by commas.")) from exc


class AuthorisationForm(forms.Form):
    assets = forms.ModelMultipleChoiceField(
        label=_("Assets"), queryset=Asset.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    authorised_by = forms.CharField(label=_("Authorised by (name and position)"), max_length=100)
    authorised_at = forms.DateTimeField(label=_("Authorised at"), input_formats=INPUT_FORMATS, widget=LOCAL)
    valid_until = forms.DateTimeField(
        label=_("Valid until"), required=False, input_formats=INPUT_FORMATS, widget=LOCAL
    )
    statement = forms.CharField(
        label=_("Statement"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, assets: QuerySet[Asset], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assets"].queryset = assets  # type: ignore[attr-defined]
        self.fields["authorised_at"].initial = timezone.localtime().strftime("%Y-%m-%dT%H:%M")


class StartForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[(k, label) for k, label in HealthCheckKind.choices if k in STARTABLE_KINDS]
    )
    service_order_ref = forms.CharField(label=_("Service order"), max_length=60, required=False)


class FixedForm(forms.Form):
    note = forms.CharField(label=_("What was done"), max_length=300, required=False)
