"""Parties named on more than one document."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Insurer:
    """The insurer (承保人) as printed at the top of its documents."""

    name_zh: str
    name_en: str
    address_zh: str = ""
    address_en: str = ""
