"""The embedded CJK font: found once, registered once with ReportLab.

Chinese must render in every PDF viewer, so the font is embedded (ReportLab subsets it at embed
time) rather than referenced. It comes from a PyPI package so that ``uv sync`` is the only install
step: ``paperang-p2-fonts-cjk`` ships WenQuanYi Micro Hei (文泉驿微米黑, Apache-2.0), a TrueType
collection with ``glyf`` outlines, which ReportLab's ``TTFont`` can embed (CFF-based ``.otf`` fonts
such as the Noto Sans CJK releases cannot be). Its Latin glyphs come from Droid Sans, so English
text is set in the same font; Helvetica is only the Latin fallback for ASCII-only text drawn
directly on the canvas (header and footer), where nothing needs embedding.

Environment overrides, for a deployment that prefers another font (e.g. Noto Sans SC ``.ttf``):

``CYBERINS_CJK_FONT``
    path to a ``.ttf`` (glyf outlines) or ``.ttc``; append ``#N`` to pick font N of a collection.
``CYBERINS_CJK_FONT_BOLD``
    optional path to its bold face; without one, bold is drawn as faux bold (fill + stroke).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT_ENV = "CYBERINS_CJK_FONT"
BOLD_FONT_ENV = "CYBERINS_CJK_FONT_BOLD"
FONT_PACKAGE = "paperang_p2_fonts_cjk"
FONT_PACKAGE_FILE = "fonts/wqy-microhei.ttc"

FAMILY = "CyberinsCJK"
REGULAR = "CyberinsCJK"
BOLD = "CyberinsCJK-Bold"
LATIN = "Helvetica"
LATIN_BOLD = "Helvetica-Bold"


class CJKFontUnavailableError(RuntimeError):
    """No embeddable CJK font was found: documents would print Chinese as empty boxes."""


@dataclass(frozen=True)
class FontSource:
    """A font file and, for a ``.ttc`` collection, the index of the font inside it."""

    path: Path
    subfont_index: int = 0

    @classmethod
    def parse(cls, spec: str) -> FontSource:
        """``/path/font.ttc#1`` → that file, font 1; a plain path → font 0."""
        path, _, index = spec.partition("#")
        return cls(Path(path).expanduser(), int(index) if index else 0)


@dataclass(frozen=True)
class FontSet:
    """Names of the registered fonts, for styles and canvas calls."""

    family: str
    regular: str
    bold: str
    latin: str
    latin_bold: str
    faux_bold: bool
    """True when ``bold`` is the regular face: bold text is then stroked to look bold."""
    source: FontSource


def packaged_font() -> FontSource | None:
    """WenQuanYi Micro Hei from the ``paperang-p2-fonts-cjk`` wheel, if it is installed."""
    try:
        font_file = resources.files(FONT_PACKAGE).joinpath(FONT_PACKAGE_FILE)
    except ModuleNotFoundError:
        return None
    path = Path(str(font_file))
    return FontSource(path) if path.is_file() else None


def find_cjk_font() -> FontSource:
    """The font to embed: ``CYBERINS_CJK_FONT`` if set, else the packaged one."""
    configured = os.environ.get(FONT_ENV, "").strip()
    if configured:
        source = FontSource.parse(configured)
        if not source.path.is_file():
            raise CJKFontUnavailableError(f"{FONT_ENV}={configured!r}: no such font file")
        return source
    packaged = packaged_font()
    if packaged is None:
        raise CJKFontUnavailableError(
            "No CJK font for PDF documents: install the 'paperang-p2-fonts-cjk' package "
            f"(a project dependency; run 'uv sync') or set {FONT_ENV} to a TrueType font file."
        )
    return packaged


@cache
def register_fonts() -> FontSet:
    """Register the CJK family with ReportLab (once per process) and return its names."""
    source = find_cjk_font()
    pdfmetrics.registerFont(TTFont(REGULAR, str(source.path), subfontIndex=source.subfont_index))
    bold_spec = os.environ.get(BOLD_FONT_ENV, "").strip()
    if bold_spec:
        bold_source = FontSource.parse(bold_spec)
        pdfmetrics.registerFont(TTFont(BOLD, str(bold_source.path), subfontIndex=bold_source.subfont_index))
        bold = BOLD
    else:
        bold = REGULAR
    pdfmetrics.registerFontFamily(FAMILY, normal=REGULAR, bold=bold, italic=REGULAR, boldItalic=bold)
    return FontSet(
        family=FAMILY,
        regular=REGULAR,
        bold=bold,
        latin=LATIN,
        latin_bold=LATIN_BOLD,
        faux_bold=bold == REGULAR,
        source=source,
    )
