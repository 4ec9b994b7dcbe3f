"""Checks shared by the file readers: each returns the clean value or raises ``ValueError``
with a reason fit for a bad-row report. Pure Python."""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Callable, Mapping

from intercoop.directory.importers.records import OrgRecord, Parsed, RowError
from intercoop.organizations import vocabularies

IDENTIFIER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")
URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)
_COMPANIES_HOUSE = re.compile(r"^(?:[0-9]{8}|[A-Z]{2}[0-9]{6})$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")


def identifier(value: str, column: str) -> str:
    if not IDENTIFIER.match(value):
        raise ValueError(f"{column} {value!r} is missing or malformed")
    return value


def name(value: str, column: str) -> str:
    """The name with its runs of white space made single spaces."""
    clean = " ".join(value.split())
    if not clean:
        raise ValueError(f"{column} is empty")
    if len(clean) > 200:
        raise ValueError(f"{column} is longer than 200 characters")
    return clean


def max_length(value: str, column: str, limit: int) -> str:
    if len(value) > limit:
        raise ValueError(f"{column} is longer than {limit} characters")
    return value


def coordinate(value: str, low: float, high: float, what: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise ValueError(f"{what} {value!r} is not a number") from None
    if not math.isfinite(number) or not low <= number <= high:
        raise ValueError(f"{what} {value!r} is outside {low:g} to {high:g}")
    return number


def coordinates(lat: str, lon: str) -> tuple[float | None, float | None]:
    """Both or neither, each in range."""
    if bool(lat) != bool(lon):
        raise ValueError("only one of latitude and longitude is given")
    if not lat:
        return None, None
    return coordinate(lat, -90, 90, "latitude"), coordinate(lon, -180, 180, "longitude")


def country(value: str, column: str) -> str:
    code = value.upper()
    if code and not _COUNTRY.match(code):
        raise ValueError(f"{column} {value!r} is not a two-letter ISO code")
    return code


def website(value: str, column: str) -> str:
    if value and not URL.match(value):
        raise ValueError(f"{column} {value!r} is not an http(s) address")
    return value


def term(scheme: vocabularies.Scheme, column: str, value: str, *, codes: bool = False) -> str:
    """The ESSGlobal code of a term given by its URI (or, with ``codes``, by its code too)."""
    if not value:
        return ""
    if codes and value in vocabularies.codes(scheme):
        return value
    code = vocabularies.code_from_uri(scheme, value)
    if code is None:
        raise ValueError(f"{column} {value!r} is not a known ESSGlobal term")
    return code


def companies_house(value: str, column: str) -> str:
    number = value.upper()
    if number.isdigit() and len(number) < 8:
        number = number.zfill(8)  # Companies House numbers are zero-padded to 8 characters
    if number and not _COMPANIES_HOUSE.match(number):
        raise ValueError(f"{column} {number!r} is not 8 characters")
    return number


class FileRefused(Exception):
    """The file as a whole cannot be read (wrong columns, not UTF-8 CSV, NUL bytes)."""


def parse_rows(
    reader: csv.DictReader[str],
    *,
    id_column: str,
    record: Callable[[dict[str, str]], OrgRecord],
    defaults: Mapping[str, str] | None = None,
) -> Parsed:
    """Turn each row into a record or a RowError carrying the line where the row starts
    (quoted fields may span lines). Ragged rows and repeated identifiers are bad rows; a file
    that stops being readable CSV, or holds a NUL byte, is refused as a whole."""
    parsed = Parsed()
    seen: dict[str, int] = {}
    rows = iter(reader)
    line = reader.line_num + 1
    while True:
        try:
            row = next(rows)
        except StopIteration:
            break
        except (csv.Error, UnicodeDecodeError) as exc:
            raise FileRefused(f"line {line}: the file cannot be read as CSV: {exc}") from None
        if any("\x00" in v for v in row.values() if isinstance(v, str)):
            # Python's csv reads NUL bytes, but no database text field can hold one.
            raise FileRefused(
                f"line {line}: the file cannot be read as CSV: it contains a NUL byte"
            )
        parsed.rows += 1
        clean = dict(defaults or {})
        clean.update({k: (v or "").strip() for k, v in row.items() if k is not None})
        source_id = clean.get(id_column, "")
        try:
            if None in row or any(v is None for v in row.values()):
                raise ValueError("the row does not have the file's number of columns")
            if source_id in seen:
                raise ValueError(f"{id_column} repeats the row at line {seen[source_id]}")
            parsed.records.append(record(clean))
            seen[source_id] = line
        except ValueError as exc:
            parsed.errors.append(RowError(line=line, source_id=source_id, reason=str(exc)))
        line = reader.line_num + 1
    return parsed
