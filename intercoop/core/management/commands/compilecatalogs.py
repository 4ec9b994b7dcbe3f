from typing import Any

from django.core.management.base import BaseCommand

from intercoop.core.i18n import compile_catalogues


class Command(BaseCommand):
    help = "Compile the translation catalogues (.po to .mo) with Babel; no gettext needed."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--force", action="store_true", help="Recompile every catalogue.")

    def handle(self, *args: Any, force: bool = False, **options: Any) -> None:
        written = compile_catalogues(force=force)
        self.stdout.write(f"{len(written)} catalogue(s) compiled.")
