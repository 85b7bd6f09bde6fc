from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from cyberins.notifications.kinds import KINDS


class SettingsForm(forms.Form):
    language = forms.ChoiceField(label=_("Language of emails"), choices=settings.LANGUAGES, required=False)
    email_kinds = forms.MultipleChoiceField(
        label=_("Send me an email for"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The inbox shows every notification; unticked kinds are not emailed."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kinds = self.fields["email_kinds"]
        assert isinstance(kinds, forms.MultipleChoiceField)
        kinds.choices = [(kind.code, kind.label) for kind in KINDS.values()]
