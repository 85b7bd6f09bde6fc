"""Words for the questionnaire's technical values, in the reader's language."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

QUESTION_TYPE_LABELS: dict[str, Promise] = {
    "text": _("Free text"),
    "integer": _("Whole number"),
    "amount": _("Amount"),
    "choice": _("Single choice"),
    "multichoice": _("Multiple choice"),
    "systems": _("Insured systems"),
}


def question_type_label(code: str) -> str:
    return str(QUESTION_TYPE_LABELS.get(code, code))
