"""Paragraph styles on the embedded CJK font, and the faux-bold paragraph used without a bold face."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from .fonts import FontSet, register_fonts

INK = colors.HexColor("#1a1a1a")
MUTED = colors.HexColor("#555555")
RULE = colors.HexColor("#9a9a9a")
HEADER_FILL = colors.HexColor("#e8edf3")
ACCENT = colors.HexColor("#1f4e79")

BOLD_STYLE_NAMES = frozenset(
    {"cyberins.label", "cyberins.title", "cyberins.subtitle", "cyberins.heading"}
    | {"cyberins.cell_header", "cyberins.highlight"}
)
FAUX_BOLD_STROKE = 0.35
"""Outline width (pt) added to regular glyphs to imitate bold; about 3% of a 10 pt em."""


@dataclass(frozen=True)
class DocumentStyles:
    """The paragraph styles every document uses (all ``wordWrap='CJK'``: Chinese breaks anywhere)."""

    fonts: FontSet
    body: ParagraphStyle
    small: ParagraphStyle
    label: ParagraphStyle
    title: ParagraphStyle
    subtitle: ParagraphStyle
    heading: ParagraphStyle
    cell: ParagraphStyle
    cell_right: ParagraphStyle
    cell_header: ParagraphStyle
    highlight: ParagraphStyle


def _style(name: str, font: str, size: float, **overrides: Any) -> ParagraphStyle:
    settings: dict[str, Any] = {
        "fontName": font,
        "fontSize": size,
        "leading": round(size * 1.45, 1),
        "textColor": INK,
        "wordWrap": "CJK",
        "alignment": TA_LEFT,
    }
    settings.update(overrides)
    return ParagraphStyle(f"cyberins.{name}", **settings)


@cache
def document_styles() -> DocumentStyles:
    """Register the fonts (once) and build the styles on them."""
    fonts = register_fonts()
    regular, bold = fonts.regular, fonts.bold
    return DocumentStyles(
        fonts=fonts,
        body=_style("body", regular, 9.5),
        small=_style("small", regular, 8, textColor=MUTED),
        label=_style("label", bold, 9.5),
        title=_style("title", bold, 16, alignment=TA_CENTER, spaceBefore=4, spaceAfter=2),
        subtitle=_style("subtitle", bold, 11, alignment=TA_CENTER, spaceAfter=8),
        heading=_style("heading", bold, 11.5, textColor=ACCENT, spaceBefore=10, spaceAfter=4),
        cell=_style("cell", regular, 8.5),
        cell_right=_style("cell_right", regular, 8.5, alignment=TA_RIGHT),
        cell_header=_style("cell_header", bold, 8.5),
        highlight=_style("highlight", bold, 28, alignment=TA_CENTER, textColor=ACCENT),
    )


class FauxBoldParagraph(Paragraph):
    """A paragraph whose glyphs are filled and stroked, so a regular face reads as bold.

    Text render mode 2 (PDF 9.3.6) is graphics state, so setting it around the normal drawing code
    affects only this paragraph; text extraction is unchanged.
    """

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        canvas.setLineWidth(FAUX_BOLD_STROKE)
        canvas.setStrokeColor(self.style.textColor)
        canvas._code.append("2 Tr")
        super().draw()
        canvas.restoreState()


def paragraph(markup: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph in ``style``; bold styles get faux bold when the font has no bold face.

    ``markup`` is ReportLab paragraph markup: escape user text with :func:`layout.escape`.
    """
    if document_styles().fonts.faux_bold and style.name in BOLD_STYLE_NAMES:
        return FauxBoldParagraph(markup, style)
    return Paragraph(markup, style)
