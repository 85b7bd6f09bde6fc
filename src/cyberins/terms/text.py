"""The project's one bilingual text type, carried by the pure packages (terms, scanner).

A pure package cannot use Django's gettext, so every user-facing string is a
:class:`Text` holding both the zh-Hans (default language) and English wording.
The Django layer picks one with :meth:`Text.for_language`.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Text:
    """A string in zh-Hans and English."""

    zh: str
    en: str

    def for_language(self, language_code: str) -> str:
        """Return the English text for codes starting with ``en``, zh-Hans otherwise.

        zh-Hans is the project's default language (DESIGN.md), so any code that is not
        English - including ``zh-hans``, ``zh-cn`` and unknown codes - falls back to it.
        """
        return self.en if language_code.lower().startswith("en") else self.zh

    def format(self, **params: object) -> Text:
        """Both wordings with ``str.format`` placeholders filled in."""
        return Text(zh=self.zh.format(**params), en=self.en.format(**params))

    def __str__(self) -> str:
        return self.zh


def is_english(language_code: str | None) -> bool:
    return bool(language_code) and str(language_code).lower().startswith("en")


def localized(mapping: dict[str, object], key: str, language_code: str | None) -> str:
    """A text kept in both languages inside JSON, in ``language_code``, falling back to the Chinese.

    Two shapes are read: ``{key: "中文", key + "_en": "English"}`` (quote options, snapshots) and
    ``{key: {"zh": "中文", "en": "English"}}`` (questionnaire labels and choices).
    """
    value = mapping.get(key, "")
    if isinstance(value, dict):
        chinese = str(value.get("zh") or value.get("zh-hans") or "")
        english = value.get("en")
        return str(english) if is_english(language_code) and english else chinese
    english = mapping.get(f"{key}_en")
    return str(english) if is_english(language_code) and english else str(value or "")
