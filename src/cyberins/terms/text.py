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
