"""Strict JSON: the one loader every Intercoop tool reads its files with (:func:`loads_strict`),
and strict checks on the shape of the values it returns."""

from __future__ import annotations

import json
from collections.abc import Collection

from intercoop_tools.crypto.errors import EncodingError


class DuplicateKeyError(ValueError):
    """A JSON object names the same key twice. Such a file is valid JSON (RFC 8259 only says
    that names SHOULD be unique), but it holds two values, and readers differ on which one they
    keep: Python keeps the last, others the first. Refused so that every reader sees one file."""

    def __init__(self, key: str) -> None:
        self.key = key
        super().__init__(
            f"duplicate key {key!r}: an object names it twice, so another reader could see the "
            "other value"
        )


def _object_without_duplicates(pairs: list[tuple[str, object]]) -> dict[str, object]:
    out: dict[str, object] = {}
    for key, value in pairs:
        if key in out:
            raise DuplicateKeyError(key)
        out[key] = value
    return out


def _refuse_constant(name: str) -> object:
    raise ValueError(f"{name} is not allowed (JSON has no NaN or Infinity)")


def loads_strict(data: bytes | str) -> object:
    """The JSON value of ``data``, read strictly: UTF-8, no ``NaN``, ``Infinity`` or
    ``-Infinity`` (which Python's ``json`` accepts by default, and RFC 8259 does not), no
    object with a duplicate key. Raises ValueError: :class:`DuplicateKeyError`,
    ``json.JSONDecodeError``, ``UnicodeDecodeError``, or a ValueError naming the constant or
    the nesting. Integers stay ``int`` and numbers with a fraction or an exponent become
    ``float``, so that :func:`expect_int` can refuse ``1.0`` and ``1e0``."""
    try:
        text = data.decode("utf-8") if isinstance(data, bytes) else data
        return json.loads(
            text, object_pairs_hook=_object_without_duplicates, parse_constant=_refuse_constant
        )
    except RecursionError:
        raise ValueError("the JSON is nested too deeply") from None


def expect_object(value: object, keys: Collection[str], *, where: str) -> dict[str, object]:
    """A JSON object with exactly ``keys``: a missing or an unknown key is refused."""
    if not isinstance(value, dict):
        raise EncodingError("expected an object", where=where)
    if not all(isinstance(k, str) for k in value):
        raise EncodingError("object keys must be strings", where=where)
    missing = sorted(set(keys) - value.keys())
    unknown = sorted(value.keys() - set(keys))
    if missing:
        raise EncodingError(f"missing key(s) {', '.join(missing)}", where=where)
    if unknown:
        raise EncodingError(f"unknown key(s) {', '.join(unknown)}", where=where)
    return {str(k): v for k, v in value.items()}


def expect_list(value: object, *, where: str, length: int | None = None) -> list[object]:
    if not isinstance(value, list):
        raise EncodingError("expected a list", where=where)
    if length is not None and len(value) != length:
        raise EncodingError(f"expected {length} items, got {len(value)}", where=where)
    return list(value)


def describe(value: object) -> str:
    """What a JSON value is, for an error message: ``true (a boolean)``, ``1.0 (a number with a
    fraction or an exponent)``, ``"1" (a string)``."""
    if isinstance(value, bool):
        return f"{'true' if value else 'false'} (a boolean)"
    if isinstance(value, float):
        return f"{value!r} (a number with a fraction or an exponent)"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"{json.dumps(shown)} (a string)"
    if value is None:
        return "null"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return repr(value)


def expect_int(value: object, *, where: str, minimum: int = 0, maximum: int = 2**32 - 1) -> int:
    """A JSON integer: ``type(value) is int``, so that ``true`` (``bool`` is a subclass of
    ``int`` in Python) and ``1.0`` are refused."""
    if type(value) is not int:
        raise EncodingError(f"expected an integer, found {describe(value)}", where=where)
    if not minimum <= value <= maximum:
        raise EncodingError(f"expected an integer in [{minimum}, {maximum}]", where=where)
    return value
