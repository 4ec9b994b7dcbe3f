"""The ``recount`` command line, shared by ``python -m intercoop_tools.tally`` and the
Django management command ``intercoop recount``.

Prints the result as JSON on standard output. FILE may also be a decision's anonymous ballot
bundle (a ZIP, see docs/ballot-export.md): the method, seats and weights then come from its
manifest, and the output is the decision's result as stored at its close.

On bad input it prints one line on standard error and exits with status 2.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from intercoop_tools.tally.bundle import is_bundle, recount_bundle
from intercoop_tools.tally.errors import TallyError
from intercoop_tools.tally.methods import METHODS, count

EXIT_BAD_INPUT = 2


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "file",
        help="ballots: BLT for ranked methods, CSV for the others, or a decision's ZIP bundle",
    )
    parser.add_argument(
        "--method",
        default=None,
        choices=sorted(METHODS),
        help="required for a BLT or CSV file; a bundle's manifest names its own",
    )
    parser.add_argument(
        "--seats",
        type=int,
        default=None,
        help="seats to fill (default: the BLT file's, or 1)",
    )
    parser.add_argument(
        "--seed",
        default=None,
        help="derive the tie-break order from this seed instead of the file's candidate order",
    )


def recount(
    path: str, method: str | None, seats: int | None = None, seed: str | None = None
) -> dict[str, Any]:
    """Read ``path`` and count it with ``method``; the JSON-ready result. A bundle is
    recounted as its manifest says (``method``, ``seats`` and ``seed`` must not be given)."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise TallyError(f"cannot read {path}: {exc.strerror}") from None
    if is_bundle(data):
        if method is not None or seats is not None or seed is not None:
            raise TallyError(f"{path} is a bundle: its manifest sets the method and seats")
        try:
            return recount_bundle(data)
        except TallyError as exc:
            raise TallyError(f"{path}: {exc}") from None
    if method is None:
        raise TallyError("--method is required for a BLT or CSV file")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise TallyError(f"{path} is not UTF-8 text") from None
    try:
        return count(text, method, seats=seats, seed=seed).to_json()
    except TallyError as exc:
        raise TallyError(f"{path}: {exc}") from None


def render(result: dict[str, Any]) -> str:
    return json.dumps(result, indent=2, ensure_ascii=False)


def main(
    argv: Sequence[str] | None = None, *, stdout: TextIO | None = None, stderr: TextIO | None = None
) -> int:
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    parser = argparse.ArgumentParser(prog="intercoop-recount", description="Count ballots.")
    add_arguments(parser)
    args = parser.parse_args(argv)
    try:
        result = recount(args.file, args.method, args.seats, args.seed)
    except TallyError as exc:
        print(f"recount: {exc}", file=err)
        return EXIT_BAD_INPUT
    print(render(result), file=out)
    return 0
