"""A small simulated election shared by the record and verifier tests, and ways to alter it."""

from __future__ import annotations

import copy
from functools import lru_cache
from typing import Any

from intercoop_tools.crypto.group import BASE, L, Point, Scalar
from intercoop_tools.record.document import Record
from intercoop_tools.simulate import simulate
from intercoop_tools.verify.record import verify_record
from intercoop_tools.verify.report import Report

# 12 voters, 3 trustees of whom 1 is absent (t = 2), 3 colleges; the third college gets
# 12 // 6 = 2 voters, below the default minimum of 5, so it is withheld. 3 voters revote.
SMALL = {"voters": 12, "trustees": 3, "threshold": 2, "colleges": 3, "absent": 1, "revotes": 3}


@lru_cache(maxsize=1)
def small_record() -> Record:
    return simulate(**SMALL, seed=2026, jobs=1)


def small_json() -> dict[str, Any]:
    """A fresh, mutable copy of the small record's JSON."""
    return copy.deepcopy(_small_json())


@lru_cache(maxsize=1)
def _small_json() -> dict[str, Any]:
    return small_record().to_json()


def verify(value: object, *, jobs: int = 1) -> Report:
    return verify_record(value, jobs=jobs)


def failed_checks(report: Report) -> set[str]:
    return {line.split()[1].rstrip(":") for line in report.lines() if line.startswith("FAIL")}


def other_point(hex_point: str) -> str:
    """A different valid point of the group (so that only the semantic checks can catch it)."""
    return (Point.from_hex(hex_point, allow_identity=True) + BASE).hex()


def other_scalar(hex_scalar: str) -> str:
    return Scalar.from_int((Scalar.from_hex(hex_scalar).to_int() + 1) % L).hex()


def other_hex(hex_value: str) -> str:
    """The same length of hex, first digit changed (any bytes: a hash or a signature)."""
    return ("1" if hex_value[0] != "1" else "2") + hex_value[1:]


def published_college(record: dict[str, Any]) -> dict[str, Any]:
    return next(c for c in record["tally"]["colleges"] if not c["withheld"])


def withheld_college(record: dict[str, Any]) -> dict[str, Any]:
    return next(c for c in record["tally"]["colleges"] if c["withheld"])
