"""Sizes on the benchmarks' command lines: 10k, 300k, 3m, 1.5m."""

from __future__ import annotations

import argparse


def parse_size(text: str, *, minimum: int, unit: str) -> int:
    """The number a size such as ``10k`` or ``3m`` stands for, at least ``minimum`` (of ``unit``,
    for the error message); argparse reports a bad one."""
    text = text.strip().lower()
    factor = {"k": 1_000, "m": 1_000_000}.get(text[-1:], 1)
    number = text[:-1] if factor > 1 else text
    try:
        value = int(float(number) * factor)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a size such as 10k or 3m") from None
    if value < minimum:
        raise argparse.ArgumentTypeError(f"a size is at least {minimum} {unit}")
    return value


def size_list(text: str, *, minimum: int, unit: str) -> list[int]:
    """Comma-separated sizes; an empty text is no size."""
    return [parse_size(x, minimum=minimum, unit=unit) for x in text.split(",") if x.strip()]


def size_label(size: int) -> str:
    if size % 1_000_000 == 0:
        return f"{size // 1_000_000}m"
    if size % 1_000 == 0:
        return f"{size // 1_000}k"
    return str(size)
