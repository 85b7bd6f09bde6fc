"""The questionnaire as a page form, built from the version's question definitions.

The form only collects: every check lives in ``answers.validate_answers`` so that pages and API give
the same coded messages. Systems are entered as up to ``SYSTEM_ROWS`` rows of fields.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from cyberins.products.questionnaire import SYSTEM_FIELDS, choice_label, question_label

SYSTEM_ROWS = 3


def label(question: dict[str, Any]) -> str:
    return question_label(question, get_language())


def _choices(question: dict[str, Any]) -> list[tuple[str, str]]:
    return [(c["value"], choice_label(c, get_language())) for c in question["choices"]]


def _field(question: dict[str, Any]) -> forms.Field:
    text = label(question)
    if question["type"] == "choice":
        return forms.ChoiceField(label=text, required=False, choices=[("", "—"), *_choices(question)])
    if question["type"] == "multichoice":
        return forms.MultipleChoiceField(
            label=text, required=False, choices=_choices(question), widget=forms.CheckboxSelectMultiple
        )
    if question["type"] == "text":
        # the limit shows in the field (maxlength) instead of text cut off or refused unseen
        limit = question.get("max_length", 500)
        return forms.CharField(
            label=text, required=False, max_length=limit, widget=forms.TextInput(attrs={"maxlength": limit})
        )
    if question["type"] in ("integer", "amount"):
        attrs = {k: question[k] for k in ("min", "max") if k in question}
        return forms.CharField(
            label=text, required=False, widget=forms.TextInput(attrs=attrs | {"inputmode": "numeric"})
        )
    return forms.CharField(label=text, required=False)


class QuestionnaireForm(forms.Form):
    def __init__(self, questions: list[dict[str, Any]], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            if question["type"] == "systems":
                for row in range(SYSTEM_ROWS):
                    for sub in SYSTEM_FIELDS:
                        name = f"insured_systems_{row}_{sub['key']}"
                        self.fields[name] = _field(sub)
            else:
                self.fields[question["key"]] = _field(question)

    @classmethod
    def initial_from(cls, answers: dict[str, Any]) -> dict[str, Any]:
        initial = {k: v for k, v in answers.items() if k != "insured_systems"}
        for row, system in enumerate(answers.get("insured_systems", [])[:SYSTEM_ROWS]):
            for key, value in system.items():
                initial[f"insured_systems_{row}_{key}"] = value
        return initial

    def answers(self) -> dict[str, Any]:
        """The answers as the service expects them; blank answers and blank system rows are left out."""
        data: dict[str, Any] = {}
        for question in self.questions:
            key = question["key"]
            if question["type"] == "systems":
                rows = []
                for row in range(SYSTEM_ROWS):
                    values = {
                        s["key"]: self.cleaned_data.get(f"insured_systems_{row}_{s['key']}", "").strip()
                        for s in SYSTEM_FIELDS
                    }
                    if any(values.values()):
                        rows.append({k: v for k, v in values.items() if v})
                if rows:
                    data[key] = rows
            elif self.cleaned_data.get(key) not in (None, "", []):
                value = self.cleaned_data[key]
                data[key] = value.strip() if isinstance(value, str) else value
        return data

    def add_domain_errors(self, details: list[Any]) -> None:
        """Show each coded error beside its field (``insured_systems.0.users`` → that row's field)."""
        for error in details:
            name = (error.field or "").replace(".", "_")
            target = name if name in self.fields else None
            if target is None and name.startswith("insured_systems"):
                target = "insured_systems_0_name"
            self.add_error(target, error.render_message())


class DecisionForm(forms.Form):
    approve = forms.TypedChoiceField(
        label=_("Decision"), choices=[("1", _("Approve")), ("0", _("Decline"))], coerce=lambda v: v == "1"
    )
    adjustment = forms.DecimalField(
        label=_("Premium adjustment factor"), initial=1, max_digits=5, decimal_places=3
    )
    note = forms.CharField(
        label=_("Note to the applicant"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
