"""The one error type of the terms package.

Every bad input raises :class:`TermsError`, a :class:`ValueError` with a stable
machine-readable ``code`` (``"terms.<reason>"``), the ``field`` at fault and a
bilingual :class:`~cyberins.terms.text.Text` message, so the API layer can return
``{"code": ..., "field": ..., "message": ...}`` without parsing strings.
"""

from __future__ import annotations

from .text import Text


class TermsError(ValueError):
    """Invalid input to a terms computation.

    Parameters
    ----------
    code:
        Stable identifier, e.g. ``"terms.deductible_exceeds_limit"``. Never reworded;
        clients and translations key on it.
    field:
        Name of the argument or attribute at fault (``"lines[2].assessed"``), or ``""``
        when the error concerns the input as a whole.
    message:
        Human-readable explanation in zh-Hans and English.
    """

    def __init__(self, code: str, field: str, message: Text) -> None:
        super().__init__(f"{code} [{field}]: {message.en}")
        self.code = code
        self.field = field
        self.message = message
