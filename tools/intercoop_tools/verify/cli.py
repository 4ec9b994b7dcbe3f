"""``intercoop-verify RECORD``: the command line of the verifier."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from intercoop_tools.crypto.jsonshape import DuplicateKeyError
from intercoop_tools.record.document import record_load_json
from intercoop_tools.verify.record import verify_record
from intercoop_tools.verify.report import ExpectedHead, not_strict_json, parse_expected_head

# --- command line -------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="intercoop-verify",
        description="Verify an Intercoop election record (docs/election-record.md).",
    )
    parser.add_argument("record", metavar="RECORD", help="the record file (JSON, or gzip JSON)")
    parser.add_argument(
        "--expect-head",
        metavar="HASH[@N]",
        action="append",
        default=[],
        type=_expected_head_argument,
        help=(
            "a head of the board noted earlier (on the board page or a voter's receipt), with the "
            "number of entries the board had then; check that the record's board had that head "
            "after that many entries (repeatable)"
        ),
    )
    parser.add_argument(
        "--jobs",
        type=int,
        default=os.cpu_count() or 1,
        help="processes for verifying ballots (default: the number of CPUs)",
    )
    args = parser.parse_args(argv)
    heads: list[ExpectedHead] = args.expect_head
    try:
        value = record_load_json(args.record)
    except DuplicateKeyError as exc:
        # Valid JSON (RFC 8259 allows it) but two values for one key: the format check fails.
        report = not_strict_json(exc, expected_heads=heads)
    except (OSError, ValueError, EOFError) as exc:
        print(f"intercoop-verify: cannot read {args.record}: {exc}", file=sys.stderr)
        return 2
    else:
        report = verify_record(value, jobs=max(1, args.jobs), expected_heads=heads)
    for line in report.lines():
        print(line)
    failed = sum(1 for line in report.lines() if line.startswith("FAIL"))
    # Not "N passed, N failed": CI reads a line of that form as a test runner's summary.
    print(f"intercoop-verify: {len(report.checks)} checks, {failed} failed")
    return 0 if report.ok else 1


def _expected_head_argument(text: str) -> ExpectedHead:
    try:
        return parse_expected_head(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


if __name__ == "__main__":
    sys.exit(main())
