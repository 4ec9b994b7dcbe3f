import logging
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run a background task worker (huey consumer) on the configured queue."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--quiet",
            action="store_true",
            help="Log warnings and errors only, not the start-up banner and each task run "
            "(as `intercoop serve` starts it, so that its own messages stay readable).",
        )

    def handle(self, *args: Any, quiet: bool = False, **options: Any) -> None:
        if quiet:
            logging.getLogger("huey").setLevel(logging.WARNING)
        call_command("run_huey")
