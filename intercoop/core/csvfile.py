"""Reading an uploaded CSV file all or nothing, with line numbers: what every import shares (the
member register, the labels issued in bulk).

``read_csv`` decodes the file (UTF-8, with or without a byte-order mark), checks its header
against the columns the import knows and requires, and returns each non-blank row's cells by
column with the line where the row starts (a quoted cell may span lines), and every row it could
not read. A file that cannot be read at all is refused whole with ``CsvRefused`` (or a
``ServiceError`` with status 413 over the size limit). The import then checks each row and
refuses the file with ``CsvRefused`` if any row is bad, so that nothing is half-written.

Cells are stripped, and the protective quote that an export puts before a cell a spreadsheet
would run as a formula (``csv_safe``) is removed (``csv_unsafe``), so an export imports back
unchanged.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from intercoop.core.errors import ServiceError

# What a spreadsheet takes for the start of a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value: str) -> str:
    """A cell a spreadsheet will not run as a formula: a leading quote, which ``csv_unsafe``
    removes on import."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def csv_unsafe(value: str) -> str:
    return value[1:] if value.startswith("'") and value[1:].startswith(FORMULA_STARTS) else value


class CsvRefused(ServiceError):
    """The file has bad rows: nothing was written. ``errors`` lists (line, reason)."""

    code = "import_invalid"

    def __init__(self, errors: list[tuple[int, str]]) -> None:
        self.errors = sorted(errors)
        super().__init__(
            ngettext(
                "The file was not imported: %(n)s problem was found.",
                "The file was not imported: %(n)s problems were found.",
                len(errors),
            )
            % {"n": len(errors)}
        )


@dataclass(frozen=True)
class CsvShape:
    """What an import reads: its columns, those required, and its limits. ``too_many`` is the
    message for a file over ``max_rows`` rows, with ``%(n)s`` for the limit."""

    columns: Sequence[str]
    required: Sequence[str]
    max_bytes: int
    max_rows: int
    too_many: str | Promise


Rows = list[tuple[int, dict[str, str]]]
Problems = list[tuple[int, str]]


def decoded(content: bytes, shape: CsvShape) -> str:
    """The file's text, or the whole file refused: too large, not UTF-8, not text."""
    if len(content) > shape.max_bytes:
        raise ServiceError(
            _("The file is larger than %(mb)s MB; split it into smaller files.")
            % {"mb": shape.max_bytes // (1024 * 1024)},
            code="import_too_large",
            status=413,
        )
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = content[: exc.start].count(b"\n") + 1
        raise CsvRefused(
            [(line, _("The file is not UTF-8 text; save it as CSV (UTF-8)."))]
        ) from exc
    if "\x00" in text:
        raise CsvRefused([(1, _("The file is not a CSV text file."))])
    return text


def _read_header(reader: Any, shape: CsvShape) -> list[str]:
    """The header's column names, or the whole file refused for an unreadable, unknown,
    missing or repeated column."""
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        raise CsvRefused([(1, _("The file is empty."))]) from None
    except csv.Error as exc:
        raise CsvRefused([(1, _("Not a readable CSV line (%(error)s).") % {"error": exc})]) from exc
    errors: Problems = []
    unknown = [h for h in header if h not in shape.columns]
    missing = [h for h in shape.required if h not in header]
    duplicated = sorted({h for h in header if header.count(h) > 1})
    if unknown:
        errors.append((1, _("Unknown columns: %(columns)s.") % {"columns": ", ".join(unknown)}))
    if missing:
        errors.append((1, _("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)}))
    if duplicated:
        errors.append(
            (1, _("Columns given twice: %(columns)s.") % {"columns": ", ".join(duplicated)})
        )
    if errors:
        raise CsvRefused(errors)
    return header


def _cells_by_line(reader: Any, header: list[str], shape: CsvShape) -> tuple[Rows, Problems]:
    rows: Rows = []
    errors: Problems = []
    while True:
        line = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            errors.append((line, _("Not a readable CSV line (%(error)s).") % {"error": exc}))
            break
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            errors.append(
                (
                    line,
                    _("%(found)s cells where the header has %(expected)s.")
                    % {"found": len(cells), "expected": len(header)},
                )
            )
            continue
        rows.append((line, {h: csv_unsafe(c.strip()) for h, c in zip(header, cells, strict=True)}))
        if len(rows) > shape.max_rows:
            raise CsvRefused([(line, str(shape.too_many) % {"n": shape.max_rows})])
    return rows, errors


def read_csv(content: bytes, shape: CsvShape) -> tuple[list[str], Rows, Problems]:
    """The header, each non-blank row's cells by column with its line, and the rows that could
    not be read; see the module's docstring."""
    reader = csv.reader(io.StringIO(decoded(content, shape), newline=""))
    header = _read_header(reader, shape)
    rows, errors = _cells_by_line(reader, header, shape)
    return header, rows, errors
