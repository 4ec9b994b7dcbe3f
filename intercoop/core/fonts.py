"""The Unicode font embedded in the PDFs the platform draws (minutes, credential letters).

fpdf2's core fonts (Helvetica, Times) only cover Latin-1, so "Дмитрий Иванов" would print as
question marks. DejaVu Sans covers Latin Extended, Greek, Cyrillic and Vietnamese; it comes from
the npm package ``dejavu-fonts-ttf``, installed at setup (``make install`` runs ``npm ci``)
into ``INTERCOOP_NODE_MODULES``, like the booth's libsodium.js.

A missing font is an error that says how to install it, never a silent fall-back to a font
that would drop members' names.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings

if TYPE_CHECKING:
    from fpdf import FPDF

PDF_FONT_FAMILY = "DejaVuSans"
# fpdf2 style ("" regular, "B" bold, "I" italic, "BI" both) -> file in the package's ttf/.
PDF_FONT_FILES = {
    "": "DejaVuSans.ttf",
    "B": "DejaVuSans-Bold.ttf",
    "I": "DejaVuSans-Oblique.ttf",
    "BI": "DejaVuSans-BoldOblique.ttf",
}


class FontMissing(RuntimeError):
    """The Unicode font for PDFs is not installed."""


def pdf_font_dir() -> Path:
    return Path(settings.NODE_MODULES) / "dejavu-fonts-ttf" / "ttf"


def pdf_font_paths() -> dict[str, Path]:
    """The font file of each style, checked to exist; raises FontMissing otherwise."""
    folder = pdf_font_dir()
    paths = {style: folder / name for style, name in PDF_FONT_FILES.items()}
    missing = [str(path) for path in paths.values() if not path.is_file()]
    if missing:
        raise FontMissing(
            "The Unicode font for PDFs is missing: "
            + ", ".join(missing)
            + ". Install the npm package dejavu-fonts-ttf (`make install` runs `npm ci`), "
            "or point INTERCOOP_NODE_MODULES at the node_modules folder that holds it."
        )
    return paths


def pdf_add_unicode_font(pdf: FPDF) -> str:
    """Embed DejaVu Sans (all four styles) in ``pdf``; returns the family for ``set_font``."""
    for style, path in pdf_font_paths().items():
        pdf.add_font(PDF_FONT_FAMILY, style, str(path))
    return PDF_FONT_FAMILY
