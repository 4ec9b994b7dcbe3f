"""The election record's constants, its hashes and the strict decoders of its values (free text,
identifiers, fractions, hashes): what every part of the record is read with."""

from __future__ import annotations

import hashlib
import re
from fractions import Fraction

from intercoop_tools.crypto.ballot import canonical_json
from intercoop_tools.crypto.errors import CryptoError, EncodingError
from intercoop_tools.crypto.group import parse_hex

FORMAT = "intercoop-election-record"
#: The version this code writes. Version 2 adds one rule to version 1: the roll's credentials
#: are sorted by key (docs/election-record.md, section 7).
VERSION = 2
#: The versions ``intercoop-verify`` reads.
READABLE_VERSIONS = (1, 2)
QUESTION_KINDS = ("yes_no", "single_choice", "approval")
HASH_BYTES = 32
#: Default minimum number of counted ballots for a college's own result to be published.
DEFAULT_MINIMUM_BALLOTS = 5

_IDENTIFIER = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")
_FRACTION = re.compile(r"(0|[1-9][0-9]*)(/[1-9][0-9]*)?")
#: A lone surrogate is not a Unicode character: it cannot be written in UTF-8, and JSON readers
#: differ on it (some keep it, some replace it with U+FFFD, which changes every hash).
_SURROGATE = re.compile(r"[\ud800-\udfff]")
#: Control characters in free text, except tab, line feed and carriage return (a question may
#: have several lines): they are invisible, so two texts that look the same could differ.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
#: The most characters (Unicode code points, as Python's ``len`` counts them) of free text.
MAX_TEXT = 1000


class RecordError(CryptoError):
    """The record is inconsistent (beyond its encoding): a rule of the format is broken."""


# --- hashing ------------------------------------------------------------------------------------


def sha256(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def hash_json(value: object) -> bytes:
    """SHA-256 of the canonical JSON (sorted keys, no whitespace, ASCII) of ``value``."""
    return sha256(canonical_json(value))


def tracker_of(signed_ballot_json: object) -> bytes:
    """A ballot's tracker: the SHA-256 of the canonical JSON of the signed ballot."""
    return hash_json(signed_ballot_json)


def entry_hash_of(*, index: int, previous: bytes, tracker: bytes) -> bytes:
    """The chain hash of a board entry: it commits to its position, its predecessor and (through
    the tracker) its ballot."""
    return hash_json({"index": index, "previous": previous.hex(), "tracker": tracker.hex()})


# --- small strict decoders ----------------------------------------------------------------------


def expect_str(value: object, *, where: str, maximum: int = MAX_TEXT) -> str:
    """A string of at most ``maximum`` Unicode code points, with no lone surrogate."""
    if not isinstance(value, str) or len(value) > maximum:
        raise EncodingError(f"expected a string of at most {maximum} characters", where=where)
    lone = _SURROGATE.search(value)
    if lone is not None:
        raise EncodingError(
            f"a lone surrogate (U+{ord(lone.group()):04X}) is not a character", where=where
        )
    return value


def expect_text(value: object, *, where: str) -> str:
    """Free text (a title, a question, a label, a name): :func:`expect_str`, and no control
    character other than tab, line feed and carriage return."""
    text = expect_str(value, where=where)
    control = _CONTROL.search(text)
    if control is not None:
        raise EncodingError(
            f"control character U+{ord(control.group()):04X} is not allowed in text", where=where
        )
    return text


def expect_identifier(value: object, *, where: str) -> str:
    text = expect_str(value, where=where)
    if _IDENTIFIER.fullmatch(text) is None:
        raise EncodingError("expected an identifier ([a-z0-9][a-z0-9_-]{0,63})", where=where)
    return text


def expect_bool(value: object, *, where: str) -> bool:
    if not isinstance(value, bool):
        raise EncodingError("expected true or false", where=where)
    return value


def parse_fraction(value: object, *, where: str) -> Fraction:
    """A non-negative rational as ``"p"`` or ``"p/q"``, in lowest terms (so that each value has
    exactly one encoding)."""
    text = expect_str(value, where=where, maximum=200)
    if _FRACTION.fullmatch(text) is None:
        raise EncodingError('expected a fraction "p" or "p/q"', where=where)
    fraction = Fraction(text)
    if str(fraction) != text:
        raise EncodingError(f"fraction not in lowest terms (write {fraction})", where=where)
    return fraction


def format_fraction(value: Fraction) -> str:
    return str(value)


def expect_hash(value: object, *, where: str) -> bytes:
    return parse_hex(value, length=HASH_BYTES, where=where)
