"""The minutes of a general meeting as a PDF, drawn with fpdf2 from the same blocks as their
HTML (``rendering.minutes.minutes_blocks``)."""

from __future__ import annotations

from typing import Any

from django.utils import translation

from intercoop.core.fonts import pdf_add_unicode_font
from intercoop.governance.rendering.minutes import minutes_blocks


def minutes_pdf(data: dict[str, Any]) -> bytes:
    """The minutes as a PDF, drawn from the same blocks as the HTML, in an embedded Unicode
    font so that every member's name prints as written (Cyrillic, Greek, Vietnamese...)."""
    from fpdf import FPDF
    from fpdf.enums import XPos, YPos

    with translation.override(data["language"]):
        blocks = minutes_blocks(data)
        title = blocks[0]["text"]
    pdf = FPDF(format="A4")
    font = pdf_add_unicode_font(pdf)
    pdf.set_title(title)
    pdf.set_lang(data["language"])
    pdf.set_creator("Intercoop")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    sizes = {"h1": 16, "h2": 13, "h3": 11}
    for block in blocks:
        kind = block["kind"]
        if kind in sizes:
            pdf.ln(3)
            pdf.set_font(font, "B", sizes[kind])
            pdf.multi_cell(0, 7, block["text"], new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        elif kind == "p":
            pdf.set_font(font, "", 10)
            pdf.multi_cell(0, 5, block["text"], new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            pdf.ln(1)
        elif kind == "dl":
            pdf.set_font(font, "", 10)
            for label, value in block["rows"]:
                pdf.set_font(font, "B", 10)
                pdf.cell(45, 5, label)
                pdf.set_font(font, "", 10)
                pdf.multi_cell(0, 5, value, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        elif kind == "table":
            pdf.set_font(font, "I", 9)
            pdf.multi_cell(0, 5, block["caption"], new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            pdf.set_font(font, "", 9)
            with pdf.table(first_row_as_headings=True, line_height=5) as table:
                for row_values in [block["headers"], *block["rows"]]:
                    row = table.row()
                    for value in row_values:
                        row.cell(str(value))
            pdf.ln(2)
    return bytes(pdf.output())
