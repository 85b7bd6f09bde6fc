"""Parameters are stored language-neutral and rendered in the reader's language.

A translatable parameter (a lazy string: a stage name, a decision) is stored in every language of the
installation; a date or time as ISO text, shown in Asia/Shanghai; anything else as text.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.utils import timezone, translation
from django.utils.functional import Promise

from cyberins.notifications.kinds import KINDS

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


def store_param(value: Any) -> Any:
    if isinstance(value, Promise):
        texts = {}
        for code in LANGUAGE_CODES:
            with translation.override(code):
                texts[code] = str(value)
        return {"text": texts}
    if isinstance(value, datetime):
        return {"at": value.isoformat()}
    if isinstance(value, date):
        return value.isoformat()
    if value is None:
        return ""
    return str(value)


def _shown(value: Any, language: str) -> str:
    if isinstance(value, dict) and "text" in value:
        texts = value["text"]
        return str(texts.get(language) or texts.get(settings.LANGUAGE_CODE) or next(iter(texts.values()), ""))
    if isinstance(value, dict) and "at" in value:
        moment = timezone.localtime(datetime.fromisoformat(value["at"]))
        return moment.strftime("%Y-%m-%d %H:%M")
    return str(value)


def render(kind: str, params: dict[str, Any], language: str | None = None) -> tuple[str, str]:
    """(subject, body) of a notification in ``language`` (default: the active one)."""
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    spec = KINDS.get(kind)
    with translation.override(language):
        shown = {name: _shown(value, language) for name, value in params.items()}
        if spec is None:  # a kind removed since: still readable
            return kind, ", ".join(f"{k}: {v}" for k, v in shown.items())
        subject, body = str(spec.subject), str(spec.body)
    try:
        return subject % shown, (body % shown).strip()
    except (KeyError, TypeError, ValueError):
        return subject, body
