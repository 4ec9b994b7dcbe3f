"""Strict checks on the shape of received JSON (after ``json.loads``)."""

from __future__ import annotations

from collections.abc import Collection

from intercoop.ballots.crypto.errors import EncodingError


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


def expect_int(value: object, *, where: str, minimum: int = 0, maximum: int = 2**32 - 1) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise EncodingError("expected an integer", where=where)
    if not minimum <= value <= maximum:
        raise EncodingError(f"expected an integer in [{minimum}, {maximum}]", where=where)
    return value
