"""``intercoop simulate-election``: run a complete election headlessly and write its record."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from intercoop_tools.record.document import record_dump
from intercoop_tools.record.encoding import DEFAULT_MINIMUM_BALLOTS
from intercoop_tools.simulate import simulate


class Command(BaseCommand):
    help = (
        "Run a complete verifiable election (key ceremony, voting, revoting, tally, threshold "
        "decryption, weighted result) and write its record for intercoop-verify."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--voters", type=int, required=True)
        parser.add_argument("--trustees", type=int, required=True)
        parser.add_argument("--threshold", type=int, required=True)
        parser.add_argument("--colleges", type=int, required=True)
        parser.add_argument("--out", required=True, metavar="FILE", help="gzip if it ends in .gz")
        parser.add_argument("--absent", type=int, default=0, help="trustees absent at decryption")
        parser.add_argument("--revotes", type=int, default=0, help="voters who vote twice")
        parser.add_argument("--seed", type=int, default=None, help="for the voters' choices")
        parser.add_argument("--jobs", type=int, default=None, help="processes (default: CPUs)")
        parser.add_argument(
            "--minimum-ballots",
            type=int,
            default=DEFAULT_MINIMUM_BALLOTS,
            help="fewest ballots for a college's own result to be published",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        start = time.perf_counter()
        try:
            record = simulate(
                voters=options["voters"],
                trustees=options["trustees"],
                threshold=options["threshold"],
                colleges=options["colleges"],
                absent=options["absent"],
                revotes=options["revotes"],
                seed=options["seed"],
                jobs=options["jobs"],
                minimum_ballots=options["minimum_ballots"],
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        record_dump(record, options["out"])
        elapsed = time.perf_counter() - start
        withheld = ", ".join(record.result.withheld) or "none"
        self.stdout.write(
            f"wrote {options['out']}: {len(record.board)} ballots on the board, "
            f"withheld colleges: {withheld}, {elapsed:.1f} s"
        )
