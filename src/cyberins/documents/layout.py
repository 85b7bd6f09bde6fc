"""Reusable pieces of every document: page template, bilingual labels, key-value blocks, tables.

A document module builds a list of flowables ("story") with these helpers and hands it to
:func:`build_pdf`, which adds the running header and footer (title, page x of y, document number).
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, TypeAlias
from xml.sax.saxutils import escape as _xml_escape

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from .formatting import format_amount, format_money
from .styles import HEADER_FILL, MUTED, RULE, document_styles, paragraph

PAGE_SIZE = A4
MARGIN = 18 * mm
FRAME_PADDING = 6  # ReportLab's default frame padding (pt), on each side
CONTENT_WIDTH = PAGE_SIZE[0] - 2 * MARGIN - 2 * FRAME_PADDING
CREATOR = "Cyberins"

Cell: TypeAlias = str | Flowable


def escape(text: str) -> str:
    """User text made safe for paragraph markup (``&``, ``<``, ``>``); newlines become breaks."""
    return _xml_escape(text).replace("\n", "<br/>")


def bilingual(zh: str, en: str) -> str:
    """A bilingual label as printed on Chinese policies: ``保险单号(Policy No.)``."""
    return f"{zh}({en})" if en else zh


def text(value: str, style_name: str = "body") -> Paragraph:
    """Plain user text (escaped) as a paragraph in one of the :class:`DocumentStyles`."""
    return paragraph(escape(value), getattr(document_styles(), style_name))


def bilingual_paragraphs(zh: str, en: str) -> list[Flowable]:
    """A Chinese paragraph followed by its English translation in smaller, muted type."""
    styles = document_styles()
    flowables: list[Flowable] = [paragraph(escape(zh), styles.body)]
    if en:
        flowables[0].keepWithNext = True
        flowables.append(paragraph(escape(en), styles.small))
    return flowables


def section_heading(zh: str, en: str) -> Flowable:
    """A section heading, ``特别约定  Warranties``, ruled below and kept with what follows it.

    One flowable with ``keepWithNext``: the document template then moves it to the next page
    together with the first flowable after it (which must not be a ``KeepTogether``).
    """
    styles = document_styles()
    heading = Table(
        [[paragraph(escape(f"{zh}  {en}" if en else zh), styles.heading)]], colWidths=[CONTENT_WIDTH]
    )
    heading.setStyle(
        TableStyle(
            [
                ("LINEBELOW", (0, 0), (-1, -1), 0.6, RULE),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 8),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    heading.spaceAfter = 5
    heading.keepWithNext = True
    return heading


def money_cell(amount: Decimal | None, currency: str | None = None) -> Paragraph:
    """An amount right-aligned in a table cell: ``190,000.00`` (``¥190,000.00`` with a currency)."""
    styles = document_styles()
    if amount is None:
        shown = "-"
    elif currency is None:
        shown = format_amount(amount)
    else:
        shown = format_money(amount, currency)
    return paragraph(escape(shown), styles.cell_right)


def _as_cell(value: Cell, style_name: str = "cell") -> Flowable:
    return value if isinstance(value, Flowable) else text(value, style_name)


def key_value_block(
    rows: Iterable[tuple[str, Cell]], label_width: float = 58 * mm, width: float = CONTENT_WIDTH
) -> Table:
    """Label/value pairs, one a line: ``被保险人(The Insured): 中远海运…``; long values wrap."""
    data = [[_as_cell(label, "label"), _as_cell(value, "body")] for label, value in rows]
    table = Table(data, colWidths=[label_width, width - label_width], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
            ]
        )
    )
    return table


def data_table(
    header: Sequence[str],
    rows: Sequence[Sequence[Cell]],
    col_widths: Sequence[float],
    *,
    extra_styles: Sequence[tuple[Any, ...]] = (),
) -> Table:
    """A ruled table with a shaded header row repeated on every page; text cells wrap (CJK).

    ``col_widths`` are fractions of the content width (they need not add up to exactly 1).
    Use :func:`money_cell` for amounts so that they align right.
    """
    scale = CONTENT_WIDTH / sum(col_widths)
    data: list[list[Flowable]] = [[_as_cell(title, "cell_header") for title in header]]
    data += [[_as_cell(value) for value in row] for row in rows]
    table = Table(data, colWidths=[w * scale for w in col_widths], repeatRows=1, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, RULE),
                ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                *extra_styles,
            ]
        )
    )
    return table


def spacer(height_mm: float = 3) -> Spacer:
    return Spacer(1, height_mm * mm)


@dataclass(frozen=True)
class PageDecoration:
    """What the running header and footer show on every page."""

    issuer: str
    """Top left, e.g. the insurer's name."""
    title: str
    """Top right and in the PDF metadata, e.g. ``网络安全应急响应服务险保险单``."""
    document_number: str
    """Bottom left, e.g. the policy number."""


def _decorated_canvas_class(decoration: PageDecoration) -> type[Canvas]:
    """A canvas that holds pages back until the end, so each footer can say "of y"."""

    class DecoratedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._held_pages: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 - ReportLab's name
            self._held_pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._held_pages)
            for number, page_state in enumerate(self._held_pages, start=1):
                self.__dict__.update(page_state)
                self._draw_header_and_footer(number, total)
                super().showPage()
            super().save()

        def _draw_header_and_footer(self, number: int, total: int) -> None:
            fonts = document_styles().fonts
            width, height = PAGE_SIZE
            self.saveState()
            self.setFillColor(MUTED)
            self.setStrokeColor(RULE)
            self.setLineWidth(0.5)
            self.setFont(fonts.regular, 8)
            self.drawString(MARGIN, height - 12 * mm, decoration.issuer)
            self.drawRightString(width - MARGIN, height - 12 * mm, decoration.title)
            self.line(MARGIN, height - 13.5 * mm, width - MARGIN, height - 13.5 * mm)
            self.line(MARGIN, 13.5 * mm, width - MARGIN, 13.5 * mm)
            self.drawString(MARGIN, 9.5 * mm, decoration.document_number)
            self.drawRightString(width - MARGIN, 9.5 * mm, f"第 {number} 页 / 共 {total} 页")
            self.setFont(fonts.latin, 8)
            self.drawCentredString(width / 2, 9.5 * mm, f"Page {number} of {total}")
            self.restoreState()

    return DecoratedCanvas


def build_pdf(story: list[Flowable], decoration: PageDecoration, *, subject: str = "") -> bytes:
    """Lay the story out on A4 pages with the running header and footer; return the PDF bytes.

    The output is invariant (no creation timestamp or random id), so the same input gives the
    same bytes: documents can be archived and compared.
    """
    buffer = io.BytesIO()
    template = SimpleDocTemplate(
        buffer,
        pagesize=PAGE_SIZE,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN + 2 * mm,
        bottomMargin=MARGIN,
        title=decoration.title,
        author=decoration.issuer,
        subject=subject or decoration.document_number,
        creator=CREATOR,
        invariant=True,
        lang="zh-CN",
    )
    template.build(story, canvasmaker=_decorated_canvas_class(decoration))
    return buffer.getvalue()


__all__ = [
    "CONTENT_WIDTH",
    "Cell",
    "PageDecoration",
    "bilingual",
    "bilingual_paragraphs",
    "build_pdf",
    "data_table",
    "escape",
    "key_value_block",
    "money_cell",
    "section_heading",
    "spacer",
    "text",
]
