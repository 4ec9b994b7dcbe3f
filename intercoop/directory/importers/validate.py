"""Checks shared by the file readers: each returns the clean value or raises ``ValueError``
with a reason fit for a bad-row report. Pure Python."""

from __future__ import annotations

import math
import re

from intercoop.directory import vocabularies

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
