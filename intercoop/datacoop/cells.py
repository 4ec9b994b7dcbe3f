"""A dataset's cells: each column's type reads a value from text (a form, a CSV file) or JSON (the
API), checks it, and gives the JSON value stored, or refuses it with a message in the active
language.

Stored values are JSON: integers as integers; decimals as strings (``"12.50"``, exact); text as
strings; booleans as ``true``/``false``; dates as ISO 8601 strings; a choice as its text. An
empty cell is ``None`` (refused where the column is required).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, Final

from django.utils.translation import gettext as _

INTEGER: Final = "integer"
DECIMAL: Final = "decimal"
TEXT: Final = "text"
BOOLEAN: Final = "boolean"
DATE: Final = "date"
CHOICE: Final = "choice"
TYPES: Final = (INTEGER, DECIMAL, TEXT, BOOLEAN, DATE, CHOICE)

MAX_TEXT: Final = 2000
# Within what SQLite, PostgreSQL's bigint and a JSON reader's doubles hold exactly.
MAX_INTEGER: Final = 2**53 - 1
MAX_DECIMAL_DIGITS: Final = 18
MAX_DECIMAL_PLACES: Final = 6
# Booleans as people write them in the three languages, and as spreadsheets export them.
TRUE_WORDS: Final = frozenset(
    {"true", "yes", "y", "1", "oui", "o", "sí", "si", "vrai", "verdadero"}
)
FALSE_WORDS: Final = frozenset({"false", "no", "n", "0", "non", "faux", "falso"})
KEY: Final = re.compile(r"^[a-z][a-z0-9_]{0,39}$")

Cell = int | str | bool | None


@dataclass(frozen=True)
class Column:
    key: str
    type: str
    required: bool = False
    choices: Sequence[str] = ()


class Refused(ValueError):
    """A cell that cannot be stored, and why, for people."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def read(column: Column, value: Any) -> Cell:
    """The stored value of ``value`` (text, or JSON from the API) in ``column``."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if column.required:
            raise Refused(_("A value is required."))
        return None
    return _READERS[column.type](column, value)


def _integer(column: Column, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise Refused(_("Give a whole number."))
    try:
        number = int(value.strip()) if isinstance(value, str) else value
    except ValueError:
        raise Refused(_("Give a whole number.")) from None
    if abs(number) > MAX_INTEGER:
        raise Refused(_("The number is too large."))
    return number


def _decimal(column: Column, value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise Refused(_("Give a number."))
    try:
        number = Decimal(value.strip() if isinstance(value, str) else str(value))
    except InvalidOperation:
        raise Refused(_("Give a number, with a point for the decimals.")) from None
    if not number.is_finite():
        raise Refused(_("Give a number, with a point for the decimals."))
    _sign, digits, exponent = number.as_tuple()
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    if places > MAX_DECIMAL_PLACES:
        raise Refused(_("At most %(n)s decimals.") % {"n": MAX_DECIMAL_PLACES})
    if len(digits) - places > MAX_DECIMAL_DIGITS - MAX_DECIMAL_PLACES:
        raise Refused(_("The number is too large."))
    return format(number, "f")


def _text(column: Column, value: Any) -> str:
    if not isinstance(value, str):
        raise Refused(_("Give text."))
    text = value.strip()
    if "\x00" in text:
        raise Refused(_("Text may not hold a NUL character."))
    if len(text) > MAX_TEXT:
        raise Refused(_("At most %(n)s characters.") % {"n": MAX_TEXT})
    return text


def _boolean(column: Column, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        word = value.strip().lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
    raise Refused(_("Give yes or no."))


def _date(column: Column, value: Any) -> str:
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value.strip()).isoformat()
        except ValueError:
            pass
    raise Refused(_("Give a date as YYYY-MM-DD."))


def _choice(column: Column, value: Any) -> str:
    if isinstance(value, str) and value.strip() in column.choices:
        return value.strip()
    raise Refused(_("Choose one of: %(choices)s.") % {"choices": ", ".join(column.choices)})


_READERS: Final[dict[str, Callable[[Column, Any], Cell]]] = {
    INTEGER: _integer,
    DECIMAL: _decimal,
    TEXT: _text,
    BOOLEAN: _boolean,
    DATE: _date,
    CHOICE: _choice,
}


def read_row(
    columns: Sequence[Column], values: Mapping[str, Any]
) -> tuple[dict[str, Cell], dict[str, Refused]]:
    """Each column's stored value, and the refusal of each cell that cannot be stored. Values
    for no column are refused under their own key."""
    known = {c.key for c in columns}
    cells: dict[str, Cell] = {}
    refused: dict[str, Refused] = {
        key: Refused(_("There is no column %(key)s.") % {"key": key})
        for key in values
        if key not in known
    }
    for column in columns:
        try:
            cells[column.key] = read(column, values.get(column.key))
        except Refused as exc:
            refused[column.key] = exc
    return cells, refused


def parse_choices(text: str) -> list[str]:
    """A choice column's options, one a line or separated by commas, without blanks or
    repeats, in the order given."""
    options = [o.strip() for o in re.split(r"[\n,]", text)]
    return list(dict.fromkeys(o for o in options if o))
