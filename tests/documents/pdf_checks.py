"""Helpers that look inside rendered PDFs: extracted text, embedded fonts, rasterised ink."""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from pypdf import PdfReader

RASTER_SCALE = 2.0  # 144 dpi
DARK = 128  # a pixel darker than this (0-255 grey) is ink


def extracted_text(pdf: bytes) -> str:
    """All pages' text as pypdf extracts it: only possible through a correct ToUnicode map."""
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def embedded_truetype_fonts(pdf: bytes) -> set[str]:
    """BaseFont names of the fonts whose TrueType program (FontFile2) is embedded, on any page."""
    names: set[str] = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        resources: Any = page["/Resources"]
        for font_ref in resources["/Font"].values():
            font = font_ref.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is not None and "/FontFile2" in descriptor.get_object():
                names.add(str(font["/BaseFont"]))
    return names


def baseline_of(pdf: bytes, marker: str) -> tuple[float, float]:
    """(height of page 1, y of the first text run on page 1 containing ``marker``), in points."""
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    found: list[float] = []

    def visit(text: str, cm: list[float], tm: list[float], *_: object) -> None:
        if marker in text and not found:
            found.append(tm[4] * cm[1] + tm[5] * cm[3] + cm[5])

    page.extract_text(visitor_text=visit)
    assert found, f"{marker!r} not found on page 1"
    return float(page.mediabox.height), found[0]


def _rasterise_with_pdfium(pdf: bytes) -> Image.Image:
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        return document[0].render(scale=RASTER_SCALE).to_pil().convert("L")
    finally:
        document.close()


def _rasterise_with_pdftoppm(pdf: bytes, pdftoppm: str) -> Image.Image:
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "document.pdf"
        source.write_bytes(pdf)
        dpi = str(int(72 * RASTER_SCALE))
        subprocess.run(
            [
                pdftoppm,
                "-r",
                dpi,
                "-f",
                "1",
                "-l",
                "1",
                "-gray",
                "-png",
                str(source),
                str(Path(folder) / "p"),
            ],
            check=True,
            capture_output=True,
        )
        (png,) = Path(folder).glob("p*.png")
        with Image.open(png) as image:
            return image.convert("L")


def rasterise_first_page(pdf: bytes) -> Image.Image:
    """Page 1 as a greyscale image at 144 dpi: pypdfium2 (PyPI) if installed, else poppler's pdftoppm.

    Skips the calling test when neither is available (add ``pypdfium2`` to the dev dependencies).
    """
    try:
        return _rasterise_with_pdfium(pdf)
    except ImportError:
        pass
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        pytest.skip("no PDF rasteriser: add the 'pypdfium2' dev dependency (or install poppler-utils)")
    return _rasterise_with_pdftoppm(pdf, pdftoppm)


def ink_right_of_label(pdf: bytes, label: str, x_from_pt: float, font_size_pt: float = 9.5) -> int:
    """Dark pixels on the line of ``label`` on page 1, right of ``x_from_pt`` (the value column)."""
    page_height, baseline = baseline_of(pdf, label)
    image = rasterise_first_page(pdf)
    top = (page_height - baseline - font_size_pt) * RASTER_SCALE
    bottom = (page_height - baseline + 0.35 * font_size_pt) * RASTER_SCALE
    band = image.crop((int(x_from_pt * RASTER_SCALE), int(top), image.width, int(bottom)))
    return sum(count for level, count in enumerate(band.histogram()) if level < DARK)


def assert_chinese_renders_as_glyphs(render_with_value: Callable[[str], bytes], label: str, x: float) -> None:
    """Chinese put in one field must draw real, distinct glyphs on page 1 - not nothing, not boxes.

    The field is rendered empty, with nine 一 (one stroke each) and nine 量 (many strokes): real
    glyphs add ink, and the many-stroke ones much more; missing-glyph boxes would all look alike.
    """
    blank = ink_right_of_label(render_with_value(""), label, x)
    light = ink_right_of_label(render_with_value("一" * 9), label, x) - blank
    heavy = ink_right_of_label(render_with_value("量" * 9), label, x) - blank
    assert light > 20, f"一×9 added only {light} dark pixels: Chinese did not render"
    assert heavy > 2.5 * light, f"量×9 ({heavy} px) not much darker than 一×9 ({light} px): tofu boxes?"
