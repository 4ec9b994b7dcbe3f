"""A document as an A4 PDF, drawn with fpdf2 in the embedded Unicode font (``core.fonts``), so
that every name prints as written (accents, Cyrillic, Greek). Wide tables turn the page to
landscape."""

from __future__ import annotations

from intercoop.core.fonts import pdf_add_unicode_font

from .model import Document, Table
from .text import cell_text, is_number

WIDE = 7  # columns from which a table is drawn on a landscape page


def _table(pdf: object, font: str, table: Table) -> None:
    from fpdf import FPDF
    from fpdf.enums import Align, XPos, YPos

    assert isinstance(pdf, FPDF)  # noqa: S101 - typed here, fpdf is imported late
    pdf.ln(3)
    pdf.set_font(font, "B", 11)
    pdf.multi_cell(0, 6, table.caption, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    size = 8 if len(table.headers) >= WIDE else 9
    pdf.set_font(font, "", size)
    numeric = [
        any(is_number(row[i]) for row in (*table.rows, *table.footer))
        for i in range(len(table.headers))
    ]
    aligns = tuple(Align.R if n else Align.L for n in numeric)
    with pdf.table(
        first_row_as_headings=True, line_height=4.5, text_align=aligns, padding=1
    ) as drawn:
        heading = drawn.row()
        for header in table.headers:
            heading.cell(header)
        for row in (*table.rows, *table.footer):
            line = drawn.row()
            for cell in row:
                line.cell(cell_text(cell))


def document_pdf(document: Document) -> bytes:
    from fpdf import FPDF
    from fpdf.enums import XPos, YPos

    wide = any(len(table.headers) >= WIDE for table in document.tables)
    pdf = FPDF(orientation="L" if wide else "P", format="A4")
    font = pdf_add_unicode_font(pdf)
    pdf.set_title(document.title)
    pdf.set_lang(document.language)
    pdf.set_creator("Intercoop")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    pdf.set_font(font, "B", 15)
    pdf.multi_cell(0, 8, document.title, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(2)
    for label, value in document.facts:
        pdf.set_font(font, "B", 9)
        pdf.cell(55, 5, label)
        pdf.set_font(font, "", 9)
        pdf.multi_cell(0, 5, cell_text(value), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    for table in document.tables:
        _table(pdf, font, table)
    return bytes(pdf.output())
