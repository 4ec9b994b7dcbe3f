"""``intercoop recount FILE --method METHOD [--seats N]``: count a ballot file.

A thin wrapper around :mod:`intercoop_tools.tally.cli`, which
``python -m intercoop_tools.tally`` also uses.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from intercoop_tools.tally.cli import EXIT_BAD_INPUT, add_arguments, recount, render
from intercoop_tools.tally.errors import TallyError


class Command(BaseCommand):
    help = "Count a ballot file (BLT or CSV) and print the result as JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        add_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = recount(options["file"], options["method"], options["seats"], options["seed"])
        except TallyError as exc:
            raise CommandError(str(exc), returncode=EXIT_BAD_INPUT) from None
        self.stdout.write(render(result))
